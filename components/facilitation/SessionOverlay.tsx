'use client'
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react'
import { react, unsafe__withoutCapture, useComputed, useEditor, useValue, type TLNoteShape, type TLShapeId } from 'tldraw'
import { isLaneRegion, LOCK_REFUSAL_MESSAGES, type LockRefusal } from '../../lib/collab/getLockRefusal'
import type { WebsocketProvider } from 'y-websocket'
import { buildVoteKey, parseVoteKey, tallyVotes, VOTES_MAP, type LockState, type Session } from '../../lib/collab/session'
import { getGridMeta } from '../../lib/templates/gridMeta'
import type * as Y from 'yjs'
import { getBadgeNotes, getVisibleBadgeNotes, isSameList, type BadgeNote } from './getBadgeNotes'
import { createGreekedTextCheck } from '../notes/noteGreeking'
import { getDenseRendering } from '../notes/getDenseRendering'
import { getLiveNoteIds } from '../notes/useNoteViewState'
import { useMyHiddenDots, type MyHiddenDots } from './useMyHiddenDots'

interface Props {
  boardId: string
  session: Session
  doc: Y.Doc
  /** The sync connection: a hidden vote's dots go to the server through it. */
  provider?: WebsocketProvider
  userId: string
  canVote: boolean
  /** The latest change a lock refused on this screen, and when (ms). */
  lockNotice?: { reason: LockRefusal; at: number }
  /** A change refused for a limit (a note too long, the board full), with the sentence to show. */
  limitNotice?: { text: string; at: number }
  /** This person's revealed notes held back on this device because a lock covers them. */
  heldNoteIds: string[]
}

/** Why "+" is disabled once every dot is placed. */
function getNoDotsLeftText(budget: number): string {
  return `No dots left: ${budget} of ${budget} used`
}

/** How long a lock notice stays up after the last refusal. */
const LOCK_NOTICE_MS = 4_000
/** How long a limit notice (a note too long, the board full) stays: longer, as it asks for action. */
const LIMIT_NOTICE_MS = 8_000

/**
 * Everyone's view of the session over the canvas (the timer is in the top bar: SessionTimer): private-writing notice, locks (the locked
 * areas, and why a change was just refused), dot votes, authors.
 */
