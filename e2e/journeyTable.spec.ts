import path from 'node:path'
import type { Page } from '@playwright/test'
import { waitConnected } from './fixtures/boardPage'
import { addNoteByKeyboard, focusCellByKeyboard, tabTo, tableCell } from './fixtures/journeyTable'
import { expect, test, type Actor } from './fixtures/test'

const SHOTS = path.join('test-results', 'journey-table')

/** The cell of the facilitator's live export preview that holds a note's text, as "stage lane" ids. */
async function previewCellOf(page: Page, text: string): Promise<string | undefined> {
  const cells = page.getByTestId('journey-panel').locator('[data-testid^="journey-cell-"]')
  const ids = await cells.evaluateAll((els, t) => els.filter((el) => el.textContent?.includes(t)).map((el) => el.getAttribute('data-testid')!.slice('journey-cell-'.length)), text)
  return ids.length === 1 ? ids[0] : ids.length === 0 ? undefined : `several: ${ids.join(' ')}`
}

test('keyboard only: a participant joins, adds notes in three cells, edits, moves, votes within the budget and reads the timer; the facilitator sees it all in the right cells', async ({ workshop }) => {
  test.setTimeout(180_000)
  const owner = await workshop.signUp('Fiona Facilitator')
  const boardId = await workshop.createBoard('Keyboard workshop', undefined, owner)
  const fiona = await workshop.openBoardAsOwner(boardId, 'Fiona Facilitator', owner)

  // Kim joins by the invite link with keys only (no mouse call anywhere for Kim).
  const invite = await workshop.createInvite(boardId, 'participant', owner)
  const context = await workshop.browser.newContext()
  const kim = await context.newPage()
  await kim.setViewportSize({ width: 1440, height: 900 })
  await kim.goto(invite)
  for (let i = 0; i < 10 && !(await kim.getByLabel('Your name, as others will see it').evaluate((el) => el === document.activeElement)); i++) await kim.keyboard.press('Tab')
  await kim.keyboard.type('Kim Keys')
  await kim.keyboard.press('Enter')
  await kim.waitForURL(`**/b/${boardId}`)
  await kim.goto(`/b/${boardId}?view=table`)
  await expect(kim.getByTestId('journey-table')).toBeVisible({ timeout: 30_000 })
  await expect(kim.getByRole('columnheader', { name: 'Purchase' })).toBeVisible()
  await expect(kim.getByRole('rowheader', { name: 'Pain points & barriers' })).toBeVisible()

  await addNoteByKeyboard(kim, 'Purchase, Pain points & barriers', 'Card declined twice')
  await addNoteByKeyboard(kim, 'Awareness, Thoughts & questions', 'Is this course for beginners?')
  await addNoteByKeyboard(kim, 'Use, Opportunities', 'Reminder before each lesson')

  await fiona.page.getByRole('button', { name: 'Export' }).click()
  await expect.poll(() => previewCellOf(fiona.page, 'Card declined twice')).toBe('purchase-pain-points')
  await expect.poll(() => previewCellOf(fiona.page, 'Is this course for beginners?')).toBe('awareness-thoughts')
  await expect.poll(() => previewCellOf(fiona.page, 'Reminder before each lesson')).toBe('use-opportunities')
  await expect(fiona.page.locator('.tl-shapes').getByText('Card declined twice')).toBeVisible()

  // The canvas under the table takes no keys: Delete with a note selected there deletes nothing.
  await kim.evaluate(() => {
    const editor = window.editor!
    editor.select(editor.getCurrentPageShapes().find((s) => s.type === 'note')!.id)
  })
  await focusCellByKeyboard(kim, 'Use, Opportunities')
  await kim.keyboard.press('Delete')
  await kim.keyboard.press('Backspace')
  await kim.waitForTimeout(500)
  await expect(kim.getByTestId('table-note')).toHaveCount(3)
  expect(await kim.evaluate(() => window.editor!.getCurrentPageShapes().filter((s) => s.type === 'note').length)).toBe(3)

  // Edit one: Tab to its Edit button, Enter, replace the words, Enter.
  await focusCellByKeyboard(kim, 'Use, Opportunities')
  await tabTo(kim, 'Edit note: Reminder before each lesson')
  await kim.keyboard.press('Enter')
  await expect(kim.getByRole('textbox', { name: 'Edit note' })).toBeFocused()
  await kim.keyboard.press('ControlOrMeta+a')
  await kim.keyboard.type('Text reminder the day before each lesson')
  await kim.keyboard.press('Enter')
  await expect(tableCell(kim, 'Use, Opportunities')).toBeFocused()
  await expect.poll(() => previewCellOf(fiona.page, 'Text reminder the day before each lesson')).toBe('use-opportunities')

  // Move one to another cell with "Move to…", no dragging.
  await focusCellByKeyboard(kim, 'Purchase, Pain points & barriers')
  await tabTo(kim, 'Move note: Card declined twice')
  await kim.keyboard.press('Enter')
  await expect(kim.getByRole('combobox', { name: /Move to/ })).toBeFocused()
  // A closed <select> takes arrow keys; count how many from the options' order.
  const steps = await kim.getByRole('combobox', { name: /Move to/ }).evaluate((el, label) => {
    const select = el as HTMLSelectElement
    return [...select.options].findIndex((o) => o.text === label) - select.selectedIndex
  }, 'Use × Pain points & barriers')
  for (let i = 0; i < steps; i++) await kim.keyboard.press('ArrowDown')
  await expect(kim.getByRole('combobox', { name: /Move to/ })).toHaveValue(JSON.stringify(['use', 'pain-points']))
  await kim.keyboard.press('Tab')
  await kim.keyboard.press('Enter')
  await expect(tableCell(kim, 'Use, Pain points & barriers').getByTestId('table-note')).toContainText('Card declined twice')
  await expect(tableCell(kim, 'Purchase, Pain points & barriers').getByTestId('table-note')).toHaveCount(0)
  await expect.poll(() => previewCellOf(fiona.page, 'Card declined twice')).toBe('use-pain-points')

  // The facilitator starts a timer and a vote of 2 dots; Kim reads the timer and votes within the budget.
  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByLabel('Timer minutes').fill('3')
  await panel.getByRole('button', { name: 'Start timer' }).click()
  await panel.getByLabel('Votes per person').fill('2')
  await panel.getByRole('button', { name: 'Open vote' }).click()
  await expect(kim.getByTestId('session-timer')).toContainText(/^[23]:\d\d/)
  await expect(kim.getByTestId('table-announcer')).toContainText('Voting is open: 2 dots each.')
  await expect(kim.getByTestId('table-vote-budget')).toHaveText('Dot voting: 2 of 2 dots left')
  await focusCellByKeyboard(kim, 'Use, Pain points & barriers')
  await tabTo(kim, 'Add a dot to: Card declined twice')
  await kim.keyboard.press('Enter')
  await kim.keyboard.press('Enter')
  await expect(kim.getByTestId('table-vote-budget')).toHaveText('Dot voting: 0 of 2 dots left')
  await expect(kim.getByLabel('Add a dot to: Card declined twice')).toBeDisabled()
  await kim.keyboard.press('Enter')
  await expect(kim.getByTestId('table-vote-budget')).toHaveText('Dot voting: 0 of 2 dots left')
  const noteId = await tableCell(kim, 'Use, Pain points & barriers').getByTestId('table-note').getAttribute('data-note-id')
  await expect(fiona.page.getByTestId(`votes-${noteId}`).getByTestId('vote-count')).toHaveText('2●')
  await kim.screenshot({ path: path.join(SHOTS, 'keyboard-participant-1440x900.png'), fullPage: true })
  await context.close()
})

