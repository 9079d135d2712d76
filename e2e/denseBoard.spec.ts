import type { TLShapeId } from 'tldraw'
import { createBoard, expect, openBoardAsOwner, signUp, test, waitConnected } from './fixtures/actors'

const NOTE_COUNT = 600

/** The note's container (tldraw gives it the shape id) and what it draws. */
const noteText = (id: string) => `[id="shape:dense-${id}"] .tl-rich-text`
const noteLines = (id: string) => `[id="shape:dense-${id}"] [data-greeked]`

test('a dense board draws unreadable note text as lines, and the text once zoomed in or selected', async ({ browser, baseURL }) => {
  test.setTimeout(120_000)
  const owner = await signUp(baseURL!, 'Dee Dense')
  const boardId = await createBoard(baseURL!, 'Dense board', undefined, owner)
  const lead = await openBoardAsOwner(browser, baseURL!, boardId, 'Dee Dense', owner)
  const page = lead.page

  // 600 notes over the template's grid: with the grid's shapes, more than tldraw's 500-shape mark.
  await page.evaluate((count) => {
    const editor = window.editor!
    const richText = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes(
      Array.from({ length: count }, (_, i) => ({
        id: `shape:dense-${i}` as TLShapeId,
        type: 'note' as const,
        x: 300 + (i % 30) * 100,
        y: 150 + Math.floor(i / 30) * 120,
        props: { richText: richText(`Dense note ${i}`) },
      })),
    )
    editor.zoomToFit({ immediate: true })
  }, NOTE_COUNT)
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')

  // Fitted to the screen, 22 px text is about 5 px: lines instead of text, and no author labels.
  await page.reload()
  await waitConnected(page)
  await expect(page.locator('[data-greeked]')).toHaveCount(NOTE_COUNT)
  await expect(page.locator(noteText('7'))).toHaveCount(0)
  await expect(page.getByTestId('note-author')).toHaveCount(0)

  // A selected note is tldraw's own, with its text (ready to be edited).
  await page.evaluate(() => void window.editor!.select('shape:dense-7' as TLShapeId))
  await expect(page.locator(noteText('7'))).toHaveText('Dense note 7')
  await expect(page.locator(noteLines('7'))).toHaveCount(0)
  await expect(page.getByTestId('note-author')).toHaveCount(1)
  await page.evaluate(() => void window.editor!.selectNone())
  await expect(page.getByTestId('note-author')).toHaveCount(0)

  // Zoomed in to 100 %, text and authors are back.
  await page.evaluate(() => {
    const editor = window.editor!
    editor.zoomToBounds(editor.getShapePageBounds('shape:dense-40' as TLShapeId)!, { targetZoom: 1, immediate: true })
  })
  await expect(page.locator(noteText('40'))).toHaveText('Dense note 40')
  await expect(page.locator(noteLines('40'))).toHaveCount(0)
  await expect(page.getByTestId('note-author').filter({ hasText: 'Dee Dense' }).first()).toBeVisible()
  // Notes out of view stay lines until they come into view, then show their text.
  await expect(page.locator(noteLines('590'))).toHaveCount(1)
  await page.evaluate(() => {
    const editor = window.editor!
    editor.centerOnPoint(editor.getShapePageBounds('shape:dense-590' as TLShapeId)!.center, { immediate: true })
  })
  await expect(page.locator(noteText('590'))).toHaveText('Dense note 590')

  // Back at the overview with fewer than 500 shapes on the page, the text stays text.
  await page.evaluate(() => {
    const editor = window.editor!
    editor.deleteShapes(Array.from({ length: 200 }, (_, i) => `shape:dense-${400 + i}` as TLShapeId))
    editor.zoomToFit({ immediate: true })
  })
  await expect(page.locator(noteText('7'))).toHaveText('Dense note 7')
  await expect(page.locator('[data-greeked]')).toHaveCount(0)
})
