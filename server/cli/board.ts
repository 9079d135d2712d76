import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { JOURNEY_TEMPLATES } from '../../lib/templates/journeyTemplates'
import { isRole, ROLES } from '../../lib/collab/roles'
import { DEV_SECRET_FILE, getSecretFile, resolveAuthSecret, writeSecretFile } from '../auth/resolveAuthSecret'
import { createSyncToken, parseDuration } from '../auth/syncToken'
import { createBoard } from '../boards/BoardService'
import { readBoardRecords } from '../boards/buildBoardDocument'
import { checkDocumentLayout } from '../boards/checkDocumentLayout'
import { createInviteToken } from '../http/routes/joinCodeRoutes'
import { JOURNEY_FORMATS, type JourneyFormat } from '../../lib/api/boardApi'
import { getBoardJourney, renderJourney } from '../boards/exportJourney'
import { loadConfig } from '../config'
import { redactUrl } from '../redactUrl'
import type { BoardCatalog } from '../storage/BoardCatalog'
import type { DocumentStore } from '../storage/DocumentStore'
import { restorePostgresBackup } from '../storage/openPostgresStorage'
import { openStorage } from '../storage/openStorage'
import { inspectBackupFile } from '../storage/inspectBackupFile'
import { restoreSqliteBackup } from '../storage/restoreSqliteBackup'
import { readBackupSecret } from '../storage/writeBackupFile'
import type { Storage } from '../storage/Storage'

const USAGE = `Usage: npm run --silent board -- <command>
  create --title "T" [--template buyer-journey] [--owner <email>]
                                                  create a board; prints {"id","url",…}: with --owner that
                                                  account is its owner (facilitator), otherwise the
                                                  line has a facilitator invite link (7 days) that opens it
  templates                                       list the journey templates
  list                                            list the boards
  export <id> [--format json|csv|md]              print the board's structured journey
  token <id> --role <role> --name <name> [--ttl 1h]   print a sync token (?token=) for scripts
  invite <id> --role <role> [--ttl 7d]            print an invite link (/join/<token>)
  backup <file> [--with-secret]                   consistent copy of all boards, users, members and invites
                                                  (safe while the server runs); prints {"file","boards","bytes"};
                                                  DATA_DIR's nextauth-secret only with --with-secret (file 0600)
  restore <file>                                  restore a backup into an empty DATA_DIR, or the empty
                                                  DATABASE_URL database (server stopped); puts back the
                                                  nextauth-secret of a backup made --with-secret
  export-doc <id> > board.ybin                    write the board's raw Yjs state (binary) to stdout
  import-doc <id> [--file board.ybin] < board.ybin   apply a raw Yjs state (from export-doc) to a board;
                                                  clients with the board open see it once it reloads
Roles: ${ROLES.join(', ')}
Uses the PostgreSQL database at DATABASE_URL when it is set, else the SQLite file in DATA_DIR.`

/** How long the facilitator invite that `create` makes for a board without --owner stays valid. */
const CREATE_INVITE_TTL_MS = 7 * 24 * 3_600_000

type Command = (
  args: Map<string, string>,
  ctx: {
    /** The configured storage, opened on first use (so `restore` can refuse or create it itself). */
    open: () => Promise<Storage>
    publicUrl: string
    positional: string[]
    dataDir: string
    secret?: string
    databaseUrl?: string
  },
) => Promise<void>

async function requireBoardArg(catalog: BoardCatalog, positional: string[], command: string) {
  const id = positional[0]
  if (!id) throw new UsageError(`${command} needs a board id`)
  const board = await catalog.getBoard(id)
  if (!board) throw new Error(`No board with id "${id}"`)
  return board
}

function requireRoleArg(args: Map<string, string>) {
  const role = args.get('role')
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  return role
}

