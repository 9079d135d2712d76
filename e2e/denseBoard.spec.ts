import type { Page } from '@playwright/test'
import type { TLNoteShape, TLShapeId } from 'tldraw'
import { waitConnected } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

const NOTE_COUNT = 600

/** The note's container (tldraw gives it the shape id) and what it draws. */
const noteText = (id: string) => `[id="shape:dense-${id}"] .tl-rich-text`
const noteLines = (id: string) => `[id="shape:dense-${id}"] [data-greeked]`

/**
 * The overview canvas's colour near a note's top-left corner (inside its padding, clear of the lines),
 * as CSS `rgb(r, g, b)`; or near `corner`, a page point, by the same offset.
 */
async function readCanvasPixel(page: Page, shapeId: string, corner?: { x: number; y: number }): Promise<string> {
  return page.evaluate(({ id, corner }) => {
    const editor = window.editor!
    const bounds = editor.getShapePageBounds(id as TLShapeId)!
    const { x, y } = corner ?? bounds
    const point = editor.pageToViewport({ x: x + bounds.w * 0.08, y: y + bounds.h * 0.08 })
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="overview-notes"]')!
    const scale = canvas.width / editor.getViewportScreenBounds().w
    const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round(point.x * scale), Math.round(point.y * scale), 1, 1).data
    return `rgb(${r}, ${g}, ${b})`
  }, { id: shapeId, corner })
}

