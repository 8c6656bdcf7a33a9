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
