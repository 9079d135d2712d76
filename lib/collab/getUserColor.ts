/** Cursor colours with enough contrast on a white canvas. */
export const USER_COLORS = ['#e03131', '#1971c2', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599', '#c2255c', '#5c940d'] as const

/**
 * The cursor colour of a person, from their user id (`token:<name>` for tokens without one): the
 * same in every browser and on the server, which stamps it into each connection's presence (a
 * client cannot choose someone else's colour, nor its own).
 */
export function getUserColor(userId: string): string {
  // FNV-1a over UTF-16 code units: stable, cheap, spreads short ids over the palette.
  let hash = 0x811c9dc5
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length]
}
