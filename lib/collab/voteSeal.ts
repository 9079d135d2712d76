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

/*
 * Hidden votes, per-person counts hidden too (the current scheme).
 *
 * While a hidden vote is open, a voter's browser does not write the votes map at all: it sends each
 * dot to the server (MessageType.HIDDEN_DOT: vote, slot, note or none), and the server writes the
 * entry itself, so every entry has the same writer (the server's Yjs client id; a voter's own client
 * id would name them through their presence). An entry is
 *
 *   key   `voteId|~tag`, tag = base64url of the first 16 bytes of HMAC-SHA-256(voter key, "slot|<n>")
 *   value `sealed:` base64url(server part) `.` base64url(voter part)
 *
 * The voter key is the server's per-vote, per-person key (HKDF of its secret; sent only to that
 * person's own connections, MessageType.VOTE_KEY). Others cannot link tags to a person or to each
 * other, so they see how many dots there are in all, not whose or how many each. Each part is
 * IV (12 B) ‖ AES-256-GCM ciphertext with tag, the entry key as additional data, over JSON padded
 * with spaces to a fixed size (so the length tells nothing about the note or the person):
 * - the voter part, under the voter key: the note id. Any device of the voter can compute its own
 *   tags for slots 0..budget-1 and read its dots: the second device shows them too.
 * - the server part, under a key only the server holds: `{u: userId, s: slot, n: noteId}`. When
 *   the vote closes (or stops being hidden) the server replaces each entry with the plain
 *   `voteId|userId|slot` = note id, then writes the tallies.
 * The slot is in the key, so a voter has at most `budget` entries however many tabs they use.
 */
export const HIDDEN_VOTE_TAG_BYTES = 16
/** Padded plaintext sizes (bytes) of the two parts of a hidden vote entry. */
export const HIDDEN_VOTE_SERVER_PAD_BYTES = 256
export const HIDDEN_VOTE_VOTER_PAD_BYTES = 128
/** Marks the tag in a hidden vote entry's key (`voteId|~tag`). */
const HIDDEN_TAG_MARK = '~'

export function buildHiddenVoteKey(voteId: string, tag: string): string {
  return `${voteId}|${HIDDEN_TAG_MARK}${tag}`
}

/** The vote of a hidden vote entry's key, or undefined if the key is not one (plain keys have 3 parts). */
export function parseHiddenVoteKey(key: string): { voteId: string; tag: string } | undefined {
  const parts = key.split('|')
  if (parts.length !== 2 || !parts[1].startsWith(HIDDEN_TAG_MARK) || parts[1].length < 2) return undefined
  return { voteId: parts[0], tag: parts[1].slice(1) }
}

/** What the voter key's HMAC is taken over for one slot. */
export function getHiddenSlotLabel(slot: number): string {
  return `slot|${slot}`
}

/** `text` as UTF-8, padded with spaces to a multiple of `block` bytes (JSON ignores the spaces). */
export function padToBlock(text: string, block: number): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text)
  const padded = new Uint8Array(Math.max(1, Math.ceil(bytes.length / block)) * block).fill(0x20)
  padded.set(bytes)
  return padded
}

export function encodeHiddenVote(serverPart: Uint8Array, voterPart: Uint8Array): string {
  return `${SEALED_VOTE_PREFIX}${toBase64Url(serverPart)}.${toBase64Url(voterPart)}`
}

/** The two parts of a hidden vote entry's value; undefined if it is not one. */
export function decodeHiddenVote(value: unknown): { serverPart: Uint8Array<ArrayBuffer>; voterPart: Uint8Array<ArrayBuffer> } | undefined {
  if (!isSealedVote(value)) return undefined
  const [server, voter, rest] = value.slice(SEALED_VOTE_PREFIX.length).split('.')
  if (server === undefined || voter === undefined || rest !== undefined) return undefined
  const serverPart = fromBase64Url(server)
  const voterPart = fromBase64Url(voter)
  const min = AES_GCM_IV_BYTES + 16
  return serverPart && voterPart && serverPart.length >= min && voterPart.length >= min ? { serverPart, voterPart } : undefined
}

/** This voter's entry keys of `voteId`, one per slot 0..budget-1, from their voter key (base64url). */
export async function getMyHiddenVoteKeys(crypto: Crypto, voterKey: string, voteId: string, budget: number): Promise<string[]> {
  const raw = fromBase64Url(voterKey)
  if (raw?.length !== 32) throw new Error('malformed voter key')
  const hmac = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const keys: string[] = []
  for (let slot = 0; slot < budget; slot++) {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(getHiddenSlotLabel(slot))))
    keys.push(buildHiddenVoteKey(voteId, toBase64Url(mac.slice(0, HIDDEN_VOTE_TAG_BYTES))))
  }
  return keys
}

/** The note id of one of this voter's hidden entries (its voter part), or undefined if it does not open. */
export async function openMyHiddenVote(crypto: Crypto, voterKey: string, entryKey: string, value: unknown): Promise<string | undefined> {
  const parts = decodeHiddenVote(value)
  const raw = fromBase64Url(voterKey)
  if (!parts || raw?.length !== 32) return undefined
  try {
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt'])
    const iv = parts.voterPart.slice(0, AES_GCM_IV_BYTES)
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(entryKey) }, key, parts.voterPart.slice(AES_GCM_IV_BYTES))
    const noteId: unknown = JSON.parse(new TextDecoder().decode(plain))
    return typeof noteId === 'string' ? noteId : undefined
  } catch {
    return undefined
  }
}
