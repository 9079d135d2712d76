import path from 'node:path'
import next from 'next'
import { loadConfig } from './config'
import { createAppServer } from './createAppServer'
import { CompressedStaticFiles } from './http/CompressedStaticFiles'
import { log } from './log'
import { openStorage } from './storage/openStorage'

/** Starts the app: `tsx server/main.ts [--dev] [--no-pages]`. */
async function main(): Promise<void> {
  const dev = process.argv.includes('--dev')
  const withPages = !process.argv.includes('--no-pages')
  let config
  try {
    config = loadConfig(dev ? { ...process.env, NODE_ENV: 'development' } : process.env)
  } catch (err) {
    console.error((err as Error).message)
    process.exit(1)
  }
  const storage = await openStorage(config)
  // next-auth builds its callback URLs from this.
  process.env.NEXTAUTH_URL ??= config.publicUrl

  let pages
  if (withPages) {
    const app = next({ dev, dir: path.resolve(__dirname, '..'), hostname: 'localhost', port: config.port })
    await app.prepare()
    const handle = app.getRequestHandler()
    const upgrade = dev ? app.getUpgradeHandler() : undefined
    // The build's scripts and styles compressed once (development builds change under us).
    const staticFiles = dev ? undefined : new CompressedStaticFiles(path.resolve(__dirname, '..', '.next', 'static'))
    void staticFiles?.warm().catch((err) => log('could not compress the build files ahead', { error: String(err) }))
    pages = {
      handle: async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
        if (!(await staticFiles?.serve(req, res))) await handle(req, res)
      },
      upgrade,
    }
  }

  const app = await createAppServer(config, storage, pages)
  log('listening', { url: config.publicUrl, port: app.port, dataDir: config.dataDir, pages: withPages })
  // Test harnesses read this line to learn the port when PORT=0.
  if (process.env.JB_PRINT_PORT) process.stdout.write(`JB_PORT=${app.port}\n`)

  // A repeated signal (Ctrl-C reaches both `npm start`'s launcher, which passes it on, and this
  // process) must not kill the process while it flushes the rooms: the first one starts the shutdown.
  let shuttingDown = false
  const shutdown = (signal: string) => {
    if (shuttingDown) return
    shuttingDown = true
    log('shutting down', { signal })
    app.close().then(
      () => {
        log('stopped', { signal })
        process.exit(0)
      },
      (err) => {
        log('shutdown failed', { error: String(err) })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err) => {
  log('failed to start', { error: String(err), stack: (err as Error).stack })
  process.exit(1)
})
