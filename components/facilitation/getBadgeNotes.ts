import type { Box } from '../../lib/journey/getClippedArea'

/** A note's page bounds, in page units. */
export type PageBounds = Box

/** What the session overlay shows beside one note, and where the note is on the page. */
export interface BadgeNote {
  id: string
  bounds: PageBounds
  /** Dots on the note (shown when the tally is), and this person's own dots. */
  count: number
  myCount: number
  /** The add/remove dot buttons are offered. */
  votable: boolean
  /** The dots badge is shown: votable, or dots to show (the tally, or this person's own). */
  showsVotes: boolean
  /** Author label ('' for none, when authors are hidden, or when the note's text is greeked). */
  author: string
  isPrivate: boolean
  /** A private note held on this device because a lock covers it. */
  isHeld: boolean
}

/** A note as getBadgeNotes reads it; where it is comes from `BadgeInputs.getBounds`. */
export interface BadgeNoteSource {
  id: string
  meta: Record<string, unknown>
}

export interface BadgeInputs<N extends BadgeNoteSource = BadgeNoteSource> {
  showTally: boolean
  showAuthors: boolean
  /** Dots on each note id in the current vote. */
  tally: ReadonlyMap<string, number>
  /** This person's dots on each note id. */
  myCounts: ReadonlyMap<string, number>
  heldNoteIds: ReadonlySet<string>
  /**
   * Whether a note's text is drawn as lines because it is too small to read (a dense page zoomed out):
   * its author label is then left out too, as noise over an overview.
   */
  isTextGreeked: (noteId: string) => boolean
  /**
   * Whether this person can place a dot on a note centred here (page units); absent when no vote is
   * open to them (no note's position is needed then).
   */
  isVotableAt?: (x: number, y: number) => boolean
  /**
   * A note's page bounds (a note without is left out). Asked only for notes that show something or
   * could be voted on: on a dense board zoomed out, most notes show nothing.
   */
  getBounds: (note: N) => PageBounds | undefined
}

/**
 * The notes that have something to show (dots, dot buttons, author, private badge), in the order
 * given. An entry equal to the one in `previous` is returned as that same object, so a caller can
 * compare results by identity and skip rendering when nothing changed.
 */
export function getBadgeNotes<N extends BadgeNoteSource>(notes: readonly N[], inputs: BadgeInputs<N>, previous?: ReadonlyMap<string, BadgeNote>): BadgeNote[] {
  const result: BadgeNote[] = []
  for (const note of notes) {
    const { id, meta } = note
    const count = inputs.tally.get(id) ?? 0
    const myCount = inputs.myCounts.get(id) ?? 0
    let bounds: PageBounds | undefined
    let votable = false
    if (inputs.isVotableAt) {
      bounds = inputs.getBounds(note)
      if (!bounds) continue
      votable = inputs.isVotableAt((bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2)
    }
    const author = inputs.showAuthors && typeof meta.authorName === 'string' && !inputs.isTextGreeked(id) ? meta.authorName : ''
    const isPrivate = meta.jbPrivate === true
    const showsVotes = votable || (inputs.showTally && count > 0) || myCount > 0
    if (!showsVotes && !author && !isPrivate) continue
    bounds ??= inputs.getBounds(note)
    if (!bounds) continue
    const next: BadgeNote = { id, bounds, count, myCount, votable, showsVotes, author, isPrivate, isHeld: isPrivate && inputs.heldNoteIds.has(id) }
    const last = previous?.get(id)
    result.push(last && isSameBadgeNote(last, next) ? last : next)
  }
  return result
}

function isSameBadgeNote(a: BadgeNote, b: BadgeNote): boolean {
  return (
    a.count === b.count &&
    a.myCount === b.myCount &&
    a.votable === b.votable &&
    a.showsVotes === b.showsVotes &&
    a.author === b.author &&
    a.isPrivate === b.isPrivate &&
    a.isHeld === b.isHeld &&
    a.bounds.minX === b.bounds.minX &&
    a.bounds.minY === b.bounds.minY &&
    a.bounds.maxX === b.bounds.maxX &&
    a.bounds.maxY === b.bounds.maxY
  )
}

/** The badge notes whose bounds, grown by `margin` page units, overlap the viewport. */
export function getVisibleBadgeNotes(notes: readonly BadgeNote[], viewport: PageBounds, margin: number): BadgeNote[] {
  return notes.filter(
    ({ bounds: b }) => b.maxX + margin >= viewport.minX && b.minX - margin <= viewport.maxX && b.maxY + margin >= viewport.minY && b.minY - margin <= viewport.maxY,
  )
}

/** True when both arrays hold the same objects in the same order. */
export function isSameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}
