import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildTemplateRecords } from '../templates/buildTemplateRecords'
import { getTemplate } from '../templates/journeyTemplates'
import {
  applySessionChange,
  buildFollowMe,
  buildPrivateWritingReveal,
  buildPrivateWritingStart,
  buildShowAuthors,
  DEFAULT_LOCK,
  DEFAULT_PRIVATE_WRITING,
  DEFAULT_TIMER,
  type Phase,
  type PrivateWritingState,
  readSession,
  readSessionValue,
  SESSION_KEYS,
  SESSION_MAP,
  type SessionChange,
  type SessionKey,
  type TimerState,
  VOTE_SEAL_KEY,
  VOTES_MAP,
  type VoteState,
} from './session'
import { buildAgendaAdd, buildAgendaRemove, buildPhaseStart } from './sessionAgenda'
import {
  buildBoardLock,
  buildRegionLock,
  buildRegionsUnlockAll,
  buildRegionUnlock,
  getLaneBands,
  isInLockedRegion,
  LANE_LOCK_HALF_WIDTH,
  type LaneBand,
} from './sessionLocks'
import { buildTimerExtend, buildTimerPause, buildTimerResume, buildTimerStart, buildTimerStop, getRemainingMs } from './sessionTimer'
import { buildVoteClose, buildVoteKey, buildVoteOpen, parseVoteKey, tallyVotes } from './sessionVotes'

const NOW = 1_700_000_000_000
const bands: LaneBand[] = [
  { laneId: 'actions', minY: 0, maxY: 460 },
  { laneId: 'pain-points', minY: 460, maxY: 920 },
  { laneId: 'opportunities', minY: 920, maxY: 1380 },
]
const phase = (p: Partial<Phase>): Phase => ({ id: 'phase-1', title: 'Write pains', minutes: 5, privateWriting: false, laneId: null, voteBudget: null, ...p })
const openVote: VoteState = { id: 'vote-old', open: true, budget: 3, scope: { kind: 'board' }, hideUntilClosed: true }
const privateOn: PrivateWritingState = { on: true, round: 2, revealedRound: 1, anonymous: true }

describe('session state helpers', () => {
  it.each([
    [{ state: 'running' as const, endsAt: 10_000, remainingMs: 0, durationMs: 60_000 }, 4_000, 6_000],
    [{ state: 'running' as const, endsAt: 10_000, remainingMs: 0, durationMs: 60_000 }, 12_000, 0],
    [{ state: 'paused' as const, endsAt: null, remainingMs: 30_000, durationMs: 60_000 }, 99_000, 30_000],
    [{ state: 'stopped' as const, endsAt: null, remainingMs: 0, durationMs: 0 }, 1, 0],
  ])('timer %j at %i has %i ms left', (timer, now, left) => expect(getRemainingMs(timer, now)).toBe(left))

  it('round-trips vote keys and refuses malformed ones', () => {
    expect(parseVoteKey(buildVoteKey('v1', 'user-7', 2))).toEqual({ voteId: 'v1', userId: 'user-7', slot: 2 })
    expect(parseVoteKey('v1|u')).toBeUndefined()
    expect(parseVoteKey('v1|u|-1')).toBeUndefined()
    expect(parseVoteKey('v1|u|x')).toBeUndefined()
  })

  it('tallies readable dots per note for one vote only', () => {
    const tally = tallyVotes(
      [
        ['v1|a|0', 'shape:n1'],
        ['v1|a|1', 'shape:n1'],
        ['v1|b|0', 'shape:n2'],
        ['v0|a|0', 'shape:n2'],
        ['v1|c|0', 42],
        ['v1|d|0', 'sealed:AAAA'],
      ],
      'v1',
    )
    expect([...tally]).toEqual([
      ['shape:n1', 2],
      ['shape:n2', 1],
    ])
  })

  it('finds points in locked regions', () => {
    const regions = [{ x: 0, y: 0, w: 100, h: 50 }]
    expect(isInLockedRegion(regions, 10, 10)).toBe(true)
    expect(isInLockedRegion(regions, 100, 10)).toBe(false)
    expect(isInLockedRegion([], 10, 10)).toBe(false)
  })
})

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

const timerRunning: TimerState = { state: 'running', endsAt: NOW + 60_000, remainingMs: 0, durationMs: 120_000 }
const timerPaused: TimerState = { state: 'paused', endsAt: null, remainingMs: 45_000, durationMs: 120_000 }
const writePains = phase({ id: 'p-pains', privateWriting: true, laneId: 'pain-points' })

/** A board document whose session map holds `values` as written (malformed ones included). */
function docWith(values: Record<string, unknown>, votes: Record<string, unknown> = {}): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const [k, v] of Object.entries(values)) doc.getMap(SESSION_MAP).set(k, v)
    for (const [k, v] of Object.entries(votes)) doc.getMap(VOTES_MAP).set(k, v)
  })
  return doc
}

