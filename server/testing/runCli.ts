import { spawn } from 'node:child_process'
import path from 'node:path'

const REPO_ROOT = path.resolve(__dirname, '../..')

export interface CliResult {
  status: number | null
  stdout: Buffer
  stderr: string
}

/**
 * Runs the admin CLI (`npm run board`) as its own process with these environment variables, as an
 * operator would; asynchronously, so a server in the test's process keeps serving meanwhile.
 */
export function runCli(env: Record<string, string | undefined>, args: string[], input?: Uint8Array): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/board.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: undefined, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr }))
    child.stdin.end(input ? Buffer.from(input) : undefined)
  })
}
