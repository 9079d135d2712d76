/**
 * Opens a board holding 4,000 sticky notes (or `--notes N`) in Debian's Chromium (`npm run bench:browser`):
 *  - time from navigation to interactive (editor mounted, connected, all notes in the store) and to
 *    quiet (the main thread then free: no task over 50 ms for 1 s), 3 loads;
 *  - the main-thread work a camera jump causes: to 100 % on one note, then back to the whole board,
 *    at once and as a 30-frame gesture (the long tasks until quiet; notes switch between text and
 *    greeked lines there);
 *  - frame times (requestAnimationFrame deltas) idle, then while 30 remote stock clients edit
 *    (2 edits/s each) and move their cursors (10 Hz) for 10 s;
 *  - in the same run, the stock alternative: tldraw as it comes, loading the same records over HTTP
 *    (bench/stockBoard), its loads alternating with ours and its camera jumps, and ours/stock ratios.
 * Needs the built app (`npx next build`; run here if `.next/BUILD_ID` is missing). Prints markdown and
 * writes bench-results/browser.json (browser-N-notes.json with `--notes N`). Goal: interactive <= 2 s (judged on both marks).
 *
 * Options: --profile DIR   also record Chromium CPU profiles (CDP) of the first load, the zoom-out
 *                          gesture and the editing phase into DIR (open them in Chrome DevTools, Performance tab).
 *          --loads N       loads to time (default 3).
 *          --screenshot F  save a PNG of the board as the last load left it (after quiet) to F.
 *          --no-stock      leave out the stock tldraw page.
 *          --notes N       notes on the board (default 4,000).
 *          --no-floor      leave out the floor: by default the run also opens both pages with one note
 *                          (as many loads, alternating), the cost of opening a tldraw page on this
 *                          machine before any notes add to it, and reports what the notes add over it.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { BOARD_MARKS } from '../components/sync/boardMarks'
import { ClientPool } from './ClientPool'
import { wallNowMs } from './Participant'
import { seedBoardNotes } from './seedBoardNotes'
import { startStockBoardServer } from './stockBoard/startStockBoardServer'
import { startOurServer, type BenchRoom, type BenchServer } from './startServers'
import { summarize, type Summary } from './summarize'
import type { ClientSpec } from './workerProtocol'

const REPO_ROOT = path.resolve(__dirname, '..')
const DEFAULT_NOTE_COUNT = 4_000
const DEFAULT_LOADS = 3
/** Sampling interval of the optional CPU profiles, in microseconds. */
const PROFILE_SAMPLING_US = 200
/** Performance marks the board page sets while it opens, by the field of LoadResult they fill. */
const PAGE_MARKS = { docSyncedAt: BOARD_MARKS.docSynced, storeLoadedAt: BOARD_MARKS.storeLoaded } as const
const REMOTE_CLIENTS = 30
const IDLE_SAMPLE_MS = 5_000
const EDIT_SAMPLE_MS = 10_000
const INTERACTIVE_TIMEOUT_MS = 60_000
const RUN_LIMIT_MS = 10 * 60_000
const INTERACTIVE_GOAL_MS = 2_000
/** "Quiet": the first moment after interactive followed by this long without a long task (> 50 ms). */
const QUIET_WINDOW_MS = 1_000
/** Frames of the zoom-out gesture (one camera step each). */
const GESTURE_FRAMES = 30
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage']
const LOCAL_USER = { id: 'b', name: 'Bench', color: '#1971c2' }

/** What the init script records in the page, in ms since navigation start. */
interface PageMarks {
  /** The board's document arrived (first sync) and binding started. */
  docSyncedAt?: number
  /** Every record is in the tldraw store; rendering starts. */
  storeLoadedAt?: number
  mountedAt?: number
  connectedAt?: number
  interactiveAt?: number
  /** After interactive, the end of the last long task before QUIET_WINDOW_MS without one. */
  quietAt?: number
  shapes?: number
}

interface LoadResult extends PageMarks {
  /** From `page.goto` until the marks were read (Playwright overhead included). */
  wallMs: number
  /**
   * Main-thread time (Chromium's Performance.getMetrics, ms) from navigation until quiet: all tasks,
   * of which script, and style + layout. Less sensitive than wall time to other load on the machine.
   */
  cpu?: { taskMs: number; scriptMs: number; styleLayoutMs: number }
}

