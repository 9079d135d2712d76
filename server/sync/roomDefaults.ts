/**
 * A room's defaults, shared by the room itself (when constructed without options, as in tests) and
 * the server configuration (when the environment does not set them).
 */

/** Fewest ms between two broadcasts of a room (see BroadcastPacer). */
export const DEFAULT_BROADCAST_INTERVAL_MS = 10

/** Bound of a room's unsaved changes during a storage outage (see RoomOptions). */
export const DEFAULT_MAX_UNSAVED_BYTES = 16 * 1024 * 1024
