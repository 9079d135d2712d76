import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { waitConnected } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

/** WCAG 2.2 levels A and AA, with the 2.0 and 2.1 rules they include. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']
const SCREENS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const

/** axe's violations on the page as it is now, one line each (rule, impact, the first elements). */
async function violations(page: Page, exclude: string[] = []): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS)
  for (const selector of exclude) builder = builder.exclude(selector)
  const result = await builder.analyze()
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')} — ${v.help}`)
}

/**
 * The tldraw canvas and its own toolbars and menus are tldraw's (tldraw#5215 tracks their audit):
 * we check everything of ours on the board page (top bar, panels, badges, the table) and leave out
 * only tldraw's container below ours.
 */
const TLDRAW_OWN = ['.tl-canvas', '.tlui-layout__bottom', '.tlui-menu-zone > :not([data-testid="board-title-menu"])', '.tlui-main-toolbar', '.tlui-style-panel__wrapper', '.tl-watermark_SEE-LICENSE']

test('axe finds no WCAG 2.2 A or AA violation on sign in, sign up, your boards, join (link and code), the board, the table and the viewer link, at 1440×900 and 390×844', async ({ browser, workshop }) => {
  test.setTimeout(240_000)
  const owner = await workshop.signUp('Ada Facilitator')
  const boardId = await workshop.createBoard('Accessible journey', undefined, owner)
  const invite = await workshop.createInvite(boardId, 'participant', owner)
  const viewerLink = await workshop.createInvite(boardId, 'viewer', owner)
  const found: Record<string, string[]> = {}

  for (const screen of SCREENS) {
    const at = `${screen.width}×${screen.height}`
    const anon = await browser.newContext({ viewport: screen })
    const page = await anon.newPage()
    await page.goto('/signin')
    await expect(page.getByRole('button', { name: /Sign in/ })).toBeVisible()
    found[`sign in ${at}`] = await violations(page)
    await page.goto('/signup')
    await expect(page.getByRole('button', { name: /Create account|Sign up/ })).toBeVisible()
    found[`sign up ${at}`] = await violations(page)
    await page.goto('/join')
    await expect(page.getByLabel('Join code')).toBeVisible()
    found[`join by code ${at}`] = await violations(page)
    await page.goto(invite)
    await expect(page.getByRole('button', { name: 'Join board' })).toBeVisible()
    found[`join ${at}`] = await violations(page)
    await page.getByLabel('Your name, as others will see it').fill('Pia Participant')
    await page.getByRole('button', { name: 'Join board' }).click()
    await page.waitForURL(`**/b/${boardId}`)
    await page.goto(`/b/${boardId}?view=table`)
    await expect(page.getByTestId('journey-table')).toBeVisible({ timeout: 30_000 })
    await waitConnected(page)
    await page.getByRole('button', { name: /Add a note to Awareness, Customer actions/ }).click()
    await page.getByRole('textbox', { name: /New note in Awareness, Customer actions/ }).fill('Sees an ad')
    await page.keyboard.press('Enter')
    found[`table ${at}`] = await violations(page)
    await page.goto(`/b/${boardId}?view=canvas`)
    await waitConnected(page)
    found[`board canvas ${at}`] = await violations(page, TLDRAW_OWN)
    await anon.close()

    const ownerContext = await workshop.contextWithSession(owner)
    const ownerPage = await ownerContext.newPage()
    await ownerPage.setViewportSize(screen)
    await ownerPage.goto('/')
    await expect(ownerPage.getByRole('heading', { name: 'Your boards' })).toBeVisible()
    found[`your boards ${at}`] = await violations(ownerPage)
    await ownerContext.close()

    const viewer = await browser.newContext({ viewport: screen })
    const viewerPage = await viewer.newPage()
    await viewerPage.goto(viewerLink)
    await viewerPage.getByLabel('Your name, as others will see it').fill('Vic Viewer')
    await viewerPage.getByRole('button', { name: 'Join board' }).click()
    await viewerPage.waitForURL(`**/b/${boardId}`)
    await waitConnected(viewerPage)
    found[`viewer link ${at}`] = await violations(viewerPage, (await viewerPage.getByTestId('journey-table').count()) ? [] : TLDRAW_OWN)
    await viewer.close()
  }
  expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([])
})
