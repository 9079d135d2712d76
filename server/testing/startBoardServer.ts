import { afterEach } from 'vitest'
import type { AppServer } from '../createAppServer'
import { createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer } from './testServer'

/**
 * Cleanups registered by a test file (servers, sockets, clients), run after each test, newest
 * first. Call once at the top level of the test file.
 */
export function useCleanups(): (cleanup: () => unknown) => void {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  return (cleanup) => void cleanups.push(cleanup)
}

/** A running in-process server with one board, owned by a signed-in facilitator. */
export interface BoardServer {
  server: AppServer
  dataDir: string
  /** `http://127.0.0.1:<port>` */
  base: string
  /** The owner's session cookie. */
  cookie: string
  boardId: string
}

/** Starts the real server (API and sync) on port 0, signs up an owner and creates a board. */
export async function startBoardServer(
  onCleanup: (cleanup: () => unknown) => void,
  { env = {}, owner = { email: 'owner@example.com', name: 'Olga Owner' }, title = 'Workshop' }: { env?: Record<string, string>; owner?: { email: string; name: string }; title?: string } = {},
): Promise<BoardServer> {
  const dataDir = makeDataDir()
  const server = await startInProcessServer(dataDir, env)
  onCleanup(() => server.close())
  const base = `http://127.0.0.1:${server.port}`
  const cookie = await signUpAndSignIn(base, owner.email, owner.name)
  const { id } = await createBoardViaApi(base, title, undefined, cookie)
  return { server, dataDir, base, cookie, boardId: id }
}
