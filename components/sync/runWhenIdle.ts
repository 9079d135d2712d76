/** Runs `task` once the browser is idle, `delayMs` from now at the earliest; returns a cancel. */
export function runWhenIdle(task: () => void, delayMs: number): () => void {
  let idle: number | undefined
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(task, { timeout: delayMs })
    else task()
  }, delayMs)
  return () => {
    clearTimeout(timer)
    if (idle !== undefined) cancelIdleCallback(idle)
  }
}
