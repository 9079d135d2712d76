/**
 * Short join codes for invites, to type on a phone instead of following a link. A code is six
 * characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 30 bits; the server keeps
 * guessing slow (a few wrong codes per address, then a back-off), and a code lasts as long as its
 * invite. An invite token carries its code in front: the code, then 32 URL-safe characters of 24
 * random bytes (38 in all; tokens made before codes are 32), so that the code needs no column of its
 * own, its invite is found by the token's prefix, and links keep their `[A-Za-z0-9_-]` shape.
 */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const JOIN_CODE_LENGTH = 6
/** The length of a token that carries a join code: the code and 24 random bytes in base64url. */
export const CODED_TOKEN_LENGTH = JOIN_CODE_LENGTH + 32

/** A code from random bytes (one byte per character; the slight bias of `% 31` does not matter here). */
export function buildJoinCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < JOIN_CODE_LENGTH) throw new Error(`A join code needs ${JOIN_CODE_LENGTH} random bytes`)
  return Array.from(randomBytes.subarray(0, JOIN_CODE_LENGTH), (b) => JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length]).join('')
}

/**
 * What a person typed, as a code: upper case, without spaces and dashes, with the look-alikes read
 * as what they must be (O as 0 is not in the alphabet, so O→0 is not done; I and L are read as 1 is
 * not either). Returns undefined when it cannot be a code.
 */
export function normaliseJoinCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '').toUpperCase()
  if (code.length !== JOIN_CODE_LENGTH) return undefined
  for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return undefined
  return code
}

/** The join code an invite token carries, or undefined for a token made before codes (no prefix). */
export function getJoinCodeOfToken(token: string): string | undefined {
  if (token.length !== CODED_TOKEN_LENGTH) return undefined
  const code = token.slice(0, JOIN_CODE_LENGTH)
  return normaliseJoinCode(code) === code ? code : undefined
}

/** "ABC234" as people read it aloud: "ABC 234". */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`
}
