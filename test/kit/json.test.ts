import { describe, expect, it } from 'vitest'
import { isJsonContentType, maxJsonDepth, nestingExceeds, parseJson } from '../../src/kit/json'

describe('parseJson', () => {
  it('parses, and drops __proto__/constructor/prototype keys, also spelled with \\u escapes', () => {
    const parsed = parseJson('{"a":1,"__proto__":{"x":1},"n":{"constructor":2,"__pro\\u0074o__":3}}')
    expect(parsed).toEqual({ ok: true, value: { a: 1, n: {} } })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
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
