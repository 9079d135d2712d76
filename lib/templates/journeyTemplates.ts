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

const BUYER_LANES: TemplateLane[] = [
  { id: 'actions', name: 'Customer actions', kind: 'actions' },
  { id: 'touchpoints', name: 'Touchpoints', kind: 'touchpoints' },
  { id: 'thoughts', name: 'Thoughts & questions', kind: 'thoughts' },
  { id: 'emotions', name: 'Emotions', kind: 'emotions' },
  { id: 'pain-points', name: 'Pain points & barriers', kind: 'painPoints' },
  { id: 'opportunities', name: 'Opportunities', kind: 'opportunities' },
]

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  {
    id: 'buyer-journey',
    name: 'Buyer journey',
    description: 'Six stages from awareness of a need to return and loyalty, with the six classic lanes.',
    stages: [
      { id: 'awareness', name: 'Awareness' },
      { id: 'information-search', name: 'Information search' },
      { id: 'comparing-alternatives', name: 'Comparing alternatives' },
      { id: 'purchase', name: 'Purchase' },
      { id: 'use', name: 'Use' },
      { id: 'return-loyalty', name: 'Return & loyalty' },
    ],
    lanes: BUYER_LANES,
  },
  {
    id: 'phases',
    name: 'Seven phases',
    description: 'Awareness to repeat purchase in seven phases, with actions, touchpoints, thoughts and emotions.',
    stages: [
      { id: 'awareness', name: 'Awareness' },
      { id: 'interest', name: 'Interest' },
      { id: 'comparison', name: 'Comparison' },
      { id: 'purchase', name: 'Purchase' },
      { id: 'usage', name: 'Usage' },
      { id: 'feedback', name: 'Feedback' },
      { id: 'repeat', name: 'Repeat' },
    ],
    lanes: [
      { id: 'actions', name: 'Customer actions', kind: 'actions' },
      { id: 'touchpoints', name: 'Touchpoints', kind: 'touchpoints' },
      { id: 'thoughts', name: 'Thoughts & feelings', kind: 'thoughts' },
      { id: 'emotions', name: 'Emotions', kind: 'emotions' },
    ],
  },
  {
    id: 'five-stage',
    name: 'Five stages',
    description: 'Awareness, consideration, purchase, retention and advocacy, with drivers and KPIs.',
    stages: [
      { id: 'awareness', name: 'Awareness' },
      { id: 'consideration', name: 'Consideration' },
      { id: 'purchase', name: 'Purchase' },
      { id: 'retention', name: 'Retention' },
      { id: 'advocacy', name: 'Advocacy' },
    ],
    lanes: [
      ...BUYER_LANES,
      { id: 'drivers', name: 'Drivers', kind: 'drivers' },
      { id: 'kpis', name: 'KPIs', kind: 'kpis' },
    ],
  },
]

export const DEFAULT_TEMPLATE_ID = 'buyer-journey'

/** The template with this id, or undefined. */
export function getTemplate(id: string): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((t) => t.id === id)
}