const COMMANDS: Record<string, Command> = {
  async create(args, { open, publicUrl }) {
    const title = args.get('title')
    if (!title?.trim()) throw new UsageError('create needs --title "Board title"')
    const storage = await open()
    const ownerEmail = args.get('owner')?.trim()
    // The owner is a facilitator member from the start (as a board made in the app); without one,
    // nobody could open the board, so a facilitator invite link is made and printed instead.
    const owner = ownerEmail ? await storage.catalog.getUserByEmail(ownerEmail) : undefined
    if (ownerEmail && !owner) throw new Error(`No account with the email "${ownerEmail}": sign up at ${publicUrl}/signup first. No board was created.`)
    const board = await createBoard(storage.catalog, { title: title.trim(), template: args.get('template'), ownerId: owner?.id })
    const url = `${publicUrl}/b/${board.id}`
    if (owner) {
      printLine({ id: board.id, url, owner: owner.email })
      return
    }
    const now = Date.now()
    const token = await createInviteToken(storage.catalog, now)
    const expiresAt = now + CREATE_INVITE_TTL_MS
    await storage.catalog.createInvite({ token, boardId: board.id, role: 'facilitator', createdBy: null, createdAt: now, expiresAt, revokedAt: null })
    const facilitatorInvite = `${publicUrl}/join/${token}`
    printLine({ id: board.id, url, facilitatorInvite, facilitatorInviteExpiresAt: new Date(expiresAt).toISOString() })
    process.stderr.write(`The board has no owner yet: open ${facilitatorInvite} (signed in) to join it as its facilitator, or pass --owner <email> next time.\n`)
  },
  async templates() {
    for (const t of JOURNEY_TEMPLATES) {
      printLine({ id: t.id, name: t.name, stages: t.stages.map((s) => s.name), lanes: t.lanes.map((l) => l.name) })
    }
  },
  async list(_args, { open, publicUrl }) {
    const storage = await open()
    for (const b of await storage.catalog.listBoards()) printLine({ ...b, url: `${publicUrl}/b/${b.id}` })
  },
  async export(args, { open, positional }) {
    const format = (args.get('format') ?? 'json') as JourneyFormat
    if (!JOURNEY_FORMATS.includes(format)) throw new UsageError(`Unknown format "${format}": use json, csv or md`)
    const storage = await open()
    const board = await requireBoardArg(storage.catalog, positional, 'export')
    process.stdout.write(renderJourney(await getBoardJourney(storage, undefined, board), format).body)
  },
  async token(args, { open, positional, dataDir, secret }) {
    const board = await requireBoardArg((await open()).catalog, positional, 'token')
    const role = requireRoleArg(args)
    const name = args.get('name')?.trim()
    if (!name) throw new UsageError('token needs --name "Display name"')
    const ttlMs = parseDuration(args.get('ttl') ?? '1h')
    process.stdout.write(createSyncToken({ boardId: board.id, role, name, expiresAt: Date.now() + ttlMs }, resolveAuthSecret(secret, dataDir)) + '\n')
  },
  async invite(args, { open, positional, publicUrl }) {
    const storage = await open()
    const board = await requireBoardArg(storage.catalog, positional, 'invite')
    const role = requireRoleArg(args)
    const now = Date.now()
    const ttl = args.get('ttl')
    const token = await createInviteToken(storage.catalog, now)
    await storage.catalog.createInvite({ token, boardId: board.id, role, createdBy: null, createdAt: now, expiresAt: ttl ? now + parseDuration(ttl) : null, revokedAt: null })
    process.stdout.write(`${publicUrl}/join/${token}\n`)
  },
  async backup(args, { open, positional, dataDir, secret }) {
    const file = positional[0]
    if (!file) throw new UsageError('backup needs a file name: backup <file> [--with-secret]')
    const withSecret = args.has('with-secret')
    if (withSecret && secret) throw new Error('NEXTAUTH_SECRET is set: the server signs with it, not with DATA_DIR/nextauth-secret. Keep NEXTAUTH_SECRET with your deployment settings; back up without --with-secret.')
    const summary = await (await open()).backupTo(path.resolve(file), withSecret ? { secret: resolveAuthSecret(undefined, dataDir) } : {})
    printLine(summary)
    process.stderr.write(
      withSecret
        ? `The backup holds ${DEV_SECRET_FILE} (the secret that signs sessions and sync tokens): keep ${summary.file} as private as the secret (it is mode 0600).\n`
        : `${DEV_SECRET_FILE} is not in the backup: restored elsewhere, people sign in again and sync tokens must be reissued. Use --with-secret to include it.\n`,
    )
  },
  // Opens no storage itself: with SQLite the restore creates the file, and either refuses a
  // storage that has boards.
  async restore(_args, { positional, dataDir, databaseUrl, secret }) {
    const file = positional[0]
    if (!file) throw new UsageError('restore needs a backup file: restore <file>')
    const from = path.resolve(file)
    await inspectBackupFile(from)
    const backedUpSecret = readBackupSecret(from)
    if (databaseUrl) {
      const result = await restorePostgresBackup(from, databaseUrl)
      printLine({ database: redactUrl(databaseUrl, 'DATABASE_URL'), from, boards: result.boards })
    } else {
      const result = await restoreSqliteBackup(from, dataDir)
      printLine({ file: result.file, from, boards: result.boards })
    }
    if (backedUpSecret !== undefined) {
      writeSecretFile(dataDir, backedUpSecret)
      process.stderr.write(`Restored ${getSecretFile(dataDir)} from the backup: sessions and sync tokens signed before stay valid${secret ? ' (but NEXTAUTH_SECRET is set, and the server uses that)' : ''}.\n`)
    } else process.stderr.write(`The backup holds no ${DEV_SECRET_FILE} (made without --with-secret): people sign in again.\n`)
  },
  async 'export-doc'(_args, { open, positional }) {
    if (process.stdout.isTTY) throw new UsageError('export-doc writes binary: redirect it to a file (> board.ybin)')
    const storage = await open()
    const board = await requireBoardArg(storage.catalog, positional, 'export-doc')
    const doc = await loadBoardDoc(storage.documents, board.id)
    await writeStdout(Y.encodeStateAsUpdate(doc))
    doc.destroy()
  },
  async 'import-doc'(args, { open, positional }) {
    const storage = await open()
    const board = await requireBoardArg(storage.catalog, positional, 'import-doc')
    const file = args.get('file')
    if (!file && process.stdin.isTTY) throw new UsageError('import-doc reads the update from stdin (< board.ybin) or --file board.ybin')
    const bytes = file ? fs.readFileSync(file) : await readStdin()
    const update = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const refuse = (reason: string): never => {
      throw new Error(`Refused to import ${file ?? 'stdin'} into board ${board.id}: ${reason}. Nothing was written.`)
    }
    if (update.byteLength === 0) refuse('the input is empty')
    try {
      Y.decodeUpdate(update)
    } catch (err) {
      refuse(`it is not a Yjs update (${String(err).slice(0, 120)})`)
    }
    // The file must be a whole document in the documented layout on its own.
    const alone = new Y.Doc()
    try {
      Y.applyUpdate(alone, update)
    } catch (err) {
      refuse(`the update cannot be applied (${String(err).slice(0, 120)})`)
    }
    if (alone.store.pendingStructs || alone.store.pendingDs) refuse('it is an incremental update, not a whole document as export-doc writes')
    const problems = checkDocumentLayout(alone)
    if (problems.length) refuse(`it does not follow the documented board layout: ${problems.join('; ')}`)
    alone.destroy()

    const doc = await loadBoardDoc(storage.documents, board.id)
    const changes: Uint8Array[] = []
    doc.on('update', (change: Uint8Array) => changes.push(change))
    Y.applyUpdate(doc, update)
    // Only what the board did not have is stored: re-importing the same file adds nothing.
    const seq = changes.length ? await storage.documents.appendUpdate(board.id, changes.length === 1 ? changes[0] : Y.mergeUpdates(changes)) : null
    printLine({ id: board.id, bytes: update.byteLength, appended: seq !== null, seq, records: readBoardRecords(doc).length })
    doc.destroy()
    if (seq !== null) {
      process.stderr.write('Imported. If the board is open right now, its clients see the import after the board reloads (once they have all left) or at its next compaction.\n')
    }
  },
}

