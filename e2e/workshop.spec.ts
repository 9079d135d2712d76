import type { Page } from '@playwright/test'
import { addStickyNote, cellPoint, getNoteIdByText } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'


test('a facilitator runs a workshop: timer, private writing, reveal, dot voting, agreed version, export', async ({ baseURL, workshop }) => {
  test.setTimeout(180_000)
  const { boardId, ownerCookie, owner: fiona, guests: [paul, rita, vic] } = await workshop.startBoard('Checkout workshop', 'Fiona Facilitator', [
    ['Paul Participant', 'participant'],
    ['Rita Participant', 'participant'],
    ['Vic Viewer', 'viewer'],
  ])
  await expect(vic.page.getByRole('button', { name: 'Facilitate' })).toHaveCount(0)
  await expect(paul.page.getByRole('button', { name: 'Facilitate' })).toHaveCount(0)

  // 1. Start the timer: everyone sees the same countdown.
  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByLabel('Timer minutes').fill('5')
  await panel.getByRole('button', { name: 'Start timer' }).click()
  for (const p of [paul.page, rita.page, vic.page]) await expect(p.getByTestId('session-timer')).toContainText(/^[45]:\d\d/)
  const left = async (p: Page) => Number(await p.getByTestId('session-timer').getAttribute('data-remaining-ms'))
  expect(Math.abs((await left(paul.page)) - (await left(fiona.page)))).toBeLessThan(2_000)

  // 2. Private writing: notes stay on their writers' devices.
  await panel.getByRole('button', { name: 'Start private writing' }).click()
  await expect(paul.page.getByTestId('private-writing-banner')).toBeVisible()
  await expect(rita.page.getByTestId('private-writing-banner')).toBeVisible()
  await addStickyNote(paul.page, await cellPoint(paul.page, 'purchase', 'pain-points'), 'Secret pain from Paul')
  await addStickyNote(rita.page, await cellPoint(rita.page, 'use', 'pain-points'), 'Secret pain from Rita')
  await expect(paul.page.locator('.tl-shapes').getByText('Secret pain from Paul')).toBeVisible()
  // Not on the facilitator's screen, not on the other participant's, and not in the server's copy.
  await expect(rita.page.locator('.tl-shapes').getByText('Secret pain from Paul')).toHaveCount(0)
  await expect(fiona.page.locator('.tl-shapes').getByText('Secret pain from')).toHaveCount(0)
  const stored = await (await fetch(`${baseURL}/api/boards/${boardId}/journey`, { headers: { cookie: ownerCookie } })).text()
  expect(stored).not.toContain('Secret pain')

  // 3. Reveal: everyone sees both.
  await panel.getByRole('button', { name: 'Reveal notes' }).click()
  for (const p of [fiona.page, paul.page, rita.page, vic.page]) {
    await expect(p.locator('.tl-shapes').getByText('Secret pain from Paul')).toBeVisible()
    await expect(p.locator('.tl-shapes').getByText('Secret pain from Rita')).toBeVisible()
  }

  // 4. Open a vote with budget 3; participants vote, and cannot exceed the budget.
  await panel.getByLabel('Votes per person').fill('3')
  await panel.getByRole('button', { name: 'Open vote' }).click()
  await expect(paul.page.getByTestId('vote-banner')).toContainText('3 of 3 dots left')
  const paulNote = await getNoteIdByText(paul.page, 'Secret pain from Paul')
  const ritaNote = await getNoteIdByText(paul.page, 'Secret pain from Rita')
  for (let i = 0; i < 4; i++) await paul.page.getByTestId(`votes-${ritaNote}`).getByRole('button', { name: 'Add a dot' }).click({ timeout: 2_000 }).catch(() => undefined)
  await expect(paul.page.getByTestId('vote-banner')).toContainText('0 of 3 dots left')
  await rita.page.getByTestId(`votes-${paulNote}`).getByRole('button', { name: 'Add a dot' }).click()
  await expect(vic.page.getByTestId(`votes-${ritaNote}`).getByRole('button', { name: 'Add a dot' })).toHaveCount(0)

  // 5. Tallies show on the notes and in the top-voted list.
  await expect(fiona.page.getByTestId(`votes-${ritaNote}`).getByTestId('vote-count')).toHaveText('3●')
  await expect(fiona.page.getByTestId(`votes-${paulNote}`).getByTestId('vote-count')).toHaveText('1●')
  await expect(panel.getByTestId('top-voted')).toContainText('Secret pain from Rita — 3●')
  // The dots badge sits just above the note, right-aligned with it (never over its text), at this zoom and another.
  for (const zoom of [undefined, 0.5]) {
    if (zoom) {
      await fiona.page.evaluate(
        ([id, z]) => {
          const editor = window.editor!
          editor.setCamera({ ...editor.getCamera(), z: Number(z) })
          editor.centerOnPoint(editor.getShapePageBounds(id as Parameters<typeof editor.getShapePageBounds>[0])!.center)
        },
        [ritaNote, zoom] as const,
      )
    }
    await expect
      .poll(async () => {
        const note = await fiona.page.locator(`[id="${ritaNote}"]`).boundingBox()
        const badge = await fiona.page.getByTestId(`votes-${ritaNote}`).boundingBox()
        return note && badge ? [Math.abs(Math.round(note.x + note.width - (badge.x + badge.width))), Math.abs(Math.round(badge.y + badge.height - (note.y - 2)))] : undefined
      })
      .toEqual([0, 0])
  }
  await panel.getByRole('button', { name: 'Close vote' }).click()

  // 6. Mark the board agreed (once the tallies written into the notes are stored).
  await expect(fiona.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
  await panel.getByLabel('Version label').fill('Agreed pains')
  await panel.getByRole('button', { name: 'Mark agreed' }).click()
  await expect(panel.getByTestId('version-list')).toContainText('Agreed pains')
  await fiona.page.screenshot({ path: 'test-results/facilitator-panel.png' })

  // 7. Export: the votes are in the journey JSON, live and in the agreed version.
  for (const version of ['live', 'agreed']) {
    await expect
      .poll(async () => {
        const journey = (await (await fetch(`${baseURL}/api/boards/${boardId}/journey?version=${version}`, { headers: { cookie: ownerCookie } })).json()) as {
          cells: { notes: { text: string; votes: number }[] }[]
          meta: { agreedVersion: string | null }
        }
        const notes = journey.cells.flatMap((c) => c.notes)
        return [notes.find((n) => n.text === 'Secret pain from Rita')?.votes, notes.find((n) => n.text === 'Secret pain from Paul')?.votes, journey.meta.agreedVersion]
      })
      .toEqual([3, 1, version === 'agreed' ? 'Agreed pains' : null])
  }
})
