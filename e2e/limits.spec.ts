import { addStickyNote, cellPoint } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

const TOO_LONG = 'This note is too long: 20,000 characters at most.'

/** The rich text of `length` characters, as tldraw stores it. */
const longText = (length: number) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(length) }] }] })

test('a note over 20,000 characters is stopped in the browser, refused by the server, and its writer told why', async ({ workshop }) => {
  // Two browsers on a shared two-core machine.
  test.slow()
  const owner = await workshop.signUp('Fiona Facilitator')
  const boardId = await workshop.createBoard('Limits', undefined, owner)
  const fiona = await workshop.openBoardAsOwner(boardId, 'Fiona Facilitator', owner)
  const pat = await workshop.joinAsGuest(boardId, 'Pat Participant', 'participant', owner)
  await pat.page.setViewportSize({ width: 1440, height: 900 })
  await addStickyNote(pat.page, await cellPoint(pat.page, 'purchase', 'touchpoints'), 'short and fine')
  const noteId: string = await pat.page.evaluate<string>(() => window.editor!.getCurrentPageShapes().find((s) => s.type === 'note')!.id as string)
  const hasShape = (page: typeof pat.page, id: string) => page.evaluate<boolean, string>((i) => !!window.editor!.getShape(i as never), id)
  await expect.poll(() => hasShape(fiona.page, noteId)).toBe(true)

  // Growing an existing note past the limit is stopped on Pat's screen before it is sent.
  await pat.page.evaluate(
    ([id, richText]) => void window.editor!.updateShape({ id: id as never, type: 'note', props: { richText } as never }),
    [noteId, longText(20_001)] as const,
  )
  const notice = pat.page.getByTestId('limit-notice')
  await expect(notice).toHaveText(TOO_LONG)
  await pat.page.screenshot({ path: test.info().outputPath('limit-notice-1440.png') })
  expect(await pat.page.evaluate<number, string>((id) => JSON.stringify(window.editor!.getShape(id as never)).length, noteId)).toBeLessThan(2_000)

  // A note created already too long (tldraw cannot stop a creation) is undone by the server, which tells Pat.
  await pat.page.evaluate(
    ([richText]) => void window.editor!.createShape({ id: 'shape:pasted-long' as never, type: 'note', x: 4000, y: 4000, props: { richText } as never }),
    [longText(25_000)] as const,
  )
  await expect.poll(() => hasShape(pat.page, 'shape:pasted-long'), { timeout: 15_000 }).toBe(false)
  await expect(notice).toHaveText(TOO_LONG)
  expect(await hasShape(fiona.page, 'shape:pasted-long')).toBe(false)

  // On a phone-sized screen the notice fits.
  await pat.page.setViewportSize({ width: 390, height: 844 })
  await pat.page.evaluate(
    ([id, richText]) => void window.editor!.updateShape({ id: id as never, type: 'note', props: { richText } as never }),
    [noteId, longText(30_000)] as const,
  )
  await expect(notice).toBeVisible()
  const box = (await notice.boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(390)
  await pat.page.screenshot({ path: test.info().outputPath('limit-notice-390.png') })
})
