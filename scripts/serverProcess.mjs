// How the server process is started, by `npm start` and by the load bench alike.
//
// --expose-gc: lets the server run one full collection after a wave of rooms has unloaded, so the
// memory a finished workshop used goes back to the system at once (server/sync/IdleMemoryReleaser.ts).
//
// GLIBC_TUNABLES: at most two malloc arenas and a fixed mmap threshold, so native memory freed by
// closed connections is returned instead of staying in per-thread arenas. In the load bench this
// halved the RSS left after 2,000 connections closed. A value set by the operator wins.

/** Node flags for the server process. */
export const SERVER_NODE_ARGS = ['--expose-gc']

/** The server process's environment: `env` plus the malloc settings unless `env` has its own. */
export function serverProcessEnv(env) {
  return { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072', ...env }
}
