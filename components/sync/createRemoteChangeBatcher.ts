import type { TLStore } from 'tldraw'

/**
 * How long remote changes may wait for an animation frame before they are applied anyway (a hidden
 * tab gets no frames, but its store must stay current for when it is shown).
 */
export const BACKGROUND_FLUSH_MS = 250

/** Cancels a callback scheduled by `onNextFrame`. */
type Cancel = () => void

/** Calls `fn` before the next frame is painted, or after BACKGROUND_FLUSH_MS when no frame comes. */
function onNextFrame(fn: () => void): Cancel {
  const hasFrames = typeof requestAnimationFrame === 'function'
  let frame = 0
  let done = false
  const cancel = () => {
    done = true
    if (hasFrames) cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
  const run = () => {
    if (done) return
    cancel()
    fn()
  }
  if (hasFrames) frame = requestAnimationFrame(run)
  const timer = setTimeout(run, BACKGROUND_FLUSH_MS)
  return cancel
}

/** Collects remote changes (records, presence) and applies them to the store once per frame. */
export interface RemoteChangeBatcher {
  /** Runs `apply` (once, however often it is scheduled) in the next frame's `mergeRemoteChanges`. */
  schedule(apply: () => void): void
  /** Applies what is scheduled now (the initial presence states at bind). */
  flush(): void
  dispose(): void
}

/**
 * Remote changes arrive one websocket message at a time: with 30 people editing and moving cursors
 * that is hundreds of store transactions a second, and every transaction makes tldraw re-derive
 * what depends on the store and re-render. Applying everything that arrived since the last frame
 * in one `mergeRemoteChanges` costs one transaction per frame instead.
 */
export function createRemoteChangeBatcher(store: TLStore): RemoteChangeBatcher {
  const scheduled = new Set<() => void>()
  let cancel: Cancel | undefined
  let disposed = false
  const flush = () => {
    cancel?.()
    cancel = undefined
    if (disposed || scheduled.size === 0) return
    const appliers = [...scheduled]
    scheduled.clear()
    store.mergeRemoteChanges(() => {
      for (const apply of appliers) apply()
    })
  }
  return {
    schedule(apply) {
      if (disposed) return
      scheduled.add(apply)
      cancel ??= onNextFrame(flush)
    },
    flush,
    dispose() {
      disposed = true
      cancel?.()
      scheduled.clear()
    },
  }
}
