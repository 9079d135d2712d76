import { atom, react, type Editor, type Signal } from 'tldraw'

/** The camera counts as still after this long without a change... */
export const CAMERA_SETTLE_MS = 120
/** ...and this many animation frames in a row that did not move it. */
const STILL_FRAMES = 2

const motions = new WeakMap<Editor, Signal<boolean>>()

/**
 * Whether the camera is moving, for what must not happen on every step of a gesture. tldraw's own
 * camera state turns idle 64 ms of ticks after the last change: when frames take longer than that
 * (a big board on a slow machine), it flips to idle between every two steps, and whatever waits for
 * idle runs on every step, making the next frame slower still. This one waits for frames in which
 * the camera did not move, however long they take.
 */
export function getCameraMotion(editor: Editor): Signal<boolean> {
  const existing = motions.get(editor)
  if (existing) return existing
  const moving = atom('camera moving', false)
  let lastChangeAt = 0
  let stillFrames = 0
  let frame = 0
  const watchFrames = () => {
    frame = requestAnimationFrame(() => {
      stillFrames++
      if (stillFrames >= STILL_FRAMES && performance.now() - lastChangeAt >= CAMERA_SETTLE_MS) {
        frame = 0
        moving.set(false)
      } else watchFrames()
    })
  }
  let first = true
  const stop = react('camera motion', () => {
    editor.getCamera()
    // The first run only subscribes: the camera has not moved yet.
    if (first) return void (first = false)
    lastChangeAt = performance.now()
    stillFrames = 0
    moving.set(true)
    if (!frame) watchFrames()
  })
  editor.disposables.add(() => {
    stop()
    if (frame) cancelAnimationFrame(frame)
  })
  motions.set(editor, moving)
  return moving
}
