import path from 'node:path'
import { z } from 'zod'
import {
  DEFAULT_BROADCAST_INTERVAL_MS,
  DEFAULT_PACING_FRAMES_PER_SECOND,
  DEFAULT_MAX_BOARD_BYTES,
  DEFAULT_MAX_NOTE_CHARS,
  DEFAULT_MAX_UNSAVED_BYTES,
  DEFAULT_MAX_WRITE_BYTES_PER_MINUTE,
} from './sync/roomDefaults'

const MIB = 1024 * 1024

/** Server configuration from the environment, validated once at start-up. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL instead of the embedded SQLite file (scale-out): postgres://user@host:5432/db */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Several server processes serving the same boards fan out their changes through this Redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of the Redis channels, so several deployments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only (at most 64)')
    .default('journey-board'),
  /** The address people use to reach the app; used in printed links. */
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** How long a room with no clients stays in memory before it is compacted and unloaded. */
  ROOM_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  /** Compact a room's stored updates into one state after this many appended updates. */
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(2 * MIB),
  /** Fewest ms between two broadcasts of a board: changes that come faster go out together. */
  BROADCAST_INTERVAL_MS: z.coerce.number().int().min(0).max(1_000).default(DEFAULT_BROADCAST_INTERVAL_MS),
  /** Frames a second (messages times connections) from which a board's broadcasts are paced; 0 paces always. */
  BROADCAST_PACING_FRAMES_PER_SECOND: z.coerce.number().int().min(0).default(DEFAULT_PACING_FRAMES_PER_SECOND),
  /** While storage fails, unsaved changes a board may hold in memory; past it writers retry later. */
  MAX_UNSAVED_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_MAX_UNSAVED_BYTES),
  /** Secret that signs sessions and sync tokens. Required in production; generated in development. */
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  GOOGLE_ID: z.string().min(1).optional(),
  GOOGLE_SECRET: z.string().min(1).optional(),
  /** Comma-separated origins allowed to open the sync socket; PUBLIC_URL's origin is always allowed. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** Open sync connections per board. */
  MAX_CONNECTIONS_PER_BOARD: z.coerce.number().int().min(1).default(500),
  /** Open sync connections per account or sync token (a person's tabs and devices). */
  MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(10),
  /** Open sync connections per client address: a backstop, high because an office NAT shares one. */
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(2_000),
  /** Sync upgrades per client address still being authenticated. */
  MAX_PENDING_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
  /** Sustained messages per second per connection (bursts up to 4x are allowed). */
  MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(200),
  /** Password hashes (sign-in, sign-up) computed at once; each takes ~128 MB and half a second of a core. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Sign-ins and sign-ups that may wait for a hashing slot; past it they get 429 with Retry-After. */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(8),
  /** Reverse proxies in front that append X-Forwarded-For (0: use the socket's address). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Who may show the app in a frame (CSP frame-ancestors): 'none' or space-separated origins. */
  FRAME_ANCESTORS: z
    .string()
    .trim()
    .regex(/^('none'|'self'|https?:\/\/[^\s;,']+)( ('self'|https?:\/\/[^\s;,']+))*$/, "'none', or space-separated 'self' and http(s) origins")
    .default("'none'"),
  /** Characters a note's (any shape's) text may hold; a longer one is refused and its writer told. */
  MAX_NOTE_CHARS: z.coerce.number().int().min(100).default(DEFAULT_MAX_NOTE_CHARS),
  /** Bytes a board's stored document may hold; past it, changes that add content are refused. */
  MAX_BOARD_BYTES: z.coerce.number().int().min(64 * 1024).default(DEFAULT_MAX_BOARD_BYTES),
  /** Bytes of document changes one connection may send per minute; past it the connection is closed (4429). */
  MAX_WRITE_BYTES_PER_MINUTE: z.coerce.number().int().min(64 * 1024).default(DEFAULT_MAX_WRITE_BYTES_PER_MINUTE),
})

