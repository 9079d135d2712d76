import type { Page } from '@playwright/test'
import { addStickyNote, cellPoint, getNoteIdByText } from './fixtures/boardPage'
import { expect, test, type Actor, type Workshop } from './fixtures/test'
import { boxOf, intersects, isInside } from './fixtures/boxes'


const fitBoard = (page: Page) => page.evaluate(() => void window.editor!.zoomToFit({ animation: { duration: 0 } }))

const TEXTS = ['Slow checkout at the till', 'No receipt by email', 'Confusing invoice lines']

/**
 * A participant at the fitted zoom of a 1440×900 screen (about 22 %) with three notes of theirs (two
 * stacked in one cell, as people stack them, and one in the next stage), and an open vote of 3 dots.
 */
async function openVote(workshop: Workshop): Promise<{ paul: Actor; ids: string[] }> {
  const ownerCookie = await workshop.signUp('Fiona Facilitator')
  const boardId = await workshop.createBoard('Vote controls', undefined, ownerCookie)
  const fiona = await workshop.openBoardAsOwner(boardId, 'Fiona Facilitator', ownerCookie)
  const paul = await workshop.joinAsGuest(boardId, 'Paul Participant', 'participant', ownerCookie)
  await paul.page.setViewportSize({ width: 1440, height: 900 })
  await fitBoard(paul.page)
  await addStickyNote(paul.page, await cellPoint(paul.page, 'purchase', 'pain-points', 110), TEXTS[0]!)
  await addStickyNote(paul.page, await cellPoint(paul.page, 'purchase', 'pain-points', 340), TEXTS[1]!)
  await addStickyNote(paul.page, await cellPoint(paul.page, 'use', 'pain-points', 110), TEXTS[2]!)
  const ids = await Promise.all(TEXTS.map((t) => getNoteIdByText(paul.page, t)))
  await fitBoard(paul.page)
  expect(await paul.page.evaluate(() => window.editor!.getZoomLevel())).toBeLessThan(0.3)

  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByLabel('Votes per person').fill('3')
  await panel.getByRole('button', { name: 'Open vote' }).click()
  await expect(paul.page.getByTestId('vote-banner')).toContainText('3 of 3 dots left')
  return { paul, ids }
}

const controls = (page: Page, id: string) => page.getByTestId(`votes-${id}`)
const plus = (page: Page, id: string) => controls(page, id).getByRole('button', { name: 'Add a dot' })
const minus = (page: Page, id: string) => controls(page, id).getByRole('button', { name: 'Remove a dot' })

test.describe('dot voting at the fitted zoom (issue #19, items 1-3)', () => {
  test.setTimeout(120_000)

  test('two clicks on "+" at one spot give two dots: no control moves when a dot lands', async ({ workshop }) => {
    const { paul, ids } = await openVote(workshop)
    const page = paul.page
    const note = ids[0]!
    const plusBefore = await boxOf(plus(page, note))
    // "−" is there before the first dot, off ("Remove a dot" must not appear under the pointer).
    const minusBefore = (await minus(page, note).count()) ? await boxOf(minus(page, note)) : undefined
    if (minusBefore) await expect(minus(page, note)).toBeDisabled()
    const centre = { x: plusBefore.x + plusBefore.width / 2, y: plusBefore.y + plusBefore.height / 2 }
    await page.mouse.click(centre.x, centre.y)
    await expect(controls(page, note).getByTestId('vote-count')).toHaveText('1●')
    expect(await boxOf(plus(page, note))).toEqual(plusBefore)
    expect(minusBefore, '"Remove a dot" shown (disabled) before the first dot').toBeDefined()
    expect(await boxOf(minus(page, note))).toEqual(minusBefore)
    await expect(minus(page, note)).toBeEnabled()
    await page.mouse.click(centre.x, centre.y)
    await expect(controls(page, note).getByTestId('vote-count')).toHaveText('2●')
    expect(await boxOf(plus(page, note))).toEqual(plusBefore)
    await expect(page.getByTestId('vote-banner')).toContainText('1 of 3 dots left')
    await page.screenshot({ path: test.info().outputPath('vote-1440x900.png') })
  })

  test('over budget, "+" is off and says why, on the button and in the banner', async ({ workshop }) => {
    const { paul, ids } = await openVote(workshop)
    const page = paul.page
    for (const id of [ids[0]!, ids[1]!, ids[2]!]) {
      await expect(plus(page, id)).toBeEnabled()
      await plus(page, id).click()
    }
    await expect(page.getByTestId('vote-banner')).toContainText('0 of 3 dots left')
    const why = 'No dots left: 3 of 3 used'
    for (const id of ids) {
      await expect(plus(page, id)).toBeDisabled()
      await expect(plus(page, id)).toHaveAttribute('title', why)
      await expect(plus(page, id)).toHaveAccessibleDescription(why)
    }
    await expect(page.getByTestId('vote-banner')).toContainText(why)
    await expect(page.getByTestId('vote-banner')).toBeVisible()
    // Taking a dot back turns "+" on again.
    await minus(page, ids[0]!).click()
    await expect(plus(page, ids[1]!)).toBeEnabled()
    await expect(page.getByTestId('vote-banner')).not.toContainText(why)
  })

  test("no vote badge or author label covers a note's text, and author labels stay in their notes", async ({ workshop }) => {
    const { paul, ids } = await openVote(workshop)
    const page = paul.page
    const check = async () => {
      const textBoxes = await Promise.all(ids.map((id) => boxOf(page.locator(`[id="${id}"] .tl-rich-text`))))
      const noteBoxes = await Promise.all(ids.map((id) => boxOf(page.locator(`[id="${id}"]`))))
      await expect(page.getByTestId('note-author').filter({ hasText: 'Paul Participant' })).toHaveCount(ids.length)
      const badges = [...(await page.locator('[data-testid^="votes-"]').all()), ...(await page.getByTestId('note-author').all())]
      expect(badges).toHaveLength(2 * ids.length)
      for (const badge of badges) {
        const box = await boxOf(badge)
        for (const [i, text] of textBoxes.entries()) expect(intersects(box, text), `${await badge.getAttribute('data-testid')} over the text of "${TEXTS[i]}"`).toBe(false)
      }
      // An author label lies inside its note: it never spills over a cell border.
      for (const author of await page.getByTestId('note-author').all()) {
        const box = await boxOf(author)
        expect(noteBoxes.some((note) => isInside(box, note)), 'an author label inside its note').toBe(true)
        // Smaller than the note's text.
        const [labelPx, textPx] = await author.evaluate((el) => [
          parseFloat(getComputedStyle(el).fontSize),
          parseFloat(getComputedStyle(document.querySelector('.tl-note__container .tl-text-label__inner')!).fontSize),
        ])
        expect(labelPx).toBeLessThan(textPx!)
      }
    }
    await check()
    // With dots placed (a count appears beside the controls) it still holds.
    await plus(page, ids[0]!).click()
    await plus(page, ids[1]!).click()
    await expect(page.getByTestId('vote-banner')).toContainText('1 of 3 dots left')
    await check()
    await page.screenshot({ path: test.info().outputPath('badges-1440x900.png') })
  })
})