export function SessionOverlay({ session, doc, provider, userId, canVote, lockNotice, limitNotice, heldNoteIds }: Props) {
  const noticeShown = useRecent(lockNotice?.at, LOCK_NOTICE_MS)
  const limitNoticeShown = useRecent(limitNotice?.at, LIMIT_NOTICE_MS)
  const vote = session.vote
  // A hidden vote whose keys the server holds (it publishes voteSeal with the vote): the server
  // writes the dots, and this person's are read with their voter key.
  const hiddenVoteId = vote?.open && vote.hideUntilClosed && session.voteSeal?.voteId === vote.id ? vote.id : undefined
  const hidden = useMyHiddenDots(canVote ? provider : undefined, hiddenVoteId, vote?.budget ?? 0, session.votes)
  const myDotCount = hiddenVoteId
    ? (hidden.dots ?? []).filter((n) => n !== undefined).length
    : session.votes.filter(([k]) => parseVoteKey(k)?.voteId === vote?.id && parseVoteKey(k)?.userId === userId).length

  return (
    <>
      <LockedAreas lock={session.lock} />
      {/* Below the board's top bar (BoardCanvas sets its bottom edge), which also holds the timer. */}
      <div
        className="pointer-events-none absolute left-1/2 z-[300] flex max-w-[calc(100%-16px)] -translate-x-1/2 flex-col items-center gap-1"
        style={{ fontFamily: 'system-ui, sans-serif', top: 'calc(var(--jb-top-bar-bottom, 0px) + 8px)' }}
      >
        {session.privateWriting.on && (
          <div data-testid="private-writing-banner" className="rounded-md bg-violet-700 px-3 py-1 text-xs text-white shadow">
            Private writing: your new notes stay on this device until the facilitator reveals them.
          </div>
        )}
        {session.lock.board && (
          <div data-testid="board-lock-banner" className="rounded-md bg-slate-700 px-3 py-1 text-xs text-white shadow">
            The board is locked by the facilitator.
          </div>
        )}
        {heldNoteIds.length > 0 && (
          <div data-testid="held-notes-banner" className="max-w-md rounded-md bg-violet-100 px-3 py-1 text-center text-xs text-violet-900 shadow">
            {heldNoteIds.length === 1
              ? '1 of your revealed notes is in a locked area. It stays on this device and is shared when the facilitator unlocks it; move it to an open lane to share it now.'
              : `${heldNoteIds.length} of your revealed notes are in a locked area. They stay on this device and are shared when the facilitator unlocks it; move them to an open lane to share them now.`}
          </div>
        )}
        <div aria-live="polite">
          {lockNotice && noticeShown && (
            <div key={lockNotice.at} role="status" data-testid="lock-notice" data-reason={lockNotice.reason} className="flex items-center gap-1.5 rounded-md bg-amber-500 px-3 py-1.5 text-sm font-medium text-slate-900 shadow">
              <LockIcon className="h-4 w-4" />
              {LOCK_REFUSAL_MESSAGES[lockNotice.reason]}
            </div>
          )}
          {limitNotice && limitNoticeShown && (
            <div key={limitNotice.at} role="status" data-testid="limit-notice" className="max-w-md rounded-md bg-red-700 px-3 py-1.5 text-center text-sm font-medium text-white shadow">
              {limitNotice.text}
            </div>
          )}
        </div>
        {session.vote?.open && (
          <div data-testid="vote-banner" className="rounded-md bg-blue-700 px-3 py-1 text-xs text-white shadow">
            Dot voting: {Math.max(0, session.vote.budget - myDotCount)} of {session.vote.budget} dots left
            {myDotCount >= session.vote.budget && <span className="ml-1 font-semibold">· {getNoDotsLeftText(session.vote.budget)}</span>}
          </div>
        )}
      </div>
      <NoteBadges session={session} doc={doc} userId={userId} canVote={canVote} heldNoteIds={heldNoteIds} hidden={hiddenVoteId ? hidden : undefined} />
    </>
  )
}

/**
 * Screen pixels around a note within which its badges are drawn (the private badge sits 16 px above
 * it, the author label below): notes this far outside the viewport still get their badges.
 */
const BADGE_MARGIN_PX = 48

/**
 * Dots and author labels drawn beside each note, following the camera.
 *
 * Only notes with something to show and near the viewport get elements. They sit in a layer that
 * carries the camera as a CSS transform (page units, as tldraw's own shape layer), set directly on
 * camera changes: panning or zooming renders nothing in React and computes no positions; each badge
 * undoes the zoom (`--jb-inv-zoom`) so it keeps its size and its offsets in screen pixels.
 */
