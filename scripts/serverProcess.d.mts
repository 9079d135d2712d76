/** Node flags for the server process (see serverProcess.mjs). */
export const SERVER_NODE_ARGS: string[]
/** The server process's environment: `env` plus the allocator settings (jemalloc if installed) unless `env` chose its own. */
export function serverProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv
