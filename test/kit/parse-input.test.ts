import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { UnsupportedFieldError, ValidationError } from '../../src/kit/errors'
import { maxListLength, parseInput } from '../../src/kit/parse-input'

const schema = z.strictObject({
  keyId: z.string(),
  name: z.optional(z.string()),
  ipAllowlist: z.optional(z.array(z.string())),
  metadata: z.optional(z.record(z.string(), z.unknown())),
})
const parse = (input: unknown) => parseInput('demo', schema, input, { enabled: 'demo keys stay enabled' })

describe('parseInput', () => {
  it('returns the checked input', () => {
    expect(parse({ keyId: 'k', name: 'n' })).toEqual({ keyId: 'k', name: 'n' })
  })

  it('a normalized field the provider cannot take → UnsupportedFieldError with the hint', () => {
    expect(() => parse({ keyId: 'k', enabled: false })).toThrow(UnsupportedFieldError)
    expect(() => parse({ keyId: 'k', enabled: false })).toThrow(
      'demo: enabled: not supported by demo (demo keys stay enabled)',
    )
  })

  it('an unknown field → ValidationError naming it; a non-object → ValidationError', () => {
    expect(() => parse({ keyId: 'k', colour: 'red' })).toThrow(/unknown field\(s\): colour/)
    expect(() => parse(null)).toThrow(ValidationError)
  })

  it.each([
    ['a lone surrogate', { keyId: 'k\ud800' }, 'keyId', /well-formed Unicode/],
    [
      'a lone surrogate in a key',
      { keyId: 'k', metadata: { '\udc00': 1 } },
      'metadata.\udc00',
      /well-formed Unicode/,
    ],
    [
      'a list too long',
      { keyId: 'k', ipAllowlist: Array(maxListLength + 1).fill('x') },
      'ipAllowlist',
      /at most 1000/,
    ],
  ])('%s → ValidationError at its path', (_label, input, field, message) => {
    try {
      parse(input)
      expect.unreachable()
    } catch (error) {
      expect((error as ValidationError).field).toBe(field)
      expect((error as Error).message).toMatch(message)
    }
  })

  it('nesting past the limit → ValidationError on the top field, without walking the rest', () => {
    let deep: Record<string, unknown> = {}
    for (let level = 0; level < 200_000; level++) deep = { a: deep }
    expect(() => parse({ keyId: 'k', metadata: deep })).toThrow(
      'demo: metadata: is nested too deeply (more than 100 levels)',
    )
  })

  it('a well-formed surrogate pair is fine', () => {
    expect(parse({ keyId: 'k😀' }).keyId).toBe('k😀')
  })
})