function NoteBadges({ session, doc, userId, canVote, heldNoteIds, hidden }: Omit<Props, 'boardId' | 'provider' | 'lockNotice' | 'limitNotice'> & { hidden?: MyHiddenDots }) {
  const editor = useEditor()
  const vote = session.vote
  const tally = useMemo(() => (vote ? tallyVotes(session.votes, vote.id) : new Map<string, number>()), [session.votes, vote])
  // My dots as [slot, note id]: in a hidden vote, those opened with my voter key.
  const hiddenDots = hidden?.dots
  const mine = useMemo((): [number, string][] => {
    if (!vote) return []
    if (hidden) return (hiddenDots ?? []).flatMap((noteId, slot): [number, string][] => (noteId ? [[slot, noteId]] : []))
    return session.votes.flatMap(([k, v]): [number, string][] => {
      const p = parseVoteKey(k)
      return p?.voteId === vote.id && p.userId === userId ? [[p.slot, v]] : []
    })
  }, [hidden, hiddenDots, session.votes, userId, vote])
  const showTally = !!vote && (!vote.open || !vote.hideUntilClosed)
  // A hidden vote takes dots once this person's voter key has come from the server.
  const canPlace = !!vote?.open && (!hidden || hiddenDots !== undefined)
  const placing = useRef(new Set<number>())
  const lastBadgeNotes = useRef<BadgeNote[]>([])
  const badgeNotes = useComputed(
    'badge notes',
    () => {
      const shapes = editor.getCurrentPageShapes()
      let isVotableAt: ((x: number, y: number) => boolean) | undefined
      if (vote && canPlace && canVote) {
        if (vote.scope.kind === 'board') isVotableAt = () => true
        else {
          const id = vote.scope.kind === 'stage' ? vote.scope.stageId : vote.scope.laneId
          const header = shapes.find((s) => getGridMeta(s.meta)?.jbRole === vote.scope.kind && s.meta.jbId === id)
          const b = header && editor.getShapePageBounds(header)
          // No such stage or lane on the board: no note is votable (and no position is needed).
          if (b) isVotableAt = vote.scope.kind === 'stage' ? (x) => x >= b.minX && x < b.maxX : (_x, y) => y >= b.minY && y < b.maxY
        }
      }
      const myCounts = new Map<string, number>()
      for (const [, id] of mine) myCounts.set(id, (myCounts.get(id) ?? 0) + 1)
      const previous = new Map(lastBadgeNotes.current.map((n) => [n.id, n]))
      const isGreeked = createGreekedTextCheck(editor, getLiveNoteIds(editor))
      // A note the overview canvas draws shows lines, not text: no author beside it either.
      const drawnIds = getDenseRendering(editor).get().drawnIds
      // Per-note reads are not tracked: the page's shapes above already make every note (and every
      // frame holding one) a dependency, and a computed with thousands of parents makes each later
      // store change check them all.
      return unsafe__withoutCapture(() => {
        const isTextGreeked = (id: string) => {
          if (drawnIds.has(id as TLShapeId)) return true
          const shape = editor.getShape(id as TLShapeId)
          return shape?.type === 'note' && isGreeked(shape as TLNoteShape)
        }
        return (lastBadgeNotes.current = getBadgeNotes(
          shapes.filter((s) => s.type === 'note'),
          {
            showTally,
            showAuthors: session.showAuthors,
            tally,
            myCounts,
            heldNoteIds: new Set(heldNoteIds),
            isVotableAt,
            isTextGreeked,
            getBounds: (shape) => editor.getShapePageBounds(shape),
          },
          previous,
        ))
      })
    },
    { isEqual: isSameList },
    [editor, vote, canPlace, canVote, mine, showTally, session.showAuthors, tally, heldNoteIds],
  )
  const visible = useValue(
    useComputed(
      'badge notes in view',
      () => getVisibleBadgeNotes(badgeNotes.get(), editor.getViewportPageBounds(), BADGE_MARGIN_PX / editor.getZoomLevel()),
      { isEqual: isSameList },
      [editor, badgeNotes],
    ),
  )

  const layer = useRef<HTMLDivElement>(null)
  useLayoutEffect(
    () =>
      react('badge layer camera', () => {
        const { x, y, z } = editor.getCamera()
        const el = layer.current
        if (!el) return
        el.style.transform = `scale(${z}) translate(${x}px, ${y}px)`
        el.style.setProperty('--jb-zoom', String(z))
        el.style.setProperty('--jb-inv-zoom', String(1 / z))
      }),
    [editor],
  )

  const noDotsLeft = vote && mine.length >= vote.budget ? getNoDotsLeftText(vote.budget) : undefined

  // Read through a ref so the memoised badges need not re-render when the vote state changes.
  const actions = useRef({ addDot: (_noteId: string) => {}, removeDot: (_noteId: string) => {} })
  actions.current.addDot = addDot
  actions.current.removeDot = removeDot

  function addDot(noteId: string) {
    if (!vote) return
    const used = new Set([...mine.map(([slot]) => slot), ...placing.current])
    const slot = Array.from({ length: vote.budget }, (_, i) => i).find((i) => !used.has(i))
    if (slot === undefined) return
    if (hidden) {
      // The server writes it (so nothing in the document names this person); the slot stays taken
      // here until the entry arrives.
      placing.current.add(slot)
      hidden.send(slot, noteId)
      return
    }
    doc.getMap(VOTES_MAP).set(buildVoteKey(vote.id, userId, slot), noteId)
  }
  function removeDot(noteId: string) {
    const entry = mine.find(([, n]) => n === noteId)
    if (!entry || !vote) return
    if (hidden) hidden.send(entry[0], '')
    else doc.getMap(VOTES_MAP).delete(buildVoteKey(vote.id, userId, entry[0]))
  }
  // A slot being placed is free again once my dots have changed (the entry came, or was refused).
  useEffect(() => placing.current.clear(), [hiddenDots])

  return (
    <div className="pointer-events-none absolute inset-0 z-[250] overflow-hidden" style={{ fontFamily: 'system-ui, sans-serif' }}>
      <div ref={layer} className="absolute top-0 left-0" style={{ transformOrigin: '0 0' }}>
        {visible.map((n) => (
          <NoteBadge key={n.id} note={n} showTally={showTally} noDotsLeft={noDotsLeft} actions={actions} />
        ))}
      </div>
    </div>
  )
}