test('a dense board draws unreadable note text as lines, and the text once zoomed in or selected', async ({ workshop }) => {
  test.setTimeout(120_000)
  const owner = await workshop.signUp('Dee Dense')
  const boardId = await workshop.createBoard('Dense board', undefined, owner)
  const lead = await workshop.openBoardAsOwner(boardId, 'Dee Dense', owner)
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

  // Fitted to the screen, 22 px text is about 5 px: the notes are drawn on the overview canvas (no
  // note in the DOM), with lines for text, and without author labels.
  await page.reload()
  await waitConnected(page)
  // Nothing hovered (a hovered note stays a shape).
  await page.mouse.move(0, 0)
  const canvas = page.getByTestId('overview-notes')
  await expect(canvas).toHaveAttribute('data-notes', String(NOTE_COUNT))
  await expect(page.locator('.tl-note__container')).toHaveCount(0)
  await expect(page.getByTestId('note-author')).toHaveCount(0)

  // A selected note is tldraw's own, with its text (ready to be edited); the canvas leaves it out.
  await page.evaluate(() => void window.editor!.select('shape:dense-7' as TLShapeId))
  await expect(page.locator(noteText('7'))).toHaveText('Dense note 7')
  await expect(canvas).toHaveAttribute('data-notes', String(NOTE_COUNT - 1))
  await expect(page.getByTestId('note-author')).toHaveCount(1)
  // The canvas paints a note in the colour tldraw gives it: note 8's pixels against note 7's DOM.
  const domColour = await page.locator(`[id="shape:dense-7"]`).evaluate((el) => getComputedStyle(el).backgroundColor)
  expect(await readCanvasPixel(page, 'shape:dense-8')).toBe(domColour)
  // Several selected notes stay shapes (tldraw draws their outlines), with their text as lines.
  await page.evaluate(() => void window.editor!.select('shape:dense-7' as TLShapeId, 'shape:dense-8' as TLShapeId))
  await expect(page.locator(noteLines('7'))).toHaveCount(1)
  await expect(page.locator(noteLines('8'))).toHaveCount(1)
  await expect(canvas).toHaveAttribute('data-notes', String(NOTE_COUNT - 2))
  await page.evaluate(() => void window.editor!.selectNone())
  await expect(canvas).toHaveAttribute('data-notes', String(NOTE_COUNT))
  await expect(page.getByTestId('note-author')).toHaveCount(0)

  // An edit repaints only where the note was and is (paintOverviewNotes): the pixels must be the
  // note's new colour, then, once it moves away, those of the notes under its old place.
  const plain = await readCanvasPixel(page, 'shape:dense-599')
  expect(plain).toBe(domColour)
  // Notes take the author's colour for new shapes, so pick one the note does not have.
  await page.evaluate(() => {
    const editor = window.editor!
    const note = editor.getShape('shape:dense-599' as TLShapeId) as TLNoteShape
    editor.updateShape({ id: note.id, type: 'note', props: { color: note.props.color === 'red' ? 'green' : 'red' } })
  })
  // Changed while drawn (not taken off the canvas and put back, as a selection would).
  await expect.poll(() => readCanvasPixel(page, 'shape:dense-599')).not.toBe(plain)
  const drawnRecoloured = await readCanvasPixel(page, 'shape:dense-599')
  await page.evaluate(() => void window.editor!.select('shape:dense-599' as TLShapeId))
  const recoloured = await page.locator(`[id="shape:dense-599"]`).evaluate((el) => getComputedStyle(el).backgroundColor)
  expect(drawnRecoloured).toBe(recoloured)
  await page.evaluate(() => void window.editor!.selectNone())
  await expect.poll(() => readCanvasPixel(page, 'shape:dense-599')).toBe(recoloured)
  // Left of every other note, still in view.
  const oldCorner = await page.evaluate(() => {
    const editor = window.editor!
    const before = editor.getShapePageBounds('shape:dense-599' as TLShapeId)!
    editor.updateShape({ id: 'shape:dense-599' as TLShapeId, type: 'note', x: 60, y: 150 })
    return { x: before.x, y: before.y, inView: editor.getViewportPageBounds().contains(editor.getShapePageBounds('shape:dense-599' as TLShapeId)!) }
  })
  expect(oldCorner.inView).toBe(true)
  await expect.poll(() => readCanvasPixel(page, 'shape:dense-599')).toBe(recoloured)
  // Note 598 lies under the old place.
  expect(await page.evaluate(({ x, y }) => window.editor!.getShapePageBounds('shape:dense-598' as TLShapeId)!.containsPoint({ x: x + 16, y: y + 16 }), oldCorner)).toBe(true)
  expect(await readCanvasPixel(page, 'shape:dense-598', oldCorner)).toBe(plain)

  // Zoomed in to 100 %, the notes in view are shapes with their text and authors.
  await page.evaluate(() => {
    const editor = window.editor!
    editor.zoomToBounds(editor.getShapePageBounds('shape:dense-40' as TLShapeId)!, { targetZoom: 1, immediate: true })
  })
  await expect(page.locator(noteText('40'))).toHaveText('Dense note 40')
  await expect(page.locator(noteLines('40'))).toHaveCount(0)
  await expect(page.getByTestId('note-author').filter({ hasText: 'Dee Dense' }).first()).toBeVisible()
  await expect(canvas).toHaveAttribute('data-notes', '0')
  // Notes out of view are not mounted at all, until they come into view.
  await expect(page.locator(`[id="shape:dense-590"]`)).toHaveCount(0)
  await page.evaluate(() => {
    const editor = window.editor!
    editor.centerOnPoint(editor.getShapePageBounds('shape:dense-590' as TLShapeId)!.center, { immediate: true })
  })
  await expect(page.locator(noteText('590'))).toHaveText('Dense note 590')

  // Back at the overview with fewer than 500 shapes on the page, every note is a shape with its text.
  await page.evaluate(() => {
    const editor = window.editor!
    editor.deleteShapes(Array.from({ length: 200 }, (_, i) => `shape:dense-${400 + i}` as TLShapeId))
    editor.zoomToFit({ immediate: true })
  })
  await expect(page.locator(noteText('7'))).toHaveText('Dense note 7')
  await expect(page.locator('[data-greeked]')).toHaveCount(0)
  await expect(canvas).toHaveAttribute('data-notes', '0')
})
