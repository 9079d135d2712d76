// `npm start`: builds the Next.js app when the build is missing or older than the sources, then
// starts the one-process server (pages, API and sync on one port).
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { SERVER_NODE_ARGS, serverProcessEnv } from './serverProcess.mjs'

const root = path.resolve(import.meta.dirname, '..')
const buildId = path.join(root, '.next', 'BUILD_ID')
const SOURCE_DIRS = ['app', 'components', 'lib']
const SOURCE_FILES = ['next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json']
/** How often this process checks that whoever started it (npm, a shell) is still there. */
const PARENT_POLL_MS = 250

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0
  const stat = fs.statSync(p)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)))
  return newest
}

function needsBuild() {
  if (!fs.existsSync(buildId)) return true
  const built = fs.statSync(buildId).mtimeMs
  return [...SOURCE_DIRS, ...SOURCE_FILES].some((p) => newestMtime(path.join(root, p)) > built)
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
// `--no-pages` serves the API and sync only: no build needed.
if (!process.argv.includes('--no-pages') && needsBuild()) {
  console.log('Building the app (first start or sources changed)…')
  const result = spawnSync(npx, ['next', 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', path.join(root, 'server/main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: serverProcessEnv(process.env),
})
// Stopping: a signal to this process is passed on to the server, which flushes and exits; then this
// process exits with its code. The server ignores a repeat, so a signal to the whole process group
// (Ctrl-C, `kill -- -PGID`), which reaches both, stops it once.
let stopping = false
function stop(signal) {
  if (stopping) return
  stopping = true
  if (server.exitCode === null && server.signalCode === null) server.kill(signal)
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal))
// `npm start` runs this file under `sh -c`; on SIGTERM npm signals that shell, which dies without
// passing the signal on. This process is then re-parented (orphaned): take that as the stop signal,
// so `kill <npm's pid>` stops the server too.
const parentPid = process.ppid
const watchParent = setInterval(() => {
  if (process.ppid !== parentPid) stop('SIGTERM')
}, PARENT_POLL_MS)
watchParent.unref()
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
