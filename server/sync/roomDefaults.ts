/**
 * A room's defaults, shared by the room itself (when constructed without options, as in tests) and
 * the server configuration (when the environment does not set them).
 */

/** Fewest ms between two broadcasts of a room (see BroadcastPacer). */
export const DEFAULT_BROADCAST_INTERVAL_MS = 10

/**
 * Frames a second (messages times connections) from which a room paces its broadcasts. Below it a
 * change goes out at once: 100 people making 2 edits a second is 20,000 frames a second, which
 * costs less than waiting; 300 people at the same pace is 180,000, which saturates a core unpaced.
 * 0 paces always (fewest frames and least CPU, up to one interval more latency).
 */
export const DEFAULT_PACING_FRAMES_PER_SECOND = 50_000

/** Bound of a room's unsaved changes during a storage outage (see RoomOptions). */
export const DEFAULT_MAX_UNSAVED_BYTES = 16 * 1024 * 1024

/** Characters a shape's text may hold (MAX_NOTE_CHARS). */
export const DEFAULT_MAX_NOTE_CHARS = 20_000

/** Bytes a board's stored document may hold; past it, changes that add content are refused (MAX_BOARD_BYTES). */
export const DEFAULT_MAX_BOARD_BYTES = 64 * 1024 * 1024

/** Bytes of document updates one connection may send per minute, in bursts of a minute's worth (MAX_WRITE_BYTES_PER_MINUTE). */
export const DEFAULT_MAX_WRITE_BYTES_PER_MINUTE = 8 * 1024 * 1024
