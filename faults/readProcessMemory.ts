import fs from 'node:fs'

/** The peak (VmHWM) and current (VmRSS) resident set of a process in bytes, from /proc (Linux only). */
export function readProcessMemory(pid: number): { peakRssBytes: number; rssBytes: number } | undefined {
  let status: string
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const bytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
  return { peakRssBytes: bytes('VmHWM'), rssBytes: bytes('VmRSS') }
}
