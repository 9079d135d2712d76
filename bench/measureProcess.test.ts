import { describe, expect, it } from 'vitest'
import { parseAllowedCores, parseProcStatCpuTicks } from './measureProcess'

describe('parseProcStatCpuTicks', () => {
  it('adds utime and stime (fields 14 and 15)', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194304 9317 0 0 0 1234 56 0 0 20 0 11 0 123456 1000000 20000'
    expect(parseProcStatCpuTicks(stat)).toBe(1290)
  })

  it('is not misled by spaces and parentheses in the command name', () => {
    const stat = '77 (tsx (x) y) R 1 77 77 0 -1 4194304 10 0 0 0 300 200 0 0 20 0 1 0 5 1 1'
    expect(parseProcStatCpuTicks(stat)).toBe(500)
  })

  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStatCpuTicks('garbage')).toThrow()
  })
})

describe('parseAllowedCores', () => {
  it('reads Cpus_allowed_list', () => {
    expect(parseAllowedCores('Name:\tnode\nCpus_allowed:\t2\nCpus_allowed_list:\t1\nMems_allowed:\t1\n')).toBe('1')
    expect(parseAllowedCores('Cpus_allowed_list:\t0-1\n')).toBe('0-1')
  })

  it('is undefined without one', () => {
    expect(parseAllowedCores('Name:\tnode\n')).toBeUndefined()
  })
})
