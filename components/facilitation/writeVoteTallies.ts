import type { Editor } from 'tldraw'
import { tallyVotes } from '../../lib/collab/sessionState'

/**
 * Writes a vote's tallies into every note's `meta.votes` (0 for notes without dots), so exports
 * carry them. Done by the facilitator's client whenever a vote closes: by hand or by a new phase.
 */
export function writeVoteTallies(editor: Editor, votes: Iterable<[string, unknown]>, voteId: string): void {
  const tally = tallyVotes(votes, voteId)
  editor.run(() => {
    editor.updateShapes(
      editor
        .getCurrentPageShapes()
        .filter((s) => s.type === 'note')
        .map((s) => ({ id: s.id, type: s.type, meta: { ...s.meta, votes: tally.get(s.id) ?? 0 } })),
    )
  })
}
