import { afterEach, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/kit/errors'
import {
  assertCountsAndDurations,
  assertHeader,
  loadCredential,
  maxTimerMs,
  readEnvironment,
  resolveSettings,
} from '../../src/kit/settings'

const environments = { production: 'https://api.example.com/v2', sandbox: 'https://sandbox.example.com/v2' }
const settingsFor = (options: Parameters<typeof resolveSettings>[1]) =>
  resolveSettings('demo', options, environments, 'production')

describe('resolveSettings', () => {
  it('picks the default environment, or the named one, or a base URL without its trailing slash', () => {
    expect(settingsFor({}).baseUrl).toBe(environments.production)
    expect(settingsFor({ environment: 'sandbox' }).baseUrl).toBe(environments.sandbox)
    expect(settingsFor({ baseUrl: 'https://proxy.example.com/api//' }).baseUrl).toBe(
      'https://proxy.example.com/api',
    )
    expect(settingsFor({ baseUrl: 'http://127.0.0.1:8080' }).baseUrl).toBe('http://127.0.0.1:8080')
  })

  it.each([
    ['an unknown environment', { environment: 'staging' }, /environment: must be one of production, sandbox/],
    ['an inherited property as environment', { environment: 'toString' }, /must be one of/],
    [
      'both baseUrl and environment',
      { baseUrl: 'https://x.example', environment: 'sandbox' },
      /either baseUrl/,
    ],
    ['a relative base URL', { baseUrl: '/v2' }, /not an absolute URL/],
    ['credentials in the base URL', { baseUrl: 'https://u:p@x.example' }, /credentials/],
    ['http on a public host', { baseUrl: 'http://x.example' }, /must use https/],
    ['a header name with a space', { headers: { 'a b': 'v' } }, /header name/],
    ['a header value with CR/LF', { headers: { 'x-a': 'v\r\nx-b: w' } }, /printable ASCII/],
    ['a negative maxRetries', { maxRetries: -1 }, /non-negative integer/],
    ['a timeout a timer cannot wait', { timeoutMs: maxTimerMs + 1 }, /at most 2147483647/],
  ])('%s → ValidationError', (_label, options, message) => {
    expect(() => settingsFor(options as never)).toThrow(ValidationError)
    expect(() => settingsFor(options as never)).toThrow(message)
  })

  it('allows http on a public host only with allowInsecureHttp', () => {
    expect(settingsFor({ baseUrl: 'http://10.0.0.5', allowInsecureHttp: true }).baseUrl).toBe(
      'http://10.0.0.5',
    )
  })

  it('a provider without environments asks for baseUrl', () => {
    expect(() => resolveSettings('demo', {}, undefined, undefined)).toThrow(/publishes no public base URL/)
  })
})

describe('assertCountsAndDurations / assertHeader', () => {
  it('accepts the limits themselves', () => {
    expect(() => assertCountsAndDurations('demo', [], { n: 0 }, { ms: maxTimerMs })).not.toThrow()
    expect(() => assertHeader('demo', ['headers'], "x-!#$%&'*+-.^_`|~9", 'value')).not.toThrow()
  })

  it('never echoes a header value (it may be a credential)', () => {
    const error = (() => {
      try {
        assertHeader('demo', ['headers'], 'x-a', 'secret-value\n')
      } catch (caught) {
        return caught as Error
      }
    })()
    expect(error?.message).not.toContain('secret-value')
  })
})

describe('loadCredential / readEnvironment', () => {
  afterEach(() => {
    delete process.env.KIT_TEST_KEY
  })

  it('takes the option first, then the environment variable, at call time', () => {
    expect(loadCredential('demo', 'apiKey', 'from-option', 'KIT_TEST_KEY')).toBe('from-option')
    process.env.KIT_TEST_KEY = 'from-env'
    expect(loadCredential('demo', 'apiKey', undefined, 'KIT_TEST_KEY')).toBe('from-env')
    expect(readEnvironment('KIT_TEST_KEY')).toBe('from-env')
  })

  it('a missing or empty credential names the option and the variable', () => {
    process.env.KIT_TEST_KEY = ''
    expect(() => loadCredential('demo', 'apiKey', undefined, 'KIT_TEST_KEY')).toThrow(
      'demo: apiKey: missing: pass apiKey or set the KIT_TEST_KEY environment variable',
    )
  })
})