test('the table follows the canvas live; a viewer reads it only; a locked lane says why', async ({ workshop }) => {
  test.setTimeout(150_000)
  const { boardId, owner: fiona, guests } = await workshop.startBoard('Table and canvas', 'Fiona Facilitator', [
    ['Paul Participant', 'participant'],
    ['Vic Viewer', 'viewer'],
  ])
  const [paul, vic] = guests as [Actor, Actor]

  // Paul switches to the table with the "Table" button; the address says so.
  await paul.page.getByRole('button', { name: 'Table' }).click()
  await expect(paul.page.getByTestId('journey-table')).toBeVisible()
  expect(new URL(paul.page.url()).searchParams.get('view')).toBe('table')
  await addNoteByKeyboard(paul.page, 'Awareness, Customer actions', 'Sees an ad on the bus')

  // Fiona drags it on the canvas into Information search × Touchpoints: Paul's table follows.
  const note = fiona.page.locator('.tl-shapes').getByText('Sees an ad on the bus')
  await expect(note).toBeVisible()
  const from = await note.boundingBox()
  const to = await fiona.page.evaluate(() => {
    const editor = window.editor!
    const b = editor.getShapePageBounds('shape:cell-information-search--touchpoints' as never)!
    return editor.pageToScreen({ x: b.midX, y: b.midY })
  })
  await fiona.page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2)
  await fiona.page.mouse.down()
  await fiona.page.mouse.move(to.x, to.y, { steps: 12 })
  await fiona.page.mouse.up()
  await expect(tableCell(paul.page, 'Information search, Touchpoints').getByTestId('table-note')).toContainText('Sees an ad on the bus')
  await expect(tableCell(paul.page, 'Awareness, Customer actions').getByTestId('table-note')).toHaveCount(0)

  // A viewer's table: the notes, no way to add, change or vote.
  await vic.page.goto(`/b/${boardId}?view=table`)
  await waitConnected(vic.page)
  await expect(tableCell(vic.page, 'Information search, Touchpoints')).toContainText('Sees an ad on the bus')
  await expect(vic.page.getByRole('button', { name: /Add a note|Edit note|Delete note|Move note/ })).toHaveCount(0)
  await expect(vic.page.getByTestId('table-view-only')).toHaveText('View only: you can read this board but not change it.')
  await expect(vic.page.getByTestId('cell-read-only')).toHaveCount(0)

  // Private writing from the table: the note stays on Paul's device until the reveal.
  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByRole('button', { name: 'Start private writing' }).click()
  await expect(paul.page.getByTestId('table-private-writing')).toBeVisible()
  await expect(paul.page.getByTestId('table-announcer')).toContainText('Private writing started')
  await addNoteByKeyboard(paul.page, 'Use, Thoughts & questions', 'Secret from the table')
  await expect(tableCell(paul.page, 'Use, Thoughts & questions').getByTestId('table-note')).toContainText('private')
  await expect(fiona.page.locator('.tl-shapes').getByText('Secret from the table')).toHaveCount(0)
  await expect(tableCell(vic.page, 'Use, Thoughts & questions').getByTestId('table-note')).toHaveCount(0)
  await panel.getByRole('button', { name: 'Reveal notes' }).click()
  await expect(fiona.page.locator('.tl-shapes').getByText('Secret from the table')).toBeVisible()
  await expect(tableCell(vic.page, 'Use, Thoughts & questions').getByTestId('table-note')).toContainText('Secret from the table')

  // The facilitator locks the Touchpoints lane: Paul's cells there are read-only and say why.
  await panel.getByLabel('Lane to lock').selectOption({ label: 'Touchpoints' })
  await panel.getByRole('button', { name: 'Lock lane' }).click()
  const locked = tableCell(paul.page, 'Purchase, Touchpoints')
  await expect(locked.getByTestId('cell-read-only')).toHaveText('This lane is locked by the facilitator.')
  await expect(locked.getByRole('button', { name: /Add a note/ })).toHaveCount(0)
  await expect(tableCell(paul.page, 'Information search, Touchpoints').getByRole('button', { name: /Delete note/ })).toHaveCount(0)
  await focusCellByKeyboard(paul.page, 'Purchase, Touchpoints')
  await paul.page.keyboard.press('Enter')
  await expect(paul.page.getByLabel('New note in Purchase, Touchpoints')).toHaveCount(0)
  // Another lane still takes notes.
  await addNoteByKeyboard(paul.page, 'Purchase, Customer actions', 'Pays by card')

  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    await paul.page.setViewportSize({ width, height })
    await paul.page.screenshot({ path: path.join(SHOTS, `participant-${width}x${height}.png`) })
  }
  // Back to the canvas: the canvas's own controls are there again.
  await paul.page.getByRole('button', { name: 'Canvas', exact: true }).click()
  await expect(paul.page.getByTestId('journey-table-view')).toHaveCount(0)
  await expect(paul.page.getByTestId('board-top-bar')).toBeVisible()
  await expect(paul.page.getByRole('button', { name: 'Table' })).toBeVisible()
  await paul.page.setViewportSize({ width: 1440, height: 900 })
  await paul.page.evaluate(() => void window.editor!.zoomToFit({ animation: { duration: 0 } }))
  await expect(paul.page.locator('.tl-shapes').getByText('Pays by card')).toBeVisible()
})

