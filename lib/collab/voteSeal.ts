import { z } from 'zod'

/**
 * Hidden dot votes are sealed for the server: while a vote is open with `hideUntilClosed`, the value
 * of a vote entry is not the note id but `sealed:` + base64url(ephemeral X25519 public key (32 B) ‖
 * AES-GCM IV (12 B) ‖ ciphertext with tag), the note id encrypted to the vote's server key (ECIES:
 * X25519, HKDF-SHA-256, AES-256-GCM). The entry's key is the additional data, so a sealed value copied
 * into someone else's slot does not open. Only the server holds the private key (derived from its
 * secret, the board and the vote); it checks each sealed dot and, when the vote closes, replaces
 * every sealed value with the plain note id.
 */
export const SEALED_VOTE_PREFIX = 'sealed:'
/** HKDF `info` for the AES key of one sealed value. */
export const VOTE_SEAL_INFO = 'journey-board vote seal v1'
export const X25519_KEY_BYTES = 32
export const AES_GCM_IV_BYTES = 12

/** `doc.getMap('session').get('voteSeal')`: the open hidden vote's public key, written by the server only. */
export const VoteSealKeySchema = z.object({ voteId: z.string().min(1), publicKey: z.string().min(1) })
export type VoteSealKey = z.infer<typeof VoteSealKeySchema>

export interface SealedVoteParts {
  ephemeralPublicKey: Uint8Array
  iv: Uint8Array
  ciphertext: Uint8Array
}

/** Whether a vote entry's value is sealed (a hidden vote still open), not a readable note id. */
export function isSealedVote(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_VOTE_PREFIX)
}

/** base64url without padding (RFC 4648 §5), as JWK and the sealed format use. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64url; undefined for anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
}

/** The stored form of a sealed value: the prefix, then the parts concatenated in base64url. */
export function encodeSealedVote({ ephemeralPublicKey, iv, ciphertext }: SealedVoteParts): string {
  const bytes = new Uint8Array(ephemeralPublicKey.length + iv.length + ciphertext.length)
  bytes.set(ephemeralPublicKey, 0)
  bytes.set(iv, ephemeralPublicKey.length)
  bytes.set(ciphertext, ephemeralPublicKey.length + iv.length)
  return SEALED_VOTE_PREFIX + toBase64Url(bytes)
}

/** Splits a sealed value into its parts; undefined if it is not one (too short: a GCM tag is 16 B). */
export function decodeSealedVote(value: unknown): SealedVoteParts | undefined {
  if (!isSealedVote(value)) return undefined
  const bytes = fromBase64Url(value.slice(SEALED_VOTE_PREFIX.length))
  if (!bytes || bytes.length < X25519_KEY_BYTES + AES_GCM_IV_BYTES + 16) return undefined
  return {
    ephemeralPublicKey: bytes.slice(0, X25519_KEY_BYTES),
    iv: bytes.slice(X25519_KEY_BYTES, X25519_KEY_BYTES + AES_GCM_IV_BYTES),
    ciphertext: bytes.slice(X25519_KEY_BYTES + AES_GCM_IV_BYTES),
  }
}

/**
 * Seals `noteId` for the server under the vote's public key (base64url, raw X25519), bound to the
 * vote entry's key. `crypto` is the Web Crypto object (the browser's, or Node's `globalThis.crypto`).
 * The HKDF salt is the server public key, so a value sealed for one vote never opens for another.
 */
export async function sealVote(crypto: Crypto, serverPublicKey: string, voteKey: string, noteId: string): Promise<string> {
  const serverKeyBytes = fromBase64Url(serverPublicKey)
  if (serverKeyBytes?.length !== X25519_KEY_BYTES) throw new Error('malformed vote seal key')
  const { subtle } = crypto
  const serverKey = await subtle.importKey('raw', serverKeyBytes, { name: 'X25519' }, false, [])
  const ephemeral = (await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair
  const shared = await subtle.deriveBits({ name: 'X25519', public: serverKey }, ephemeral.privateKey, 256)
  const hkdfKey = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey'])
  const aesKey = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: serverKeyBytes, info: new TextEncoder().encode(VOTE_SEAL_INFO) },
    hkdfKey,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  )
  const iv = crypto.getRandomValues(new Uint8Array(AES_GCM_IV_BYTES))
  const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(voteKey) }, aesKey, new TextEncoder().encode(noteId))
  return encodeSealedVote({ ephemeralPublicKey: new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey)), iv, ciphertext: new Uint8Array(ciphertext) })
}
