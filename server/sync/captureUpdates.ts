import type * as Y from 'yjs'

/** A document update and the transaction origin that made it. */
export interface CapturedUpdate {
  update: Uint8Array
  origin: unknown
}

/**
 * Runs `change` and returns, in order, the document updates it caused (the change itself and any
 * corrections made inside it, each with its origin). Only what `change` does is captured: the
 * listener is gone once it returns or throws.
 */
export function captureUpdates<T>(doc: Y.Doc, change: () => T): { result: T; updates: CapturedUpdate[] } {
  const updates: CapturedUpdate[] = []
  const listener = (update: Uint8Array, origin: unknown) => updates.push({ update, origin })
  doc.on('update', listener)
  try {
    return { result: change(), updates }
  } finally {
    doc.off('update', listener)
  }
}
