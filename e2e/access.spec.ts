import { addStickyNote } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

test('sign up, create a board, invite a guest who adds a note; a viewer cannot change shapes; signed-out is sent to sign-in', async ({ browser, workshop }) => {
  // The facilitator signs up through the UI and creates a board from the dashboard.
  const fayContext = await browser.newContext()
  const fay = await fayContext.newPage()
  await fay.goto('/')
  await expect(fay).toHaveURL(/\/signin\?callbackUrl=%2F$/)
  await fay.getByRole('link', { name: 'Create an account' }).click()
  await fay.getByLabel('Your name').fill('Fay Facilitator')
  await fay.getByLabel('Email').fill(`fay.${Date.now()}@example.com`)
  await fay.getByLabel('Password (10+ characters)').fill('a long enough password')
  await fay.getByRole('button', { name: 'Sign up' }).click()
  await expect(fay.getByTestId('signed-in-as')).toHaveText('Fay Facilitator')
  await fay.getByLabel('Title').fill('Workshop with guests')
  await fay.getByRole('button', { name: 'Create board' }).click()
  await fay.waitForURL(/\/b\//)
  const boardId = new URL(fay.url()).pathname.split('/').pop()!
  await expect(fay.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')

  // She creates a participant invite link in the People panel.
  await fay.getByRole('button', { name: 'People' }).click()
  const panel = fay.getByTestId('members-panel')
  await panel.getByLabel('Invite role').selectOption('participant')
  await panel.getByRole('button', { name: 'Create link' }).click()
  const link = await panel.getByLabel('Participant invite link').inputValue()
  expect(link).toMatch(/\/join\//)

  // A guest opens the link, types a name and adds a note Fay sees.
  const guestContext = await browser.newContext()
  const guest = await guestContext.newPage()
  await guest.goto(link)
  await guest.getByLabel('Your name, as others will see it').fill('Gail Guest')
  await guest.getByRole('button', { name: 'Join board' }).click()
  await guest.waitForURL(`**/b/${boardId}`)
  await expect(guest.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
  await addStickyNote(guest, { x: 700, y: 450 }, 'Guests can write')
  await expect(fay.locator('.tl-shapes').getByText('Guests can write')).toBeVisible()
  await expect(panel.getByTestId('member-Gail Guest')).toContainText('online')

  // A viewer cannot create or move shapes.
  const cookies = await fayContext.cookies()
  const ownerCookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const viewer = await workshop.joinAsGuest(boardId, 'Vera Viewer', 'viewer', ownerCookie)
  await expect(viewer.page.getByTestId('read-only-badge')).toBeVisible()
  // The server stores nothing of a viewer's, so a save state would only mislead.
  await expect(viewer.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
  await expect(viewer.page.getByTestId('save-status')).toHaveCount(0)
  const countNotes = () => viewer.page.evaluate(() => window.editor!.getCurrentPageShapes().filter((s) => s.type === 'note').length)
  const before = await countNotes()
  await viewer.page.keyboard.press('n')
  await viewer.page.mouse.click(900, 600)
  await viewer.page.keyboard.type('viewer text')
  await viewer.page.keyboard.press('Escape')
  expect(await countNotes()).toBe(before)
  const note = await viewer.page.evaluate<{ id: string; x: number; screen: { x: number; y: number } }>(() => {
    const n = window.editor!.getCurrentPageShapes().find((s) => s.type === 'note')!
    const b = window.editor!.getShapePageBounds(n)!
    const screen = window.editor!.pageToScreen({ x: b.midX, y: b.midY })
    return { id: n.id as string, x: n.x, screen: { x: screen.x, y: screen.y } }
  })
  await viewer.page.mouse.move(note.screen.x, note.screen.y)
  await viewer.page.mouse.down()
  await viewer.page.mouse.move(note.screen.x + 200, note.screen.y + 100, { steps: 8 })
  await viewer.page.mouse.up()
  const xNow = await viewer.page.evaluate<number, string>((id) => (window.editor as unknown as { getShape(id: string): { x: number } }).getShape(id).x, note.id)
  expect(xNow).toBe(note.x)
  await expect(fay.locator('.tl-shapes').getByText('viewer text')).toHaveCount(0)

  // Someone signed out is sent to sign-in, with a way back to the board.
  const stranger = await (await browser.newContext()).newPage()
  await stranger.goto(`/b/${boardId}`)
  await expect(stranger).toHaveURL(new RegExp(`/signin\\?callbackUrl=%2Fb%2F${boardId}$`))
})
