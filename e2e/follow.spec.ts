import type { Page } from '@playwright/test'
import { expect, test } from './fixtures/test'

type Viewport = { x: number; y: number; w: number; h: number }

/** The part of the page this person sees (page coordinates), rounded to whole units. */
const viewport = (page: Page) =>
  page.evaluate<Viewport>(() => {
    const b = window.editor!.getViewportPageBounds()
    return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) }
  })

/** Whether `a` shows what `b` shows (to within a page unit: tldraw snaps the last step of a chase). */
const sameView = (a: Viewport, b: Viewport) => Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.w - b.w), Math.abs(a.h - b.h)) <= 1

/** The leader's camera as `watcher` last received it through presence (so "did not move" is not a race). */
const seenCamera = (watcher: Page, leaderName: string) =>
  watcher.evaluate<string, string>((name) => JSON.stringify(window.editor!.getCollaborators().find((c) => c.userName === name)?.camera ?? null), leaderName)
const ownCamera = (page: Page) =>
  page.evaluate<string>(() => {
    const { x, y, z } = window.editor!.getCamera()
    return JSON.stringify({ x, y, z })
  })

/** Pans with the mouse wheel over the canvas (right of the side panels), as a person would; returns once the view moved. */
async function wheelPan(page: Page, dx: number, dy: number): Promise<Viewport> {
  const before = await viewport(page)
  await page.mouse.move(1000, 500)
  await page.mouse.wheel(dx, dy)
  await expect.poll(async () => sameView(await viewport(page), before)).toBe(false)
  return viewport(page)
}

/** Zooms in around the viewport centre, as the zoom-in shortcut does. */
const zoomIn = (page: Page) => page.evaluate(() => void window.editor!.zoomIn(undefined, { animation: { duration: 0 } }))

/** Waits until `follower` sees what `leader` sees. */
async function expectFollowing(follower: Page, leader: Page) {
  await expect.poll(async () => sameView(await viewport(follower), await viewport(leader)), { timeout: 15_000 }).toBe(true)
}

/** Waits until `watcher` has received `leader`'s current camera, then checks `watcher`'s own view stayed `before`. */
async function expectNotFollowing(watcher: Page, leader: { page: Page; name: string }, before: Viewport) {
  await expect.poll(async () => (await seenCamera(watcher, leader.name)) === (await ownCamera(leader.page))).toBe(true)
  expect(await viewport(watcher)).toEqual(before)
  expect(await watcher.evaluate(() => window.editor!.getInstanceState().followingUserId)).toBeNull()
}

test('bring everyone here: participants follow the facilitator until they break away; anyone can follow someone', async ({ workshop }) => {
  test.setTimeout(180_000)
  const { boardId, ownerCookie, owner: fiona, guests: [paul] } = await workshop.startBoard('Follow workshop', 'Fiona Facilitator', [['Paul Participant', 'participant']])

  // Paul starts somewhere else: the facilitator looks far from him.
  await fiona.page.evaluate(() => void window.editor!.setCamera({ x: -1500, y: -600, z: 0.8 }))
  expect(sameView(await viewport(paul.page), await viewport(fiona.page))).toBe(false)

  // Bring everyone here: Paul's view moves to the facilitator's, and so does that of Rita, who joins
  // later (she receives the session before she sees the facilitator's presence)...
  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByRole('button', { name: 'Bring everyone here' }).click()
  await expectFollowing(paul.page, fiona.page)
  const rita = await workshop.joinAsGuest(boardId, 'Rita Participant', 'participant', ownerCookie)
  for (const p of [paul.page, rita.page]) {
    await expectFollowing(p, fiona.page)
    await expect(p.getByTestId('helper-buttons.stop-following')).toBeVisible()
  }
  // A reload opens the board from the browser's local copy before the connection brings the
  // facilitator's presence: Rita still follows once it arrives.
  await rita.page.reload()
  await expect(rita.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
  await expectFollowing(rita.page, fiona.page)
  // ...and keep following when she pans and zooms.
  const panned = await wheelPan(fiona.page, 400, 250)
  for (const p of [paul.page, rita.page]) await expect.poll(async () => sameView(await viewport(p), panned)).toBe(true)
  await zoomIn(fiona.page)
  const zoomed = await viewport(fiona.page)
  expect(zoomed.w).toBeLessThan(panned.w)
  for (const p of [paul.page, rita.page]) await expect.poll(async () => sameView(await viewport(p), zoomed)).toBe(true)

  // Paul breaks away by panning himself: he stays where he went while Rita keeps following.
  const paulView = await wheelPan(paul.page, -300, 0)
  await expect(paul.page.getByTestId('helper-buttons.stop-following')).toHaveCount(0)
  await wheelPan(fiona.page, 0, 500)
  await expectFollowing(rita.page, fiona.page)
  await expectNotFollowing(paul.page, { page: fiona.page, name: 'Fiona Facilitator' }, paulView)

  // Releasing everyone ends Rita's follow.
  await panel.getByRole('button', { name: 'Release everyone' }).click()
  await expect(rita.page.getByTestId('helper-buttons.stop-following')).toHaveCount(0)
  const ritaView = await viewport(rita.page)
  await wheelPan(fiona.page, -600, 0)
  await expectNotFollowing(rita.page, { page: fiona.page, name: 'Fiona Facilitator' }, ritaView)

  // Bringing everyone again brings back those who broke away.
  await panel.getByRole('button', { name: 'Bring everyone here' }).click()
  await expectFollowing(paul.page, fiona.page)

  // Any participant can follow another person from People. Rita breaks away and moves; Paul follows her.
  await paul.page.getByRole('button', { name: 'People' }).click()
  await paul.page.getByRole('button', { name: 'Follow Rita Participant' }).click()
  await wheelPan(rita.page, 200, -350)
  await expectFollowing(paul.page, rita.page)
  expect(sameView(await viewport(paul.page), await viewport(fiona.page))).toBe(false)

  // The facilitator's release ends only her own request, not the follow Paul chose.
  await panel.getByRole('button', { name: 'Release everyone' }).click()
  await expect(panel.getByRole('button', { name: 'Bring everyone here' })).toBeVisible()
  await wheelPan(rita.page, 100, 100)
  await expectFollowing(paul.page, rita.page)

  // tldraw's "Stop following" ends it.
  await paul.page.getByTestId('helper-buttons.stop-following').click()
  const paulStopped = await viewport(paul.page)
  await wheelPan(rita.page, -250, 0)
  await expectNotFollowing(paul.page, { page: rita.page, name: 'Rita Participant' }, paulStopped)
})
