import fs from 'node:fs'
import { addStickyNote, cellPoint, waitConnected } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'

test('a note typed into Purchase × Pain points shows in that cell of the lead\'s export preview and CSV', async ({ workshop }) => {
  const owner = await workshop.signUp('Owen Owner')
  const boardId = await workshop.createBoard('Course checkout', undefined, owner)
  const lead = await workshop.joinAsGuest(boardId, 'Lee Lead', 'lead', owner)
  const participant = await workshop.joinAsGuest(boardId, 'Pia Participant', 'participant', owner)

  await addStickyNote(participant.page, await cellPoint(participant.page, 'purchase', 'pain-points', 'centre'), 'Card declined twice')

  await lead.page.getByRole('button', { name: 'Export' }).click()
  const panel = lead.page.getByTestId('journey-panel')
  await expect(panel.getByTestId('journey-cell-purchase-pain-points')).toContainText('Card declined twice')
  await expect(panel.getByTestId('journey-cell-purchase-opportunities')).not.toContainText('Card declined twice')

  // The CSV comes from the server's persisted copy of the board.
  await expect(participant.page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
  const [download] = await Promise.all([lead.page.waitForEvent('download'), panel.getByTestId('download-csv').click()])
  expect(download.suggestedFilename()).toBe('course-checkout-journey.csv')
  const csv = fs.readFileSync((await download.path())!, 'utf8')
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n')
  expect(lines[0]).toBe('stage,stage order,lane,text,author,votes,emotion score,kind')
  expect(lines).toContain('Purchase,4,Pain points & barriers,Card declined twice,Pia Participant,0,,note')

  // The PDF (pdf-lib is loaded only now, on demand) holds the board's image.
  const [pdf] = await Promise.all([lead.page.waitForEvent('download'), panel.getByTestId('download-pdf').click()])
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
  const pdfBytes = fs.readFileSync((await pdf.path())!)
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-')
  expect(pdfBytes.includes(Buffer.from('/Subtype /Image'))).toBe(true)

  await panel.getByRole('tab', { name: /Checklist/ }).click()
  await expect(panel.getByTestId('coverage-list')).toContainText('Purchase')
  await panel.getByRole('tab', { name: 'Emotion curve' }).click()
  await expect(panel.getByTestId('emotion-curve')).toBeVisible()
  await lead.page.screenshot({ path: 'test-results/export-panel.png' })
})

test('importing a journey JSON opens a new board; a broken file is refused with the reasons', async ({ baseURL, workshop }) => {
  const owner = await workshop.signUp('Ida Importer')
  const sourceId = await workshop.createBoard('Exported map', 'phases', owner)
  const journey = (await (await fetch(`${baseURL}/api/boards/${sourceId}/journey`, { headers: { cookie: owner } })).json()) as { title: string; cells: { notes: unknown[] }[] }
  journey.title = 'Imported map'
  journey.cells[0].notes.push({ id: 'shape:from-file', kind: 'note', text: 'Hears about us from a friend', author: 'Kim', color: 'green', votes: 0, updatedAt: null, emotionScore: null })

  const page = await (await workshop.contextWithSession(owner)).newPage()
  await page.goto('/')
  await page.getByTestId('import-journey').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...journey, schemaVersion: 99 })) })
  await expect(page.getByTestId('create-error')).toContainText('broken.json')
  await expect(page.getByTestId('create-error')).toContainText('schemaVersion')

  await page.getByTestId('import-journey').setInputFiles({ name: 'map.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(journey)) })
  await page.waitForURL(/\/b\//)
  await waitConnected(page)
  await expect(page.locator('.tl-shapes').getByText('Hears about us from a friend')).toBeVisible()
  await expect(page.locator('.tl-shapes').getByText('Imported map')).toBeVisible()
})
