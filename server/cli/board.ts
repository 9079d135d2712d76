import { JOURNEY_TEMPLATES } from '../../lib/templates/journeyTemplates'
import { isRole, ROLES } from '../../lib/collab/roles'
import { resolveAuthSecret } from '../auth/resolveAuthSecret'
import { createSyncToken, parseDuration } from '../auth/syncToken'
import { createBoard } from '../boards/BoardService'
import { createInviteToken } from '../http/routes/memberRoutes'
import { getBoardJourney, JOURNEY_FORMATS, renderJourney, type JourneyFormat } from '../boards/exportJourney'
import { loadConfig } from '../config'
import { SqliteStorage } from '../storage/SqliteStorage'
import type { Storage } from '../storage/Storage'

const USAGE = `Usage: npm run --silent board -- <command>
  create --title "T" [--template buyer-journey]   create a board; prints {"id","url"}
  templates                                       list the journey templates
  list                                            list the boards
  export <id> [--format json|csv|md]              print the board's structured journey
  token <id> --role <role> --name <name> [--ttl 1h]   print a sync token (?token=) for scripts
  invite <id> --role <role> [--ttl 7d]            print an invite link (/join/<token>)
Roles: ${ROLES.join(', ')}`

type Command = (args: Map<string, string>, ctx: { storage: Storage; publicUrl: string; positional: string[]; dataDir: string; secret?: string }) => Promise<void>

async function requireBoardArg(storage: Storage, positional: string[], command: string) {
  const id = positional[0]
  if (!id) throw new UsageError(`${command} needs a board id`)
  const board = await storage.getBoard(id)
  if (!board) throw new Error(`No board with id "${id}"`)
  return board
}

function requireRoleArg(args: Map<string, string>) {
  const role = args.get('role')
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  return role
}

const COMMANDS: Record<string, Command> = {
  async create(args, { storage, publicUrl }) {
    const title = args.get('title')
    if (!title?.trim()) throw new UsageError('create needs --title "Board title"')
    const board = await createBoard(storage, { title: title.trim(), template: args.get('template') })
    printLine({ id: board.id, url: `${publicUrl}/b/${board.id}` })
  },
  async templates() {
    for (const t of JOURNEY_TEMPLATES) {
      printLine({ id: t.id, name: t.name, stages: t.stages.map((s) => s.name), lanes: t.lanes.map((l) => l.name) })
    }
  },
  async list(_args, { storage, publicUrl }) {
    for (const b of await storage.listBoards()) printLine({ ...b, url: `${publicUrl}/b/${b.id}` })
  },
  async export(args, { storage, positional }) {
    const format = (args.get('format') ?? 'json') as JourneyFormat
    if (!JOURNEY_FORMATS.includes(format)) throw new UsageError(`Unknown format "${format}": use json, csv or md`)
    const board = await requireBoardArg(storage, positional, 'export')
    process.stdout.write(renderJourney(await getBoardJourney(storage, undefined, board), format).body)
  },
  async token(args, { storage, positional, dataDir, secret }) {
    const board = await requireBoardArg(storage, positional, 'token')
    const role = requireRoleArg(args)
    const name = args.get('name')?.trim()
    if (!name) throw new UsageError('token needs --name "Display name"')
    const ttlMs = parseDuration(args.get('ttl') ?? '1h')
    process.stdout.write(createSyncToken({ boardId: board.id, role, name, expiresAt: Date.now() + ttlMs }, resolveAuthSecret(secret, dataDir)) + '\n')
  },
  async invite(args, { storage, positional, publicUrl }) {
    const board = await requireBoardArg(storage, positional, 'invite')
    const role = requireRoleArg(args)
    const now = Date.now()
    const ttl = args.get('ttl')
    const token = createInviteToken()
    await storage.createInvite({ token, boardId: board.id, role, createdBy: null, createdAt: now, expiresAt: ttl ? now + parseDuration(ttl) : null, revokedAt: null })
    process.stdout.write(`${publicUrl}/join/${token}\n`)
  },
}

class UsageError extends Error {}

function printLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

/** Parses `--name value` pairs after the command; other words are positional. */
function parseArgs(argv: string[]): { args: Map<string, string>; positional: string[] } {
  const args = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]
    if (!key.startsWith('--')) {
      positional.push(key)
      continue
    }
    const value = argv[i + 1]
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${key} needs a value`)
    args.set(key.slice(2), value)
    i++
  }
  return { args, positional }
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2)
  const command = name ? COMMANDS[name] : undefined
  if (!command) {
    process.stderr.write(`${name ? `Unknown command "${name}"\n` : ''}${USAGE}\n`)
    return 2
  }
  const config = loadConfig()
  const storage = SqliteStorage.inDataDir(config.dataDir)
  try {
    const { args, positional } = parseArgs(rest)
    await command(args, { storage, publicUrl: config.publicUrl, positional, dataDir: config.dataDir, secret: config.nextAuthSecret })
    return 0
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${err instanceof UsageError ? USAGE + '\n' : ''}`)
    return err instanceof UsageError ? 2 : 1
  } finally {
    storage.close()
  }
}

main().then((code) => process.exit(code))
