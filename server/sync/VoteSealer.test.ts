import { describe, expect, it } from 'vitest'
import { decodeSealedVote, encodeSealedVote, isSealedVote, sealVote } from '../../lib/collab/voteSeal'
import { VoteSealer } from './VoteSealer'

const SECRET = 'x'.repeat(40)
const KEY = 'vote-1|p1|0'

describe('VoteSealer', () => {
  it('opens what a client sealed with the Web Crypto API, and nothing else', async () => {
    const board = new VoteSealer(SECRET).forBoard('board-a')
    const sealed = await sealVote(globalThis.crypto, board.getPublicKey('vote-1'), KEY, 'shape:note-1')
    expect(isSealedVote(sealed)).toBe(true)
    expect(sealed).not.toContain('note-1')
    expect(board.open('vote-1', KEY, sealed)).toBe('shape:note-1')
    // Bound to the entry: copied into another voter's slot, or read as another vote or board, it does not open.
    expect(board.open('vote-1', 'vote-1|p2|0', sealed)).toBeUndefined()
    expect(board.open('vote-2', KEY, sealed)).toBeUndefined()
    expect(new VoteSealer(SECRET).forBoard('board-b').open('vote-1', KEY, sealed)).toBeUndefined()
    expect(new VoteSealer('y'.repeat(40)).forBoard('board-a').open('vote-1', KEY, sealed)).toBeUndefined()
    // Tampering with the ciphertext breaks the tag.
    const parts = decodeSealedVote(sealed)!
    parts.ciphertext[0] ^= 1
    expect(board.open('vote-1', KEY, encodeSealedVote(parts))).toBeUndefined()
    for (const junk of ['shape:note-1', 'sealed:', 'sealed:!!', 'sealed:AAAA', 42, null]) expect(board.open('vote-1', KEY, junk)).toBeUndefined()
  })

  it('derives the same key on every process with the same secret, and seals differently each time', async () => {
    const a = new VoteSealer(SECRET).forBoard('board-a')
    const b = new VoteSealer(SECRET).forBoard('board-a')
    expect(a.getPublicKey('vote-1')).toBe(b.getPublicKey('vote-1'))
    expect(a.getPublicKey('vote-1')).not.toBe(a.getPublicKey('vote-2'))
    expect(a.getPublicKey('vote-1')).not.toBe(new VoteSealer(SECRET).forBoard('board-b').getPublicKey('vote-1'))
    const [s1, s2] = await Promise.all([1, 2].map(() => sealVote(globalThis.crypto, a.getPublicKey('vote-1'), KEY, 'shape:n')))
    expect(s1).not.toBe(s2)
    expect([b.open('vote-1', KEY, s1), b.open('vote-1', KEY, s2)]).toEqual(['shape:n', 'shape:n'])
  })
})