function ensureBuilt(): void {
  if (fs.existsSync(path.join(REPO_ROOT, '.next/BUILD_ID'))) return
  console.error('bench:browser: no .next build, running `npx next build`')
  const result = spawnSync('npx', ['next', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`next build failed (${result.status})`)
}

/**
 * Installed before the page's own scripts: checks every frame whether the board is interactive.
 * Page code is passed as source text: tsx (esbuild) wraps functions in a `__name` helper that does
 * not exist in the page.
 */
function buildMarksScript(minShapes: number, user: typeof LOCAL_USER): string {
  return `(() => {
    localStorage.setItem('journey-board:user', ${JSON.stringify(JSON.stringify(user))})
    const marks = {}
    window.__bench = marks
    let lastLongTaskEnd = 0
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) lastLongTaskEnd = Math.max(lastLongTaskEnd, task.startTime + task.duration)
    }).observe({ type: 'longtask', buffered: true })
    const checkQuiet = () => {
      const since = Math.max(marks.interactiveAt, lastLongTaskEnd)
      if (performance.now() - since >= ${QUIET_WINDOW_MS}) marks.quietAt = since
      else setTimeout(checkQuiet, 50)
    }
    const check = () => {
      const editor = window.editor
      const connected = document.querySelector('[data-testid="connection-status"][data-state="connected"]')
      if (editor && marks.mountedAt === undefined) marks.mountedAt = performance.now()
      if (connected && marks.connectedAt === undefined) marks.connectedAt = performance.now()
      const shapes = editor ? editor.getCurrentPageShapes().length : 0
      if (editor && connected && shapes >= ${minShapes}) {
        marks.interactiveAt = performance.now()
        marks.shapes = shapes
        for (const [field, name] of ${JSON.stringify(Object.entries(PAGE_MARKS))}) {
          const entry = performance.getEntriesByName(name)[0]
          if (entry) marks[field] = entry.startTime
        }
        checkQuiet()
        return
      }
      requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })()`
}

/** Long tasks from a camera change until the main thread is quiet again. */
interface CameraJump {
  /** From the change until the end of the last long task (0: none). */
  settledMs: number
  longestTaskMs: number
  longTasksMs: number
}

/**
 * Runs `change` (page code, `editor` in scope) and collects the long tasks that follow until
 * QUIET_WINDOW_MS pass without one (page code as text, see above).
 */
function measureCameraJump(page: Page, change: string): Promise<CameraJump> {
  return page.evaluate(`new Promise((resolve) => {
    const editor = window.editor
    const tasks = []
    const observer = new PerformanceObserver((list) => { for (const t of list.getEntries()) tasks.push(t) })
    observer.observe({ type: 'longtask' })
    const start = performance.now()
    ${change}
    const check = () => {
      const lastEnd = tasks.reduce((end, t) => Math.max(end, t.startTime + t.duration), start)
      if (performance.now() - lastEnd < ${QUIET_WINDOW_MS}) return setTimeout(check, 50)
      observer.disconnect()
      resolve({
        settledMs: tasks.length ? lastEnd - start : 0,
        longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
        longTasksMs: tasks.reduce((sum, t) => sum + t.duration, 0),
      })
    }
    setTimeout(check, 50)
  })`) as Promise<CameraJump>
}

/** requestAnimationFrame deltas in the page for `ms` milliseconds (page code as text, see above). */
function sampleFrames(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const deltas = []
    const start = performance.now()
    let last
    const loop = (t) => {
      if (last !== undefined) deltas.push(t - last)
      last = t
      if (t - start < ${ms}) requestAnimationFrame(loop)
      else resolve(deltas)
    }
    requestAnimationFrame(loop)
  })`) as Promise<number[]>
}

/** A CPU profile of the page while `during` runs, written to `file` (Chrome DevTools opens it). */
async function profilePage<T>(page: Page, file: string | undefined, during: () => Promise<T>): Promise<T> {
  if (!file) return during()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_US })
  await cdp.send('Profiler.start')
  const result = await during()
  const { profile } = await cdp.send('Profiler.stop')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(profile))
  console.error(`bench:browser: CPU profile ${file}`)
  await cdp.detach()
  return result
}

/** A page the bench opens: our board page, or the stock tldraw page. */
interface BoardTarget {
  url: string
  sessionCookie?: string
  /** Server output for error messages. */
  logTail(): string
}

async function openBoard(browser: Browser, target: BoardTarget, shapeCount: number, profileFile?: string): Promise<{ page: Page; load: LoadResult }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  if (target.sessionCookie) {
    const { hostname } = new URL(target.url)
    await context.addCookies(
      target.sessionCookie.split('; ').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), domain: hostname, path: '/' })),
    )
  }
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(String(err)))
  page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())))
  await page.addInitScript(buildMarksScript(shapeCount, LOCAL_USER))
  const metrics = await context.newCDPSession(page)
  await metrics.send('Performance.enable')
  const started = performance.now()
  try {
    await profilePage(page, profileFile, async () => {
      await page.goto(target.url)
      await page.waitForFunction('window.__bench && window.__bench.quietAt !== undefined', null, { timeout: INTERACTIVE_TIMEOUT_MS, polling: 50 })
    })
  } catch (err) {
    const screenshot = path.join(REPO_ROOT, 'bench-results', 'browser-failure.png')
    fs.mkdirSync(path.dirname(screenshot), { recursive: true })
    await page.screenshot({ path: screenshot })
    const marks = await page.evaluate('window.__bench')
    const shapes = await page.evaluate('window.editor && window.editor.getCurrentPageShapes().length')
    throw new Error(
      `board not interactive within ${INTERACTIVE_TIMEOUT_MS} ms (marks ${JSON.stringify(marks)}, shapes ${shapes}; screenshot ${screenshot}); page errors:\n${errors.slice(0, 10).join('\n')}\nserver log:\n${target.logTail().slice(-3000)}`,
      { cause: err },
    )
  }
  const wallMs = performance.now() - started
  const marks = (await page.evaluate('window.__bench')) as PageMarks
  const values = new Map((await metrics.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]))
  await metrics.detach()
  const cpu = { taskMs: values.get('TaskDuration') ?? NaN, scriptMs: values.get('ScriptDuration') ?? NaN, styleLayoutMs: (values.get('RecalcStyleDuration') ?? NaN) + (values.get('LayoutDuration') ?? NaN) }
  return { page, load: { ...marks, wallMs, cpu } }
}

function describeFrames(deltas: number[]): Summary & { fps: number; over50Ms: number } {
  const total = deltas.reduce((a, b) => a + b, 0)
  return { ...summarize(deltas), fps: Math.round((deltas.length * 1000 * 10) / Math.max(1, total)) / 10, over50Ms: deltas.filter((d) => d > 50).length }
}

/** 30 remote participants (deaf stock clients with tldraw presence) editing while the page is sampled. */
async function sampleFramesUnderEdits(page: Page, server: BenchServer, room: BenchRoom, profileFile?: string): Promise<{ frames: number[]; edits: number }> {
  const pool = await ClientPool.start(1)
  try {
    const clients: ClientSpec[] = Array.from({ length: REMOTE_CLIENTS }, (_, i) => ({ name: `remote${i}`, boardId: room.boardId, token: room.token, observer: false, deaf: true }))
    await pool.all('open', (w) => ({ serverUrl: server.syncUrl, clients: w === 0 ? [] : clients, noteCount: 2, rampMs: 1_000, syncTimeoutMs: 30_000, presence: 'tldraw' }))
    await pool.all('seed', () => ({}))
    // Deaf only once our server's author stamps are in: an edit made without them would not show.
    await pool.all('deafen', () => ({ waitForStampsMs: server.stampsAuthors ? 20_000 : 0 }))
    const startAt = wallNowMs() + 500
    const runs = pool.all('run', () => ({ durationMs: EDIT_SAMPLE_MS + 1_000, editsPerSecond: 2, cursorHz: 10, tickMs: 20, startAt }))
    await new Promise((resolve) => setTimeout(resolve, startAt - wallNowMs() + 500))
    const frames = await profilePage(page, profileFile, () => sampleFrames(page, EDIT_SAMPLE_MS))
    const ran = await runs
    await pool.all('close', () => ({}))
    return { frames, edits: ran.reduce((sum, r) => sum + r.runEdits, 0) }
  } finally {
    pool.stop()
  }
}

function readFlag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

/** Camera jumps on an opened board: in and out at once, then out again as a 30-frame gesture. */
interface CameraJumps {
  zoomIn: CameraJump
  zoomOut: CameraJump
  gestureOut: CameraJump
}

async function measureCameraJumps(page: Page, gestureProfileFile?: string): Promise<CameraJumps> {
  const zoomIn = await measureCameraJump(page, `editor.zoomToBounds(editor.getShapePageBounds('shape:seed-0'), { targetZoom: 1, immediate: true })`)
  const zoomOut = await measureCameraJump(page, `editor.zoomToFit({ immediate: true })`)
  // The same way back as a gesture: the camera moves a step a frame for 30 frames (as a wheel or
  // pinch does), from 100 % on one note to the whole board.
  await page.evaluate(`(() => {
    const editor = window.editor
    window.__fit = editor.getCamera()
    editor.zoomToBounds(editor.getShapePageBounds('shape:seed-0'), { targetZoom: 1, immediate: true })
  })()`)
  await page.waitForTimeout(QUIET_WINDOW_MS)
  const gestureOut = await profilePage(page, gestureProfileFile, () => measureCameraJump(
    page,
    `const from = editor.getCamera(), to = window.__fit
    let step = 0
    const move = () => {
      step++
      const t = step / ${GESTURE_FRAMES}
      const z = from.z * Math.pow(to.z / from.z, t)
      editor.setCamera({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t, z }, { immediate: true })
      if (step < ${GESTURE_FRAMES}) requestAnimationFrame(move)
    }
    requestAnimationFrame(move)`,
  ))
  return { zoomIn, zoomOut, gestureOut }
}

/** One load whose page is closed once timed: its result goes into `into`. */
async function timeClosedLoad(browser: Browser, target: BoardTarget, shapeCount: number, into: LoadResult[], label: string): Promise<void> {
  const opened = await openBoard(browser, target, shapeCount)
  into.push(opened.load)
  logLoad(label, opened.load)
  await opened.page.context().close()
}

function logLoad(label: string, load: LoadResult): void {
  console.error(`bench:browser: ${label}: interactive at ${Math.round(load.interactiveAt ?? NaN)} ms, quiet at ${Math.round(load.quietAt ?? NaN)} ms (${load.shapes} shapes)`)
}

/** The stock tldraw page's side of the run. */
interface StockResult {
  loads: LoadResult[]
  camera: CameraJumps
}

async function main(): Promise<void> {
  const profileDir = readFlag('profile')
  const loadCount = Number(readFlag('loads') ?? DEFAULT_LOADS)
  const withStock = !process.argv.includes('--no-stock')
  const noteCount = Number(readFlag('notes') ?? DEFAULT_NOTE_COUNT)
  if (!Number.isInteger(noteCount) || noteCount < 1) throw new Error(`--notes takes a whole number of at least 1 (the camera jumps zoom to the first note), not ${readFlag('notes')}`)
  // With one note the board is its own floor.
  const withFloor = !process.argv.includes('--no-floor') && noteCount > 1
  const loadAverageBefore = os.loadavg()
  ensureBuilt()
  const server = await startOurServer({ pages: true })
  const watchdog = setTimeout(() => {
    console.error('bench:browser: stopped after 10 min')
    process.kill(server.pid, 'SIGKILL')
    process.exit(2)
  }, RUN_LIMIT_MS)
  watchdog.unref()
  let browser: Browser | undefined
  let stockServer: Awaited<ReturnType<typeof startStockBoardServer>> | undefined
  let floorStockServer: Awaited<ReturnType<typeof startStockBoardServer>> | undefined
  try {
    const room = await server.createRoom(0)
    const seedStarted = performance.now()
    const records = await seedBoardNotes({ syncUrl: server.syncUrl, boardId: room.boardId, token: room.token }, noteCount)
    const seedMs = performance.now() - seedStarted
    // Interactive waits for every shape seeded: the notes and the template's grid (51 shapes), so a
    // grid that arrived first can never pass for the notes.
    const shapeCount = countShapes(records)
    if (withStock) stockServer = await startStockBoardServer(records)
    const floorRoom = withFloor ? await server.createRoom(1) : undefined
    const floorRecords = floorRoom && (await seedBoardNotes({ syncUrl: server.syncUrl, boardId: floorRoom.boardId, token: floorRoom.token }, 1))
    if (floorRecords && withStock) floorStockServer = await startStockBoardServer(floorRecords)
    const ours: BoardTarget = { url: `${server.baseUrl}/b/${room.boardId}`, sessionCookie: server.sessionCookie, logTail: () => server.logTail() }
    const stock: BoardTarget | undefined = stockServer && { url: stockServer.url, logTail: () => '(the stock page has no server log)' }
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const loads: LoadResult[] = []
    const stockLoads: LoadResult[] = []
    let page: Page | undefined
    let floor: FloorResult | undefined
    if (floorRoom && floorRecords) {
      // First, while nothing else is open: each load's page is closed before the next opens.
      floor = { loads: [], stockLoads: [] }
      const floorShapes = countShapes(floorRecords)
      const floorOurs: BoardTarget = { ...ours, url: `${server.baseUrl}/b/${floorRoom.boardId}` }
      const floorStock: BoardTarget | undefined = floorStockServer && { ...stock!, url: floorStockServer.url }
      for (let i = 0; i < loadCount; i++) {
        const order = i % 2 === 0 ? [floorStock, floorOurs] : [floorOurs, floorStock]
        for (const target of order) {
          if (!target) continue
          const isOurs = target === floorOurs
          await timeClosedLoad(browser, target, floorShapes, isOurs ? floor.loads : floor.stockLoads, `floor ${isOurs ? 'load' : 'stock load'} ${i + 1}`)
        }
      }
    }
    // Ours and stock alternate, each first in every other round, so both see the same spells of a
    // shared machine and neither alone pays for the browser's cold start. Only the page being
    // measured is open: the other side's page is closed before it loads.
    const closeOurs = async () => {
      await page?.context().close()
      page = undefined
    }
    const loadStock = (i: number) => timeClosedLoad(browser!, stock!, shapeCount, stockLoads, `stock load ${i + 1}`)
    const loadOurs = async (i: number) => {
      const opened = await openBoard(browser!, ours, shapeCount, i === 0 && profileDir ? path.resolve(profileDir, 'load.cpuprofile') : undefined)
      page = opened.page
      loads.push(opened.load)
      logLoad(`load ${i + 1}`, opened.load)
    }
    for (let i = 0; i < loadCount; i++) {
      await closeOurs()
      if (stock && i % 2 === 0) await loadStock(i)
      await loadOurs(i)
      if (stock && i % 2 === 1) {
        await closeOurs()
        await loadStock(i)
      }
    }
    // Our board as a load left it (opened again, not counted, if a stock load came last).
    if (!page) page = (await openBoard(browser, ours, shapeCount)).page
    const screenshot = readFlag('screenshot')
    if (screenshot) await page.screenshot({ path: path.resolve(screenshot) })
    const camera = await measureCameraJumps(page, profileDir && path.resolve(profileDir, 'gesture.cpuprofile'))
    let stockResult: StockResult | undefined
    if (stock) {
      // Stock's camera jumps on a page of its own, ours closed meanwhile.
      await closeOurs()
      const opened = await openBoard(browser, stock, shapeCount)
      stockResult = { loads: stockLoads, camera: await measureCameraJumps(opened.page) }
      await opened.page.context().close()
      page = (await openBoard(browser, ours, shapeCount)).page
    }
    const idle = describeFrames(await sampleFrames(page, IDLE_SAMPLE_MS))
    const underEdits = await sampleFramesUnderEdits(page, server, room, profileDir && path.resolve(profileDir, 'editing.cpuprofile'))
    const editing = describeFrames(underEdits.frames)
    report({ noteCount, seedMs, loads, floor, ...camera, idle, editing, remoteEdits: underEdits.edits, access: server.access, stock: stockResult, loadAverage: { before: loadAverageBefore, after: os.loadavg() } })
  } finally {
    await browser?.close()
    await stockServer?.stop()
    await floorStockServer?.stop()
    await server.stop()
  }
}

/** Shapes among seeded records: the notes and the template's grid. */
function countShapes(records: unknown[]): number {
  return records.filter((r) => (r as { typeName?: string }).typeName === 'shape').length
}

/** The same pages with one note: the machine's floor for opening a tldraw page. */
interface FloorResult {
  loads: LoadResult[]
  stockLoads: LoadResult[]
}

/**
 * The floor table (one note, ours and stock) and what the board's notes add over it, medians of the
 * interactive mark: a measure that holds from one machine to another better than the mark itself.
 */
function describeFloor(loads: LoadResult[], stockLoads: LoadResult[] | undefined, floor: FloorResult | undefined): string[] {
  if (!floor) return ['No floor measured (--no-floor, or a board of one note is its own floor).', '']
  const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : String(Math.round(x)))
  const interactive = (list: LoadResult[]) => summarize(list.map((l) => l.interactiveAt ?? NaN))
  const span = (list: LoadResult[]) => {
    const marks = list.map((l) => l.interactiveAt ?? NaN)
    return list.length ? `${ms(Math.min(...marks))}-${ms(Math.max(...marks))} (median ${ms(interactive(list).p50)})` : '–'
  }
  const added = (board: LoadResult[], base: LoadResult[]) => (board.length && base.length ? interactive(board).p50 - interactive(base).p50 : undefined)
  const oursAdded = added(loads, floor.loads)
  const stockAdded = stockLoads && added(stockLoads, floor.stockLoads)
  return [
    '| floor: the same pages with 1 note, interactive ms | ours | stock tldraw |',
    '| --- | --- | --- |',
    `| ${floor.loads.length} loads each | ${span(floor.loads)} | ${span(floor.stockLoads)} |`,
    '',
    `What the notes add over the floor (medians of interactive): ours ${ms(oursAdded)} ms, stock tldraw ${ms(stockAdded)} ms` +
      (oursAdded !== undefined && stockAdded ? ` (ours / stock ${(oursAdded / stockAdded).toFixed(2)}x)` : ''),
    '',
  ]
}

function report(r: {
  noteCount: number
  seedMs: number
  loads: LoadResult[]
  floor?: FloorResult
  zoomIn: CameraJump
  zoomOut: CameraJump
  gestureOut: CameraJump
  idle: ReturnType<typeof describeFrames>
  editing: ReturnType<typeof describeFrames>
  remoteEdits: number
  access: string[]
  stock?: StockResult
  /** os.loadavg() (1, 5, 15 min) at start and end: the machine is shared. */
  loadAverage: { before: number[]; after: number[] }
}): void {
  const interactive = summarize(r.loads.map((l) => l.interactiveAt ?? NaN))
  const quiet = summarize(r.loads.map((l) => l.quietAt ?? NaN))
  const median = (loads: LoadResult[], pick: (l: LoadResult) => number | undefined) => summarize(loads.map((l) => pick(l) ?? NaN)).p50
  const ratio = (pick: (l: LoadResult) => number | undefined) => (r.stock ? (median(r.loads, pick) / median(r.stock.loads, pick)).toFixed(2) + 'x' : '–')
  const verdict = (s: Summary) => (s.max <= INTERACTIVE_GOAL_MS ? 'met' : s.p50 <= INTERACTIVE_GOAL_MS ? 'met by the median, not every load' : 'not met')
  const cpus = os.cpus()
  const machine = { cores: cpus.length, cpu: cpus[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString() }
  const ms = (x: number | undefined) => (x === undefined ? '–' : String(Math.round(x)))
  const lines = [
    `npm run bench:browser: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, Chromium ${CHROMIUM_ARGS.join(' ')}, ${machine.date}`,
    `load average (1/5/15 min) at start ${r.loadAverage.before.map((x) => x.toFixed(2)).join('/')}, at end ${r.loadAverage.after.map((x) => x.toFixed(2)).join('/')}`,
    '',
    `Board with ${r.noteCount.toLocaleString('en-US')} notes (seeded in ${ms(r.seedMs)} ms), viewport 1400x900, ${r.loads.length} loads in fresh browser contexts (ms since navigation start):`,
    '',
    '| load | document synced | records in store | editor mounted | connected | interactive (all notes in the store) | quiet (no task > 50 ms for 1 s after) | shapes | wall ms (Playwright) | main-thread ms until quiet: tasks / script / style+layout |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[...r.loads.map((l, i) => ({ l, name: String(i + 1) })), ...(r.stock?.loads ?? []).map((l, i) => ({ l, name: `stock tldraw ${i + 1}` }))].map(
      ({ l, name }) =>
        `| ${name} | ${ms(l.docSyncedAt)} | ${ms(l.storeLoadedAt)} | ${ms(l.mountedAt)} | ${ms(l.connectedAt)} | ${ms(l.interactiveAt)} | ${ms(l.quietAt)} | ${l.shapes ?? '–'} | ${ms(l.wallMs)} | ${ms(l.cpu?.taskMs)} / ${ms(l.cpu?.scriptMs)} / ${ms(l.cpu?.styleLayoutMs)} |`,
    ),
    '',
    r.stock
      ? `Ours / stock tldraw (same records over HTTP, no sync), medians: interactive ${ratio((l) => l.interactiveAt)}, quiet ${ratio((l) => l.quietAt)}, main-thread task time ${ratio((l) => l.cpu?.taskMs)}`
      : 'Stock tldraw page left out (--no-stock).',
    '',
    ...describeFloor(r.loads, r.stock?.loads, r.floor),
    '| camera jump (long tasks > 50 ms until quiet) | settled after ms | longest task ms | long tasks total ms | stock tldraw: settled / longest / total ms |',
    '| --- | --- | --- | --- | --- |',
    ...([['to 100 % on one note', 'zoomIn'], ['back to the whole board', 'zoomOut'], [`the same as a ${GESTURE_FRAMES}-frame gesture`, 'gestureOut']] as const).map(([label, key]) => {
      const stockJump = r.stock?.camera[key]
      return `| ${label} | ${ms(r[key].settledMs)} | ${ms(r[key].longestTaskMs)} | ${ms(r[key].longTasksMs)} | ${stockJump ? `${ms(stockJump.settledMs)} / ${ms(stockJump.longestTaskMs)} / ${ms(stockJump.longTasksMs)}` : '–'} |`
    }),
    '',
    '| frames (requestAnimationFrame deltas) | frames | fps | p50 ms | p95 ms | p99 ms | max ms | > 50 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| idle, ${IDLE_SAMPLE_MS / 1000} s | ${r.idle.count} | ${r.idle.fps} | ${r.idle.p50} | ${r.idle.p95} | ${r.idle.p99} | ${r.idle.max} | ${r.idle.over50Ms} |`,
    `| ${REMOTE_CLIENTS} remote clients editing (${r.remoteEdits} edits) + cursors 10 Hz, ${EDIT_SAMPLE_MS / 1000} s | ${r.editing.count} | ${r.editing.fps} | ${r.editing.p50} | ${r.editing.p95} | ${r.editing.p99} | ${r.editing.max} | ${r.editing.over50Ms} |`,
    '',
    `${r.noteCount === DEFAULT_NOTE_COUNT ? 'Goal' : `Goal (set for ${DEFAULT_NOTE_COUNT.toLocaleString('en-US')} notes, shown for comparison)`}: interactive <= ${INTERACTIVE_GOAL_MS} ms: median ${ms(interactive.p50)} ms, worst ${ms(interactive.max)} ms: ${verdict(interactive)}; quiet: median ${ms(quiet.p50)} ms, worst ${ms(quiet.max)} ms: ${verdict(quiet)}`,
  ]
  console.log(lines.join('\n'))
  const dir = path.join(REPO_ROOT, 'bench-results')
  fs.mkdirSync(dir, { recursive: true })
  const file = r.noteCount === DEFAULT_NOTE_COUNT ? 'browser.json' : `browser-${r.noteCount}-notes.json`
  fs.writeFileSync(path.join(dir, file), JSON.stringify({ command: `npm run bench:browser${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`, machine, ...r }, null, 2) + '\n')
  console.log(`\nResults: bench-results/${file}`)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
