import type { Page } from '@playwright/test'
import { addStickyNote, cellPoint } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

/** A screen point inside a cell, below its top edge by `dy` page units. */
/** A lane's vertical extent on the page, from its header. */
const laneBand = (page: Page, laneId: string) =>
  page.evaluate<{ minY: number; maxY: number }, string>((l) => {
    const b = window.editor!.getShapePageBounds(`shape:lane-${l}` as never)!
    return { minY: b.minY, maxY: b.maxY }
  }, laneId)

/** Notes on this screen: id, text, page centre and whether still private. */
const notes = (page: Page) =>
  page.evaluate(() => {
    const editor = window.editor!
    return editor
      .getCurrentPageShapes()
      .filter((s) => s.type === 'note')
      .map((s) => {
        const b = editor.getShapePageBounds(s)!
        return { id: s.id as string, text: JSON.stringify(s.props), centreY: b.midY, x: Math.round(s.x), private: s.meta.jbPrivate === true }
      })
  })
const noteByText = async (page: Page, text: string) => (await notes(page)).find((n) => n.text.includes(text))

test('a locked lane refuses a participant up front, and a private note written there before the lock waits for the unlock', async ({ workshop }) => {
  test.setTimeout(240_000)
  const { owner: fiona, guests: [paul] } = await workshop.startBoard('Locked lane workshop', 'Fiona Facilitator', [['Paul Participant', 'participant']])
  const touchpoints = await laneBand(fiona.page, 'touchpoints')
  const inTouchpoints = (y: number) => y >= touchpoints.minY && y < touchpoints.maxY

  // Every note that ever reaches the facilitator's screen, whatever happens to it later.
  await fiona.page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { seenNotes: string[] }).seenNotes = seen
    window.editor!.store.listen(({ changes }) => {
      for (const r of Object.values(changes.added)) if (r.typeName === 'shape' && r.type === 'note') seen.push(r.id)
    })
  })
  const seenByFiona = () => fiona.page.evaluate(() => (window as unknown as { seenNotes: string[] }).seenNotes)

  // Private writing: Paul writes a touchpoint while the lane is still open.
  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByRole('button', { name: 'Start private writing' }).click()
  await expect(paul.page.getByTestId('private-writing-banner')).toBeVisible()
  await addStickyNote(paul.page, await cellPoint(paul.page, 'use', 'touchpoints'), 'Touchpoint before the lock')
  await expect(paul.page.getByTestId('private-note-badge')).toHaveText('private')

  // The facilitator locks the Touchpoints lane; Paul sees it shaded.
  await panel.getByLabel('Lane to lock').selectOption({ label: 'Touchpoints' })
  await panel.getByRole('button', { name: 'Lock lane' }).click()
  await expect(panel.getByRole('button', { name: 'Unlock lane' })).toBeVisible()
  await expect(paul.page.getByTestId('locked-area')).toContainText('Lane locked by the facilitator')

  // Reveal: Paul's note sits in the locked lane, so it stays on his device instead of being undone
  // by the server and lost. He is told, and the facilitator sees that a note is waiting.
  await panel.getByRole('button', { name: 'Reveal notes' }).click()
  await expect(paul.page.getByTestId('private-writing-banner')).toHaveCount(0)
  await expect(paul.page.getByTestId('private-note-badge')).toHaveText('private · shared when unlocked')
  await expect(paul.page.getByTestId('held-notes-banner')).toContainText('1 of your revealed notes is in a locked area')
  await expect(panel.getByTestId('held-notes')).toContainText('Paul Participant (1)')
  expect((await noteByText(paul.page, 'Touchpoint before the lock'))?.private).toBe(true)

  // A note in an open lane reaches the facilitator as usual.
  await addStickyNote(paul.page, await cellPoint(paul.page, 'purchase', 'actions'), 'Open lane note')
  await expect.poll(() => noteByText(fiona.page, 'Open lane note')).toBeDefined()
  const open = (await noteByText(paul.page, 'Open lane note'))!
  const paulNotesBefore = (await notes(paul.page)).length

  // Paul clicks with the note tool in the locked lane: refused on his screen, with the notice.
  await paul.page.keyboard.press('Escape')
  await paul.page.getByTestId('tools.note').click()
  const locked = await cellPoint(paul.page, 'purchase', 'touchpoints')
  await paul.page.mouse.click(locked.x, locked.y)
  await expect(paul.page.getByTestId('lock-notice')).toHaveText('This lane is locked by the facilitator.')
  await expect(paul.page.getByTestId('lock-notice')).toHaveAttribute('data-reason', 'lane')
  expect(await notes(paul.page)).toHaveLength(paulNotesBefore)
  await expect(paul.page.locator('[contenteditable="true"]:focus')).toHaveCount(0)
  await paul.page.screenshot({ path: 'test-results/locked-lane-participant.png' })
  await paul.page.keyboard.press('Escape')

  // He drags his open-lane note down into the locked lane: it stops short of the lane.
  const from = await cellPoint(paul.page, 'purchase', 'actions', 110)
  const to = await cellPoint(paul.page, 'purchase', 'touchpoints', 200)
  await paul.page.getByTestId('tools.select').click()
  await paul.page.mouse.move(from.x, from.y)
  await paul.page.mouse.down()
  await paul.page.mouse.move(from.x, (from.y + to.y) / 2, { steps: 5 })
  await paul.page.mouse.move(to.x, to.y, { steps: 10 })
  await paul.page.mouse.up()
  await expect(paul.page.getByTestId('lock-notice')).toBeVisible()
  expect(inTouchpoints((await noteByText(paul.page, 'Open lane note'))!.centreY)).toBe(false)

  // So is a move through tldraw's API (what any tool or script does).
  await paul.page.evaluate<void, string>((id) => {
    const editor = window.editor!
    const note = editor.getShape(id as never)!
    editor.updateShape({ id: note.id, type: note.type, y: note.y + 600 })
  }, open.id)
  expect(inTouchpoints((await noteByText(paul.page, 'Open lane note'))!.centreY)).toBe(false)

  // Then an allowed move, sent after all of the above: once the facilitator has it, she has
  // everything Paul sent before. No refused note or move ever reached her.
  const nudged = await paul.page.evaluate<number, string>((id) => {
    const editor = window.editor!
    const note = editor.getShape(id as never)!
    editor.updateShape({ id: note.id, type: note.type, x: note.x + 40 })
    return Math.round(note.x + 40)
  }, open.id)
  await expect.poll(async () => (await noteByText(fiona.page, 'Open lane note'))?.x).toBe(nudged)
  expect(inTouchpoints((await noteByText(fiona.page, 'Open lane note'))!.centreY)).toBe(false)
  expect(await seenByFiona()).toEqual([open.id])
  expect(await noteByText(fiona.page, 'Touchpoint before the lock')).toBeUndefined()

  // The facilitator unlocks the lane: Paul's held note is shared, nothing was lost.
  await panel.getByRole('button', { name: 'Unlock lane' }).click()
  await expect.poll(async () => (await noteByText(fiona.page, 'Touchpoint before the lock'))?.private).toBe(false)
  expect(inTouchpoints((await noteByText(fiona.page, 'Touchpoint before the lock'))!.centreY)).toBe(true)
  await expect(paul.page.getByTestId('held-notes-banner')).toHaveCount(0)
  await expect(paul.page.getByTestId('private-note-badge')).toHaveCount(0)
  await expect(panel.getByTestId('held-notes')).toHaveCount(0)
  await expect(paul.page.getByTestId('locked-area')).toHaveCount(0)

  // A locked board refuses everywhere, with its own notice; the facilitator is not limited.
  await panel.getByRole('button', { name: 'Lock board' }).click()
  await expect(paul.page.getByTestId('board-lock-banner')).toBeVisible()
  await paul.page.getByTestId('tools.note').click()
  const anywhere = await cellPoint(paul.page, 'use', 'emotions')
  await paul.page.mouse.click(anywhere.x, anywhere.y)
  await expect(paul.page.getByTestId('lock-notice')).toHaveText('The board is locked by the facilitator.')
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'use', 'emotions'), 'Facilitator note on a locked board')
  await expect.poll(() => noteByText(paul.page, 'Facilitator note on a locked board')).toBeDefined()
})

