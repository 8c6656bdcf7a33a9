import { describe, expect, it } from 'vitest'
import { assertSomethingToUpdate, definedOnly, startCall } from '../../src/kit/call'
import { ValidationError } from '../../src/kit/errors'
import { resolveSettings } from '../../src/kit/settings'

describe('startCall', () => {
  const settings = resolveSettings(
    'demo',
    { headers: { 'x-client': 'c' } },
    { production: 'https://x.example' },
    'production',
  )

  it('merges client and per-call headers, and registers the secrets', () => {
    const { headers, transport } = startCall(settings, { headers: { 'x-call': 'k' } }, [
      'secret-value',
      undefined,
    ])
    expect(headers).toEqual({ 'x-client': 'c', 'x-call': 'k' })
    expect(transport.redactor.text('a secret-value b')).toBe('a [REDACTED] b')
  })

  it('checks per-call options', () => {
    expect(() => startCall(settings, { timeoutMs: -1 }, [])).toThrow(ValidationError)
    expect(() => startCall(settings, { headers: { 'bad name': 'v' } }, [])).toThrow(/header name/)
  })
})

describe('assertSomethingToUpdate / definedOnly', () => {
  it('refuses an update that only names the key', () => {
    expect(() => assertSomethingToUpdate('demo', { keyId: 'k', name: undefined }, ['keyId'])).toThrow(
      /nothing to update/,
    )
    expect(() => assertSomethingToUpdate('demo', { keyId: 'k', name: null }, ['keyId'])).not.toThrow()
  })

  it('drops undefined, keeps null', () => {
    expect(definedOnly({ a: undefined, b: null, c: 0 })).toEqual({ b: null, c: 0 })
  })
})