export type ServerConfig = {
  port: number
  host: string
  dataDir: string
  /** Set for PostgreSQL storage; undefined means the embedded SQLite file in dataDir. */
  databaseUrl?: string
  /** Set when several server processes share the boards (scale-out); see RedisFanout. */
  redisUrl?: string
  redisPrefix: string
  publicUrl: string
  /** True when PUBLIC_URL is set; otherwise links in API answers use the request's origin (getLinkOrigin). */
  publicUrlConfigured: boolean
  nodeEnv: 'development' | 'production' | 'test'
  roomUnloadDelayMs: number
  compactAfterUpdates: number
  maxMessageBytes: number
  maxUnsavedBytes: number
  broadcastIntervalMs: number
  pacingFramesPerSecond: number
  /** Undefined means: generate one in DATA_DIR (development only; see resolveAuthSecret). */
  nextAuthSecret?: string
  /** True for deployments (https PUBLIC_URL or NODE_ENV=production set explicitly). */
  isProductionDeployment: boolean
  oauth: { github?: { clientId: string; clientSecret: string }; google?: { clientId: string; clientSecret: string } }
  allowedOrigins: string[]
  maxConnectionsPerBoard: number
  maxConnectionsPerUser: number
  maxConnectionsPerIp: number
  maxPendingConnectionsPerIp: number
  maxMessagesPerSecond: number
  passwordHashConcurrency: number
  passwordHashQueue: number
  /** How many reverse proxies' X-Forwarded-For entries to trust for the client address. */
  trustProxy: number
  /** The CSP frame-ancestors sources of every page. */
  frameAncestors: string
  maxNoteChars: number
  maxBoardBytes: number
  maxWriteBytesPerMinute: number
}

/**
 * Reads and validates the configuration. Throws an Error whose message lists every bad variable,
 * so the process can refuse to start with a clear message.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '')
  const isProductionDeployment = publicUrl.startsWith('https://') || env.NODE_ENV === 'production'
  if (isProductionDeployment && !c.NEXTAUTH_SECRET) {
    throw new Error('Invalid configuration:\n  NEXTAUTH_SECRET: required for a production deployment (https PUBLIC_URL or NODE_ENV=production)')
  }
  if (c.REDIS_URL && !c.NEXTAUTH_SECRET) {
    throw new Error('Invalid configuration:\n  NEXTAUTH_SECRET: required with REDIS_URL (every server process must sign and check sessions with the same secret)')
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    publicUrl,
    publicUrlConfigured: c.PUBLIC_URL !== undefined,
    nodeEnv: c.NODE_ENV,
    roomUnloadDelayMs: c.ROOM_UNLOAD_DELAY_MS,
    compactAfterUpdates: c.COMPACT_AFTER_UPDATES,
    maxMessageBytes: c.MAX_MESSAGE_BYTES,
    maxUnsavedBytes: c.MAX_UNSAVED_BYTES,
    broadcastIntervalMs: c.BROADCAST_INTERVAL_MS,
    pacingFramesPerSecond: c.BROADCAST_PACING_FRAMES_PER_SECOND,
    nextAuthSecret: c.NEXTAUTH_SECRET,
    isProductionDeployment,
    oauth: {
      github: c.GITHUB_ID && c.GITHUB_SECRET ? { clientId: c.GITHUB_ID, clientSecret: c.GITHUB_SECRET } : undefined,
      google: c.GOOGLE_ID && c.GOOGLE_SECRET ? { clientId: c.GOOGLE_ID, clientSecret: c.GOOGLE_SECRET } : undefined,
    },
    allowedOrigins: [
      new URL(publicUrl).origin,
      ...(c.ALLOWED_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ],
    maxConnectionsPerBoard: c.MAX_CONNECTIONS_PER_BOARD,
    maxConnectionsPerUser: c.MAX_CONNECTIONS_PER_USER,
    maxConnectionsPerIp: c.MAX_CONNECTIONS_PER_IP,
    maxPendingConnectionsPerIp: c.MAX_PENDING_CONNECTIONS_PER_IP,
    maxMessagesPerSecond: c.MAX_MESSAGES_PER_SECOND,
    passwordHashConcurrency: c.PASSWORD_HASH_CONCURRENCY,
    passwordHashQueue: c.PASSWORD_HASH_QUEUE,
    trustProxy: c.TRUST_PROXY,
    frameAncestors: c.FRAME_ANCESTORS,
    maxNoteChars: c.MAX_NOTE_CHARS,
    maxBoardBytes: c.MAX_BOARD_BYTES,
    maxWriteBytesPerMinute: c.MAX_WRITE_BYTES_PER_MINUTE,
  }
}
