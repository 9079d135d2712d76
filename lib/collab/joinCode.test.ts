import { describe, expect, it } from 'vitest'
import { buildJoinCode, formatJoinCode, getJoinCodeOfToken, JOIN_CODE_ALPHABET, normaliseJoinCode } from './joinCode'

describe('join codes', () => {
  it('builds six characters of the alphabet from random bytes', () => {
    const code = buildJoinCode(new Uint8Array([0, 1, 30, 31, 255, 100, 7]))
    expect(code).toHaveLength(6)
    expect([...code].every((c) => JOIN_CODE_ALPHABET.includes(c))).toBe(true)
    expect(code.slice(0, 4)).toBe('23Z2')
    expect(() => buildJoinCode(new Uint8Array(5))).toThrow()
  })

  it('reads what people type: any case, spaces and dashes; refuses look-alikes and wrong lengths', () => {
    expect(normaliseJoinCode('abc 234')).toBe('ABC234')
    expect(normaliseJoinCode(' ab-c2-34 ')).toBe('ABC234')
    expect(normaliseJoinCode('ABC23')).toBeUndefined()
    expect(normaliseJoinCode('ABC2340')).toBeUndefined()
    expect(normaliseJoinCode('OBC234')).toBeUndefined()
    expect(normaliseJoinCode('IBC234')).toBeUndefined()
  })

  it('finds the code in front of a token, and none in a token made before codes', () => {
    const random = 'x9_-yZ'.repeat(5) + 'ab'
    expect(getJoinCodeOfToken(`ABC234${random}`)).toBe('ABC234')
    // 24 random bytes in base64url, as tokens were made before codes: 32 characters, no code.
    expect(getJoinCodeOfToken(`ABC234${random}`.slice(6))).toBeUndefined()
    expect(getJoinCodeOfToken(`abc234${random}`)).toBeUndefined()
    expect(getJoinCodeOfToken(`ABC23${random}x`)).toBeUndefined()
  })

  it('groups a code in threes for reading', () => {
    expect(formatJoinCode('ABC234')).toBe('ABC 234')
  })
})
