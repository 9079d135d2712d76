import { describe, expect, it } from 'vitest'
import { getInvalidReasons } from './getInvalidReasons'

describe('getInvalidReasons', () => {
  const kept = { generatorCpuPercent: 60, generatorCores: 1, edits: 4_800, scheduledEdits: 4_800 }

  it('finds nothing wrong with a generator that kept up', () => {
    expect(getInvalidReasons(kept)).toEqual([])
  })

  it('marks a generator at 90 % of its core or more', () => {
    expect(getInvalidReasons({ ...kept, generatorCpuPercent: 89.9 })).toEqual([])
    expect(getInvalidReasons({ ...kept, generatorCpuPercent: 90 })).toEqual(['load generator at 90 % of its core (limit 90 %)'])
  })

  it('takes the share of every core the generator may use when unpinned', () => {
    expect(getInvalidReasons({ ...kept, generatorCpuPercent: 150, generatorCores: 2 })).toEqual([])
    expect(getInvalidReasons({ ...kept, generatorCpuPercent: 190, generatorCores: 2 })).toEqual(['load generator at 95 % of its 2 cores (limit 90 %)'])
  })

  it('marks a run that sent fewer edits than scheduled, beyond rounding', () => {
    expect(getInvalidReasons({ ...kept, edits: 4_790 })).toEqual([])
    expect(getInvalidReasons({ ...kept, edits: 4_000 })).toEqual(['sent 4000 of 4800 scheduled edits'])
  })

  it('gives every reason at once', () => {
    expect(getInvalidReasons({ generatorCpuPercent: 99, generatorCores: 1, edits: 9_238, scheduledEdits: 16_000 })).toHaveLength(2)
  })
})
