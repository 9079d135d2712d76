import { JOURNEY_TEMPLATES } from '../../lib/templates/journeyTemplates'
import { createBoard } from '../boards/BoardService'
import { getBoardJourney, JOURNEY_FORMATS, renderJourney, type JourneyFormat } from '../boards/exportJourney'
import { loadConfig } from '../config'
import { SqliteStorage } from '../storage/SqliteStorage'
import type { Storage } from '../storage/Storage'

const USAGE = `Usage: npm run --silent board -- <command>
  create --title "T" [--template buyer-journey]   create a board; prints {"id","url"}
  templates                                       list the journey templates
  list                                            list the boards
  export <id> [--format json|csv|md]              print the board's structured journey`

type Command = (args: Map<string, string>, ctx: { storage: Storage; publicUrl: string; positional: string[] }) => Promise<void>

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
    const id = positional[0]
    if (!id) throw new UsageError('export needs a board id')
    const format = (args.get('format') ?? 'json') as JourneyFormat
    if (!JOURNEY_FORMATS.includes(format)) throw new UsageError(`Unknown format "${format}": use json, csv or md`)
    const board = await storage.getBoard(id)
    if (!board) throw new Error(`No board with id "${id}"`)
    process.stdout.write(renderJourney(await getBoardJourney(storage, undefined, board), format).body)
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
    await command(args, { storage, publicUrl: config.publicUrl, positional })
    return 0
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${err instanceof UsageError ? USAGE + '\n' : ''}`)
    return err instanceof UsageError ? 2 : 1
  } finally {
    storage.close()
  }
}

main().then((code) => process.exit(code))
