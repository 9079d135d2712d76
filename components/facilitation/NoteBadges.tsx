'use client'
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type CSSProperties, type RefObject } from 'react'
import { react, unsafe__withoutCapture, useComputed, useEditor, useValue, type TLNoteShape, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { type Session, VOTES_MAP } from '../../lib/collab/session'
import { buildVoteKey, parseVoteKey, tallyVotes } from '../../lib/collab/sessionVotes'
import { createGreekedTextCheck } from '../notes/noteGreeking'
import { getDenseRendering } from '../notes/getDenseRendering'
import { getLiveNoteIds } from '../notes/useNoteViewState'
import { getGridMeta } from '../../lib/templates/gridMeta'
import { getBadgeNotes, getVisibleBadgeNotes, isSameList, type BadgeNote } from './getBadgeNotes'
import type { MyHiddenDots } from './useMyHiddenDots'

interface NoteBadgesProps {
  session: Session
  doc: Y.Doc
  userId: string
  canVote: boolean
  /** This person's revealed notes held back on this device because a lock covers them. */
  heldNoteIds: string[]
  /** This person's dots of the open hidden vote, when one is open. */
  hidden?: MyHiddenDots
}

/** Why "+" is disabled once every dot is placed. */
export function getNoDotsLeftText(budget: number): string {
  return `No dots left: ${budget} of ${budget} used`
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
export function NoteBadges({ session, doc, userId, canVote, heldNoteIds, hidden }: NoteBadgesProps) {
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
