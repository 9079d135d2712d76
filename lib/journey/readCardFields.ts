/** A label as compared: lower case, without spaces, hyphens and underscores ("Time scale" = "timescale"). */
function normaliseLabel(label: string): string {
  return label.toLowerCase().replace(/[\s_-]+/gu, '')
}

const LABEL_LINE = /^\s*([^:\n]{1,40}?)\s*:[^\S\n]?([^\n]*)$/u

/**
 * Reads "Label: value" lines of a card's plain text (as written by `buildCardText`). Labels match
 * case-insensitively and ignoring spaces, hyphens and underscores. A line that does not start with a
 * known label continues the previous field's value (joined with a line break); lines before the
 * first label (the card heading) are skipped. A label given twice gets both values, joined with a
 * line break. Values are trimmed; missing fields are ''. Keys of the result are the given labels.
 */
export function readCardFields<L extends string>(text: string, labels: readonly L[]): Record<L, string> {
  const byKey = new Map(labels.map((label) => [normaliseLabel(label), label] as const))
  const parts = new Map<L, string[]>()
  let current: string[] | undefined
  for (const line of text.split('\n')) {
    const match = LABEL_LINE.exec(line)
    const label = match ? byKey.get(normaliseLabel(match[1])) : undefined
    if (match && label !== undefined) {
      const existing = parts.get(label)
      current = existing ?? []
      if (!existing) parts.set(label, current)
      current.push(match[2])
    } else if (current) {
      current.push(line)
    }
  }
  const result = {} as Record<L, string>
  for (const label of labels) result[label] = (parts.get(label) ?? []).join('\n').trim()
  return result
}
