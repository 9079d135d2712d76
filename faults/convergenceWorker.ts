/**
 * A process that runs seeded convergence scenarios for faults/convergence.test.ts, so the runs use
 * every core (each run depends on its seed alone). Receives one `ConvergenceBatch` over IPC,
 * answers with one result per seed, and exits when the channel closes. Only a process entry point:
 * importing it anywhere else would answer that process's own IPC messages.
 */
import { runConvergenceBatch, type ConvergenceBatch } from './runConvergenceScenario'

process.on('message', (batch: ConvergenceBatch) => process.send!(runConvergenceBatch(batch)))
process.on('disconnect', () => process.exit(0))
