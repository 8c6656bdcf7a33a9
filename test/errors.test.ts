import { describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  KeyshiftError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
} from '../src'

const init = { provider: 'partoo' as const, headers: {}, body: {}, message: 'x' }

describe('error hierarchy', () => {
  it('maps statuses to classes and marks which are retryable', () => {
    expect(ApiError.fromResponse({ ...init, status: 401 })).toBeInstanceOf(AuthenticationError)
    expect(ApiError.fromResponse({ ...init, status: 404 })).toBeInstanceOf(NotFoundError)
    expect(ApiError.fromResponse({ ...init, status: 429 })).toBeInstanceOf(RateLimitError)
    expect(ApiError.fromResponse({ ...init, status: 503 })).toBeInstanceOf(ServerError)
    expect(ApiError.fromResponse({ ...init, status: 418 }).constructor).toBe(ApiError)
    expect(ApiError.fromResponse({ ...init, status: 503 }).isRetryable).toBe(true)
    expect(ApiError.fromResponse({ ...init, status: 404 }).isRetryable).toBe(false)
    const unsupported = new UnsupportedFieldError('partoo', 'enabled')
    expect(unsupported).toBeInstanceOf(ValidationError)
    expect(unsupported).toBeInstanceOf(KeyshiftError)
    expect(unsupported).toBeInstanceOf(Error)
    expect(unsupported).not.toBeInstanceOf(ApiError)
    expect(unsupported.name).toBe('UnsupportedFieldError')
    expect(new TimeoutError('partoo', 't')).toBeInstanceOf(ConnectionError)
  })

  it('instanceof works across two loaded copies (ESM and CJS builds, or two versions)', async () => {
    // A fresh module instance stands in for a second copy: its classes are different objects.
    vi.resetModules()
    const copy = await import('../src/kit/errors')
    expect(copy.NotFoundError).not.toBe(NotFoundError)
    const foreign = new copy.NotFoundError({ ...init, status: 404 })
    expect(foreign).toBeInstanceOf(NotFoundError)
    expect(foreign).toBeInstanceOf(ApiError)
    expect(foreign).toBeInstanceOf(KeyshiftError)
    expect(foreign).not.toBeInstanceOf(RateLimitError)
    expect(new NotFoundError({ ...init, status: 404 })).toBeInstanceOf(copy.ApiError)
    expect({ message: 'plain object' }).not.toBeInstanceOf(KeyshiftError)
  })

  it('updateApiKey without a provider is a ValidationError', async () => {
    await expect(updateApiKey({ provider: {} } as never)).rejects.toThrow(
      /provider: must be a provider client/,
    )
  })
})

describe('toJSON', () => {
  it('gives JSON.stringify a stable, redacted shape: name, message, isRetryable, and the fields that apply', async () => {
    const { ApiError, ValidationError, RateLimitError } = await import('../src')
    const apiError = ApiError.fromResponse({
      provider: 'partoo',
      status: 429,
      headers: { 'x-secret-header': 'h' },
      body: { big: 'body' },
      message: 'slow down',
      requestId: 'req_9',
      retryAfterMs: 1500,
    })
    expect(apiError).toBeInstanceOf(RateLimitError)
    expect(JSON.parse(JSON.stringify(apiError))).toEqual({
      name: 'RateLimitError',
      message: 'partoo 429: slow down',
      isRetryable: true,
      provider: 'partoo',
      status: 429,
      requestId: 'req_9',
      retryAfterMs: 1500,
    })
    const validation = new ValidationError('plumaa', [{ path: ['name'], message: 'must not be empty' }])
    expect(JSON.parse(JSON.stringify(validation))).toEqual({
      name: 'ValidationError',
      message: 'plumaa: name: must not be empty',
      isRetryable: false,
      provider: 'plumaa',
      issues: [{ path: ['name'], message: 'must not be empty' }],
    })
  })

  it('a ConnectionError keeps its cause, redacted, with the network error code', async () => {
    const { createTheAuthApi, ConnectionError } = await import('../src')
    const key = 'live_cause-SECRET-KEY-42'
    const provider = createTheAuthApi({
      accessKey: 'access-key-1',
      maxRetries: 0,
      fetch: async (url) => {
        throw new TypeError(`fetch failed for ${url}`, {
          cause: Object.assign(new Error(`connect ECONNREFUSED ${url}`), { code: 'ECONNREFUSED' }),
        })
      },
    })
    const error = (await provider
      .updateApiKey({ keyId: key, name: 'n' })
      .catch((caught: unknown) => caught)) as Error
    expect(error).toBeInstanceOf(ConnectionError)
    const cause = error.cause as Error & { code?: string }
    expect(cause.name).toBe('TypeError')
    expect(cause.code).toBe('ECONNREFUSED')
    expect(cause.message).toMatch(/\[REDACTED\]/)
    expect(cause.message).not.toContain(encodeURIComponent(key))
  })
})

describe('parseDay', () => {
  it('types a real YYYY-MM-DD day as DateOnlyString, and refuses anything else with a ValidationError', async () => {
    const { parseDay, ValidationError } = await import('../src')
    expect(parseDay('2027-06-30')).toBe('2027-06-30')
    for (const bad of ['2027-02-30', '2027-6-30', '', '2027-06-30T00:00:00Z'])
      expect(() => parseDay(bad)).toThrow(ValidationError)
  })
})
