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

  it.each([
    ['in a list entry', { keyId: 'k', ipAllowlist: ['10.0.0.1', 'bad\ud800'] }, 'ipAllowlist.1'],
    ['in a value', { keyId: 'k', metadata: { team: 'x\udfff' } }, 'metadata.team'],
    ['deep in a value', { keyId: 'k', metadata: { a: [{ b: ['\ud800'] }] } }, 'metadata.a.0.b.0'],
  ])('a lone surrogate %s is found at its path (lists and objects are walked)', (_label, input, field) => {
    expect(() => parse(input)).toThrow(expect.objectContaining({ field }))
    expect(() => parse(input)).toThrow(ValidationError)
  })

  it(`takes a list of exactly ${maxListLength} entries and nesting of exactly 100 levels`, () => {
    expect(parse({ keyId: 'k', ipAllowlist: Array(maxListLength).fill('x') }).ipAllowlist).toHaveLength(
      maxListLength,
    )
    // metadata is the first level; 99 more objects inside it.
    let deep: Record<string, unknown> = {}
    for (let level = 0; level < 98; level++) deep = { a: deep }
    expect(() => parse({ keyId: 'k', metadata: deep })).not.toThrow()
    expect(() => parse({ keyId: 'k', metadata: { a: deep } })).toThrow(/nested too deeply/)
    // Lists count as levels too.
    let list: unknown = []
    for (let level = 0; level < 99; level++) list = [list]
    expect(() => parse({ keyId: 'k', metadata: { a: list } })).toThrow(/nested too deeply/)
  })

  it('a Date is a value, not an object to walk', () => {
    const dated = z.strictObject({ keyId: z.string(), expiresAt: z.optional(z.date()) })
    const at = new Date('2030-01-01T00:00:00Z')
    expect(parseInput('demo', dated, { keyId: 'k', expiresAt: at }, {}).expiresAt).toBe(at)
  })

  it('a normalized field left undefined is not "passed"; one the schema has is not unsupported', () => {
    expect(parse({ keyId: 'k', enabled: undefined })).toEqual({ keyId: 'k' })
    expect(parse({ keyId: 'k', ipAllowlist: ['1.2.3.4'] })).toEqual({ keyId: 'k', ipAllowlist: ['1.2.3.4'] })
  })

  it('every input problem zod finds is listed with its path and message', () => {
    try {
      parse({ keyId: 1, name: 2, colour: 'red', size: 'xl' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      const issues = (error as ValidationError).issues
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: ['keyId'] }),
          expect.objectContaining({ path: ['name'] }),
          { path: [], message: 'unknown field(s): colour, size' },
        ]),
      )
    }
  })

  it.each([undefined, 'k', 7, true])('%j is not an update → ValidationError, no path', (input) => {
    expect(() => parse(input)).toThrow(
      expect.objectContaining({ issues: [{ path: [], message: 'the update must be an object' }] }),
    )
  })

  it('a well-formed surrogate pair is fine', () => {
    expect(parse({ keyId: 'k😀' }).keyId).toBe('k😀')
  })
})