/**
 * Places an element at a page point (inside NoteBadges' camera layer), at screen size, moved by
 * `dx`/`dy` screen pixels; `alignRight` puts its right edge at the point instead of its left.
 *
 * CSS `zoom` (1 / camera zoom) keeps it at screen size. It multiplies every length of the element,
 * its position too, so the position is given times the camera zoom. Unlike a transform per badge, it
 * does not make each badge a paint chunk of its own for Chromium's layer assignment, which with
 * thousands of badges took tens of ms in every frame that changed the page (seen in a trace).
 */
function atPagePoint(x: number, y: number, dx: number, dy: number, alignRight = false): CSSProperties {
  const page = (v: number) => `calc(var(--jb-zoom, 1) * ${v}px)`
  return {
    zoom: 'var(--jb-inv-zoom, 1)',
    top: page(y),
    marginTop: dy,
    // The layer has no size, so `right: -x` puts the right edge at x.
    ...(alignRight ? { right: page(-x), marginRight: -dx } : { left: page(x), marginLeft: dx }),
  }
}

/** A note's width in page units at scale 1 (tldraw's note size): badges inside a note scale by its width over this. */
const NOTE_WIDTH_PAGE = 200
/** Screen pixels between a note's top edge and the dot controls above it (their height included). */
const VOTE_CONTROLS_OFFSET_PX = 18

