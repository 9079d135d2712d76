import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures/test'

const SHOTS = path.join('test-results', 'getting-in')

/**
 * Visible form controls under `selector` that have no visible label: a <label> around them or
 * pointing at them (for=) whose own text, apart from the control, is visible, or a visible
 * aria-labelledby element. An aria-label or a placeholder alone does not count.
 */
function unlabelledControls(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0'
    }
    const ownText = (label: Element) => {
      const copy = label.cloneNode(true) as Element
      copy.querySelectorAll('input, select, textarea').forEach((c) => c.remove())
      return (copy.textContent ?? '').trim()
    }
    const controls = [...document.querySelectorAll(sel)].flatMap((root) => [...root.querySelectorAll('input:not([type=hidden]), select, textarea')])
    return controls
      .filter((el) => visible(el))
      .filter((el) => {
        const labels = [...((el as HTMLInputElement).labels ?? [])]
        if (labels.some((l) => visible(l) && ownText(l))) return false
        const by = el.getAttribute('aria-labelledby')
        if (by && by.split(/\s+/).some((id) => { const t = document.getElementById(id); return t && visible(t) && t.textContent?.trim() })) return false
        return true
      })
      .map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute('aria-label') ?? el.getAttribute('name') ?? el.getAttribute('placeholder') ?? '?'}]`)
  }, selector)
}

test('the board page names the board in the tab and the menu, and leads back to "Your boards"', async ({ workshop }) => {
  const owner = await workshop.signUp('Ada Facilitator')
  const boardId = await workshop.createBoard('Language course journey', undefined, owner)
  const facilitator = await workshop.openBoardAsOwner(boardId, 'Ada Facilitator', owner)
  const participant = await workshop.joinAsGuest(boardId, 'Ben Participant', 'participant', owner)

  for (const actor of [facilitator, participant]) {
    await expect(actor.page).toHaveTitle('Language course journey · Journey Board')
    await expect(actor.page.getByTestId('board-title')).toHaveText('Language course journey')
    // tldraw's page menu ("Journey") is not there.
    await expect(actor.page.locator('.tlui-menu-zone')).not.toContainText('Journey ')
    await expect(actor.page.getByTestId('page-menu.button')).toHaveCount(0)
  }

  for (const [width, height] of [[1440, 900], [390, 844]]) {
    await facilitator.page.setViewportSize({ width, height })
    const back = facilitator.page.getByRole('link', { name: 'Your boards' })
    await expect(back).toBeVisible()
    // The title and the link sit inside the viewport and do not overlap tldraw's main menu button.
    const menu = await facilitator.page.getByTestId('board-title-menu').boundingBox()
    const mainMenu = await facilitator.page.getByTestId('main-menu.button').boundingBox()
    const backLink = await back.boundingBox()
    expect(menu && menu.x + menu.width).toBeLessThanOrEqual(width)
    // The clickable link (not the container's padding) starts where the main menu button ends.
    expect(mainMenu && backLink).toBeTruthy()
    expect(backLink!.x).toBeGreaterThanOrEqual(mainMenu!.x + mainMenu!.width - 1)
    await facilitator.page.screenshot({ path: path.join(SHOTS, `board-title-${width}x${height}.png`) })
  }

  await facilitator.page.getByRole('link', { name: 'Your boards' }).click()
  await facilitator.page.waitForURL((url) => url.pathname === '/')
  await expect(facilitator.page.getByRole('heading', { name: 'Your boards' })).toBeVisible()
  await expect(facilitator.page.getByText('Language course journey')).toBeVisible()
})

test('/favicon.ico is served, and every form control on the pages and in the Facilitate and People panels has a visible label', async ({ browser, baseURL, workshop }) => {
  const icon = await fetch(`${baseURL}/favicon.ico`)
  expect(icon.status).toBe(200)
  expect(icon.headers.get('content-type')).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/)
  expect((await icon.arrayBuffer()).byteLength).toBeGreaterThan(100)

  const signedOut = await browser.newContext()
  const anon = await signedOut.newPage()
  for (const route of ['/signin', '/signup']) {
    await anon.goto(route)
    await expect(anon.locator('form input').first()).toBeVisible()
    expect(await unlabelledControls(anon, 'body'), route).toEqual([])
  }

  const ownerCookie = await workshop.signUp('Ada Facilitator')
  const boardId = await workshop.createBoard('Labels', undefined, ownerCookie)
  await anon.goto(await workshop.createInvite(boardId, 'participant', ownerCookie))
  await expect(anon.getByLabel('Your name, as others will see it')).toBeVisible()
  expect(await unlabelledControls(anon, 'body'), '/join').toEqual([])

  const context = await workshop.contextWithSession(ownerCookie)
  const dashboard = await context.newPage()
  await dashboard.goto('/')
  await expect(dashboard.getByRole('heading', { name: 'Your boards' })).toBeVisible()
  expect(await unlabelledControls(dashboard, 'body'), '/').toEqual([])

  const facilitator = await workshop.openBoardAsOwner(boardId, 'Ada Facilitator', ownerCookie)
  const page = facilitator.page
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    await page.setViewportSize({ width, height })
    await page.getByRole('button', { name: 'Facilitate' }).click()
    const panel = page.getByTestId('facilitator-panel')
    await expect(panel).toBeVisible()
    // The labels the issue names, visible.
    await expect(panel.getByText('Minutes', { exact: true })).toBeVisible()
    await expect(panel.getByText('Votes per person', { exact: true })).toBeVisible()
    expect(await unlabelledControls(page, '[data-testid="facilitator-panel"]'), `Facilitate at ${width}x${height}`).toEqual([])
    await page.screenshot({ path: path.join(SHOTS, `facilitate-${width}x${height}.png`) })
    await page.getByRole('button', { name: 'People', exact: true }).click()
    await expect(page.getByTestId('members-panel')).toBeVisible()
    await expect(page.getByLabel('Invite role')).toBeVisible()
    expect(await unlabelledControls(page, '[data-testid="members-panel"]'), `People at ${width}x${height}`).toEqual([])
    await page.screenshot({ path: path.join(SHOTS, `people-${width}x${height}.png`) })
    await page.getByRole('button', { name: 'People', exact: true }).click()
  }
  await signedOut.close()
})

test('the server log has no "Yjs was already imported" after pages, the API and sync have served a board', async ({ workshop }) => {
  // A server of its own, with pages, so the test reads everything it logs.
  const server = await workshop.startOwnServer()
  try {
    const own = server.workshop
    const base = own.baseURL
    const owner = await own.signUp('Ada Facilitator')
    const boardId = await own.createBoard('One Yjs', undefined, owner)
    const context = await own.contextWithSession(owner)
    const page = await context.newPage()
    await page.goto(`${base}/`)
    await expect(page.getByRole('heading', { name: 'Your boards' })).toBeVisible()
    await page.goto(`${base}/b/${boardId}`)
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
    await expect(page.getByTestId('board-canvas')).toBeVisible()
    expect((await fetch(`${base}/api/boards/${boardId}/journey?format=md`, { headers: { cookie: owner } })).status).toBe(200)
    await page.reload()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
    await context.close()
    expect(server.log()).toContain('"message":"listening"')
    expect(server.log()).not.toContain('Yjs was already imported')
  } finally {
    await server.stop()
  }
})
