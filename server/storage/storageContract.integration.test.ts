import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { makeDataDir } from '../testing/testServer'
import { TEST_DATABASE_URL, testSchemas } from '../testing/testSchemas'
import { openPostgresStorage } from './openPostgresStorage'
import { openSqliteStorage } from './openSqliteStorage'
import type { Storage } from './Storage'

const schemas = testSchemas('jb_contract')
afterAll(() => schemas.dropAll())

const BACKENDS: [string, () => Promise<Storage>][] = [
  ['sqlite', () => openSqliteStorage(path.join(makeDataDir(), 'contract.sqlite'))],
  [
    'postgres',
    () => openPostgresStorage(TEST_DATABASE_URL, schemas.name()),
  ],
]

function noteUpdate(doc: Y.Doc, key: string, value: string): Uint8Array {
  let update: Uint8Array = new Uint8Array()
  const capture = (u: Uint8Array) => (update = u)
  doc.on('update', capture)
  doc.getMap('m').set(key, value)
  doc.off('update', capture)
  return update
}

describe.each(BACKENDS)('storage contract: %s', (_name, open) => {
  it('creates a board with its first state and owner atomically, and appends and loads updates in order', async () => {
    const s = await open()
    await s.catalog.createUser({ id: 'u1', kind: 'account', email: 'Ann@Example.com', name: 'Ann', passwordHash: 'h', createdAt: 1 })
    const doc = new Y.Doc()
    await s.catalog.createBoard({ id: 'board-aaaa', title: 'T', template: 'buyer-journey', createdAt: 10, ownerId: 'u1' }, noteUpdate(doc, 'a', '1'))
    expect(await s.catalog.getBoard('board-aaaa')).toMatchObject({ id: 'board-aaaa', title: 'T', ownerId: 'u1', archivedAt: null, createdAt: 10 })
    expect(await s.catalog.getMemberRole('board-aaaa', 'u1')).toBe('facilitator')
    const seq2 = await s.documents.appendUpdate('board-aaaa', noteUpdate(doc, 'b', '2'))
    const seq3 = await s.documents.appendUpdate('board-aaaa', noteUpdate(doc, 'c', '3'))
    expect(seq3).toBeGreaterThan(seq2)
    const stored = await s.documents.loadDocument('board-aaaa')
    expect(stored.updates).toHaveLength(3)
    expect(stored.seqs.at(-1)).toBe(seq3)
    const copy = new Y.Doc()
    stored.updates.forEach((u) => Y.applyUpdate(copy, u))
    expect(copy.getMap('m').toJSON()).toEqual({ a: '1', b: '2', c: '3' })
    await s.close()
  })

  it('refuses a second board with the same id and leaves no half-made board', async () => {
    const s = await open()
    await s.catalog.createBoard({ id: 'board-dup1', title: 'A', template: 't', createdAt: 1 }, new Uint8Array([0, 0]))
    await expect(Promise.resolve().then(() => s.catalog.createBoard({ id: 'board-dup1', title: 'B', template: 't', createdAt: 2 }, new Uint8Array([0, 0])))).rejects.toThrow()
    expect((await s.documents.loadDocument('board-dup1')).updates).toHaveLength(1)
    expect((await s.catalog.getBoard('board-dup1'))?.title).toBe('A')
    await s.close()
  })

  it('compacts atomically: the updates read become one state, later ones stay', async () => {
    const s = await open()
    const doc = new Y.Doc()
    await s.catalog.createBoard({ id: 'board-cmp1', title: 'C', template: 't', createdAt: 1 }, noteUpdate(doc, 'a', '1'))
    await s.documents.appendUpdate('board-cmp1', noteUpdate(doc, 'b', '2'))
    const read = (await s.documents.loadDocument('board-cmp1')).seqs
    const late = await s.documents.appendUpdate('board-cmp1', noteUpdate(doc, 'late', 'x'))
    const stateSeq = await s.documents.compact('board-cmp1', Y.encodeStateAsUpdate(doc), read)
    expect(stateSeq).toBeGreaterThan(late)
    const stored = await s.documents.loadDocument('board-cmp1')
    expect(stored.updates).toHaveLength(2)
    const copy = new Y.Doc()
    stored.updates.forEach((u) => Y.applyUpdate(copy, u))
    expect(copy.getMap('m').toJSON()).toEqual({ a: '1', b: '2', late: 'x' })
    await s.close()
  })

  it('compaction removes only the listed rows, even when an unlisted one is older', async () => {
    const s = await open()
    const doc = new Y.Doc()
    const first = new Y.Doc()
    await s.catalog.createBoard({ id: 'board-cmp2', title: 'C', template: 't', createdAt: 1 }, noteUpdate(first, 'a', '1'))
    // Another server's row, committed after this server read the document.
    const unseen = await s.documents.appendUpdate('board-cmp2', noteUpdate(new Y.Doc(), 'other', 'o'))
    const seen = await s.documents.appendUpdate('board-cmp2', noteUpdate(doc, 'b', '2'))
    const readSeqs = (await s.documents.loadDocument('board-cmp2')).seqs.filter((seq) => seq !== unseen)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first))
    await s.documents.compact('board-cmp2', Y.encodeStateAsUpdate(doc), readSeqs)
    const stored = await s.documents.loadDocument('board-cmp2')
    expect(stored.seqs).toContain(unseen)
    expect(stored.seqs).not.toContain(seen)
    expect(await s.documents.listUpdateSeqs('board-cmp2')).toEqual(stored.seqs)
    const copy = new Y.Doc()
    stored.updates.forEach((u) => Y.applyUpdate(copy, u))
    expect(copy.getMap('m').toJSON()).toEqual({ a: '1', b: '2', other: 'o' })
    await s.close()
  })

  it('quarantines one update without touching the others', async () => {
    const s = await open()
    await s.catalog.createBoard({ id: 'board-qrt1', title: 'Q', template: 't', createdAt: 1 }, new Uint8Array([0, 0]))
    const bad = await s.documents.appendUpdate('board-qrt1', new Uint8Array([255, 1, 2]))
    await s.documents.quarantineUpdate('board-qrt1', bad, 'corrupt', 5)
    expect((await s.documents.loadDocument('board-qrt1')).seqs).not.toContain(bad)
    expect((await s.documents.loadDocument('board-qrt1')).updates).toHaveLength(1)
    await s.close()
  })

  it('keeps accounts, members, invites and versions, and deletes a board with all of them', async () => {
    const s = await open()
    await s.catalog.createUser({ id: 'u1', kind: 'account', email: 'ann@example.com', name: 'Ann', passwordHash: 'h', createdAt: 1 })
    await s.catalog.createUser({ id: 'g1', kind: 'guest', email: null, name: 'Gus', passwordHash: null, createdAt: 2 })
    expect(await s.catalog.getUserByEmail('ANN@example.com')).toMatchObject({ id: 'u1', kind: 'account', passwordHash: 'h' })
    await expect(Promise.resolve().then(() => s.catalog.createUser({ id: 'u2', kind: 'account', email: 'ann@example.com', name: 'X', passwordHash: null, createdAt: 3 }))).rejects.toThrow()
    await s.catalog.createBoard({ id: 'board-mem1', title: 'M', template: 't', createdAt: 5, ownerId: 'u1' }, new Uint8Array([0, 0]))
    await s.catalog.setMember('board-mem1', 'g1', 'viewer', 6)
    await s.catalog.setMember('board-mem1', 'g1', 'participant', 7)
    expect((await s.catalog.listMembers('board-mem1')).map((m) => [m.userId, m.role, m.kind])).toEqual([
      ['u1', 'facilitator', 'account'],
      ['g1', 'participant', 'guest'],
    ])
    expect((await s.catalog.listBoardsForUser('g1')).map((b) => [b.id, b.role])).toEqual([['board-mem1', 'participant']])
    await s.catalog.createInvite({ token: 'tok-1', boardId: 'board-mem1', role: 'lead', createdBy: 'u1', createdAt: 8, expiresAt: null, revokedAt: null })
    await s.catalog.revokeInvite('tok-1', 9)
    await s.catalog.revokeInvite('tok-1', 10)
    expect(await s.catalog.getInvite('tok-1')).toMatchObject({ role: 'lead', revokedAt: 9, expiresAt: null })
    // A join code is found by the front of a 38-character token only, case and all.
    const coded = `ABC234${'x'.repeat(32)}`
    await s.catalog.createInvite({ token: coded, boardId: 'board-mem1', role: 'viewer', createdBy: 'u1', createdAt: 8, expiresAt: null, revokedAt: null })
    await s.catalog.createInvite({ token: `ABC234${'y'.repeat(26)}`, boardId: 'board-mem1', role: 'viewer', createdBy: 'u1', createdAt: 8, expiresAt: null, revokedAt: null })
    expect((await s.catalog.listInvitesByJoinCode('ABC234')).map((i) => i.token)).toEqual([coded])
    expect(await s.catalog.listInvitesByJoinCode('abc234')).toEqual([])
    await s.catalog.createVersion({ id: 'v1', boardId: 'board-mem1', label: 'Agreed', createdBy: 'u1', createdAt: 11 }, new Uint8Array([1, 2, 3]))
    expect(await s.catalog.listVersions('board-mem1')).toEqual([{ id: 'v1', boardId: 'board-mem1', label: 'Agreed', createdBy: 'u1', createdAt: 11 }])
    expect([...(await s.catalog.getVersion('v1'))!.state]).toEqual([1, 2, 3])
    await s.catalog.renameBoard('board-mem1', 'Renamed')
    await s.catalog.setBoardArchived('board-mem1', 12)
    expect(await s.catalog.getBoard('board-mem1')).toMatchObject({ title: 'Renamed', archivedAt: 12 })
    await s.catalog.removeMember('board-mem1', 'g1')
    expect(await s.catalog.getMemberRole('board-mem1', 'g1')).toBeUndefined()
    await s.catalog.deleteBoard('board-mem1')
    expect(await s.catalog.getBoard('board-mem1')).toBeUndefined()
    expect(await s.catalog.getInvite('tok-1')).toBeUndefined()
    expect(await s.catalog.listVersions('board-mem1')).toEqual([])
    expect((await s.documents.loadDocument('board-mem1')).updates).toEqual([])
    await s.close()
  })
})
