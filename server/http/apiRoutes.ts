import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { isBoardId } from '../../lib/collab/boardId'
import { JOURNEY_TEMPLATES } from '../../lib/templates/journeyTemplates'
import { journeyToRecords } from '../../lib/journey/journeyToRecords'
import { parseJourney } from '../../lib/journey/parseJourney'
import { createBoard, createBoardFromRecords, UnknownTemplateError } from '../boards/BoardService'
import { getBoardJourney, JOURNEY_FORMATS, renderJourney } from '../boards/exportJourney'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { HttpError, readJsonBody, sendJson } from './respond'

export interface ApiContext {
  storage: Storage
  rooms: RoomManager
  publicUrl: string
  startedAt: number
}

/** Largest journey JSON accepted for import, in bytes. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

const ExportQuery = z.object({ format: z.enum(JOURNEY_FORMATS).default('json') })

const CreateBoardBody = z.object({
  title: z.string().trim().min(1, 'A board needs a title').max(200),
  template: z.string().min(1).optional(),
})

/**
 * The JSON API under /api. Returns false when the path is not an API route (Next.js handles it).
 * Every input is parsed with zod; validation errors are 400 with the issues, never a 500.
 */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const path = url.pathname
  if (!path.startsWith('/api/') || path.startsWith('/api/auth/')) return false
  try {
    await route(ctx, req, res, path)
  } catch (err) {
    if (err instanceof HttpError) sendJson(res, err.status, { error: err.message, issues: err.details })
    else throw err
  }
  return true
}

async function route(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = req.method ?? 'GET'
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams
  if (path === '/api/health') {
    allow(method, ['GET', 'HEAD'])
    sendJson(res, 200, { ok: true, uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000), rooms: ctx.rooms.loadedRoomCount })
    return
  }
  if (path === '/api/templates') {
    allow(method, ['GET'])
    sendJson(res, 200, { templates: JOURNEY_TEMPLATES })
    return
  }
  if (path === '/api/boards') {
    allow(method, ['GET', 'POST'])
    if (method === 'GET') {
      const boards = await ctx.storage.listBoards()
      sendJson(res, 200, { boards: boards.map((b) => ({ ...b, url: `${ctx.publicUrl}/b/${b.id}` })) })
      return
    }
    const parsed = CreateBoardBody.safeParse(await readJsonBody(req))
    if (!parsed.success) throw new HttpError(400, 'Invalid board', parsed.error.issues)
    try {
      const board = await createBoard(ctx.storage, parsed.data)
      sendJson(res, 201, { ...board, url: `${ctx.publicUrl}/b/${board.id}` })
    } catch (err) {
      if (err instanceof UnknownTemplateError) throw new HttpError(400, err.message)
      throw err
    }
    return
  }
  if (path === '/api/boards/import') {
    allow(method, ['POST'])
    const parsed = parseJourney(await readJsonBody(req, MAX_IMPORT_BYTES))
    if (!parsed.ok) throw new HttpError(400, 'This file is not a journey this app can import', parsed.issues)
    const { journey } = parsed
    const board = await createBoardFromRecords(ctx.storage, { title: journey.title, template: journey.template }, journeyToRecords(journey))
    sendJson(res, 201, { ...board, url: `${ctx.publicUrl}/b/${board.id}` })
    return
  }
  const boardMatch = /^\/api\/boards\/([^/]+)(\/journey)?$/.exec(path)
  if (boardMatch) {
    allow(method, ['GET'])
    const id = decodeURIComponent(boardMatch[1])
    const board = isBoardId(id) ? await ctx.storage.getBoard(id) : undefined
    if (!board) throw new HttpError(404, 'No such board')
    if (!boardMatch[2]) {
      sendJson(res, 200, { ...board, url: `${ctx.publicUrl}/b/${board.id}` })
      return
    }
    const q = ExportQuery.safeParse(Object.fromEntries(query))
    if (!q.success) throw new HttpError(400, 'Unknown export format: use json, csv or md', q.error.issues)
    const file = renderJourney(await getBoardJourney(ctx.storage, ctx.rooms, board), q.data.format)
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    })
    res.end(file.body)
    return
  }
  throw new HttpError(404, 'No such API route')
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) throw new HttpError(405, `Method ${method} not allowed`)
}