/** The board's document: every stored update merged (an unreadable one is skipped, as a room load does). */
async function loadBoardDoc(documents: DocumentStore, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const stored = await documents.loadDocument(boardId)
  for (let i = 0; i < stored.updates.length; i++) {
    try {
      Y.applyUpdate(doc, stored.updates[i])
    } catch (err) {
      process.stderr.write(`Skipped unreadable stored update ${stored.seqs[i]} of board ${boardId}: ${String(err).slice(0, 120)}\n`)
    }
  }
  return doc
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())))
}

class UsageError extends Error {}

function printLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

/** Options that take no value. */
const FLAGS = new Set(['with-secret'])

/** Parses `--name value` pairs (and FLAGS) after the command; other words are positional. */
function parseArgs(argv: string[]): { args: Map<string, string>; positional: string[] } {
  const args = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]
    if (!key.startsWith('--')) {
      positional.push(key)
      continue
    }
    if (FLAGS.has(key.slice(2))) {
      args.set(key.slice(2), 'true')
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
  let opened: Promise<Storage> | undefined
  try {
    const { args, positional } = parseArgs(rest)
    await command(args, {
      open: () => (opened ??= openStorage(config)),
      publicUrl: config.publicUrl,
      positional,
      dataDir: config.dataDir,
      secret: config.nextAuthSecret,
      databaseUrl: config.databaseUrl,
    })
    return 0
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${err instanceof UsageError ? USAGE + '\n' : ''}`)
    return err instanceof UsageError ? 2 : 1
  } finally {
    await opened?.then((s) => s.close()).catch(() => undefined)
  }
}

main().then((code) => process.exit(code))
