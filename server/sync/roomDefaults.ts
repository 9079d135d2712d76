/**
 * A room's defaults, shared by the room itself (when constructed without options, as in tests) and
 * the server configuration (when the environment does not set them).
 */

/** Fewest ms between two broadcasts of a room (see BroadcastPacer). */
export const DEFAULT_BROADCAST_INTERVAL_MS = 10

/** Bound of a room's unsaved changes during a storage outage (see RoomOptions). */
export const DEFAULT_MAX_UNSAVED_BYTES = 16 * 1024 * 1024

/** Characters a shape's text may hold (MAX_NOTE_CHARS). */
export const DEFAULT_MAX_NOTE_CHARS = 20_000

/** Bytes a board's stored document may hold; past it, changes that add content are refused (MAX_BOARD_BYTES). */
export const DEFAULT_MAX_BOARD_BYTES = 64 * 1024 * 1024

/** Bytes of document updates one connection may send per minute, in bursts of a minute's worth (MAX_WRITE_BYTES_PER_MINUTE). */
export const DEFAULT_MAX_WRITE_BYTES_PER_MINUTE = 8 * 1024 * 1024
