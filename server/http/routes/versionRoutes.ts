import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { RestoredSchema, RestoreQueuedSchema, VersionBodySchema, VersionListSchema, VersionSchema } from '../../../lib/api/versionApi'
import type { BoardRecord } from '../../../lib/tldraw/records'
import { readPersistedBoardState, readRecordsOfState } from '../../boards/readBoardRecords'
import { StorageUnavailableError } from '../../sync/Room'
import { PERSIST_RETRY_MAX_MS } from '../../sync/UpdateLog'
import type { ApiContext } from '../ApiContext'
import { requireBoard } from '../requireAccess'
import { HttpError, readJsonBody, sendJson } from '../respond'
import type { Router } from '../Router'
import { parseInput } from '../parseInput'

/**
 * Agreed versions: a lead or facilitator saves the current board under a label; anyone on the board
 * lists them; a facilitator restores one as a new edit that everyone sees live (history is kept).
 */
export function registerVersionRoutes(router: Router, ctx: ApiContext): void {
  router.on('GET', '/api/boards/:id/versions', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:read')
    sendJson(r.res, 200, { versions: await ctx.storage.catalog.listVersions(board.id) } satisfies z.infer<typeof VersionListSchema>)
  })

  router.on('POST', '/api/boards/:id/versions', async (r) => {
    const { board, principal } = await requireBoard(ctx, r, 'board:markAgreed')
    const { label } = parseInput(VersionBodySchema, await readJsonBody(r.req), 'Invalid version')
    const version: z.infer<typeof VersionSchema> = {
      id: randomUUID(),
      boardId: board.id,
      label,
      createdBy: principal.kind === 'user' ? principal.user.userId : null,
      createdAt: Date.now(),
    }
    await ctx.storage.catalog.createVersion(version, await readPersistedBoardState(ctx.storage.documents, ctx.rooms, board.id))
    sendJson(r.res, 201, version)
  })

  router.on('POST', '/api/boards/:id/versions/:versionId/restore', async (r) => {
    const { board } = await requireBoard(ctx, r, 'session:facilitate')
    const version = await ctx.storage.catalog.getVersion(r.params.versionId)
    if (!version || version.boardId !== board.id) throw new HttpError(404, 'No such version')
    const target = new Map(readRecordsOfState(version.state).map((rec) => [rec.id, rec]))
    const room = await ctx.rooms.acquire(board.id)
    try {
      await room.applyServerChange(() => {
        const kv = room.records
        for (const [id, entry] of [...kv.map]) if (!target.has(id)) kv.delete(entry.key)
        for (const [id, record] of target) {
          if (JSON.stringify(kv.get(id)) !== JSON.stringify(record)) kv.set(id, record as BoardRecord)
        }
      })
    } catch (err) {
      if (!(err instanceof StorageUnavailableError)) throw err
      // An outage, not a fault of the request: the room keeps the restore queued and stores and
      // shows it once storage works again. Restoring again is harmless (it sets the same records).
      r.res.setHeader('retry-after', String(Math.ceil(PERSIST_RETRY_MAX_MS / 1000)))
      sendJson(r.res, 503, {
        error: 'Storage unavailable',
        reason: `The restore of "${version.label}" is not saved yet: the server cannot write to its database right now. It is kept and saved, and everyone sees it, as soon as storage works again.`,
        restored: version.id,
        saved: false,
      } satisfies z.infer<typeof RestoreQueuedSchema>)
      return
    } finally {
      ctx.rooms.release(room)
    }
    sendJson(r.res, 200, { restored: version.id, label: version.label } satisfies z.infer<typeof RestoredSchema>)
  })
}
