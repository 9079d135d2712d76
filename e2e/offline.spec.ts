import type { Page } from '@playwright/test'
import { addStickyNote } from './fixtures/boardPage'
import { expect, test, type Workshop } from './fixtures/test'

const noteTexts = (page: Page) =>
  page.evaluate(() =>
    window
      .editor!.getCurrentPageShapes()
      .filter((s) => s.type === 'note')
      .map((s) => JSON.stringify((s.props as { richText: unknown }).richText)),
  )

/**
 * Whether this device's copy of the board (y-indexeddb's `updates` store) holds `text`: Yjs keeps
 * strings as UTF-8 in its updates. The copy is written asynchronously after an edit, so a reload in
 * the first few hundred milliseconds can precede it.
 */
const storedOnDevice = (page: Page, boardId: string, text: string) =>
  page.evaluate(
    async ({ name, text }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      try {
        if (!db.objectStoreNames.contains('updates')) return false
        const updates = await new Promise<unknown[]>((resolve, reject) => {
          const all = db.transaction('updates').objectStore('updates').getAll()
          all.onsuccess = () => resolve(all.result)
          all.onerror = () => reject(all.error)
        })
        return updates.some((u) => u instanceof Uint8Array && new TextDecoder().decode(u).includes(text))
      } finally {
        db.close()
      }
    },
    { name: `journey-board:${boardId}`, text },
  )

/** Olivia online and Tom, whose browser has taken the app shell for offline use, on a new board. */
async function openWithTraveller(workshop: Workshop, title: string) {
  const owner = await workshop.signUp('Olivia Online')
  const boardId = await workshop.createBoard(title, undefined, owner)
  const online = await workshop.openBoardAsOwner(boardId, 'Olivia Online', owner)
  const traveller = await workshop.joinAsGuest(boardId, 'Tom Train', 'participant', owner)
  // Let the service worker take the app shell before the network goes away.
  await expect.poll(() => traveller.page.evaluate(async () => (await caches.keys()).length), { timeout: 15_000 }).toBeGreaterThan(0)
  await traveller.page.waitForTimeout(1_000)
  return { boardId, online, traveller, owner }
}

