/**
 * Emoji that score a note in an emotions lane, by their first code point (variation selectors and
 * zero-width-joiner suffixes such as "😶‍🌫️" are ignored, so variants score like their base face).
 */
const EMOJI_SCORES: ReadonlyMap<string, number> = new Map(
  (
    [
      [2, '😀 😃 😄 😁 😆 😂 🤣 🤩 😍 🥰 🥳 😻 😸 😹 ❤ 💖 💚 💯'],
      [1, '🙂 😊 ☺ 😌 😉 😋 😎 🤗 😇 👍 🙌 👌 😺'],
      [0, '😐 😑 😶 🤔 🤨 🤷 😯 😮 🧐'],
      [-1, '🙁 😕 😟 ☹ 😞 😔 😒 🫤 😬 😣 😥 😓 😰 😧 😦 🥺 😢 👎 😿'],
      [-2, '😡 😠 😭 😩 😤 🤬 😫 😱 😖 🤮 🤢 💔 😾'],
    ] as const
  ).flatMap(([score, list]) => list.split(' ').map((emoji) => [emoji, score] as const)),
)

/** An explicit score: a sign (ASCII, Unicode minus, en dash, full-width plus) and 0..2, not followed by more digits. */
const EXPLICIT_SCORE = /^([+\uFF0B\-\u2212\u2013]?)([0-2])(?![0-9]|[.,][0-9])/u

/**
 * The emotion score (-2..+2) a note's text gives, or null when it gives none. Read from the start
 * of the text (after whitespace): a face emoji (😀 +2, 🙂 +1, 😐 0, 🙁 -1, 😡 -2 and common variants)
 * or an explicit "+2", "+1", "0", "-1", "-2" ("−1" with a Unicode minus too). A digit 1 or 2 must
 * carry a sign, so "2 friends told me" is not a score; "+3" and "+1.5" are not scores either.
 */
export function getEmotionScore(text: string): number | null {
  const start = text.trimStart()
  if (start.length === 0) return null
  const first = String.fromCodePoint(start.codePointAt(0)!)
  const emojiScore = EMOJI_SCORES.get(first)
  if (emojiScore !== undefined) return emojiScore
  const match = EXPLICIT_SCORE.exec(start)
  if (!match) return null
  const [, sign, digit] = match
  const value = Number(digit)
  if (value === 0) return 0
  if (sign === '') return null
  return sign === '+' || sign === '\uFF0B' ? value : -value
}
