import { MAX_GRID_LANES, MAX_GRID_STAGES } from '../templates/gridLayout'
import { JourneyMapSchema, type JourneyMap } from './journeySchema'

export interface JourneyIssue {
  /** Where the problem is, e.g. `stages[2].name`; '' for the whole value. */
  path: string
  message: string
}

export type ParseJourneyResult = { ok: true; journey: JourneyMap } | { ok: false; issues: JourneyIssue[] }

/**
 * Validates an imported journey (parsed JSON of unknown shape) against `JourneyMapSchema`,
 * including its cross-checks (unique stage, lane and note ids; cells and emotion points naming
 * known stages and lanes). Never throws: invalid input gives readable issues with paths such as
 * `cells[3].notes[0].votes`. Unknown keys are dropped from the returned journey.
 */
export function parseJourney(json: unknown): ParseJourneyResult {
  const result = JourneyMapSchema.safeParse(json)
  if (result.success) {
    const issues = checkGridSize(result.data)
    return issues.length ? { ok: false, issues } : { ok: true, journey: result.data }
  }
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) }
}

/** A board holds at most MAX_GRID_STAGES x MAX_GRID_LANES: a larger journey cannot become one. */
function checkGridSize(journey: JourneyMap): JourneyIssue[] {
  const issues: JourneyIssue[] = []
  const limit = `a board's grid is at most ${MAX_GRID_STAGES} stages x ${MAX_GRID_LANES} lanes`
  if (journey.stages.length > MAX_GRID_STAGES) issues.push({ path: 'stages', message: `${journey.stages.length} stages: ${limit}` })
  if (journey.lanes.length > MAX_GRID_LANES) issues.push({ path: 'lanes', message: `${journey.lanes.length} lanes: ${limit}` })
  return issues
}

/** `['stages', 2, 'name']` → `stages[2].name`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/u.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out
}