describe('readSession', () => {
  it('reads an empty session map as every default', () => {
    expect(readSession(new Y.Doc())).toEqual({
      timer: DEFAULT_TIMER,
      vote: null,
      privateWriting: DEFAULT_PRIVATE_WRITING,
      lock: DEFAULT_LOCK,
      followMe: null,
      showAuthors: true,
      agenda: [],
      activePhaseId: null,
      [VOTE_SEAL_KEY]: null,
      votes: [],
    })
  })

  it('names every key of the layout (README "Document layout")', () => {
    expect([...SESSION_KEYS].sort()).toEqual(['activePhaseId', 'agenda', 'followMe', 'lock', 'privateWriting', 'showAuthors', 'timer', 'vote', 'voteSeal'])
  })

  // [key, what is stored, what is read]: valid values read as written, malformed ones as the default.
  it.each<[SessionKey, unknown, unknown]>([
    ['timer', timerRunning, timerRunning],
    ['timer', { ...timerRunning, state: 'ticking' }, DEFAULT_TIMER],
    ['timer', { ...timerPaused, remainingMs: -1 }, DEFAULT_TIMER],
    ['vote', openVote, openVote],
    ['vote', null, null],
    ['vote', { ...openVote, budget: 51 }, null],
    ['vote', { ...openVote, scope: { kind: 'stage' } }, null],
    ['vote', { ...openVote, id: '' }, null],
    ['privateWriting', privateOn, privateOn],
    ['privateWriting', { ...privateOn, round: 1.5 }, DEFAULT_PRIVATE_WRITING],
    ['lock', { board: true, regions: [{ x: 1, y: 2, w: 3, h: 4 }] }, { board: true, regions: [{ x: 1, y: 2, w: 3, h: 4 }] }],
    ['lock', { board: true, regions: [{ x: 1, y: 2 }] }, DEFAULT_LOCK],
    ['lock', 'locked', DEFAULT_LOCK],
    ['followMe', { userId: 'u1', name: 'Ada' }, { userId: 'u1', name: 'Ada' }],
    ['followMe', { userId: 'u1' }, { userId: 'u1', name: '' }],
    ['followMe', { name: 'Ada' }, null],
    ['followMe', null, null],
    ['showAuthors', false, false],
    ['showAuthors', true, true],
    ['showAuthors', 0, true],
    ['agenda', [writePains], [writePains]],
    ['agenda', [writePains, { ...writePains, id: 'p-bad', minutes: 0 }, { title: 'no id' }], [writePains]],
    ['agenda', { 0: writePains }, []],
    ['activePhaseId', 'p-pains', 'p-pains'],
    ['activePhaseId', 7, null],
    [VOTE_SEAL_KEY, { voteId: 'v1', publicKey: 'AAAA' }, { voteId: 'v1', publicKey: 'AAAA' }],
    [VOTE_SEAL_KEY, { voteId: 'v1', publicKey: '' }, null],
  ])('%s stored as %j reads as %j', (key, stored, read) => {
    const doc = docWith({ [key]: stored })
    expect(readSessionValue(doc.getMap(SESSION_MAP), key)).toEqual(read)
    expect(readSession(doc)[key]).toEqual(read)
  })

  it('reads the dot entries whose value is a note id (or sealed), nothing else', () => {
    const doc = docWith({}, { 'v1|a|0': 'shape:n1', 'v1|b|0': 'sealed:AAAA', 'v1|c|0': 42 })
    expect(readSession(doc).votes.sort()).toEqual([
      ['v1|a|0', 'shape:n1'],
      ['v1|b|0', 'sealed:AAAA'],
    ])
  })
})

