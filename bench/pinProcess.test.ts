import { describe, expect, it } from 'vitest'
import { withTaskset } from './pinProcess'

describe('withTaskset', () => {
  it('runs the command through taskset on the core', () => {
    expect(withTaskset(1, '/usr/bin/node', ['server.js'])).toEqual({ command: 'taskset', args: ['-c', '1', '/usr/bin/node', 'server.js'] })
  })

  it('leaves the command alone without a core', () => {
    expect(withTaskset(undefined, '/usr/bin/node', ['server.js'])).toEqual({ command: '/usr/bin/node', args: ['server.js'] })
  })
})
