import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './testing/runCli'
import { makeDataDir, makeSyncToken, startInProcessServer } from './testing/testServer'

const REPO_ROOT = path.resolve(__dirname, '..')
const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')

interface Snippet {
  lang: 'sh' | 'js'
  code: string
  /** The snippet's first line: how this test names it. */
  name: string
}

/** The README's top-level ```sh and ```js blocks, in order. */
function extractSnippets(markdown: string): Snippet[] {
  return [...markdown.matchAll(/^```(sh|js)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] as 'sh' | 'js', code: m[2], name: m[2].split('\n')[0] }))
}

/** Snippets that set up or test the whole install; each is what another tier runs. */
const NOT_RUN_HERE: Record<string, string> = {
  'npm install && npm start': 'the install and build themselves (npm test starts from them; scripts/start.integration.test.ts runs npm start)',
  'npm test': 'the whole suite, of which this test is part',
  '# two processes on one machine, for a try-out': 'needs a build, PostgreSQL and Redis: server/cluster/scaleOut.integration.test.ts runs two processes',
}

/**
 * A shell snippet as an operator pastes it, against the test's server: `npm run --silent board --`
 * is the real CLI (with the test's DATA_DIR), `localhost:3000` is the test server, `<id>` a real
 * board, an optional `[--flag value]` is passed (left out when it holds another placeholder) and of
 * `a|b|c` the first is taken. Comment lines are the README's sample output.
 */
function toScript(code: string, port: number): string {
  const lines = code
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .map((l) =>
      l
        .replace(/\[([^\]]*)\]/g, (_, inner: string) => (/<(?!id>)[^>]+>/.test(inner) ? '' : inner))
        .replace(/<id>/g, '"$BOARD_ID"')
        .replace(/\b(\w+)(?:\|\w+)+\b/g, '$1')
        .replace(/localhost:3000/g, `127.0.0.1:${port}`),
    )
  return [
    'set -euo pipefail',
    'npm() { if [ "$#" -ge 4 ] && [ "$1 $2 $3 $4" = "run --silent board --" ]; then shift 4; node --import tsx "$REPO_ROOT/server/cli/board.ts" "$@"; else echo "not the admin CLI: npm $*" >&2; return 99; fi; }',
    ...lines.map((l) => `echo "+ ${l.replace(/["$`\\]/g, '\\$&')}" >&2; ${l}`),
  ].join('\n')
}

function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, DATABASE_URL: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A started server on a data directory with one board (made by the CLI), and a scratch directory
 *  that sees the repository's packages, where a snippet runs as if pasted. */
async function setup() {
  const dataDir = makeDataDir()
  const created = await runCli({ DATA_DIR: dataDir }, ['create', '--title', 'README board'])
  expect(created.status, created.stderr).toBe(0)
  const boardId = (JSON.parse(created.stdout.toString()) as { id: string }).id
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-readme-'))
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(scratch, 'node_modules'))
  // The backup example writes into a backups/ directory of the operator's.
  fs.mkdirSync(path.join(scratch, 'backups'))
  cleanups.push(() => fs.rmSync(scratch, { recursive: true, force: true }))
  return { dataDir, boardId, port: server.port, scratch }
}

const snippets = extractSnippets(README)
const runnable = snippets.filter((s) => !(s.name in NOT_RUN_HERE))
const byName = (start: string) => {
  const found = runnable.filter((s) => s.name.startsWith(start))
  expect(found, `README snippet starting "${start}"`).toHaveLength(1)
  return found[0]
}

describe('every README snippet runs as written', () => {
  it('finds every shell and JS snippet, and each is run below or named with the reason it is not', () => {
    expect(snippets.filter((s) => s.name in NOT_RUN_HERE).map((s) => s.name).sort()).toEqual(Object.keys(NOT_RUN_HERE).sort())
    // A new snippet needs a test here: the runnable ones are exactly these.
    expect(runnable.map((s) => `${s.lang}: ${s.name}`)).toEqual([
      'sh: npm run --silent board -- create --title "Online course" [--template buyer-journey] [--owner <email>]',
      'sh: TOKEN=$(npm run --silent board -- token <id> --role lead --name "Export bot")',
      "js: import * as Y from 'yjs'",
    ])
  })

  it('the admin CLI block: every command succeeds against the running server\'s storage', async () => {
    const { dataDir, boardId, port, scratch } = await setup()
    const result = await run('bash', ['-c', toScript(byName('npm run --silent board -- create').code, port)], scratch, { DATA_DIR: dataDir, BOARD_ID: boardId, REPO_ROOT })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain(`"title":"Online course"`)
    expect(result.stdout).toContain(`"facilitatorInvite":"http://localhost:3000/join/`)
    expect(result.stdout).toMatch(/"boards":2,"bytes":\d+/)
    expect(fs.statSync(path.join(scratch, 'board.ybin')).size).toBeGreaterThan(0)
    expect(result.stdout).toContain(`"id":"${boardId}"`)
  })

  it('the export API example: a lead token exports the journey as CSV', async () => {
    const { dataDir, boardId, port, scratch } = await setup()
    const result = await run('bash', ['-c', toScript(byName('TOKEN=$(npm run --silent board -- token').code, port)], scratch, { DATA_DIR: dataDir, BOARD_ID: boardId, REPO_ROOT })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout.split('\n')[0]).toMatch(/stage/i)
  })

  it('"Reading a board from a script": prints the board\'s records', async () => {
    const { dataDir, boardId, port, scratch } = await setup()
    const file = path.join(scratch, 'read-board.mjs')
    fs.writeFileSync(file, byName("import * as Y from 'yjs'").code.replace(/localhost:3000/g, `127.0.0.1:${port}`))
    const token = makeSyncToken(dataDir, boardId, 'viewer', 'Reader')
    const result = await run(process.execPath, [file], scratch, { BOARD_ID: boardId, TOKEN: token }, 30_000)
    expect(result.status, result.stderr).toBe(0)
    const records = JSON.parse(result.stdout) as { id: string; typeName: string }[]
    expect(records.map((r) => r.id)).toContain('document:document')
    expect(records.filter((r) => r.typeName === 'shape').length).toBeGreaterThan(10)
  })
})
