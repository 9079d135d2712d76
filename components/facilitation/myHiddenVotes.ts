/**
 * Where this browser remembers the notes its own sealed dots are on: nobody else can read them (the
 * server only), so this is how the voter still sees and removes their dots before the vote closes.
 * One entry per board, holding the current vote's dots only (older votes are plain after closing).
 */
const storageKey = (boardId: string) => `journey-board:my-hidden-votes:${boardId}`

/** Vote entry key → note id, for this browser's sealed dots of `voteId`. */
export function readMyHiddenVotes(boardId: string, voteId: string): Record<string, string> {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(boardId)) ?? '{}') as { voteId?: string; dots?: Record<string, string> }
    return saved.voteId === voteId && saved.dots ? saved.dots : {}
  } catch {
    return {}
  }
}

export function rememberMyHiddenVote(boardId: string, voteId: string, voteKey: string, noteId: string): void {
  const dots = { ...readMyHiddenVotes(boardId, voteId), [voteKey]: noteId }
  localStorage.setItem(storageKey(boardId), JSON.stringify({ voteId, dots }))
}
