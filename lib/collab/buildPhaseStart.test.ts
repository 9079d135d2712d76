import { describe, expect, it } from 'vitest'
import { buildTemplateRecords } from '../templates/buildTemplateRecords'
import { getTemplate } from '../templates/journeyTemplates'
import { buildPhaseStart, getLaneBands, LANE_LOCK_HALF_WIDTH, type LaneBand } from './buildPhaseStart'
import { DEFAULT_PRIVATE_WRITING, isInLockedRegion, type Phase, type PrivateWritingState, type VoteState } from './sessionState'

const NOW = 1_700_000_000_000
const bands: LaneBand[] = [
  { laneId: 'actions', minY: 0, maxY: 460 },
  { laneId: 'pain-points', minY: 460, maxY: 920 },
  { laneId: 'opportunities', minY: 920, maxY: 1380 },
]
const phase = (p: Partial<Phase>): Phase => ({ id: 'phase-1', title: 'Write pains', minutes: 5, privateWriting: false, laneId: null, voteBudget: null, ...p })
const openVote: VoteState = { id: 'vote-old', open: true, budget: 3, scope: { kind: 'board' }, hideUntilClosed: true }
const privateOn: PrivateWritingState = { on: true, round: 2, revealedRound: 1, anonymous: true }

describe('buildPhaseStart', () => {
  it('"Write pains, 5 min, private, lane Pain points" runs the timer, starts a private round and locks the other lanes', () => {
    const start = buildPhaseStart(phase({ privateWriting: true, laneId: 'pain-points' }), { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null }, { now: NOW, voteId: 'v', laneBands: bands })
    expect(start).toEqual({
      activePhaseId: 'phase-1',
      timer: { state: 'running', endsAt: NOW + 300_000, remainingMs: 0, durationMs: 300_000 },
      privateWriting: { on: true, round: 1, revealedRound: 0, anonymous: false },
      lock: {
        board: false,
        regions: [
          { x: -LANE_LOCK_HALF_WIDTH, y: 0, w: 2 * LANE_LOCK_HALF_WIDTH, h: 460 },
          { x: -LANE_LOCK_HALF_WIDTH, y: 920, w: 2 * LANE_LOCK_HALF_WIDTH, h: 460 },
        ],
      },
      vote: null,
    })
    // The working lane is open from its first to its last row; its neighbours are not.
    const { regions } = start.lock
    expect([459, 460, 919, 920, 5_000].map((y) => isInLockedRegion(regions, 300, y))).toEqual([true, false, false, true, false])
    expect(isInLockedRegion(regions, -50_000, 100)).toBe(true)
  })

  it.each<[string, Partial<Phase>, { privateWriting: PrivateWritingState; vote: VoteState | null }, Partial<ReturnType<typeof buildPhaseStart>>]>([
    [
      'a private phase during a private round starts the next round',
      { privateWriting: true },
      { privateWriting: privateOn, vote: null },
      { privateWriting: { on: true, round: 3, revealedRound: 1, anonymous: true } },
    ],
    [
      'a shared phase reveals a round still open',
      {},
      { privateWriting: privateOn, vote: null },
      { privateWriting: { on: false, round: 2, revealedRound: 2, anonymous: true } },
    ],
    [
      'a shared phase leaves finished private writing alone',
      {},
      { privateWriting: { on: false, round: 2, revealedRound: 2, anonymous: false }, vote: null },
      { privateWriting: { on: false, round: 2, revealedRound: 2, anonymous: false } },
    ],
    [
      'a vote budget with a lane opens a vote on that lane',
      { voteBudget: 3, laneId: 'pain-points' },
      { privateWriting: DEFAULT_PRIVATE_WRITING, vote: openVote },
      { vote: { id: 'vote-new', open: true, budget: 3, scope: { kind: 'lane', laneId: 'pain-points' }, hideUntilClosed: false } },
    ],
    [
      'a vote budget without a lane opens a vote on the whole board',
      { voteBudget: 5 },
      { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null },
      { vote: { id: 'vote-new', open: true, budget: 5, scope: { kind: 'board' }, hideUntilClosed: false } },
    ],
    ['no vote budget closes an open vote', {}, { privateWriting: DEFAULT_PRIVATE_WRITING, vote: openVote }, { vote: { ...openVote, open: false } }],
    [
      'no vote budget keeps a closed vote (its tallies stay on the notes)',
      {},
      { privateWriting: DEFAULT_PRIVATE_WRITING, vote: { ...openVote, open: false } },
      { vote: { ...openVote, open: false } },
    ],
    ['no lane unlocks everything', {}, { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null }, { lock: { board: false, regions: [] } }],
    [
      'a lane that no longer exists locks nothing (rather than every lane)',
      { laneId: 'deleted-lane', voteBudget: 2 },
      { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null },
      { lock: { board: false, regions: [] }, vote: { id: 'vote-new', open: true, budget: 2, scope: { kind: 'board' }, hideUntilClosed: false } },
    ],
    [
      'half a minute is 30 s on the timer',
      { minutes: 0.5 },
      { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null },
      { timer: { state: 'running', endsAt: NOW + 30_000, remainingMs: 0, durationMs: 30_000 } },
    ],
  ])('%s', (_name, p, current, expected) => {
    expect(buildPhaseStart(phase(p), current, { now: NOW, voteId: 'vote-new', laneBands: bands })).toMatchObject(expected)
  })
})

describe('getLaneBands', () => {
  it('reads each lane header of a seeded board as the band its cells fill', () => {
    const records = buildTemplateRecords(getTemplate('buyer-journey')!, 'Board')
    const laneBands = getLaneBands(records)
    expect(laneBands.map((b) => b.laneId)).toEqual(['actions', 'touchpoints', 'thoughts', 'emotions', 'pain-points', 'opportunities'])
    for (const r of records) {
      const meta = r.meta as { jbRole?: string; jbLaneId?: string }
      if (meta?.jbRole !== 'cell') continue
      const band = laneBands.find((b) => b.laneId === meta.jbLaneId)!
      expect([r.y, Number(r.y) + Number((r.props as { h: number }).h)]).toEqual([band.minY, band.maxY])
    }
  })
})
