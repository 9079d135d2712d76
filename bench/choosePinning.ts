/** The cores of a pinned run: the servers under test share one core, the load generator has another. */
export interface Pinning {
  serverCore: number
  generatorCore: number
}

export const PINNED_SERVER_CORE = 1
export const PINNED_GENERATOR_CORE = 0

/**
 * `--pin` / `--no-pin`; with neither, the run is pinned when the machine has two cores or more and
 * `taskset` is there, because unpinned the load generator competes with the server it measures.
 * Returns the pinning (none: unpinned) and why, for the report.
 */
export function choosePinning(argv: string[], cores: number, hasTaskset: boolean): { pinning?: Pinning; reason: string } {
  const pinning = { serverCore: PINNED_SERVER_CORE, generatorCore: PINNED_GENERATOR_CORE }
  if (argv.includes('--no-pin')) return { reason: '--no-pin' }
  const asked = argv.includes('--pin')
  const missing = cores < 2 ? `the machine has ${cores} core` : !hasTaskset ? 'taskset is not installed (Debian: util-linux)' : undefined
  if (missing && asked) throw new Error(`--pin: ${missing}`)
  if (missing) return { reason: `not pinned: ${missing}` }
  return { pinning, reason: asked ? '--pin' : `by default on ${cores} cores` }
}
