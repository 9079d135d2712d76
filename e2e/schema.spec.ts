import * as Y from 'yjs'
import { openSqliteStorageInDataDir } from '../server/storage/openSqliteStorage'
import { expect, test } from './fixtures/test'

test('a client older than the board\'s schema is asked to reload and writes nothing', async ({ workshop }) => {
  const owner = await workshop.signUp('Old Tab')
  const boardId = await workshop.createBoard('From the future', undefined, owner)
  // A newer deployment wrote this board: its schema has a shape migration this client lacks. (Only a
  // server writes `meta`, so the test writes the stored document as a newer server would have.)
  const storage = await openSqliteStorageInDataDir(workshop.dataDir)
  const doc = new Y.Doc()
  for (const update of (await storage.documents.loadDocument(boardId)).updates) Y.applyUpdate(doc, update)
  const stateBefore = Y.encodeStateVector(doc)
  const meta = doc.getMap('meta')
  const schema = structuredClone(meta.get('schema') as { sequences: Record<string, number> })
  schema.sequences['com.tldraw.shape'] += 1
  meta.set('schema', schema)
  await storage.documents.appendUpdate(boardId, Y.encodeStateAsUpdate(doc, stateBefore))
  await storage.close()
  // A script watching the board, to see what the old client writes.
  const { doc: watcher, provider, destroy } = workshop.connectClient(boardId, { token: workshop.syncToken(boardId) })
  await expect.poll(() => provider.synced).toBe(true)
  expect((watcher.getMap('meta').get('schema') as { sequences: Record<string, number> }).sequences['com.tldraw.shape']).toBe(schema.sequences['com.tldraw.shape'])
  const before = Y.encodeStateVector(watcher)

  const page = await (await workshop.contextWithSession(owner)).newPage()
  await page.goto(`/b/${boardId}`)
  await expect(page.getByText('This board was saved by a newer version of the app. Reload to update.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Reload to update' })).toBeVisible()
  // Give the old client every chance to write; nothing of its own may reach the document.
  await page.waitForLoadState('networkidle')
  expect(Y.decodeStateVector(Y.encodeStateVector(watcher))).toEqual(Y.decodeStateVector(before))
  destroy()
})
