import type { JourneyFormat } from '../../lib/api/boardApi'
import { buildJourney } from '../../lib/journey/buildJourney'
import type { JourneyMap } from '../../lib/journey/journeySchema'
import { toJourneyCsv } from '../../lib/journey/toJourneyCsv'
import { toJourneyMarkdown } from '../../lib/journey/toJourneyMarkdown'
import type { BoardRow } from '../storage/BoardCatalog'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { readPersistedBoardRecords, readRecordsOfState } from './readBoardRecords'


const CONTENT_TYPES: Record<JourneyFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
}

export interface JourneyExport {
  body: string
  contentType: string
  filename: string
}

/** Which state to export: the live board, its latest agreed version, or a version by id. */
export type JourneySource = { kind: 'live' } | { kind: 'agreed' } | { kind: 'version'; id: string }

export class NoSuchVersionError extends Error {}

/** The structured journey of a board as persisted now, or of one of its agreed versions. */
export async function getBoardJourney(
  storage: Pick<Storage, 'catalog' | 'documents'>,
  rooms: RoomManager | undefined,
  board: BoardRow,
  now = new Date(),
  source: JourneySource = { kind: 'live' },
): Promise<JourneyMap> {
  const options = { boardId: board.id, title: board.title, template: board.template, exportedAt: now.toISOString() }
  if (source.kind === 'live') return buildJourney(await readPersistedBoardRecords(storage.documents, rooms, board.id), options)
  const id = source.kind === 'version' ? source.id : (await storage.catalog.listVersions(board.id))[0]?.id
  const version = id ? await storage.catalog.getVersion(id) : undefined
  if (!version || version.boardId !== board.id) throw new NoSuchVersionError(source.kind === 'agreed' ? 'This board has no agreed version yet' : 'No such version')
  return buildJourney(readRecordsOfState(version.state), { ...options, agreedVersion: version.label })
}

/** Renders a journey in one of the export formats, with a download file name. */
export function renderJourney(journey: JourneyMap, format: JourneyFormat): JourneyExport {
  const body = format === 'json' ? JSON.stringify(journey, null, 2) + '\n' : format === 'csv' ? toJourneyCsv(journey) : toJourneyMarkdown(journey)
  return { body, contentType: CONTENT_TYPES[format], filename: `${toFileSlug(journey.title)}-journey.${format}` }
}

/** A file-name-safe slug of a title ("Online course!" -> "online-course"). */
export function toFileSlug(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'board'
}
