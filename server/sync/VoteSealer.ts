import crypto from 'node:crypto'
import { decodeSealedVote, toBase64Url, VOTE_SEAL_INFO } from '../../lib/collab/voteSeal'

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
}

/**
 * The server side of sealed (hidden) dot votes. Each vote's X25519 key pair is derived with HKDF from
 * the server secret, the board id and the vote id, so it needs no storage, survives restarts and is
 * the same on every server process that shares the secret.
 */
export class VoteSealer {
  private readonly keys = new Map<string, { privateKey: crypto.KeyObject; publicKey: Buffer }>()

  constructor(private readonly secret: string) {}

  forBoard(boardId: string): BoardVoteSealer {
    return {
      getPublicKey: (voteId) => toBase64Url(this.getKeyPair(boardId, voteId).publicKey),
      open: (voteId, voteKey, value) => this.open(boardId, voteId, voteKey, value),
    }
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
