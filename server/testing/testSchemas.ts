import { randomUUID } from 'node:crypto'
import pg from 'pg'

/** The PostgreSQL every machine and CI run (trust auth, database `test`); override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Runs `use` with a connection to the test database, closed afterwards. */
export async function withTestDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/**
 * Fresh PostgreSQL schemas for one test file, named `<prefix>_<random>`, so tests see only their own
 * tables; `dropAll()` (in afterAll) removes every one handed out.
 */
export function testSchemas(prefix: string) {
  const made: string[] = []
  const name = () => {
    const schema = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
    made.push(schema)
    return schema
  }
  return {
    /** A new schema name, not created (openPostgresStorage(url, schema) creates it). */
    name,
    /** Creates a new schema; returns it with a DATABASE_URL whose connections use it, as an operator could set. */
    async create(): Promise<{ schema: string; databaseUrl: string }> {
      const schema = name()
      await withTestDatabase((c) => c.query(`create schema "${schema}"`))
      const url = new URL(TEST_DATABASE_URL)
      url.searchParams.set('options', `-c search_path=${schema}`)
      return { schema, databaseUrl: url.toString() }
    },
    async dropAll(): Promise<void> {
      const schemas = made.splice(0)
      await withTestDatabase(async (c) => {
        for (const schema of schemas) await c.query(`drop schema if exists "${schema}" cascade`)
      })
    },
  }
}
