import type { LaneKind } from './laneKinds'

/** A stage (column) or lane (row) of a template. `id` is stable: exports and imports use it. */
export interface TemplateStage {
  id: string
  name: string
}
export interface TemplateLane {
  id: string
  name: string
  kind: LaneKind
}

/** A journey template: the grid and the cards a new board starts with. Pure data. */
export interface JourneyTemplate {
  id: string
  name: string
  description: string
  stages: TemplateStage[]
  lanes: TemplateLane[]
}

/**
 * Every stage the templates use, by id, each written once: a stage two templates share (Awareness,
 * Purchase) is one stage with one id and name, so boards from either template export it alike.
 */
const STAGE_NAMES = {
  awareness: 'Awareness',
  'information-search': 'Information search',
  'comparing-alternatives': 'Comparing alternatives',
  interest: 'Interest',
  comparison: 'Comparison',
  consideration: 'Consideration',
  purchase: 'Purchase',
  use: 'Use',
  usage: 'Usage',
  feedback: 'Feedback',
  repeat: 'Repeat',
  retention: 'Retention',
  advocacy: 'Advocacy',
  'return-loyalty': 'Return & loyalty',
} as const satisfies Record<string, string>
type StageId = keyof typeof STAGE_NAMES

/** Every lane the templates use, by id, each written once, as STAGE_NAMES. */
const LANES = {
  actions: { name: 'Customer actions', kind: 'actions' },
  touchpoints: { name: 'Touchpoints', kind: 'touchpoints' },
  thoughts: { name: 'Thoughts & questions', kind: 'thoughts' },
  emotions: { name: 'Emotions', kind: 'emotions' },
  'pain-points': { name: 'Pain points & barriers', kind: 'painPoints' },
  opportunities: { name: 'Opportunities', kind: 'opportunities' },
  drivers: { name: 'Drivers', kind: 'drivers' },
  kpis: { name: 'KPIs', kind: 'kpis' },
} as const satisfies Record<string, Omit<TemplateLane, 'id'>>
type LaneId = keyof typeof LANES

function stagesOf(...ids: StageId[]): TemplateStage[] {
  return ids.map((id) => ({ id, name: STAGE_NAMES[id] }))
}

/** These lanes in this order; `names` renames some for one template (same id and kind, other words). */
function lanesOf(ids: LaneId[], names: Partial<Record<LaneId, string>> = {}): TemplateLane[] {
  return ids.map((id) => ({ id, name: names[id] ?? LANES[id].name, kind: LANES[id].kind }))
}

/** The six classic lanes; the five-stage template adds two. */
const BUYER_LANE_IDS: LaneId[] = ['actions', 'touchpoints', 'thoughts', 'emotions', 'pain-points', 'opportunities']

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  {
    id: 'buyer-journey',
    name: 'Buyer journey',
    description: 'Six stages from awareness of a need to return and loyalty, with the six classic lanes.',
    stages: stagesOf('awareness', 'information-search', 'comparing-alternatives', 'purchase', 'use', 'return-loyalty'),
    lanes: lanesOf(BUYER_LANE_IDS),
  },
  {
    id: 'phases',
    name: 'Seven phases',
    description: 'Awareness to repeat purchase in seven phases, with actions, touchpoints, thoughts and emotions.',
    stages: stagesOf('awareness', 'interest', 'comparison', 'purchase', 'usage', 'feedback', 'repeat'),
    lanes: lanesOf(['actions', 'touchpoints', 'thoughts', 'emotions'], { thoughts: 'Thoughts & feelings' }),
  },
  {
    id: 'five-stage',
    name: 'Five stages',
    description: 'Awareness, consideration, purchase, retention and advocacy, with drivers and KPIs.',
    stages: stagesOf('awareness', 'consideration', 'purchase', 'retention', 'advocacy'),
    lanes: lanesOf([...BUYER_LANE_IDS, 'drivers', 'kpis']),
  },
]

export const DEFAULT_TEMPLATE_ID = 'buyer-journey'

/** The template with this id, or undefined. */
export function getTemplate(id: string): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((t) => t.id === id)
}