describe('session change builders', () => {
  const lock = { board: false, regions: [{ x: 0, y: 0, w: 10, h: 10 }] }
  const lane = { x: -LANE_LOCK_HALF_WIDTH, y: 460, w: 2 * LANE_LOCK_HALF_WIDTH, h: 460 }
  // [name, built change, the change it must be]
  it.each<[string, SessionChange, SessionChange]>([
    ['timer start', buildTimerStart(NOW, 300_000), { timer: { state: 'running', endsAt: NOW + 300_000, remainingMs: 0, durationMs: 300_000 } }],
    ['timer pause keeps what is left', buildTimerPause(timerRunning, NOW + 15_000), { timer: { state: 'paused', endsAt: null, remainingMs: 45_000, durationMs: 120_000 } }],
    ['timer pause after zero keeps nothing', buildTimerPause(timerRunning, NOW + 90_000), { timer: { state: 'paused', endsAt: null, remainingMs: 0, durationMs: 120_000 } }],
    ['timer resume', buildTimerResume(timerPaused, NOW), { timer: { state: 'running', endsAt: NOW + 45_000, remainingMs: 0, durationMs: 120_000 } }],
    ['+1 min on a running timer ends it later', buildTimerExtend(timerRunning, NOW, 60_000), { timer: { ...timerRunning, endsAt: NOW + 120_000 } }],
    ['+1 min on a paused timer leaves more', buildTimerExtend(timerPaused, NOW, 60_000), { timer: { ...timerPaused, remainingMs: 105_000 } }],
    ['+1 min on a running timer without an end counts from now', buildTimerExtend({ ...timerRunning, endsAt: null }, NOW, 60_000), { timer: { ...timerRunning, endsAt: NOW + 60_000 } }],
    ['timer stop', buildTimerStop(), { timer: { state: 'stopped', endsAt: null, remainingMs: 0, durationMs: 0 } }],
    ['private writing starts the next round', buildPrivateWritingStart(privateOn, false), { privateWriting: { on: true, round: 3, revealedRound: 1, anonymous: false } }],
    ['reveal shares the round', buildPrivateWritingReveal(privateOn, true), { privateWriting: { on: false, round: 2, revealedRound: 2, anonymous: true } }],
    [
      'vote open',
      buildVoteOpen({ id: 'v2', budget: 4, scope: { kind: 'stage', stageId: 's1' }, hideUntilClosed: true }),
      { vote: { id: 'v2', open: true, budget: 4, scope: { kind: 'stage', stageId: 's1' }, hideUntilClosed: true } },
    ],
    ['vote close keeps the vote (its dots and tallies)', buildVoteClose(openVote), { vote: { ...openVote, open: false } }],
    ['board lock keeps the regions', buildBoardLock(lock, true), { lock: { board: true, regions: lock.regions } }],
    ['board unlock', buildBoardLock({ ...lock, board: true }, false), { lock }],
    ['region lock copies only the rect', buildRegionLock(lock, { x: 5, y: 6, w: 7, h: 8, extra: 1 } as never), { lock: { board: false, regions: [...lock.regions, { x: 5, y: 6, w: 7, h: 8 }] } }],
    ['lane unlock drops only that lane', buildRegionUnlock({ board: true, regions: [lane, ...lock.regions, { ...lane }] }, lane), { lock: { board: true, regions: lock.regions } }],
    ['unlock all areas keeps a board lock', buildRegionsUnlockAll({ ...lock, board: true }), { lock: { board: true, regions: [] } }],
    ['bring everyone here', buildFollowMe({ userId: 'u1', name: 'Ada' }), { followMe: { userId: 'u1', name: 'Ada' } }],
    ['release everyone', buildFollowMe(null), { followMe: null }],
    ['hide authors', buildShowAuthors(false), { showAuthors: false }],
    ['agenda add goes last', buildAgendaAdd([writePains], phase({ id: 'p2' })), { agenda: [writePains, phase({ id: 'p2' })] }],
    ['agenda remove', buildAgendaRemove([writePains, phase({ id: 'p2' })], 'p-pains'), { agenda: [phase({ id: 'p2' })] }],
  ])('%s', (_name, built, expected) => expect(built).toEqual(expected))

  it('leaves what they are given unchanged', () => {
    const agenda = [writePains]
    const regions = [...lock.regions]
    buildAgendaAdd(agenda, phase({ id: 'p2' }))
    buildRegionLock(lock, lane)
    expect([agenda, lock.regions]).toEqual([[writePains], regions])
  })
})

describe('applySessionChange', () => {
  it('writes every key of a change in one transaction, null included, and reads back as built', () => {
    const doc = docWith({ vote: openVote, showAuthors: false })
    const seen: string[][] = []
    doc.getMap(SESSION_MAP).observe((e) => seen.push([...e.keysChanged].sort()))
    const start = buildPhaseStart(phase({ id: 'p-shared' }), { privateWriting: privateOn, vote: null }, { now: NOW, voteId: 'v', laneBands: bands })
    applySessionChange(doc, start)
    expect(seen).toEqual([['activePhaseId', 'lock', 'privateWriting', 'timer', 'vote']])
    expect(doc.getMap(SESSION_MAP).get('vote')).toBeNull()
    const read = readSession(doc)
    expect({ activePhaseId: read.activePhaseId, timer: read.timer, privateWriting: read.privateWriting, lock: read.lock, vote: read.vote }).toEqual(start)
    expect(read.showAuthors).toBe(false)
  })

  it('skips keys left undefined, and takes only facilitator keys with their own value type', () => {
    const doc = docWith({ timer: timerRunning })
    applySessionChange(doc, { timer: undefined, showAuthors: false })
    applySessionChange(doc, buildFollowMe({ userId: 'u1', name: 'Ada' }))
    expect(readSession(doc)).toMatchObject({ timer: timerRunning, showAuthors: false, followMe: { userId: 'u1', name: 'Ada' } })
    // @ts-expect-error: the seal key is the server's, not a facilitator's change
    const sealChange: SessionChange = { [VOTE_SEAL_KEY]: null }
    // @ts-expect-error: a session key takes only its own value type
    const badTimer: SessionChange = { timer: { state: 'ticking' } }
    // @ts-expect-error: only session keys
    const unknownKey: SessionChange = { colour: 'red' }
    expect([sealChange, badTimer, unknownKey]).toHaveLength(3)
  })
})
