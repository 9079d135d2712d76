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

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function getRelativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function getContrastRatio(a: string, b: string): number {
  const [hi, lo] = [getRelativeLuminance(a), getRelativeLuminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** Black or white, whichever reads better on `background` (initials on a person's avatar). */
export function getReadableTextColor(background: string): '#000000' | '#ffffff' {
  return getContrastRatio(background, '#ffffff') >= getContrastRatio(background, '#000000') ? '#ffffff' : '#000000'
}
