/**
 * tldraw 5 stores shape text as TipTap (ProseMirror) JSON in `props.richText`. The pure layer must
 * read and write it without an editor, so this module holds our own minimal converter.
 */

/** A node of TipTap's JSON document, as tldraw stores it. */
export interface RichTextNode {
  type: string
  text?: string
  content?: RichTextNode[]
  attrs?: Record<string, unknown>
  marks?: { type: string; attrs?: Record<string, unknown> }[]
}

/** The root of a rich-text value: `{ type: 'doc', content: [...] }`. */
export interface RichTextDoc extends RichTextNode {
  type: 'doc'
}

/** Builds tldraw rich text from plain text: one paragraph per line, empty lines kept. */
export function toRichText(text: string): RichTextDoc {
  const lines = text.split('\n')
  return {
    type: 'doc',
    content: lines.map((line) =>
      line.length === 0 ? { type: 'paragraph' } : { type: 'paragraph', content: [{ type: 'text', text: line }] },
    ),
  }
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'listItem', 'taskItem'])
const LIST_TYPES = new Set(['bulletList', 'orderedList', 'taskList'])
/**
 * Nesting deeper than this is not read (its text is dropped): records come from untrusted clients,
 * and a hostile document must not exhaust the stack. Real notes nest a handful of levels.
 */
export const MAX_RICH_TEXT_DEPTH = 64

/**
 * Reads the plain text of a rich-text value: blocks and hard breaks become line breaks, marks are
 * dropped, list items become "- item" lines (ordered lists "1. item", task items "- [x] item"),
 * nested list items are indented by two spaces. Trailing whitespace of the whole text is removed.
 * Unknown or malformed input gives an empty string (or skips the malformed part) rather than
 * throwing, because records come from untrusted clients. A plain string is returned as it is.
 */
export function toPlainText(richText: unknown): string {
  if (typeof richText === 'string') return richText
  if (!isNode(richText)) return ''
  const simple = getSimpleParagraphsText(richText)
  if (simple !== undefined) return simple.trimEnd()
  const lines: string[] = []
  collectBlocks(richText, lines, 0)
  return lines.join('\n').trimEnd()
}

/**
 * Fast path for the common shape of a note (a doc of paragraphs holding only text nodes, as
 * `toRichText` writes): the same text as the general walk, or undefined for anything else.
 */
function getSimpleParagraphsText(doc: RichTextNode): string | undefined {
  if (doc.type !== 'doc' || !Array.isArray(doc.content)) return undefined
  let out = ''
  for (let i = 0; i < doc.content.length; i++) {
    const block: unknown = doc.content[i]
    if (!isNode(block) || block.type !== 'paragraph') return undefined
    if (i > 0) out += '\n'
    if (block.content === undefined) continue
    if (!Array.isArray(block.content)) return undefined
    for (const inline of block.content as unknown[]) {
      if (!isNode(inline) || inline.type !== 'text') return undefined
      if (typeof inline.text === 'string') out += inline.text
    }
  }
  return out
}

function isNode(value: unknown): value is RichTextNode {
  return typeof value === 'object' && value !== null && typeof (value as RichTextNode).type === 'string'
}

const NO_CHILDREN: readonly RichTextNode[] = []

/** A node's child nodes (read-only); non-node entries of malformed content are left out. */
function children(node: RichTextNode): readonly RichTextNode[] {
  const content: unknown = node.content
  if (!Array.isArray(content)) return NO_CHILDREN
  for (const kid of content) if (!isNode(kid)) return content.filter(isNode)
  return content as RichTextNode[]
}

function isBlock(node: RichTextNode): boolean {
  return BLOCK_TYPES.has(node.type) || LIST_TYPES.has(node.type) || node.type === 'doc'
}

function inlineText(node: RichTextNode, depth: number): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : ''
  if (node.type === 'hardBreak') return '\n'
  if (depth >= MAX_RICH_TEXT_DEPTH) return ''
  let text = ''
  for (const kid of children(node)) text += inlineText(kid, depth + 1)
  return text
}

function listMarker(list: RichTextNode, item: RichTextNode, i: number): string {
  if (item.type === 'taskItem') return item.attrs?.checked === true ? '- [x] ' : '- [ ] '
  if (list.type !== 'orderedList') return '- '
  const start = list.attrs?.start
  return `${(typeof start === 'number' && Number.isInteger(start) ? start : 1) + i}. `
}

function collectBlocks(node: RichTextNode, lines: string[], depth: number): void {
  if (depth >= MAX_RICH_TEXT_DEPTH) return
  if (LIST_TYPES.has(node.type)) {
    children(node).forEach((item, i) => {
      const marker = listMarker(node, item, i)
      const itemLines: string[] = []
      const isItem = item.type === 'listItem' || item.type === 'taskItem'
      collectBlocks({ type: 'doc', content: isItem ? [...children(item)] : [item] }, itemLines, depth + 1)
      if (itemLines.length === 0) lines.push(marker.trimEnd())
      itemLines.forEach((line, j) => lines.push((j === 0 ? marker : '  ') + line))
    })
    return
  }
  const kids = children(node)
  if (node.type !== 'doc' && !kids.some(isBlock)) {
    pushLines(lines, inlineText(node, depth))
    return
  }
  // Runs of inline nodes between blocks (malformed, but seen) form one line each.
  let run: string | undefined
  for (const kid of kids) {
    if (isBlock(kid)) {
      if (run !== undefined) pushLines(lines, run)
      run = undefined
      collectBlocks(kid, lines, depth + 1)
    } else {
      run = (run ?? '') + inlineText(kid, depth + 1)
    }
  }
  if (run !== undefined) pushLines(lines, run)
}

function pushLines(lines: string[], text: string): void {
  if (!text.includes('\n')) lines.push(text)
  else for (const line of text.split('\n')) lines.push(line)
}

/**
 * How many characters a rich-text value holds, for the per-note limit: the length of every string
 * anywhere in it (text nodes, and whatever else a hostile client put in attributes). Iterative, so
 * deep nesting cannot exhaust the stack; it stops counting once past `stopAbove`.
 */
export function getRichTextLength(richText: unknown, stopAbove = Infinity): number {
  let length = 0
  const stack: unknown[] = [richText]
  while (stack.length > 0 && length <= stopAbove) {
    const value = stack.pop()
    if (typeof value === 'string') length += value.length
    else if (Array.isArray(value)) for (const v of value) stack.push(v)
    else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        // Node type names and mark names are structure, not text.
        if (key !== 'type') stack.push(v)
      }
    }
  }
  return length
}
