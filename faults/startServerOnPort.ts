import { startChildServer, type ChildServer } from '../server/testing/testServer'

/**
 * Starts `server/main.ts` as a child process on a fixed port (so clients reconnect to the same
 * address after a restart). Retries while the old process's port is still being released.
 */
export async function startServerOnPort(dataDir: string, port: number, env: Record<string, string> = {}): Promise<ChildServer> {
  let lastError: unknown
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return await startChildServer(dataDir, { PORT: String(port), ...env })
    } catch (err) {
      lastError = err
      if (!String(err).includes('EADDRINUSE')) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw lastError
}

