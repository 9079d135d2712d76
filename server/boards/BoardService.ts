import { randomBytes } from 'node:crypto'
import { buildTemplateRecords } from '../../lib/templates/buildTemplateRecords'
import { DEFAULT_TEMPLATE_ID, getTemplate } from '../../lib/templates/journeyTemplates'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { BoardCatalog, BoardRow } from '../storage/BoardCatalog'
import { buildBoardDocument } from './buildBoardDocument'

export class UnknownTemplateError extends Error {}

export interface CreateBoardInput {
  title: string
  template?: string
  /** The creating facilitator; becomes a member with the facilitator role. */
  ownerId?: string | null
}

/** A new random board id: 16 URL-safe characters (96 bits). */
export function createBoardId(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * Creates a board with its template seeded server-side, exactly once: the board row and its first
 * document state are written in one transaction, so no client ever sees an unseeded board.
 */
export async function createBoard(catalog: BoardCatalog, input: CreateBoardInput, now = Date.now()): Promise<BoardRow> {
  const templateId = input.template ?? DEFAULT_TEMPLATE_ID
  const template = getTemplate(templateId)
  if (!template) throw new UnknownTemplateError(`Unknown template "${templateId}"`)
  return createBoardFromRecords(catalog, { title: input.title, template: template.id, ownerId: input.ownerId }, buildTemplateRecords(template, input.title), now)
}

/**
 * Creates a board whose document holds exactly these records (an import). The records are validated
 * against tldraw's schema first; nothing is written unless the whole board is valid.
 */
export async function createBoardFromRecords(
  catalog: BoardCatalog,
  input: { title: string; template: string; ownerId?: string | null },
  records: readonly BoardRecord[],
  now = Date.now(),
): Promise<BoardRow> {
  const document = buildBoardDocument(records)
  const board: BoardRow = { id: createBoardId(), title: input.title, template: input.template, createdAt: now, ownerId: input.ownerId ?? null, archivedAt: null }
  await catalog.createBoard(board, document)
  return board
}
