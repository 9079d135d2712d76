import { buildJourney } from '../../lib/journey/buildJourney'
import type { JourneyMap } from '../../lib/journey/journeySchema'
import { toJourneyCsv } from '../../lib/journey/toJourneyCsv'
import { toJourneyMarkdown } from '../../lib/journey/toJourneyMarkdown'
import type { BoardRow, Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { readPersistedBoardRecords } from './readBoardRecords'

export const JOURNEY_FORMATS = ['json', 'csv', 'md'] as const
export type JourneyFormat = (typeof JOURNEY_FORMATS)[number]

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

/** The structured journey of a board as persisted now. */
export async function getBoardJourney(storage: Storage, rooms: RoomManager | undefined, board: BoardRow, now = new Date()): Promise<JourneyMap> {
  const records = await readPersistedBoardRecords(storage, rooms, board.id)
  return buildJourney(records, { boardId: board.id, title: board.title, template: board.template, exportedAt: now.toISOString() })
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
