// `npm test`: every tier in order — typecheck, lint (typescript-eslint and the module boundaries,
// eslint.config.mjs), unit, integration, the load-benchmark smoke run, the fault suite, then e2e in
// Debian's Chromium. `npm test -- <tier>` runs one (lint, unit, integration, bench, faults, e2e).
// Chromium comes from CHROMIUM_PATH or /usr/bin/chromium; as root on Debian it is installed with apt.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`)
    process.exit(result.status || 1)
  }
}

function findChromium() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (fs.existsSync(candidate)) return candidate
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const isDebian = fs.existsSync('/etc/debian_version') && fs.existsSync('/usr/bin/apt-get')
  if (isRoot && isDebian && !process.env.CHROMIUM_PATH) {
    console.log('Chromium is missing: installing Debian\'s chromium package with apt-get (needed for the e2e tests).')
    run('apt-get update', 'apt-get', ['update', '-qq'])
    run('install chromium', 'apt-get', ['install', '-y', '-qq', 'chromium'])
    if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  }
  console.error(`Chromium not found at ${candidate}: install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.`)
  process.exit(1)
}

const TIERS = ['lint', 'unit', 'integration', 'bench', 'faults', 'e2e']
const only = process.argv[2]
// A mistyped tier would otherwise run nothing and report success.
if (only && !TIERS.includes(only)) {
  console.error(`Unknown test tier "${only}": use one of ${TIERS.join(', ')}, or nothing for all of them.`)
  process.exit(2)
}
const chromium = only && only !== 'e2e' ? undefined : findChromium()
if (!only) run('typecheck', npx, ['tsc', '--noEmit', '-p', '.'])
if (!only || only === 'lint') run('lint', npx, ['eslint', '.'])
if (!only || only === 'unit') run('unit tests', npx, ['vitest', 'run', '--project', 'unit'])
if (!only || only === 'integration') run('integration tests', npx, ['vitest', 'run', '--project', 'integration'])
// A few clients for a few seconds against our server and the stock relay, so the harness cannot rot.
if (!only || only === 'bench') run('load benchmark smoke run', npx, ['tsx', 'bench/run.ts', '--smoke'])
// The fault suite (RELIABILITY.md): 20 kill -9 in a 50-client edit storm, 2,000 seeded convergence
// runs, a 1,000-client reconnect storm, protocol and HTTP fuzzing. Minutes of real server processes,
// so it runs before the build: a lost edit fails CI as surely as a failing unit test.
if (!only || only === 'faults') run('fault suite', npx, ['vitest', 'run', '--project', 'faults'])
if (!only || only === 'e2e') {
  run('build', npx, ['next', 'build'])
  run('e2e tests', npx, ['playwright', 'test'], { CHROMIUM_PATH: chromium })
}
console.log('\nAll test tiers passed.')
