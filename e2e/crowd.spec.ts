import type { Page } from '@playwright/test'
import { expect, test } from './fixtures/test'
import { boxOf, intersects, isInside, isOnTop, viewportBox, type ScreenBox } from './fixtures/boxes'

/** The screens the top bar must fit: two desktop sizes, a tablet upright and a phone. */
const SCREENS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
]

/** The top bar's controls (and tldraw's menu beside them), each with a name for the messages. */
function topBarControls(page: Page) {
  return [
    ['timer', page.getByTestId('session-timer')],
    ['Facilitate', page.getByRole('button', { name: 'Facilitate' })],
    ['Edit grid', page.getByRole('button', { name: 'Edit grid' })],
    ['Export', page.getByRole('button', { name: 'Export' })],
    ['People', page.getByRole('button', { name: 'People', exact: true })],
    ['Table', page.getByRole('button', { name: 'Table', exact: true })],
    ['connection status', page.getByTestId('connection-status')],
    ['save status', page.getByTestId('save-status')],
    ['who is here', page.getByTestId('who-is-here')],
    ["tldraw's menu", page.locator('.tlui-menu-zone')],
  ] as const
}

/**
 * Issue #19, item 4: thirty people on a board (two browsers and 28 stock y-websocket clients with
 * awareness, as the crowd check asks) and a running timer. Every top-bar control is inside
 * the screen, nothing covers it, and none overlaps another, on each screen size.
 */
test('a crowd of 30 leaves the timer, buttons and connection status visible and apart', async ({ workshop }) => {
  test.setTimeout(180_000)
  const { boardId, owner: fiona, guests: [paul] } = await workshop.startBoard('Crowd', 'Fiona Facilitator', [['Paul Participant', 'participant']])
  const crowd = Array.from({ length: 28 }, (_, i) => {
    // The server stamps the name (and id and colour) from the token into the presence.
    const client = workshop.connectClient(boardId, { token: workshop.syncToken(boardId, 'participant', `Crowd Member ${i + 1}`) })
    client.provider.awareness.setLocalStateField('user', { name: `Crowd Member ${i + 1}` })
    return client
  })
  try {
    // Everyone has arrived (shown as 30 avatars, or as some and "+N").
    const here = fiona.page.getByTestId('who-is-here')
    await expect.poll(async () => ((await here.getByTestId('more-people').count()) ? await here.getByTestId('more-people').textContent() : String(await here.locator('li').count())), { timeout: 30_000 }).toMatch(/^(30|\+27)$/)
    await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
    await fiona.page.getByTestId('facilitator-panel').getByLabel('Timer minutes').fill('5')
    await fiona.page.getByRole('button', { name: 'Start timer' }).click()
    await fiona.page.getByRole('button', { name: 'Start private writing' }).click()
    await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
    await expect(fiona.page.getByTestId('facilitator-panel')).toHaveCount(0)

    for (const screen of SCREENS) {
      await fiona.page.setViewportSize(screen)
      await expect(fiona.page.getByTestId('session-timer')).toHaveText(/^[45]:\d\d$/)
      await fiona.page.screenshot({ path: test.info().outputPath(`crowd-${screen.width}x${screen.height}.png`) })
      const boxes: [string, ScreenBox][] = []
      for (const [name, control] of topBarControls(fiona.page)) {
        await expect(control, `${name} at ${screen.width}×${screen.height}`).toBeVisible()
        const box = await boxOf(control)
        expect(isInside(box, viewportBox(fiona.page)), `${name} inside the ${screen.width}×${screen.height} screen`).toBe(true)
        if (name !== "tldraw's menu") expect(await isOnTop(control), `nothing over the ${name} at ${screen.width}×${screen.height}`).toBe(true)
        boxes.push([name, box])
      }
      // The timer's text is whole (a running timer showed only "4" under the buttons).
      expect(await fiona.page.getByTestId('session-timer').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
      expect(isInside(boxes.at(-1)![1], viewportBox(fiona.page))).toBe(true)
      for (const [i, [a, boxA]] of boxes.entries())
        for (const [b, boxB] of boxes.slice(i + 1)) expect(intersects(boxA, boxB), `${a} and ${b} apart at ${screen.width}×${screen.height}`).toBe(false)
      // The session banners sit below the bar, whatever its height.
      boxes.push(['private-writing banner', await boxOf(fiona.page.getByTestId('private-writing-banner'))])
    }

    // Everyone is listed in People, which "+27" opens.
    await fiona.page.setViewportSize({ width: 1440, height: 900 })
    await expect(fiona.page.getByTestId('more-people')).toHaveText('+27')
    await expect(paul.page.getByTestId('more-people')).toHaveText('+27')
    await fiona.page.getByTestId('more-people').click()
    await expect(fiona.page.getByTestId('members-panel')).toBeVisible()
    await expect(fiona.page.getByTestId('here-now').locator('li')).toHaveCount(30)
    await expect(fiona.page.getByTestId('here-now')).toContainText('Crowd Member 28')
  } finally {
    for (const client of crowd) client.destroy()
  }
})
