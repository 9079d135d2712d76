/**
 * Writes docs/journey.schema.json, the JSON Schema of exported journeys, from the zod schema in
 * lib/journey/journeySchema.ts. Run after changing the schema:
 *   npx tsx scripts/buildJourneySchema.ts          (write the file)
 *   npx tsx scripts/buildJourneySchema.ts --check  (exit 1 if the committed file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildJourneyJsonSchema } from '../lib/journey/buildJourneyJsonSchema'

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'journey.schema.json')
const text = buildJourneyJsonSchema()

if (process.argv.includes('--check')) {
  let current = ''
  try {
    current = readFileSync(target, 'utf8')
  } catch {
    // A missing file is stale too.
  }
  if (current !== text) {
    console.error(`${target} is out of date; run: npx tsx scripts/buildJourneySchema.ts`)
    process.exit(1)
  }
  console.log(`${target} is up to date.`)
} else {
  writeFileSync(target, text)
  console.log(`Wrote ${target}`)
}
