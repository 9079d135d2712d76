import type { IncomingMessage } from 'node:http'
import { JOURNEY_TEMPLATES } from '../../../lib/templates/journeyTemplates'
import { journeyToRecords } from '../../../lib/journey/journeyToRecords'
import { parseJourney } from '../../../lib/journey/parseJourney'
import { createBoard, createBoardFromRecords, UnknownTemplateError } from '../../boards/BoardService'
import { getBoardJourney, NoSuchVersionError, renderJourney } from '../../boards/exportJourney'
import type { ApiContext } from '../ApiContext'
import { getLinkOrigin } from '../getLinkOrigin'
import { requireBoard, requireUser } from '../requireAccess'
import { HttpError, readJsonBody, sendJson } from '../respond'
import type { Router } from '../Router'
import { CloseReason } from '../../../lib/collab/closeReasons'
import { BoardInfoSchema, BoardListSchema, BoardSchema, CreateBoardBodySchema, ExportQuerySchema, TemplateListSchema, UpdateBoardBodySchema } from '../../../lib/api/boardApi'
import type { z } from 'zod'
import { parseInput } from '../parseInput'

/** Largest journey JSON accepted for import, in bytes. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

export function registerBoardRoutes(router: Router, ctx: ApiContext): void {
  const url = (req: IncomingMessage, id: string) => `${getLinkOrigin(req, ctx.config)}/b/${id}`

  router.on('GET', '/api/health', ({ res }) =>
    sendJson(res, 200, {
      ok: true,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
      rooms: ctx.rooms.loadedRoomCount,
      // Informational: without Redis this process still serves its own clients.
      ...(ctx.rooms.cluster.status ? { redis: ctx.rooms.cluster.status } : {}),
    }),
  )
  router.on('GET', '/api/templates', ({ res }) => sendJson(res, 200, { templates: [...JOURNEY_TEMPLATES] } satisfies z.infer<typeof TemplateListSchema>))

  router.on('GET', '/api/boards', async (r) => {
    const user = await requireUser(ctx, r)
    const boards = await ctx.storage.catalog.listBoardsForUser(user.userId)
    sendJson(r.res, 200, { boards: boards.map((b) => ({ ...b, url: url(r.req, b.id), isOwner: b.ownerId === user.userId })) } satisfies z.infer<typeof BoardListSchema>)
  })

  router.on('POST', '/api/boards', async (r) => {
    const user = await requireUser(ctx, r)
    if (user.guest) throw new HttpError(403, 'Guests cannot create boards: sign up first')
    const body = parseInput(CreateBoardBodySchema, await readJsonBody(r.req), 'Invalid board')
    try {
      const board = await createBoard(ctx.storage.catalog, { ...body, ownerId: user.userId })
      sendJson(r.res, 201, { ...board, url: url(r.req, board.id) } satisfies z.infer<typeof BoardSchema>)
    } catch (err) {
      if (err instanceof UnknownTemplateError) throw new HttpError(400, err.message)
      throw err
    }
  })

  router.on('POST', '/api/boards/import', async (r) => {
    const user = await requireUser(ctx, r)
    if (user.guest) throw new HttpError(403, 'Guests cannot create boards: sign up first')
    const parsed = parseJourney(await readJsonBody(r.req, MAX_IMPORT_BYTES))
    if (!parsed.ok) throw new HttpError(400, 'This file is not a journey this app can import', parsed.issues)
    const { journey } = parsed
    const board = await createBoardFromRecords(ctx.storage.catalog, { title: journey.title, template: journey.template, ownerId: user.userId }, journeyToRecords(journey))
    sendJson(r.res, 201, { ...board, url: url(r.req, board.id) } satisfies z.infer<typeof BoardSchema>)
  })

  router.on('GET', '/api/boards/:id', async (r) => {
    const { board, role, principal } = await requireBoard(ctx, r, 'board:read')
    const me = principal.kind === 'user' ? { id: principal.user.userId, name: principal.user.name, guest: principal.user.guest } : { id: null, name: principal.name, guest: true }
    sendJson(r.res, 200, { ...board, url: url(r.req, board.id), role, me } satisfies z.infer<typeof BoardInfoSchema>)
  })

  router.on('PATCH', '/api/boards/:id', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:manage')
    const body = parseInput(UpdateBoardBodySchema, await readJsonBody(r.req), 'Invalid board update')
    if (body.title !== undefined) await ctx.storage.catalog.renameBoard(board.id, body.title)
    if (body.archived !== undefined) await ctx.storage.catalog.setBoardArchived(board.id, body.archived ? Date.now() : null)
    sendJson(r.res, 200, { ...(await ctx.storage.catalog.getBoard(board.id)), url: url(r.req, board.id) })
  })

  router.on('DELETE', '/api/boards/:id', async (r) => {
    const { board, principal } = await requireBoard(ctx, r, 'board:manage')
    if (principal.kind !== 'user' || board.ownerId !== principal.user.userId) throw new HttpError(403, 'Only the owner can delete a board')
    // Deleted first: a socket arriving meanwhile (here or on another process) is then refused.
    await ctx.storage.catalog.deleteBoard(board.id)
    ctx.sync.closeBoard(board.id, CloseReason.NOT_FOUND, 'board deleted')
    await ctx.rooms.discard(board.id)
    r.res.writeHead(204).end()
  })

  router.on('GET', '/api/boards/:id/journey', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:export')
    const { format, version } = parseInput(ExportQuerySchema, Object.fromEntries(r.query), 'Invalid export format (use json, csv or md)')
    const source = version === 'live' ? ({ kind: 'live' } as const) : version === 'agreed' ? ({ kind: 'agreed' } as const) : ({ kind: 'version', id: version } as const)
    let journey
    try {
      journey = await getBoardJourney(ctx.storage, ctx.rooms, board, new Date(), source)
    } catch (err) {
      if (err instanceof NoSuchVersionError) throw new HttpError(404, err.message)
      throw err
    }
    const file = renderJourney(journey, format)
    r.res.writeHead(200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    })
    r.res.end(file.body)
  })
}
