import crypto from 'node:crypto'
import {
  AES_GCM_IV_BYTES,
  buildHiddenVoteKey,
  decodeHiddenVote,
  decodeSealedVote,
  encodeHiddenVote,
  getHiddenSlotLabel,
  HIDDEN_VOTE_SERVER_PAD_BYTES,
  HIDDEN_VOTE_TAG_BYTES,
  HIDDEN_VOTE_VOTER_PAD_BYTES,
  padToBlock,
  toBase64Url,
  VOTE_SEAL_INFO,
} from '../../lib/collab/voteSeal'

/** PKCS#8 DER header of a raw X25519 private key (RFC 8410): any 32 bytes are a valid key. */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')
/** SPKI DER header before the raw 32-byte X25519 public key. */
const X25519_SPKI_PREFIX_BYTES = 12
const AES_GCM_TAG_BYTES = 16

/** One board's hidden-vote keys: the public key to publish and opening of sealed values. */
export interface BoardVoteSealer {
  /** The vote's public key, base64url of the raw X25519 key (see lib/collab/voteSeal.ts). */
  getPublicKey(voteId: string): string
  /** The note id sealed in `value` for entry `voteKey` of `voteId`, or undefined if it does not open. */
  open(voteId: string, voteKey: string, value: unknown): string | undefined
  /** A voter's key of `voteId` (base64url, 32 bytes), for that voter's own connections only. */
  getVoterKey(voteId: string, userId: string): string
  /** The entry (key and value) of one hidden dot, as lib/collab/voteSeal.ts describes. */
  sealHiddenDot(voteId: string, userId: string, slot: number, noteId: string): { key: string; value: string }
  /** The entry key of a voter's slot. */
  getHiddenDotKey(voteId: string, userId: string, slot: number): string
  /** Who placed a hidden dot, in which slot, on which note; undefined if it does not open. */
  openHiddenDot(voteId: string, key: string, value: unknown): { userId: string; slot: number; noteId: string } | undefined
}

/**
 * The server side of sealed (hidden) dot votes. Each vote's X25519 key pair is derived with HKDF from
 * the server secret, the board id and the vote id, so it needs no storage, survives restarts and is
 * the same on every server process that shares the secret.
 */
export class VoteSealer {
  private readonly keys = new Map<string, { privateKey: crypto.KeyObject; publicKey: Buffer }>()
  private readonly serverKeys = new Map<string, Buffer>()

  constructor(private readonly secret: string) {}

  forBoard(boardId: string): BoardVoteSealer {
    return {
      getPublicKey: (voteId) => toBase64Url(this.getKeyPair(boardId, voteId).publicKey),
      open: (voteId, voteKey, value) => this.open(boardId, voteId, voteKey, value),
      getVoterKey: (voteId, userId) => toBase64Url(this.getVoterKey(boardId, voteId, userId)),
      getHiddenDotKey: (voteId, userId, slot) => this.getHiddenDotKey(this.getVoterKey(boardId, voteId, userId), voteId, slot),
      sealHiddenDot: (voteId, userId, slot, noteId) => {
        const voterKey = this.getVoterKey(boardId, voteId, userId)
        const key = this.getHiddenDotKey(voterKey, voteId, slot)
        const serverPart = seal(this.getServerKey(boardId, voteId), key, JSON.stringify({ u: userId, s: slot, n: noteId }), HIDDEN_VOTE_SERVER_PAD_BYTES)
        const voterPart = seal(voterKey, key, JSON.stringify(noteId), HIDDEN_VOTE_VOTER_PAD_BYTES)
        return { key, value: encodeHiddenVote(serverPart, voterPart) }
      },
      openHiddenDot: (voteId, key, value) => {
        const parts = decodeHiddenVote(value)
        const plain = parts && unseal(this.getServerKey(boardId, voteId), key, parts.serverPart)
        if (!plain) return undefined
        try {
          const { u, s, n } = JSON.parse(plain) as { u?: unknown; s?: unknown; n?: unknown }
          return typeof u === 'string' && Number.isInteger(s) && typeof n === 'string' ? { userId: u, slot: s as number, noteId: n } : undefined
        } catch {
          return undefined
        }
      },
    }
  }

  private derive(boardId: string, label: unknown[]): Buffer {
    return Buffer.from(crypto.hkdfSync('sha256', this.secret, boardId, `journey-board hidden vote v1|${JSON.stringify(label)}`, 32))
  }

  private getVoterKey(boardId: string, voteId: string, userId: string): Buffer {
    return this.derive(boardId, ['voter', voteId, userId])
  }

  private getServerKey(boardId: string, voteId: string): Buffer {
    const id = `${boardId}\n${voteId}`
    let key = this.serverKeys.get(id)
    if (!key) this.serverKeys.set(id, (key = this.derive(boardId, ['server', voteId])))
    return key
  }

  private getHiddenDotKey(voterKey: Buffer, voteId: string, slot: number): string {
    const tag = crypto.createHmac('sha256', voterKey).update(getHiddenSlotLabel(slot)).digest().subarray(0, HIDDEN_VOTE_TAG_BYTES)
    return buildHiddenVoteKey(voteId, toBase64Url(tag))
  }

  private getKeyPair(boardId: string, voteId: string) {
    const id = `${boardId}\n${voteId}`
    let pair = this.keys.get(id)
    if (!pair) {
      const seed = Buffer.from(crypto.hkdfSync('sha256', this.secret, boardId, `journey-board vote key v1|${voteId}`, 32))
      const privateKey = crypto.createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
      const publicKey = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX_BYTES)
      pair = { privateKey, publicKey }
      this.keys.set(id, pair)
    }
    return pair
  }

  private open(boardId: string, voteId: string, voteKey: string, value: unknown): string | undefined {
    const parts = decodeSealedVote(value)
    if (!parts) return undefined
    const { privateKey, publicKey } = this.getKeyPair(boardId, voteId)
    try {
      const ephemeral = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: toBase64Url(parts.ephemeralPublicKey) }, format: 'jwk' })
      const shared = crypto.diffieHellman({ privateKey, publicKey: ephemeral })
      const aesKey = Buffer.from(crypto.hkdfSync('sha256', shared, publicKey, VOTE_SEAL_INFO, 32))
      const decipher = crypto.createDecipheriv('aes-256-gcm', aesKey, parts.iv)
      decipher.setAAD(Buffer.from(voteKey))
      decipher.setAuthTag(parts.ciphertext.subarray(parts.ciphertext.length - AES_GCM_TAG_BYTES))
      return Buffer.concat([decipher.update(parts.ciphertext.subarray(0, parts.ciphertext.length - AES_GCM_TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      // A forged, truncated or misdirected value: refused like any other bad vote.
      return undefined
    }
  }
}

/** IV ‖ AES-256-GCM(key, padded text) ‖ tag, with `aad` as additional data. */
function seal(key: Buffer, aad: string, text: string, block: number): Uint8Array {
  const iv = crypto.randomBytes(AES_GCM_IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad))
  const body = Buffer.concat([cipher.update(padToBlock(text, block)), cipher.final()])
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]))
}

/** The text `seal` sealed, or undefined if it does not open under this key and `aad`. */
function unseal(key: Buffer, aad: string, sealed: Uint8Array): string | undefined {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, AES_GCM_IV_BYTES))
    decipher.setAAD(Buffer.from(aad))
    decipher.setAuthTag(sealed.subarray(sealed.length - AES_GCM_TAG_BYTES))
    return Buffer.concat([decipher.update(sealed.subarray(AES_GCM_IV_BYTES, sealed.length - AES_GCM_TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
