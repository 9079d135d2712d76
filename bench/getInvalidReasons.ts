/**
 * A run whose load generator could not keep up measures the generator, not the server: its figures
 * are not the server's. These are the two signs of it.
 */

/** The generator's CPU, as a share of the cores it may use, at which it is taken to be saturated. */
export const GENERATOR_SATURATED_PERCENT = 90
/** Fewer edits sent than this share of the schedule means the generator fell behind. */
const MIN_SENT_SHARE = 0.99

export interface GeneratorLoad {
  /** The load generator's CPU while clients edit, % of one core. */
  generatorCpuPercent: number
  /** Cores the generator may run on (1 when pinned). */
  generatorCores: number
  edits: number
  scheduledEdits: number
}

/** Why a run is invalid; none: valid. */
export function getInvalidReasons(load: GeneratorLoad): string[] {
  const reasons: string[] = []
  const share = load.generatorCpuPercent / Math.max(1, load.generatorCores)
  if (share >= GENERATOR_SATURATED_PERCENT) {
    const of = load.generatorCores === 1 ? 'its core' : `its ${load.generatorCores} cores`
    reasons.push(`load generator at ${Math.round(share)} % of ${of} (limit ${GENERATOR_SATURATED_PERCENT} %)`)
  }
  if (load.edits < load.scheduledEdits * MIN_SENT_SHARE) reasons.push(`sent ${load.edits} of ${load.scheduledEdits} scheduled edits`)
  return reasons
}
