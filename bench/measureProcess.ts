import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

/** Kernel clock ticks per second for /proc/<pid>/stat times (almost always 100 on Linux). */
const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** utime + stime, in clock ticks, from the text of /proc/<pid>/stat (fields 14 and 15). */
export function parseProcStatCpuTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may itself hold spaces and ')': the fields
  // after the last ')' start at field 3 (state), so utime is the 12th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`)
  return ticks
}

/** CPU time (user + system) a process has used so far, in ms; 0 once it is gone. */
export function readCpuMs(pid: number): number {
  try {
    return (parseProcStatCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / CLOCK_TICKS_PER_S
  } catch {
    return 0
  }
}

/** The `Cpus_allowed_list` of /proc/<pid>/status (e.g. "1" or "0-1"): the cores the process may run on. */
export function parseAllowedCores(status: string): string | undefined {
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1]
}

/** The cores a process may run on, as the kernel has them; undefined once it is gone. */
export function readAllowedCores(pid: number): string | undefined {
  try {
    return parseAllowedCores(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return undefined
  }
}

/** Resident memory now and at its peak (VmHWM), in bytes; 0 once the process is gone. */
export function readMemory(pid: number): { rssBytes: number; peakRssBytes: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') }
  } catch {
    return { rssBytes: 0, peakRssBytes: 0 }
  }
}

/** Samples a process's RSS in the background and keeps the largest value since the last `reset`. */
export class RssSampler {
  private peak = 0
  private readonly timer: NodeJS.Timeout

  constructor(private readonly pid: number, intervalMs = 200) {
    this.timer = setInterval(() => this.sample(), intervalMs)
    this.timer.unref()
  }

  private sample(): number {
    const rss = readMemory(this.pid).rssBytes
    if (rss > this.peak) this.peak = rss
    return rss
  }

  reset(): void {
    this.peak = 0
    this.sample()
  }

  get peakBytes(): number {
    this.sample()
    return this.peak
  }

  stop(): void {
    clearInterval(this.timer)
  }
}

/** CPU used by a set of processes between `start` and `stop`. */
export function startCpuWindow(pids: number[]): () => { cpuMs: number; wallMs: number } {
  const startedAt = performance.now()
  const before = pids.map(readCpuMs)
  return () => ({
    cpuMs: pids.reduce((sum, pid, i) => sum + readCpuMs(pid) - before[i], 0),
    wallMs: performance.now() - startedAt,
  })
}

/** CPU time all processes on the machine have used so far (busy time of every core), in ms. */
export function readMachineBusyMs(): number {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    const [user, nice, system, , , irq, softirq, steal] = fields
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS_PER_S
  } catch {
    return 0
  }
}

/**
 * Waits until the rest of the machine is quiet: other processes (everything but `ownPids`) used
 * less than `maxOtherPercent` of one core over a 3 s window. Gives up after `maxWaitMs` and returns
 * the last measured share, so the report can say how busy the machine was.
 */
export async function waitForQuietMachine(ownPids: number[], maxOtherPercent: number, maxWaitMs: number): Promise<number> {
  const windowMs = 3_000
  const deadline = performance.now() + maxWaitMs
  for (;;) {
    const stopOwn = startCpuWindow(ownPids)
    const busyBefore = readMachineBusyMs()
    await new Promise((resolve) => setTimeout(resolve, windowMs))
    const own = stopOwn()
    const otherPercent = (100 * Math.max(0, readMachineBusyMs() - busyBefore - own.cpuMs)) / own.wallMs
    if (otherPercent <= maxOtherPercent || performance.now() > deadline) return otherPercent
  }
}
