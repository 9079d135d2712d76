/**
 * Saves a real board snapshot from the running app as a test fixture, so the journey tests read
 * records exactly as tldraw writes them (not hand-typed guesses). Run against a started server:
 *   node scripts/captureBoardFixture.mjs http://localhost:3000 lib/journey/fixtures/workshop-board.json
 * It creates a buyer-journey board, writes notes through the UI (note tool and keyboard), groups and
 * rotates some with tldraw's own editor commands, then stores the persisted records.
 */
import fs from 'node:fs'
// Plain JavaScript: functions passed to page.evaluate must not carry a TS compiler's helpers.
import { chromium } from '@playwright/test'

const [baseUrl = 'http://localhost:3000', outFile = 'lib/journey/fixtures/workshop-board.json'] = process.argv.slice(2)

async function cellCentre(page, stage, lane, dx = 0, dy = 0) {
  return page.evaluate(
    ([s, l, ox, oy]) => {
      const e = window.editor
      const b = e.getShapePageBounds(`shape:cell-${s}--${l}`)
      return e.pageToScreen({ x: b.midX + Number(ox), y: b.midY + Number(oy) })
    },
    [stage, lane, dx, dy],
  )
}

async function note(page, stage, lane, keys, dx = 0, dy = 0) {
  const at = await cellCentre(page, stage, lane, dx, dy)
  await page.keyboard.press('Escape')
  await page.getByTestId('tools.note').click()
  await page.mouse.click(at.x, at.y)
  // Type only once the note's text editor has focus, or the first keys land out of order.
  await page.locator('[contenteditable="true"]:focus').waitFor()
  for (const k of keys) {
    if (k.startsWith('key:')) await page.keyboard.press(k.slice(4))
    else await page.keyboard.type(k)
  }
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
}

async function main() {
  const res = await fetch(`${baseUrl}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Online language course', template: 'buyer-journey' }) })
  const { id } = await res.json()
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] })
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
  await page.addInitScript(() => localStorage.setItem('journey-board:user', JSON.stringify({ id: 'fixture-user-ann', name: 'Ann Facilitator', color: '#e03131' })))
  await page.goto(`${baseUrl}/b/${id}`)
  await page.getByTestId('connection-status').and(page.locator('[data-state="connected"]')).waitFor()

  await note(page, 'awareness', 'actions', ['Needs English for a job abroad'])
  await note(page, 'information-search', 'touchpoints', ['Sees ads on Instagram', 'key:Shift+Enter', 'and YouTube'])
  await note(page, 'comparing-alternatives', 'thoughts', ['key:Control+b', 'Do I really need this?', 'key:Control+b'])
  await note(page, 'purchase', 'pain-points', ['- ', 'Card declined', 'key:Enter', 'No PayPal'])
  await note(page, 'use', 'emotions', ['🙂 lessons are fun'])
  await note(page, 'return-loyalty', 'emotions', ['-2 renewal price doubled'])
  await note(page, 'return-loyalty', 'opportunities', ['Offer a 6-month discount'])
  await note(page, 'awareness', 'emotions', [''])
  // One note on the border between Purchase and Use, one outside the grid.
  await note(page, 'purchase', 'actions', ['Asks support about refunds'], 260, 0)
  await note(page, 'awareness', 'actions', ['Parking lot: mobile app?'], -900, 0)
  // Group two notes and rotate one, with tldraw's own commands.
  await note(page, 'use', 'actions', ['Takes lessons'], -60, -60)
  await note(page, 'use', 'actions', ['Asks the manager questions'], 60, 60)
  await page.evaluate(() => {
    const e = window.editor
    const notes = e.getCurrentPageShapes().filter((s) => s.type === 'note')
    const byText = (t) => {
      const found = notes.find((n) => JSON.stringify(n.props).includes(t))
      if (!found) throw new Error(`no note with "${t}" among ${notes.map((n) => JSON.stringify(n.props.richText)).join(" | ")}`)
      return found.id
    }
    e.groupShapes([byText('Takes lessons'), byText('Asks the manager questions')])
    e.rotateShapesBy([byText('Offer a 6-month discount')], Math.PI / 8)
  })
  await page.getByTestId('save-status').and(page.locator('[data-saved="true"]')).waitFor()
  const records = await page.evaluate(() => window.editor.store.allRecords().filter((r) => ['document', 'page', 'shape', 'binding', 'asset', 'user'].includes(r.typeName)))
  fs.writeFileSync(outFile, JSON.stringify({ boardId: id, capturedWith: 'scripts/captureBoardFixture.ts', records }, null, 1) + '\n')
  console.log(`wrote ${records.length} records to ${outFile}`)
  await browser.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
