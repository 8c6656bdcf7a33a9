import { describe, expect, it } from 'vitest'
import { maxJsonDepth } from '../../src/kit/json'
import { NESTED_TOO_DEEPLY, REDACTED, Redactor } from '../../src/kit/redactor'

describe('Redactor', () => {
  const secret = 'Pa"ss\\wörd/?&'
  const redactor = new Redactor().add(secret, 'abc', undefined)

  it.each([
    ['as is', secret],
    ['URL-encoded', encodeURIComponent(secret)],
    ['URL-encoded twice', encodeURIComponent(encodeURIComponent(secret))],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['JSON-escaped then URL-encoded', encodeURIComponent(JSON.stringify(secret).slice(1, -1))],
  ])('finds and replaces the secret %s', (_label, form) => {
    expect(redactor.finds(`before ${form} after`)).toBe(true)
    expect(redactor.text(`before ${form} after`)).toBe(`before ${REDACTED} after`)
  })

  it('ignores values shorter than 4 characters (they would redact unrelated text); 4 are enough', () => {
    expect(redactor.text('abc abc')).toBe('abc abc')
    expect(redactor.finds('abc abc')).toBe(false)
    expect(new Redactor().add('abcd').text('x abcd y')).toBe(`x ${REDACTED} y`)
  })

  it('finds nothing and changes nothing when no secret is in the text', () => {
    expect(redactor.finds('nothing to see')).toBe(false)
    expect(redactor.text('nothing to see')).toBe('nothing to see')
    expect(new Redactor().text(`any ${secret}`)).toBe(`any ${secret}`)
  })

  it('a secret added after a first redaction is redacted too', () => {
    const later = new Redactor().add('first-secret')
    expect(later.text('first-secret second-secret')).toBe(`${REDACTED} second-secret`)
    later.add('second-secret')
    expect(later.text('first-secret second-secret')).toBe(`${REDACTED} ${REDACTED}`)
    expect(later.finds('only second-secret')).toBe(true)
  })

  it('a secret with nothing to escape or encode is found as it is', () => {
    const plain = new Redactor().add('plainSecret42')
    expect(plain.text('{"key":"plainSecret42"} ?k=plainSecret42')).toBe(
      `{"key":"${REDACTED}"} ?k=${REDACTED}`,
    )
  })

  it('replaces the longer of two overlapping secrets whole', () => {
    const overlapping = new Redactor().add('token-1234', 'token-1234-extended')
    expect(overlapping.text('x token-1234-extended y')).toBe(`x ${REDACTED} y`)
  })

  it('accepts a lone surrogate without throwing (its URL-encoded forms do not exist)', () => {
    const lone = new Redactor().add('key-\ud800-value')
    expect(lone.text('a key-\ud800-value b')).toBe(`a ${REDACTED} b`)
  })

  it('copies values deeply, redacting keys and strings, dropping __proto__, stopping at the depth limit', () => {
    let deep: unknown = secret
    for (let level = 0; level < 150; level++) deep = [deep]
    const copy = redactor.value({ [secret]: [secret, 1, null], deep }) as Record<string, unknown>
    expect(copy[REDACTED]).toEqual([REDACTED, 1, null])
    expect(JSON.stringify(copy)).toContain(NESTED_TOO_DEEPLY)
    expect(JSON.stringify(copy)).not.toContain('wörd')
  })

  it('never gives a copy another prototype: an own __proto__ key is left out', () => {
    // JSON.parse makes `__proto__` an own key (an object literal would set the prototype instead).
    const input = JSON.parse('{"__proto__": {"polluted": true}, "kept": 1}') as object
    expect(Object.keys(input)).toContain('__proto__')
    const copy = redactor.value(input) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(copy.polluted).toBeUndefined()
    expect(copy).toEqual({ kept: 1 })
  })

  it(`walks exactly ${maxJsonDepth} levels (what parseJson accepts) and replaces what is deeper`, () => {
    const nest = (levels: number) => {
      let value: unknown = 'leaf'
      for (let level = 0; level < levels; level++) value = level % 2 ? { a: value } : [value]
      return value
    }
    expect(redactor.value(nest(maxJsonDepth))).toEqual(nest(maxJsonDepth))
    expect(JSON.stringify(redactor.value(nest(maxJsonDepth + 1)))).toContain('"[nested too deeply]"')
    expect(JSON.stringify(redactor.value(nest(maxJsonDepth + 1)))).not.toContain('leaf')
  })

  it('keeps numbers, booleans and null as they are', () => {
    expect(redactor.value({ n: 0, t: true, f: false, z: null, list: [1.5] })).toEqual({
      n: 0,
      t: true,
      f: false,
      z: null,
      list: [1.5],
    })
  })

  it.each(['Authorization', 'x-APIKey', 'X-Api-Key', 'api-key', 'Cookie', 'Set-Cookie'])(
    'replaces the %s header whatever its value (a credential keyshift was not told about)',
    (name) => {
      expect(new Redactor().headers(new Headers({ [name]: 'unregistered value', 'x-other': 'v' }))).toEqual({
        [name.toLowerCase()]: REDACTED,
        'x-other': 'v',
      })
    },
  )

  it('replaces auth headers whatever their value, and secrets in the others', () => {
    const headers = new Headers({ Authorization: 'Bearer zzz', 'x-trace': `id ${secret}`, 'x-APIKey': 'k' })
    expect(redactor.headers(headers)).toEqual({
      authorization: REDACTED,
      'x-trace': `id ${REDACTED}`,
      'x-apikey': REDACTED,
    })
  })
})
