import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO_ROOT = path.resolve(__dirname, '..')

describe('package-lock.json', () => {
  it('is the lock file npm install writes: installing on a fresh clone leaves it unchanged', async () => {
    // npm resolves the tree as `npm install` does, writing only the lock file (no node_modules, no
    // scripts), in a copy of the manifest and the lock. It reads package metadata from npm's cache or
    // the registry.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-lock-'))
    try {
      for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(dir, f))
      const result = await new Promise<{ status: number | null; output: string }>((resolve, reject) => {
        const child = spawn('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
        let output = ''
        child.stdout.on('data', (d) => (output += d))
        child.stderr.on('data', (d) => (output += d))
        child.on('error', reject)
        child.on('close', (status) => resolve({ status, output }))
      })
      expect(result.status, result.output).toBe(0)
      const committed = fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')
      const written = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')
      if (written !== committed) {
        const added = written.split('\n').filter((l) => !committed.includes(l)).slice(0, 5)
        throw new Error(`npm install rewrites package-lock.json (${written.length - committed.length} characters more); e.g.:\n${added.join('\n')}`)
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