test('on a phone the board opens as the table, one stage at a time, with a big "Add a note" per lane and the timer in the sticky header', async ({ workshop }) => {
  test.setTimeout(120_000)
  const { boardId, owner: fiona } = await workshop.startBoard('Phone workshop', 'Fiona Facilitator')
  // The facilitator makes a participant link in People: its join code and QR code are shown.
  await fiona.page.getByRole('button', { name: 'People', exact: true }).click()
  await fiona.page.getByRole('button', { name: 'Create link' }).click()
  const row = fiona.page.getByTestId('invite-row').first()
  const code = (await row.getByTestId('join-code').textContent())!
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{3} [2-9A-HJKMNP-Z]{3}$/)
  await row.getByRole('button', { name: 'QR code' }).click()
  await expect(row.getByTestId('invite-qr')).toBeVisible()
  expect(await row.getByTestId('invite-qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThanOrEqual(100)
  await fiona.page.getByRole('button', { name: 'People', exact: true }).click()

  // Pat types the code at /join on a phone, then a name.
  const context = await workshop.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
  const phone = await context.newPage()
  await phone.goto('/join')
  await phone.getByLabel('Join code').fill('WRONG1')
  await phone.getByRole('button', { name: 'Continue' }).tap()
  await expect(phone.getByRole('alert').filter({ hasText: 'six letters and digits' })).toBeVisible()
  await phone.getByLabel('Join code').fill(code.toLowerCase())
  await phone.getByRole('button', { name: 'Continue' }).tap()
  await phone.getByLabel('Your name, as others will see it').fill('Pat Phone')
  await phone.getByRole('button', { name: 'Join board' }).tap()
  await phone.waitForURL(`**/b/${boardId}`)
  await expect(phone.getByTestId('journey-table')).toBeVisible({ timeout: 30_000 })
  await expect(phone.getByRole('columnheader')).toHaveText(['Awareness'])

  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByLabel('Timer minutes').fill('4')
  await panel.getByRole('button', { name: 'Start timer' }).click()
  await expect(phone.getByTestId('table-header').getByTestId('session-timer')).toContainText(/^[34]:\d\d/)

  await phone.getByRole('button', { name: 'Next stage' }).tap()
  await expect(phone.getByRole('columnheader')).toHaveText(['Information search'])
  const add = phone.getByRole('button', { name: 'Add a note to Information search, Pain points & barriers' })
  const addBox = await add.boundingBox()
  expect(addBox!.height).toBeGreaterThanOrEqual(44)
  await add.tap()
  await phone.getByRole('textbox', { name: 'New note in Information search, Pain points & barriers' }).fill('Prices hidden until sign-up')
  await phone.keyboard.press('Enter')
  await fiona.page.getByRole('button', { name: 'Export' }).click()
  await expect(fiona.page.getByTestId('journey-panel').getByTestId('journey-cell-information-search-pain-points')).toContainText('Prices hidden until sign-up')

  // Scrolled to the last lane, the header with the timer is still on screen; nothing in it overlaps.
  await phone.getByRole('rowheader', { name: 'Opportunities' }).scrollIntoViewIfNeeded()
  await expect(phone.getByTestId('table-header').getByTestId('session-timer')).toBeInViewport()
  const header = phone.getByTestId('table-header')
  const boxes = await header.locator('button, a, [data-testid="session-timer"], [data-testid="connection-status"]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!
    expect(a.right, 'inside the screen').toBeLessThanOrEqual(390)
    for (const b of boxes.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top, 'header controls apart').toBe(true)
  }
  await phone.screenshot({ path: path.join(SHOTS, 'phone-390x844.png') })
  // The canvas is one tap away.
  await phone.getByRole('button', { name: 'Canvas', exact: true }).tap()
  await expect(phone.getByTestId('board-top-bar')).toBeVisible()
  await context.close()
})