const NoteBadge = memo(function NoteBadge({
  note: n,
  showTally,
  noDotsLeft,
  actions,
}: {
  note: BadgeNote
  showTally: boolean
  /** Why "+" is disabled ("No dots left: 3 of 3 used"), or undefined while this person has dots left. */
  noDotsLeft: string | undefined
  actions: RefObject<{ addDot: (noteId: string) => void; removeDot: (noteId: string) => void }>
}) {
  const { minX, minY, maxX, maxY } = n.bounds
  // Page units per unit of a scale-1 note: the author label scales with the note (and the camera).
  const s = (maxX - minX) / NOTE_WIDTH_PAGE
  const shownCount = showTally || n.myCount > 0
  return (
    <>
      {n.showsVotes && (
        // Above the note's top edge, right-aligned with it, so it never covers the note's text. "+"
        // is the rightmost control and "−" next to it, both always there while the note is votable
        // ("−" disabled without a dot of mine): a click never moves a control under the pointer. The
        // count, whose width changes, sits to their left.
        <div className="pointer-events-auto absolute flex items-center gap-1 whitespace-nowrap" style={atPagePoint(maxX, minY, 0, -VOTE_CONTROLS_OFFSET_PX, true)} data-testid={`votes-${n.id}`}>
          {shownCount ? (
            <span className="rounded-full bg-blue-700 px-1.5 text-xs font-semibold text-white" data-testid="vote-count">
              {showTally ? n.count : n.myCount}●
            </span>
          ) : null}
          {n.votable && (
            <>
              <button
                className="w-5 rounded-full bg-white text-xs font-bold text-slate-600 shadow disabled:text-slate-300 disabled:shadow-none"
                aria-label="Remove a dot"
                title={n.myCount > 0 ? 'Remove a dot' : 'None of your dots is on this note'}
                disabled={n.myCount === 0}
                onClick={() => actions.current.removeDot(n.id)}
              >
                −
              </button>
              <button
                className="w-5 rounded-full bg-white text-xs font-bold text-blue-700 shadow disabled:text-slate-300 disabled:shadow-none"
                aria-label="Add a dot"
                title={noDotsLeft ?? 'Add a dot'}
                disabled={!!noDotsLeft}
                onClick={() => actions.current.addDot(n.id)}
              >
                +
              </button>
            </>
          )}
        </div>
      )}
      {n.author && (
        // Inside the note's bottom padding (which its text never enters), in page units: it scales
        // with the note, stays smaller than the note's text and never leaves the note.
        <span
          className="absolute overflow-hidden text-ellipsis whitespace-nowrap text-slate-700/80"
          data-testid="note-author"
          style={{ left: minX + 8 * s, top: maxY - 14 * s, maxWidth: maxX - minX - 16 * s, fontSize: 10 * s, lineHeight: `${12 * s}px` }}
        >
          {n.author}
        </span>
      )}
      {n.isPrivate && (
        <span className="absolute rounded bg-violet-700 px-1 text-[10px] whitespace-nowrap text-white" style={atPagePoint(minX, minY, 0, -16)} data-testid="private-note-badge">
          {n.isHeld ? 'private · shared when unlocked' : 'private'}
        </span>
      )}
    </>
  )
})

/** True from `at` until `forMs` later (a fresh `at` starts again). */
function useRecent(at: number | undefined, forMs: number): boolean {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    if (at === undefined) return
    setShown(true)
    const timer = setTimeout(() => setShown(false), Math.max(0, at + forMs - Date.now()))
    return () => clearTimeout(timer)
  }, [at, forMs])
  return shown
}

/**
 * The facilitator's locked regions, shaded on the canvas so participants see a lock before they try
 * to write there. Lane locks span the whole page, so each region is clipped to the viewport.
 */
function LockedAreas({ lock }: { lock: LockState }) {
  const editor = useEditor()
  const boxes = useValue(
    'locked areas on screen',
    () => {
      const view = editor.getViewportPageBounds()
      return lock.regions.flatMap((r, i) => {
        const x0 = Math.max(r.x, view.minX)
        const y0 = Math.max(r.y, view.minY)
        const x1 = Math.min(r.x + r.w, view.maxX)
        const y1 = Math.min(r.y + r.h, view.maxY)
        if (x1 <= x0 || y1 <= y0) return []
        const a = editor.pageToViewport({ x: x0, y: y0 })
        const b = editor.pageToViewport({ x: x1, y: y1 })
        return [{ key: i, lane: isLaneRegion(r), left: a.x, top: a.y, width: b.x - a.x, height: b.y - a.y }]
      })
    },
    [editor, lock],
  )
  return (
    <div className="pointer-events-none absolute inset-0 z-[240] overflow-hidden">
      {boxes.map((b) => (
        <div key={b.key} data-testid="locked-area" className="absolute border-2 border-dashed border-slate-500/60 bg-slate-500/10" style={{ left: b.left, top: b.top, width: b.width, height: b.height }}>
          <span className="absolute top-1 left-1/2 flex -translate-x-1/2 items-center gap-1 rounded bg-white/90 px-1.5 text-[11px] whitespace-nowrap text-slate-700 shadow-sm" style={{ fontFamily: 'system-ui, sans-serif' }}>
            <LockIcon className="h-3 w-3" />
            {b.lane ? 'Lane locked by the facilitator' : 'Locked by the facilitator'}
          </span>
        </div>
      ))}
    </div>
  )
}

/** A padlock drawn inline (no icon font or emoji font needed). */
function LockIcon({ className }: { className: string }) {
  return (
    <svg className={className} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </svg>
  )
}
