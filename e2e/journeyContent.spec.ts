import fs from 'node:fs'
import type { Download, Page } from '@playwright/test'
import { addNoteByDoubleClick, addStickyNote, cellPoint } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

interface ExportedNote {
  id: string
  kind: string
  text: string
  author: string
  color: string
}
interface ExportedJourney {
  cells: { stageId: string; laneId: string; notes: ExportedNote[] }[]
  unplaced: { note: ExportedNote }[]
  meta: { agreedVersion: string | null }
}

/** The shapes on this screen with words, as tldraw holds them. */
const shapesWithText = (page: Page, text: string) =>
  page.evaluate((t) => {
    const editor = window.editor!
    return editor
      .getCurrentPageShapes()
      .filter((s) => JSON.stringify(s.props).includes(t))
      .map((s) => ({ id: s.id as string, type: s.type, color: (s.props as { color?: string }).color, author: s.meta.authorName }))
  }, text)

const readDownload = async (download: Download) => fs.readFileSync((await download.path())!, 'utf8')

test('double-clicking an empty cell and typing gives a sticky note there; text, geo and frame shapes in cells are in every structured export', async ({ workshop }) => {
  test.setTimeout(120_000)
  const { owner: owen, guests: [pia] } = await workshop.startBoard('Double click map', 'Owen Owner', [['Pia Participant', 'participant']])

  // Pia's first instinct: double-click the empty Purchase × Pain points cell and type.
  await addNoteByDoubleClick(pia.page, await cellPoint(pia.page, 'purchase', 'pain-points', 'centre'), 'Fees & surprises at checkout')
  // A note made with the note tool, for the colour the note tool gives her.
  await addStickyNote(pia.page, await cellPoint(pia.page, 'use', 'pain-points'), 'By the note tool')
  const [byDoubleClick] = await shapesWithText(pia.page, 'Fees & surprises')
  const [byTool] = await shapesWithText(pia.page, 'By the note tool')
  expect(byDoubleClick).toMatchObject({ type: 'note', author: 'Pia Participant', color: byTool.color })

  // Words that end up in cells as other shapes: the text tool, and a labelled box and a named frame.
  await pia.page.getByTestId('tools.text').click()
  const thoughts = await cellPoint(pia.page, 'awareness', 'thoughts', 'centre')
  await pia.page.mouse.click(thoughts.x - 60, thoughts.y)
  await pia.page.locator('[contenteditable="true"]:focus').waitFor()
  await pia.page.keyboard.type('Typed as text')
  await pia.page.keyboard.press('Escape')
  await pia.page.keyboard.press('Escape')
  await pia.page.evaluate(() => {
    const editor = window.editor!
    const bounds = (id: string) => editor.getShapePageBounds(id as never)!
    const touch = bounds('shape:cell-use--touchpoints')
    const opp = bounds('shape:cell-use--opportunities')
    editor.createShape({ type: 'geo', x: touch.midX - 80, y: touch.midY - 50, props: { w: 160, h: 100, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Boxed touchpoint' }] }] } } } as never)
    editor.createShape({ type: 'frame', x: opp.midX - 100, y: opp.midY - 80, props: { w: 200, h: 160, name: 'Loyalty ideas' } } as never)
  })
  expect((await shapesWithText(pia.page, 'Typed as text'))[0]).toMatchObject({ type: 'text', author: 'Pia Participant' })

  // The lead's Map preview shows them in their cells, kind marked.
  await owen.page.getByRole('button', { name: 'Export' }).click()
  const panel = owen.page.getByTestId('journey-panel')
  await expect(panel.getByTestId('journey-cell-purchase-pain-points')).toContainText('Fees & surprises at checkout')
  await expect(panel.getByTestId('journey-cell-awareness-thoughts')).toContainText('Typed as text(text)')
  await expect(panel.getByTestId('journey-cell-use-touchpoints')).toContainText('Boxed touchpoint(geo)')
  await expect(panel.getByTestId('journey-cell-use-opportunities')).toContainText('Loyalty ideas(frame)')

  // JSON, CSV and Markdown, from the server's stored copy, cell by cell.
  await expect(pia.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
  const [jsonFile] = await Promise.all([owen.page.waitForEvent('download'), panel.getByTestId('download-json').click()])
  const journey = JSON.parse(await readDownload(jsonFile)) as ExportedJourney
  const notesIn = (stageId: string, laneId: string) =>
    journey.cells.find((c) => c.stageId === stageId && c.laneId === laneId)!.notes.map((n) => [n.kind, n.text, n.author])
  expect(notesIn('purchase', 'pain-points')).toEqual([['note', 'Fees & surprises at checkout', 'Pia Participant']])
  expect(notesIn('awareness', 'thoughts')).toEqual([['text', 'Typed as text', 'Pia Participant']])
  expect(notesIn('use', 'touchpoints')).toEqual([['geo', 'Boxed touchpoint', 'Pia Participant']])
  expect(notesIn('use', 'opportunities')).toEqual([['frame', 'Loyalty ideas', 'Pia Participant']])
  expect(journey.unplaced).toEqual([])

  const [csvFile] = await Promise.all([owen.page.waitForEvent('download'), panel.getByTestId('download-csv').click()])
  const csv = (await readDownload(csvFile)).replace(/^\uFEFF/, '').split('\r\n')
  expect(csv[0]).toBe('stage,stage order,lane,text,author,votes,emotion score,kind')
  expect(csv).toContain('Purchase,4,Pain points & barriers,Fees & surprises at checkout,Pia Participant,0,,note')
  expect(csv).toContain('Awareness,1,Thoughts & questions,Typed as text,Pia Participant,0,,text')
  expect(csv).toContain('Use,5,Touchpoints,Boxed touchpoint,Pia Participant,0,,geo')
  expect(csv).toContain('Use,5,Opportunities,Loyalty ideas,Pia Participant,0,,frame')

  const [mdFile] = await Promise.all([owen.page.waitForEvent('download'), panel.getByTestId('download-md').click()])
  const md = await readDownload(mdFile)
  expect(md).toMatch(/\| \*\*Pain points & barriers\*\* \|( [^|]* \|){3} Fees & surprises at checkout \|/)
  expect(md).toMatch(/\| \*\*Thoughts & questions\*\* \| Typed as text _\(text\)_ \|/)
  expect(md).toMatch(/\| \*\*Opportunities\*\* \|( [^|]* \|){4} Loyalty ideas _\(frame\)_ \|/)
  await owen.page.screenshot({ path: 'test-results/journey-content-export.png' })
})

test('the Markdown export writes "&" as "&", keeps http(s) and mailto links, and lets no javascript: link or remote image through', async ({ workshop }) => {
  const { owner: mia } = await workshop.startBoard('Links & ampersands', 'Mia Markdown')
  await addStickyNote(mia.page, await cellPoint(mia.page, 'purchase', 'pain-points', 'centre'), 'Fish & chips <b>hi</b> [pay](javascript:alert(1)) ![t](https://tracker.example/p.png) see https://example.com/help or mailto:help@example.com')
  await expect(mia.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
  await mia.page.getByRole('button', { name: 'Export' }).click()
  const panel = mia.page.getByTestId('journey-panel')
  const [mdFile] = await Promise.all([mia.page.waitForEvent('download'), panel.getByTestId('download-md').click()])
  const md = await readDownload(mdFile)
  expect(md).toContain('# Links & ampersands\n')
  expect(md).toContain(
    'Fish & chips \\<b>hi\\</b> \\[pay\\]\\(javascript:alert\\(1\\)\\) [t](<https://tracker.example/p.png>) see <https://example.com/help> or <mailto:help@example.com>',
  )
  expect(md).not.toContain('&amp;')
  expect(md).not.toContain('](javascript:')
  expect(md).not.toContain('![')
})

test('the Export panel exports the version the lead picks: live, the latest agreed or one from the list; Preview shows a version and downloads nothing', async ({ workshop }) => {
  test.setTimeout(120_000)
  const { owner: fiona, guests: [lee] } = await workshop.startBoard('Versioned map', 'Fiona Facilitator', [['Lee Lead', 'lead']])

  const downloads: string[] = []
  lee.page.on('download', (d) => downloads.push(d.suggestedFilename()))
  const mark = async (label: string) => {
    await expect(lee.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
    await expect(fiona.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
    const facilitate = lee.page.getByTestId('facilitator-panel')
    if (!(await facilitate.isVisible())) await lee.page.getByRole('button', { name: 'Facilitate' }).click()
    await facilitate.getByLabel('Version label').fill(label)
    await facilitate.getByRole('button', { name: 'Mark agreed' }).click()
    await expect(facilitate.getByTestId('version-list')).toContainText(label)
  }
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'purchase', 'pain-points'), 'First idea')
  await expect(lee.page.locator('.tl-shapes').getByText('First idea')).toBeVisible()
  await mark('Round one')
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'use', 'pain-points'), 'Second idea')
  await expect(lee.page.locator('.tl-shapes').getByText('Second idea')).toBeVisible()
  await mark('Round two')
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'awareness', 'pain-points'), 'Live only idea')
  await expect(lee.page.locator('.tl-shapes').getByText('Live only idea')).toBeVisible()
  await expect(fiona.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')

  // Preview of "Round one" in the version list: the Export panel shows it, and nothing downloads.
  const versionRow = lee.page.getByTestId('version-list').locator('li', { hasText: 'Round one' })
  await versionRow.getByRole('button', { name: 'Preview' }).click()
  const panel = lee.page.getByTestId('journey-panel')
  await expect(panel.getByTestId('export-version-note')).toContainText('Round one')
  const map = panel.getByTestId('journey-table')
  await expect(map).toContainText('First idea')
  await expect(map).not.toContainText('Second idea')
  await expect(map).not.toContainText('Live only idea')
  expect(downloads).toEqual([])
  expect(lee.context.pages()).toHaveLength(1)

  const texts = async (format: 'csv' | 'md' | 'json') => {
    const [file] = await Promise.all([lee.page.waitForEvent('download'), panel.getByTestId(`download-${format}`).click()])
    const body = await readDownload(file)
    return ['First idea', 'Second idea', 'Live only idea'].filter((t) => body.includes(t))
  }
  // That version's files.
  expect(await texts('csv')).toEqual(['First idea'])
  expect(await texts('md')).toEqual(['First idea'])
  await expect(panel.getByTestId('download-png')).toBeDisabled()

  // The latest agreed version.
  await panel.getByTestId('export-version').selectOption('agreed')
  await expect(panel.getByTestId('export-version-note')).toContainText('Round two')
  await expect(map).toContainText('Second idea')
  await expect(map).not.toContainText('Live only idea')
  expect(await texts('json')).toEqual(['First idea', 'Second idea'])
  expect(await texts('csv')).toEqual(['First idea', 'Second idea'])

  // Back to the live board.
  await panel.getByTestId('export-version').selectOption('live')
  await expect(panel.getByTestId('export-version-note')).toHaveCount(0)
  await expect(map).toContainText('Live only idea')
  expect(await texts('md')).toEqual(['First idea', 'Second idea', 'Live only idea'])
  await expect(panel.getByTestId('download-png')).toBeEnabled()
  // The picker on a laptop and on a phone: nothing overlaps or is clipped.
  await panel.getByTestId('export-version').selectOption('agreed')
  await expect(panel.getByTestId('export-version-note')).toBeVisible()
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ]) {
    await lee.page.setViewportSize({ width, height })
    await expect(panel.getByTestId('export-version')).toBeInViewport()
    await lee.page.screenshot({ path: `test-results/export-version-${width}.png` })
  }
})
