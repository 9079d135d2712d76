/** Node flags for the server process (see serverProcess.mjs). */
export const SERVER_NODE_ARGS: string[]
/** The server process's environment: `env` plus the malloc settings unless `env` has its own. */
export function serverProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv
