import * as Y from 'yjs'
import type { Storage } from './Storage'

export interface QuarantinedUpdate {
  boardId: string
  seq: number
  reason: string
}

export interface IntegrityReport {
  boards: number
  updates: number
  quarantined: QuarantinedUpdate[]
}

/**
 * Start-up integrity check: decodes and applies every stored update of every board into a fresh
 * document, in order. An update that throws is moved into quarantine (with its reason) and logged,
 * so a corrupt row is never served and never crashes a room load; the board loads without it.
 * Runs before the server listens, so no room is loaded while rows move.
 */
export async function checkStoredDocuments(
  storage: Pick<Storage, 'catalog' | 'documents'>,
  log: (message: string, context?: Record<string, unknown>) => void,
  now = Date.now(),
): Promise<IntegrityReport> {
  const report: IntegrityReport = { boards: 0, updates: 0, quarantined: [] }
  for (const board of await storage.catalog.listBoards()) {
    report.boards++
    const stored = await storage.documents.loadDocument(board.id)
    let doc = new Y.Doc()
    const good: Uint8Array[] = []
    for (let i = 0; i < stored.updates.length; i++) {
      report.updates++
      const update = stored.updates[i]
      try {
        // Decoding alone rejects garbled bytes; applying catches structurally impossible updates.
        Y.decodeUpdate(update)
        Y.applyUpdate(doc, update)
        good.push(update)
      } catch (err) {
        const entry = { boardId: board.id, seq: stored.seqs[i], reason: String(err).slice(0, 200) }
        await storage.documents.quarantineUpdate(entry.boardId, entry.seq, entry.reason, now)
        report.quarantined.push(entry)
        log('quarantined a corrupt stored update', { ...entry, bytes: update.byteLength })
        // A throw part-way through applying may leave the check document half-changed: start over.
        doc.destroy()
        doc = new Y.Doc()
        for (const u of good) Y.applyUpdate(doc, u)
      }
    }
    doc.destroy()
  }
  return report
}
