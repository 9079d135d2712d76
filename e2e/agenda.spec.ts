import type { Page } from '@playwright/test'
import { addStickyNote, cellPoint } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

const noteByText = (page: Page, text: string) =>
  page.evaluate<{ id: string; x: number } | null, string>((t) => {
    const note = window.editor!.getCurrentPageShapes().find((s) => s.type === 'note' && JSON.stringify(s.props).includes(t))
    return note ? { id: note.id as string, x: Math.round(note.x) } : null
  }, text)

/** Moves a note sideways as its owner's editor would after a drag (tldraw's own update API). */
const nudge = (page: Page, id: string, dx: number) =>
  page.evaluate<void, [string, number]>(([noteId, d]) => {
    const editor = window.editor!
    const note = editor.getShape(noteId as never)!
    editor.updateShape({ id: note.id, type: note.type, x: note.x + d })
  }, [id, dx])

test('agenda: starting a phase sets timer, private writing, lane lock and vote for participants at once', async ({ workshop }) => {
  test.setTimeout(180_000)
  const { owner: fiona, guests: [paul] } = await workshop.startBoard('Agenda workshop', 'Fiona Facilitator', [['Paul Participant', 'participant']])
  // A participant has no facilitation panel, so no agenda to start (the server refuses it anyway:
  // see facilitation.integration.test.ts).
  await expect(paul.page.getByRole('button', { name: 'Facilitate' })).toHaveCount(0)

  // Notes from before the workshop, one in Touchpoints and one in Pain points.
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'purchase', 'touchpoints'), 'Checkout page')
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'purchase', 'pain-points'), 'Card declined')
  await expect.poll(() => noteByText(paul.page, 'Card declined')).not.toBeNull()

  // The facilitator writes the agenda.
  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  const agenda = panel.getByTestId('agenda')
  await agenda.getByLabel('Phase title').fill('Write pains')
  await agenda.getByLabel('Phase minutes').fill('5')
  await agenda.getByLabel('private').check()
  await agenda.getByLabel('Phase lane').selectOption({ label: 'Pain points & barriers' })
  await agenda.getByRole('button', { name: 'Add phase' }).click()
  await agenda.getByLabel('Phase title').fill('Vote on pains')
  await agenda.getByLabel('Phase minutes').fill('3')
  await agenda.getByLabel('private').uncheck()
  await agenda.getByLabel('Phase vote budget').fill('2')
  await agenda.getByRole('button', { name: 'Add phase' }).click()
  await expect(agenda.getByRole('listitem')).toHaveText([/^Write pains · 5 min · private · Pain points & barriers/, /^Vote on pains · 3 min · Pain points & barriers · vote 2/])

  // Phase 1: the timer, private writing and the lock on every other lane reach the participant.
  await agenda.getByRole('button', { name: 'Start Write pains' }).click()
  await expect(agenda.getByRole('listitem').first()).toHaveAttribute('aria-current', 'step')
  await expect(paul.page.getByTestId('session-timer')).toHaveText(/^(5:00|4:[45]\d)/)
  await expect(paul.page.getByTestId('private-writing-banner')).toBeVisible()
  await expect(paul.page.getByTestId('vote-banner')).toHaveCount(0)
  const checkout = (await noteByText(paul.page, 'Checkout page'))!
  const declined = (await noteByText(paul.page, 'Card declined'))!
  await nudge(paul.page, checkout.id, 200)
  await nudge(paul.page, declined.id, 200)
  await expect.poll(async () => (await noteByText(fiona.page, 'Card declined'))?.x).toBe(declined.x + 200)
  // The move in the locked lane was refused on Paul's screen and never sent (the server would undo it).
  await expect(paul.page.getByTestId('lock-notice')).toHaveText('This lane is locked by the facilitator.')
  await expect.poll(async () => (await noteByText(paul.page, 'Checkout page'))?.x).toBe(checkout.x)
  expect((await noteByText(fiona.page, 'Checkout page'))?.x).toBe(checkout.x)
  // Paul's new note stays on his device.
  await addStickyNote(paul.page, await cellPoint(paul.page, 'use', 'pain-points'), 'Delivery too slow')
  await expect(paul.page.getByTestId('private-note-badge')).toHaveCount(1)
  expect(await noteByText(fiona.page, 'Delivery too slow')).toBeNull()
  await fiona.page.screenshot({ path: 'test-results/agenda-panel.png' })

  // Phase 2: private writing ends (Paul's note is revealed), a 2-dot vote opens on the lane, timer 3 min.
  await agenda.getByRole('button', { name: 'Start Vote on pains' }).click()
  await expect(paul.page.getByTestId('private-writing-banner')).toHaveCount(0)
  await expect.poll(() => noteByText(fiona.page, 'Delivery too slow')).not.toBeNull()
  await expect(paul.page.getByTestId('session-timer')).toHaveText(/^(3:00|2:[45]\d)/)
  await expect(paul.page.getByTestId('vote-banner')).toContainText('2 of 2 dots left')
  await expect(paul.page.getByTestId(`votes-${declined.id}`).getByRole('button', { name: 'Add a dot' })).toBeVisible()
  await expect(paul.page.getByTestId(`votes-${checkout.id}`)).toHaveCount(0)
  await paul.page.getByTestId(`votes-${declined.id}`).getByRole('button', { name: 'Add a dot' }).click()
  await expect(paul.page.getByTestId('vote-banner')).toContainText('1 of 2 dots left')
})
