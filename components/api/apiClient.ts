'use client'
import type { z } from 'zod'
import { AcceptedSchema, InviteInfoSchema, JoinCodeAnswerSchema, SignUpSchema, type AcceptBody, type SignUpBody } from '../../lib/api/accountApi'
import { ApiErrorSchema, type ApiError } from '../../lib/api/apiError'
import {
  BoardInfoSchema,
  BoardListSchema,
  BoardSchema,
  TemplateListSchema,
  type CreateBoardBody,
  type JourneyFormat,
  type UpdateBoardBody,
} from '../../lib/api/boardApi'
import { InviteListSchema, InviteSchema, MemberListSchema, RoleChangeSchema, type InviteBody } from '../../lib/api/memberApi'
import { RestoredSchema, ServerTimeSchema, VersionListSchema, VersionSchema, type VersionBody } from '../../lib/api/versionApi'
import { JourneyMapSchema } from '../../lib/journey/journeySchema'
import type { Role } from '../../lib/collab/roles'

/**
 * The browser's one way to the JSON API: each function names its route, sends a body typed by the
 * route's schema in lib/api, and validates the answer with the same module's response schema. A
 * network failure rejects (as `fetch` does); every HTTP answer resolves to an `ApiAnswer`.
 */
export type ApiAnswer<T> = { ok: true; status: number; data: T } | ({ ok: false; status: number } & ApiError)

const JSON_HEADERS = { 'content-type': 'application/json' }

/** Reads an answer: the data when it is a 2xx the schema accepts (none for a 204), else the refusal's body. */
export async function readApiAnswer<S extends z.ZodType>(res: Response, schema: S | null): Promise<ApiAnswer<z.output<S>>> {
  const body: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined)
  if (res.ok) {
    if (!schema) return { ok: true, status: res.status, data: undefined as z.output<S> }
    const parsed = schema.safeParse(body)
    if (parsed.success) return { ok: true, status: res.status, data: parsed.data }
    console.warn(`Unexpected answer from ${res.url}`, parsed.error.issues)
    return { ok: false, status: res.status, error: 'The server sent an answer this page cannot read. Reload the page.' }
  }
  const refusal = ApiErrorSchema.safeParse(body)
  return { ok: false, status: res.status, ...(refusal.success ? refusal.data : {}) }
}

async function call<S extends z.ZodType>(path: string, schema: S | null, init?: { method: string; body?: unknown; rawBody?: string }): Promise<ApiAnswer<z.output<S>>> {
  const body = init?.rawBody ?? (init?.body === undefined ? undefined : JSON.stringify(init.body))
  const res = await fetch(path, init ? { method: init.method, headers: body === undefined ? undefined : JSON_HEADERS, body } : undefined)
  return readApiAnswer(res, schema)
}

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

export const getServerTime = () => call('/api/time', ServerTimeSchema)
export const listTemplates = () => call('/api/templates', TemplateListSchema)

export const listBoards = () => call('/api/boards', BoardListSchema)
export const createBoard = (body: CreateBoardBody) => call('/api/boards', BoardSchema, { method: 'POST', body })
/** The file's text is sent as it is: the server parses and checks the journey (parseJourney). */
export const importJourney = (journeyJson: string) => call('/api/boards/import', BoardSchema, { method: 'POST', rawBody: journeyJson })
export const updateBoard = (boardId: string, body: UpdateBoardBody) => call(board(boardId), BoardSchema, { method: 'PATCH', body })
export const deleteBoard = (boardId: string) => call(board(boardId), null, { method: 'DELETE' })

/** The raw answer of `GET /api/boards/:id`, for asking ahead (useBoardInfo reads it with readBoardInfo). */
export const requestBoardInfo = (boardId: string) => fetch(board(boardId))
export const readBoardInfo = (res: Response) => readApiAnswer(res, BoardInfoSchema)

/** Where the board's journey export downloads: `version` is live, agreed or a version id. */
export function getJourneyExportUrl(boardId: string, format: JourneyFormat, version: string): string {
  const versionQuery = version === 'live' ? '' : `&version=${encodeURIComponent(version)}`
  return `${board(boardId)}/journey?format=${format}${versionQuery}`
}
export const getJourney = (boardId: string, version: string) =>
  call(`${board(boardId)}/journey?format=json&version=${encodeURIComponent(version)}`, JourneyMapSchema)

export const listMembers = (boardId: string) => call(`${board(boardId)}/members`, MemberListSchema)
export const setMemberRole = (boardId: string, userId: string, role: Role) =>
  call(`${board(boardId)}/members/${encodeURIComponent(userId)}`, RoleChangeSchema, { method: 'PATCH', body: { role } })
export const removeMember = (boardId: string, userId: string) => call(`${board(boardId)}/members/${encodeURIComponent(userId)}`, null, { method: 'DELETE' })
export const listInvites = (boardId: string) => call(`${board(boardId)}/invites`, InviteListSchema)
export const createInvite = (boardId: string, body: InviteBody) => call(`${board(boardId)}/invites`, InviteSchema, { method: 'POST', body })
export const revokeInvite = (boardId: string, token: string) => call(`${board(boardId)}/invites/${encodeURIComponent(token)}`, null, { method: 'DELETE' })

export const listVersions = (boardId: string) => call(`${board(boardId)}/versions`, VersionListSchema)
export const createVersion = (boardId: string, body: VersionBody) => call(`${board(boardId)}/versions`, VersionSchema, { method: 'POST', body })
export const restoreVersion = (boardId: string, versionId: string) =>
  call(`${board(boardId)}/versions/${encodeURIComponent(versionId)}/restore`, RestoredSchema, { method: 'POST' })

export const signUp = (body: SignUpBody) => call('/api/signup', SignUpSchema, { method: 'POST', body })
export const getInvite = (token: string) => call(`/api/invites/${encodeURIComponent(token)}`, InviteInfoSchema)
export const resolveJoinCode = (code: string) => call(`/api/join-codes/${encodeURIComponent(code)}`, JoinCodeAnswerSchema)
export const acceptInvite = (token: string, body: AcceptBody) => call(`/api/invites/${encodeURIComponent(token)}/accept`, AcceptedSchema, { method: 'POST', body })
