/** Board ids are URL-safe: they appear in `/b/<id>` and `/sync/<id>`. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/

export function isBoardId(value: string): boolean {
  return BOARD_ID_PATTERN.test(value)
}
