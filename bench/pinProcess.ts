import { execFileSync } from 'node:child_process'

/** Whether `taskset` (util-linux) can be run here. */
export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * `command args` run on one core: taskset sets the affinity and then execs the command, so the
 * child's pid is the command's own and every thread it starts inherits the core.
 */
export function withTaskset(core: number | undefined, command: string, args: string[]): { command: string; args: string[] } {
  return core === undefined ? { command, args } : { command: 'taskset', args: ['-c', String(core), command, ...args] }
}

/** Moves a running process, every thread of it, onto one core; the children it starts later inherit that. */
export function pinProcess(pid: number, core: number): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(core), String(pid)], { stdio: 'ignore' })
}
