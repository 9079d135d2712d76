import type { ClusterHooks } from '../cluster/ClusterHooks'
import type { VoteSealer } from './VoteSealer'

/** How a room behaves: limits, pacing, compaction, and the pieces it calls (cluster, vote keys, log). */
export interface RoomOptions {
  compactAfterUpdates: number
  /** Fewest ms between two broadcasts of document changes, and of cursors (see BroadcastPacer). */
  broadcastIntervalMs?: number
  /** Frames a second (messages times connections) from which broadcasts are paced; 0: always (BROADCAST_PACING_FRAMES_PER_SECOND). */
  pacingFramesPerSecond?: number
  /**
   * While storage fails, a room keeps applied-but-unstored changes in memory up to this many bytes;
   * past it, a writer's further changes are not taken (its socket is closed with 1013, the client
   * keeps them and retries), so an outage cannot exhaust the server's memory.
   */
  maxUnsavedBytes?: number
  /** The other server processes (scale-out); NoCluster when one process serves everything. */
  cluster?: ClusterHooks
  /** Characters a shape's text may hold; longer text is refused (MAX_NOTE_CHARS). */
  maxNoteChars?: number
  /**
   * Bytes the board's stored document may hold (MAX_BOARD_BYTES): past it, a change that adds
   * content is refused (undone, the writer told); deletions still go through.
   */
  maxBoardBytes?: number
  /**
   * Bytes of document updates one connection may send per minute (MAX_WRITE_BYTES_PER_MINUTE, in
   * bursts of up to a minute's worth); past it the connection is closed with 4429 before the update
   * is applied, so the writer's browser keeps the change and shows why.
   */
  maxWriteBytesPerMinute?: number
  /** Keys of hidden dot votes (from the server secret); without it they are hidden in the UI only. */
  voteSealer?: VoteSealer
  log?: (message: string, context?: Record<string, unknown>) => void
}
