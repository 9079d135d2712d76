// How the server process is started, by `npm start` and by the load bench alike.
//
// --expose-gc: lets the server run one compacting collection after a wave of rooms has unloaded,
// so the heap a finished workshop used goes back to the system at once
// (server/sync/IdleMemoryReleaser.ts).
//
// Native memory: glibc's malloc keeps what 2,000 closed connections used in its arenas (the load
// bench's RSS stayed 35 % above the start for good). jemalloc, when the machine has it (Debian:
// libjemalloc2), purges freed pages within a second; RSS then came back within 20 % about a minute
// after the rooms unloaded. Without it, glibc is limited to two arenas with a fixed mmap threshold.
// Whatever the operator sets (LD_PRELOAD, MALLOC_CONF, GLIBC_TUNABLES) wins.
import fs from 'node:fs'

/** Node flags for the server process. */
export const SERVER_NODE_ARGS = ['--expose-gc']

const JEMALLOC_PATHS = ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2', '/usr/lib64/libjemalloc.so.2']

/** The server process's environment: `env` plus the allocator settings unless `env` chose its own. */
export function serverProcessEnv(env) {
  const jemalloc = process.platform === 'linux' && !env.LD_PRELOAD ? JEMALLOC_PATHS.find((p) => fs.existsSync(p)) : undefined
  const allocator = jemalloc
    ? { LD_PRELOAD: jemalloc, MALLOC_CONF: 'background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0' }
    : { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072' }
  return { ...allocator, ...env }
}
