import { describe, expect, it } from 'vitest'
import { isJsonContentType, maxJsonDepth, nestingExceeds, parseJson } from '../../src/kit/json'

describe('parseJson', () => {
  it('drops the keys that pollute prototypes (__proto__, constructor.prototype), also spelled with \\u escapes, and counts them', () => {
    const parsed = parseJson(
      '{"a":1,"__proto__":{"x":1},"n":{"__pro\\u0074o__":3,"c":{"constructor":{"prototype":{"y":1},"keep":2}}}}',
    )
    expect(parsed).toEqual({ ok: true, value: { a: 1, n: { c: { constructor: { keep: 2 } } } }, dropped: 3 })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('keeps every other key as data: constructor and prototype are names a user may give', () => {
    const parsed = parseJson('{"customMetaData":{"constructor":"team-a","prototype":["v1"],"toString":1}}')
    expect(parsed).toEqual({
      ok: true,
      value: { customMetaData: { constructor: 'team-a', prototype: ['v1'], toString: 1 } },
      dropped: 0,
    })
  })

  it('a constructor key holding null or a value is data, also when the reviver runs', () => {
    expect(parseJson('{"constructor":null,"prototype":1}')).toEqual({
      ok: true,
      value: { constructor: null, prototype: 1 },
      dropped: 0,
    })
    expect(parseJson('{"constructor":"team","note":"prototype"}')).toMatchObject({ ok: true, dropped: 0 })
  })

  it('says "not valid JSON" for a syntax error', () => {
    expect(parseJson('{"a":')).toMatchObject({ ok: false, reason: 'syntax', message: 'not valid JSON' })
  })

  it(`refuses nesting deeper than ${maxJsonDepth} levels before parsing, whatever the body holds`, () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expect(parseJson(deep)).toMatchObject({ ok: false, reason: 'depth' })
    expect(parseJson(`{"\\u0061":${deep}}`)).toMatchObject({ ok: false, reason: 'depth' })
    const atLimit = `${'['.repeat(maxJsonDepth)}${']'.repeat(maxJsonDepth)}`
    expect(parseJson(atLimit).ok).toBe(true)
    expect(parseJson(`[${atLimit}]`)).toEqual({
      ok: false,
      reason: 'depth',
      message: `nested too deeply (more than ${maxJsonDepth} levels)`,
    })
  })

  it('reads wide bodies: many objects side by side are not deep', () => {
    const wide = `{"items":[${Array.from({ length: 300 }, (_, index) => `{"id":${index},"tags":[]}`).join(',')}]}`
    const parsed = parseJson(wide)
    expect(parsed.ok).toBe(true)
    expect(parsed.ok && (parsed.value as { items: unknown[] }).items).toHaveLength(300)
  })

  it('parses a body with escapes that spell no polluting key as it is', () => {
    expect(parseJson('{"name":"caf\\u00e9","n":[1,{"k":null}]}')).toEqual({
      ok: true,
      value: { name: 'café', n: [1, { k: null }] },
      dropped: 0,
    })
  })
})

describe('nestingExceeds', () => {
  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = `["${'['.repeat(500)}\\"${'{'.repeat(500)}"]`
    expect(nestingExceeds(text, 3)).toBe(false)
    expect(nestingExceeds('[[[[]]]]', 3)).toBe(true)
    expect(nestingExceeds('[[[]]],[[[]]]', 3)).toBe(false)
  })

  it('counts braces and brackets together, and is not fooled by many shallow siblings', () => {
    // Two of each: neither alone exceeds 3, together they nest 4 deep.
    expect(nestingExceeds('[{[{}]}]', 3)).toBe(true)
    expect(nestingExceeds(`[${'[],'.repeat(500)}{}]`, 3)).toBe(false)
    expect(nestingExceeds(`[${'[],'.repeat(500)}[[[]]]]`, 3)).toBe(true)
    expect(nestingExceeds(`{"a":[${'{},'.repeat(500)}{}]}`, 3)).toBe(false)
    expect(nestingExceeds(`{"a":[${'{},'.repeat(500)}{"b":{}}]}`, 3)).toBe(true)
  })

  it('is exact at the limit', () => {
    const nest = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`
    expect(nestingExceeds(nest(3), 3)).toBe(false)
    expect(nestingExceeds(nest(4), 3)).toBe(true)
    // Long enough to skip no shortcut: many siblings around the deep part.
    expect(nestingExceeds(`[${'1,'.repeat(50)}${nest(3)}]`, 3)).toBe(true)
    expect(nestingExceeds(`[${'1,'.repeat(50)}${nest(2)}]`, 3)).toBe(false)
    expect(nestingExceeds(`{"a":{"b":{"c":{}}}}`, 3)).toBe(true)
    expect(nestingExceeds(`{"a":{"b":{"c":1}}}`, 3)).toBe(false)
  })
})

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['APPLICATION/JSON', true],
    ['text/html', false],
    [null, false],
  ])('%s → %s', (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected)
  })
})
