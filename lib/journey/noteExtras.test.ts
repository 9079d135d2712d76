import { describe, expect, it } from 'vitest'
import { readNoteExtras } from './noteExtras'

describe('readNoteExtras', () => {
  it('reads every field as empty for a note without extras', () => {
    expect(readNoteExtras(undefined)).toEqual({ emotionScore: null, tags: [], personaId: null, groupId: null, comments: [], reactions: {} })
  })

  it('drops a malformed field and keeps the others', () => {
    const comment = { id: 'c1', authorId: 'u1', author: 'Ann', at: 1, editedAt: null, text: 'Why?' }
    const extras = readNoteExtras({ emotionScore: 3, tags: ['price'], comments: [comment], reactions: { '👍': { u1: 'Ann' } }, personaId: 42 })
    expect(extras).toEqual({ emotionScore: null, tags: ['price'], personaId: null, groupId: null, comments: [comment], reactions: { '👍': { u1: 'Ann' } } })
  })

  it('refuses a reaction outside the fixed set', () => {
    expect(readNoteExtras({ reactions: { '🍕': { u1: 'Ann' } } }).reactions).toEqual({})
  })
})
