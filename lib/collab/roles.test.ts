import { describe, expect, it } from 'vitest'
import { CAPABILITIES, ROLES, can, isRole, type Capability, type Role } from './roles'

// The whole permission table, written out: a change to a grant must change this test.
const EXPECTED: Record<Role, Capability[]> = {
  facilitator: [...CAPABILITIES],
  lead: ['board:read', 'presence', 'board:edit', 'vote', 'board:export', 'board:markAgreed'],
  participant: ['board:read', 'presence', 'board:edit', 'vote'],
  viewer: ['board:read', 'presence'],
}

describe('can(role, capability)', () => {
  const cases = ROLES.flatMap((role) => CAPABILITIES.map((capability) => [role, capability, EXPECTED[role].includes(capability)] as const))
  it.each(cases)('%s may %s: %s', (role, capability, expected) => {
    expect(can(role, capability)).toBe(expected)
  })

  it('grants nothing without a role or to an unknown role', () => {
    for (const capability of CAPABILITIES) {
      expect(can(undefined, capability)).toBe(false)
      expect(can(null, capability)).toBe(false)
      expect(can('owner' as Role, capability)).toBe(false)
    }
  })

  it('recognises roles', () => {
    expect(ROLES.every(isRole)).toBe(true)
    expect(isRole('admin')).toBe(false)
    expect(isRole(undefined)).toBe(false)
  })
})
