import { addStickyNote } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

test('two people see the template, each other and each other\'s notes live', async ({ workshop }) => {
  const owner = await workshop.signUp('Ada Facilitator')
  const boardId = await workshop.createBoard('Language course journey', undefined, owner)
  const facilitator = await workshop.openBoardAsOwner(boardId, 'Ada Facilitator', owner)
  const participant = await workshop.joinAsGuest(boardId, 'Ben Participant', 'participant', owner)

  for (const stage of ['Awareness', 'Information search', 'Comparing alternatives', 'Purchase', 'Use', 'Return & loyalty']) {
    await expect(participant.page.locator('.tl-shapes').getByText(stage, { exact: true })).toBeVisible()
  }

  await addStickyNote(facilitator.page, { x: 700, y: 420 }, 'Checkout asks for too much')
  await expect(participant.page.locator('.tl-shapes').getByText('Checkout asks for too much')).toBeVisible()

  // Presence: the participant sees the facilitator's cursor with her name, and the who's-here list.
  await facilitator.page.mouse.move(600, 500)
  await facilitator.page.mouse.move(640, 520, { steps: 5 })
  // tldraw 5 paints cursors on a canvas overlay, so read the cursors it paints from the editor.
  await expect
    .poll(() => participant.page.evaluate(() => window.editor!.getCollaboratorsOnCurrentPage().map((c) => `${c.userName}@${Math.round(c.cursor?.x ?? NaN)}`)))
    .toContainEqual(expect.stringMatching(/^Ada Facilitator@-?\d+$/))
  await expect(participant.page.getByTestId('who-is-here')).toContainText('Ada Facilitator')

  // The note survives a full reload (it came back from the server, not from memory).
  await participant.page.reload()
  await expect(participant.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
  await expect(participant.page.locator('.tl-shapes').getByText('Checkout asks for too much')).toBeVisible()
  await expect(facilitator.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')

  // Undo acts on one's own edits only: the participant's undo removes her note, not the facilitator's.
  await addStickyNote(participant.page, { x: 900, y: 600 }, 'Undo me')
  await expect(facilitator.page.locator('.tl-shapes').getByText('Undo me')).toBeVisible()
  // Undo everything the participant can undo: only her own history is on her stack.
  await participant.page.evaluate(() => {
    const editor = window.editor!
    for (let i = 0; i < 20 && editor.getCanUndo(); i++) editor.undo()
  })
  await expect(facilitator.page.locator('.tl-shapes').getByText('Undo me')).toHaveCount(0)
  await expect(facilitator.page.locator('.tl-shapes').getByText('Checkout asks for too much')).toBeVisible()
  await expect(participant.page.locator('.tl-shapes').getByText('Checkout asks for too much')).toBeVisible()
})

test('the facilitator renames and adds stages; everyone sees the new grid', async ({ workshop }) => {
  const owner = await workshop.signUp('Fay Facilitator')
  const boardId = await workshop.createBoard('Grid editing', 'five-stage', owner)
  const facilitator = await workshop.openBoardAsOwner(boardId, 'Fay Facilitator', owner)
  const participant = await workshop.joinAsGuest(boardId, 'Pat Participant', 'participant', owner)

  await facilitator.page.getByRole('button', { name: 'Edit grid' }).click()
  const panel = facilitator.page.getByTestId('grid-editor')
  const retention = panel.getByTestId('grid-item-retention').getByRole('textbox')
  await retention.fill('Onboarding')
  await retention.press('Enter')
  await panel.getByLabel('Add stage name').fill('Referral')
  await panel.getByRole('button', { name: 'Add stage', exact: true }).click()

  const shapes = participant.page.locator('.tl-shapes')
  await expect(shapes.getByText('Onboarding', { exact: true })).toBeVisible()
  await expect(shapes.getByText('Retention', { exact: true })).toHaveCount(0)
  await expect
    .poll(() => participant.page.evaluate(() => window.editor!.getCurrentPageShapes().filter((s) => s.meta.jbRole === 'stage').length))
    .toBe(6)
})
