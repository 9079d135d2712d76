import { describe, expect, it } from 'vitest'
import { decodeSealedVote, encodeSealedVote, getMyHiddenVoteKeys, isSealedVote, openMyHiddenVote, parseHiddenVoteKey, sealVote } from '../../lib/collab/voteSeal'
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

  it('seals hidden dots that the voter reads with the Web Crypto API on any device, the server opens, and that name nobody', async () => {
    const board = new VoteSealer(SECRET).forBoard('board-a')
    const voterKey = board.getVoterKey('vote-1', 'p1')
    expect(voterKey).toBe(new VoteSealer(SECRET).forBoard('board-a').getVoterKey('vote-1', 'p1'))
    const dots = [0, 1, 2].map((slot) => board.sealHiddenDot('vote-1', 'p1', slot, `shape:n${slot}`))
    const other = board.sealHiddenDot('vote-1', 'a-much-longer-user-id-0123456789', 0, 'shape:a-much-longer-note-id-0123456789')
    // One length for every entry, and no user or note in sight.
    expect(new Set([...dots, other].map((d) => `${d.key.length}/${d.value.length}`)).size).toBe(1)
    // Ids long enough that base64url text cannot spell them by chance (a two-letter id did, once in CI).
    for (const d of [...dots, other]) expect(`${d.key}${d.value}`).not.toMatch(/shape:|a-much-longer/)
    const named = board.sealHiddenDot('vote-1', 'participant-with-a-long-id', 0, 'shape:n0')
    expect(`${named.key}${named.value}`).not.toContain('participant-with-a-long-id')
    expect(dots.map((d) => parseHiddenVoteKey(d.key)?.voteId)).toEqual(['vote-1', 'vote-1', 'vote-1'])
    // The voter's keys are the entries' keys; their own key opens their dots, not another's.
    expect(await getMyHiddenVoteKeys(globalThis.crypto, voterKey, 'vote-1', 3)).toEqual(dots.map((d) => d.key))
    expect(await Promise.all(dots.map((d) => openMyHiddenVote(globalThis.crypto, voterKey, d.key, d.value)))).toEqual(['shape:n0', 'shape:n1', 'shape:n2'])
    expect(await openMyHiddenVote(globalThis.crypto, voterKey, other.key, other.value)).toBeUndefined()
    expect(await openMyHiddenVote(globalThis.crypto, board.getVoterKey('vote-1', 'p2'), dots[0].key, dots[0].value)).toBeUndefined()
    // The server reads who, which slot and which note; moved to another key, or another vote, nothing.
    expect(board.openHiddenDot('vote-1', dots[1].key, dots[1].value)).toEqual({ userId: 'p1', slot: 1, noteId: 'shape:n1' })
    expect(board.openHiddenDot('vote-1', dots[0].key, dots[1].value)).toBeUndefined()
    expect(board.openHiddenDot('vote-2', dots[1].key, dots[1].value)).toBeUndefined()
  })
})
