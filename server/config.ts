import path from 'node:path'
import { z } from 'zod'

const MIB = 1024 * 1024

/** Server configuration from the environment, validated once at start-up. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The address people use to reach the app; used in printed links. */
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** How long a room with no clients stays in memory before it is compacted and unloaded. */
  ROOM_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  /** Compact a room's stored updates into one state after this many appended updates. */
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(2 * MIB),
})

export type ServerConfig = {
  port: number
  host: string
  dataDir: string
  publicUrl: string
  nodeEnv: 'development' | 'production' | 'test'
  roomUnloadDelayMs: number
  compactAfterUpdates: number
  maxMessageBytes: number
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
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    nodeEnv: c.NODE_ENV,
    roomUnloadDelayMs: c.ROOM_UNLOAD_DELAY_MS,
    compactAfterUpdates: c.COMPACT_AFTER_UPDATES,
    maxMessageBytes: c.MAX_MESSAGE_BYTES,
  }
}
