import type { Page } from '@playwright/test'
import { addStickyNote } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

const PASSWORD = 'correct horse battery'

/** Collects the page's CSP violations (reported by the browser as events and console errors). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|create)/i.test(m.text())) console.push(m.text())
  })
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] }
    w.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`))
  })
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []))]
}

test('after sign-in, a callbackUrl that a browser reads as another host goes home instead (issue #20 item 9)', async ({ browser, baseURL, workshop }) => {
  const email = `redirect.${Date.now()}@example.com`
  await workshop.signUpWith(email, 'Rita Redirect', PASSWORD)
  for (const callbackUrl of ['/%5Cexample.com/x', '/%09/example.com/x']) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`/signin?callbackUrl=${callbackUrl}`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('signed-in-as')).toHaveText('Rita Redirect')
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin)
    expect(new URL(page.url()).pathname).toBe('/')
    await context.close()
  }
})

test('pages send a CSP with a nonce that Next uses; a board works under it with no violations (item 11)', async ({ browser, workshop }) => {
  const cookie = await workshop.signUpWith(`csp.${Date.now()}@example.com`, 'Cleo Csp', PASSWORD)
  const boardId = await workshop.createBoard('Under CSP', undefined, cookie)
  const page = await (await browser.newContext()).newPage()
  const violations = await watchCsp(page)
  const signin = await page.goto('/signin')
  const csp = signin!.headers()['content-security-policy']
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/)
  expect(csp).toContain("frame-ancestors 'none'")
  expect(signin!.headers()['x-content-type-options']).toBe('nosniff')
  expect(signin!.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin')
  // Next's inline scripts carry this response's nonce (the page hydrates: the form works).
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]
  expect(await page.evaluate(() => Array.from(document.scripts).filter((s) => !s.src).map((s) => s.nonce))).toContain(nonce)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled()
  expect(await violations()).toEqual([])
  await page.context().close()

  // The board: tldraw's assets, fonts and images, the sync socket, a new note, and an image export.
  const owner = await workshop.openBoardAsOwner(boardId, 'Cleo Csp', cookie)
  const boardViolations = await watchCsp(owner.page)
  await owner.page.reload()
  await expect(owner.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
  await addStickyNote(owner.page, { x: 700, y: 450 }, 'Written under a CSP')
  await expect(owner.page.locator('.tl-shapes').getByText('Written under a CSP')).toBeVisible()
  const png = await owner.page.evaluate(async () => {
    const editor = window.editor!
    const { blob } = await editor.toImage([...editor.getCurrentPageShapeIds()], { format: 'png' })
    return blob.size
  })
  expect(png).toBeGreaterThan(1000)
  expect(await boardViolations()).toEqual([])
  await owner.page.screenshot({ path: 'test-results/csp-board-1440.png' })
})

test('sign-up for an email that has an account says the same as for a new one, then explains the failed sign-in (item 12)', async ({ browser, workshop }) => {
  const email = `known.${Date.now()}@example.com`
  await workshop.signUpWith(email, 'Kim Known', PASSWORD)
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await page.goto('/signup')
    await page.getByLabel('Your name').fill('Someone Else')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password (10+ characters)').fill('a different long password')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'We could' })).toHaveText('We could not sign you in. If you already have an account with this email, sign in with its password.')
    await page.screenshot({ path: `test-results/signup-known-${viewport.width}.png` })
    await context.close()
  }
})