test('offline: notes added offline survive a reload and reach the others when back online', async ({ workshop }) => {
  test.setTimeout(120_000)
  const { boardId, online, traveller } = await openWithTraveller(workshop, 'Offline workshop')

  await traveller.context.setOffline(true)
  await expect(traveller.page.getByTestId('connection-status')).toHaveAttribute('data-state', /offline|reconnecting/)
  for (const [i, text] of ['Offline one', 'Offline two', 'Offline three'].entries()) await addStickyNote(traveller.page, { x: 560 + i * 150, y: 420 }, text)
  await expect(traveller.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'false')
  // Reload once this device has stored the notes (under load that can take a moment after typing).
  for (const text of ['Offline one', 'Offline two', 'Offline three']) await expect.poll(() => storedOnDevice(traveller.page, boardId, text), { timeout: 15_000 }).toBe(true)

  await traveller.page.reload()
  await expect(traveller.page.getByTestId('board-canvas')).toBeVisible({ timeout: 30_000 })
  // The page, its scripts and the board all came from this device: the three notes are there.
  await expect.poll(async () => (await noteTexts(traveller.page)).filter((t) => t.includes('Offline')).length, { timeout: 15_000 }).toBe(3)

  await traveller.context.setOffline(false)
  await expect(traveller.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
  for (const text of ['Offline one', 'Offline two', 'Offline three']) await expect(online.page.locator('.tl-shapes').getByText(text)).toBeVisible()
  await expect(traveller.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
})

test('offline: the last keystrokes before a reload are kept, though the browser drops IndexedDB writes in flight', async ({ workshop }) => {
  test.setTimeout(120_000)
  const { boardId, online, traveller } = await openWithTraveller(workshop, 'Offline reloads')
  await traveller.context.setOffline(true)

  // Reloading while still typing lost the last characters in 4 to 6 of 12 tries before the fix:
  // six in a row all kept would then happen in under one run in 10.
  const texts = Array.from({ length: 6 }, (_, i) => `Typed then reloaded ${i} ${'x'.repeat(12)}`)
  for (const [i, text] of texts.entries()) {
    await traveller.page.keyboard.press('Escape')
    await traveller.page.getByTestId('tools.note').click()
    await traveller.page.mouse.click(480 + (i % 3) * 180, 320 + Math.floor(i / 3) * 180)
    await traveller.page.locator('[contenteditable="true"]:focus').waitFor()
    await traveller.page.keyboard.type(text)
    await traveller.page.reload()
    await expect(traveller.page.getByTestId('board-canvas')).toBeVisible({ timeout: 30_000 })
    const kept = async () => (await noteTexts(traveller.page)).filter((t) => t.includes(`"${text}"`)).length
    await expect
      .poll(kept, { timeout: 10_000 })
      .toBe(1)
      .catch(async (err: Error) => {
        // What the page holds instead, for whoever reads a failure (CI keeps no browser to look at).
        const notes = await noteTexts(traveller.page)
        const copies = await traveller.page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes(':unstored:')))
        throw new Error(`${err.message}\nreload ${i}: notes ${JSON.stringify(notes)}; kept copies ${JSON.stringify(copies)}`)
      })
  }
  // Once this device's copy holds them, the copy kept for the unload is removed.
  const keptCopies = (prefix: string) => Object.keys(localStorage).filter((key) => key.startsWith(prefix))
  await expect.poll(() => traveller.page.evaluate(keptCopies, `journey-board:unstored:${boardId}:`)).toEqual([])

  await traveller.context.setOffline(false)
  await expect(traveller.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
  for (const text of texts) await expect(online.page.locator('.tl-shapes').getByText(text)).toBeVisible()
})

test('offline: an edit kept only on the device is dropped once its writer is made a viewer, and the device copy is rebuilt from the server', async ({ baseURL, workshop }) => {
  test.setTimeout(150_000)
  const { boardId, online, traveller, owner } = await openWithTraveller(workshop, 'Made a viewer')
  const onDeviceOnly = 'Only on this device'
  await traveller.context.setOffline(true)
  // Chromium's offline mode leaves an open websocket alone: reload, so that no socket is open.
  await traveller.page.reload()
  await expect(traveller.page.getByTestId('board-canvas')).toBeVisible({ timeout: 30_000 })
  await expect(traveller.page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected')
  await addStickyNote(traveller.page, { x: 560, y: 420 }, onDeviceOnly)
  await expect.poll(() => storedOnDevice(traveller.page, boardId, onDeviceOnly), { timeout: 15_000 }).toBe(true)
  await traveller.page.close()

  // Meanwhile the facilitator makes Tom a viewer, and the board moves on.
  const { members } = (await (await fetch(`${baseURL}/api/boards/${boardId}/members`, { headers: { cookie: owner } })).json()) as { members: { userId: string; name: string }[] }
  const tom = members.find((m) => m.name === 'Tom Train')!
  const patched = await fetch(`${baseURL}/api/boards/${boardId}/members/${tom.userId}`, { method: 'PATCH', headers: { cookie: owner, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'viewer' }) })
  expect(patched.status).toBeLessThan(300)
  await addStickyNote(online.page, { x: 700, y: 520 }, 'Written on the server')

  // Tom reopens the board, online, as a viewer: his tab shows the server's board, not his old edit.
  await traveller.context.setOffline(false)
  const page = await traveller.context.newPage()
  await page.goto(`/b/${boardId}`)
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
  await expect.poll(async () => (await noteTexts(page)).some((t) => t.includes('Written on the server')), { timeout: 15_000 }).toBe(true)
  expect((await noteTexts(page)).some((t) => t.includes(onDeviceOnly))).toBe(false)
  // The device copy is rebuilt from the server: the server's notes, not the dropped edit.
  await expect.poll(() => storedOnDevice(page, boardId, 'Written on the server'), { timeout: 15_000 }).toBe(true)
  expect(await storedOnDevice(page, boardId, onDeviceOnly)).toBe(false)
  expect(await page.evaluate((prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), `journey-board:unstored:${boardId}:`)).toEqual([])
  // And nobody else ever had it.
  await expect(online.page.locator('.tl-shapes').getByText(onDeviceOnly)).toHaveCount(0)
})