test('a held note the server undoes, because the lock came back as it was shared, is kept and held again', async ({ workshop }) => {
  test.setTimeout(240_000)
  const { owner: fiona, guests: [paul] } = await workshop.startBoard('Lock race workshop', 'Fiona Facilitator', [['Paul Participant', 'participant']])
  // Paul's messages to the server can be held back, to replay the race deterministically.
  let holding = false
  const heldMessages: (string | Buffer)[] = []
  let toServer: { send(message: string | Buffer): void } | undefined
  await paul.context.routeWebSocket(/\/sync/, (ws) => {
    const server = ws.connectToServer()
    toServer = server
    ws.onMessage((message) => (holding ? heldMessages.push(message) : server.send(message)))
  })
  await paul.page.reload()
  await expect(paul.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })

  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByRole('button', { name: 'Start private writing' }).click()
  await expect(paul.page.getByTestId('private-writing-banner')).toBeVisible()
  await addStickyNote(paul.page, await cellPoint(paul.page, 'use', 'touchpoints'), 'Raced touchpoint')
  await panel.getByLabel('Lane to lock').selectOption({ label: 'Touchpoints' })
  await panel.getByRole('button', { name: 'Lock lane' }).click()
  await panel.getByRole('button', { name: 'Reveal notes' }).click()
  await expect(paul.page.getByTestId('private-note-badge')).toHaveText('private · shared when unlocked')

  // The lane is unlocked and locked again while Paul's sharing is on its way.
  holding = true
  await panel.getByRole('button', { name: 'Unlock lane' }).click()
  await expect(paul.page.getByTestId('held-notes-banner')).toHaveCount(0)
  expect((await noteByText(paul.page, 'Raced touchpoint'))?.private).toBe(false)
  await panel.getByRole('button', { name: 'Lock lane' }).click()
  await expect(paul.page.getByTestId('locked-area')).toHaveCount(1)
  holding = false
  for (const message of heldMessages.splice(0)) toServer!.send(message)

  // The server refuses the note under the lock; Paul's device keeps it, private and held again.
  await expect(paul.page.getByTestId('private-note-badge')).toHaveText('private · shared when unlocked')
  await expect(paul.page.getByTestId('held-notes-banner')).toBeVisible()
  expect((await noteByText(paul.page, 'Raced touchpoint'))?.private).toBe(true)
  expect(await noteByText(fiona.page, 'Raced touchpoint')).toBeUndefined()

  // Unlocked for good: it is shared.
  await panel.getByRole('button', { name: 'Unlock lane' }).click()
  await expect.poll(async () => (await noteByText(fiona.page, 'Raced touchpoint'))?.private).toBe(false)
  await expect(paul.page.getByTestId('private-note-badge')).toHaveCount(0)
})
