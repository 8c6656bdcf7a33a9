import { describe, expect, it } from 'vitest'
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

  it('ignores values shorter than 4 characters (they would redact unrelated text)', () => {
    expect(redactor.text('abc abc')).toBe('abc abc')
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
    const copy = redactor.value({ [secret]: [secret, 1, null], ['__proto__']: 'x', deep }) as Record<
      string,
      unknown
    >
    expect(copy[REDACTED]).toEqual([REDACTED, 1, null])
    expect(Object.keys(copy)).not.toContain('__proto__')
    expect(JSON.stringify(copy)).toContain(NESTED_TOO_DEEPLY)
    expect(JSON.stringify(copy)).not.toContain('wörd')
  })

  it('replaces auth headers whatever their value, and secrets in the others', () => {
    const headers = new Headers({ Authorization: 'Bearer zzz', 'x-trace': `id ${secret}`, 'x-APIKey': 'k' })
    expect(redactor.headers(headers)).toEqual({
      authorization: REDACTED,
      'x-trace': `id ${REDACTED}`,
      'x-apikey': REDACTED,
    })
  })
})
