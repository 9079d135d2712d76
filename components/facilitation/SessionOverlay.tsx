'use client'
import { useEffect, useState } from 'react'
import { useEditor, useValue } from 'tldraw'
import { isLaneRegion, LOCK_REFUSAL_MESSAGES, type LockRefusal } from '../../lib/collab/getLockRefusal'
import type { WebsocketProvider } from 'y-websocket'
import type { LockState, Session } from '../../lib/collab/session'
import { parseVoteKey } from '../../lib/collab/sessionVotes'
import type * as Y from 'yjs'
import { getNoDotsLeftText, NoteBadges } from './NoteBadges'
import { useMyHiddenDots } from './useMyHiddenDots'

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
