/**
 * The error classes in-process (src/kit/errors.ts): which class a status gets and whether it is retried, the
 * messages, `toJSON()`, and `instanceof`. test/errors.test.ts covers the same through the package's entry.
 */
import { describe, expect, it } from 'vitest'
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  isRetryableStatus,
  KeyshiftError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  UnsupportedFieldError,
  ValidationError,
} from '../../src/kit/errors'

const init = { provider: 'demo', headers: { 'x-a': '1' }, body: { b: 1 }, message: 'went wrong' }

describe('ApiError.fromResponse', () => {
  it.each<[number, new (...args: never[]) => ApiError, string, boolean]>([
    [400, BadRequestError, 'BadRequestError', false],
    [401, AuthenticationError, 'AuthenticationError', false],
    [403, PermissionDeniedError, 'PermissionDeniedError', false],
    [404, NotFoundError, 'NotFoundError', false],
    [408, ApiError, 'ApiError', true],
    [409, ConflictError, 'ConflictError', false],
    [410, ApiError, 'ApiError', false],
    [422, UnprocessableEntityError, 'UnprocessableEntityError', false],
    [429, RateLimitError, 'RateLimitError', true],
    [499, ApiError, 'ApiError', false],
    [500, ServerError, 'ServerError', true],
    [503, ServerError, 'ServerError', true],
    [599, ServerError, 'ServerError', true],
  ])('%s → %o named %s, retryable: %s', (status, type, name, retryable) => {
    const error = ApiError.fromResponse({ ...init, status })
    expect(error.constructor).toBe(type)
    expect(error.name).toBe(name)
    // Spelled out, since bundlers rename classes (`_NotFoundError`) and minifiers mangle them.
    expect((type as unknown as { errorName: string }).errorName).toBe(name)
    expect(error.isRetryable).toBe(retryable)
    expect(isRetryableStatus(status)).toBe(retryable)
    expect(error).toMatchObject({ provider: 'demo', status, headers: { 'x-a': '1' }, body: { b: 1 } })
    expect(error.message).toBe(`demo ${status}: went wrong`)
    expect(error.mayHaveBeenApplied).toBe(false)
  })

  it('a 429 carries the delay the provider asked for; other statuses have no such field', () => {
    expect(ApiError.fromResponse({ ...init, status: 429, retryAfterMs: 2500 })).toMatchObject({
      retryAfterMs: 2500,
    })
    expect('retryAfterMs' in ApiError.fromResponse({ ...init, status: 503, retryAfterMs: 2500 })).toBe(false)
    expect(ApiError.fromResponse({ ...init, status: 404, requestId: 'r-1' }).requestId).toBe('r-1')
  })
})

describe('ValidationError', () => {
  it('names the provider and each issue with its path', () => {
    const error = new ValidationError('demo', [
      { path: ['ipAllowlist', 2], message: 'is not an IP address' },
      { path: [], message: 'the update must be an object' },
    ])
    expect(error.message).toBe('demo: ipAllowlist.2: is not an IP address; the update must be an object')
    expect(error.field).toBe('ipAllowlist.2')
    expect(error.provider).toBe('demo')
    expect(error.isRetryable).toBe(false)
    expect(new ValidationError(undefined, [{ path: ['provider'], message: 'missing' }]).message).toBe(
      'provider: missing',
    )
    expect(new ValidationError('demo', []).field).toBe('')
  })

  it('shows at most ten issues in its message; all of them are in issues', () => {
    const issues = Array.from({ length: 13 }, (_, index) => ({ path: [index], message: 'bad' }))
    const error = new ValidationError('demo', issues)
    expect(error.message).toBe(
      `demo: ${issues
        .slice(0, 10)
        .map((issue) => `${issue.path[0]}: bad`)
        .join('; ')} (and 3 more: see issues)`,
    )
    expect(error.issues).toHaveLength(13)
    expect(new ValidationError('demo', issues.slice(0, 10)).message).not.toContain('more')
  })

  it('UnsupportedFieldError names the field, with the hint when there is one', () => {
    const hinted = new UnsupportedFieldError('demo', 'enabled', 'demo keys stay enabled')
    expect(hinted.message).toBe('demo: enabled: not supported by demo (demo keys stay enabled)')
    expect(hinted.unsupportedField).toBe('enabled')
    expect(hinted.field).toBe('enabled')
    expect(new UnsupportedFieldError('demo', 'enabled').message).toBe('demo: enabled: not supported by demo')
    expect(new UnsupportedFieldError('demo', 'enabled', '').message).toBe(
      'demo: enabled: not supported by demo',
    )
  })
})

describe('errors without a response', () => {
  it('ConnectionError is retried unless the runtime refused a certificate; TimeoutError is one', () => {
    const cause = new Error('ECONNRESET')
    const reset = new ConnectionError('demo', 'connection reset', { cause })
    expect(reset).toMatchObject({
      message: 'demo: connection reset',
      isRetryable: true,
      provider: 'demo',
      cause,
    })
    expect(new ConnectionError('demo', 'certificate refused', { isRetryable: false }).isRetryable).toBe(false)
    const timeout = new TimeoutError('demo', 'no answer in 30000 ms', { mayHaveBeenApplied: true })
    expect(timeout).toBeInstanceOf(ConnectionError)
    expect(timeout).toMatchObject({ name: 'TimeoutError', isRetryable: true, mayHaveBeenApplied: true })
  })

  it("AbortError says the caller's signal aborted it, unless told otherwise; it is never retried", () => {
    expect(new AbortError('demo')).toMatchObject({
      message: "demo: the request was aborted by the caller's signal",
      isRetryable: false,
      provider: 'demo',
      mayHaveBeenApplied: false,
    })
    expect(new AbortError('demo', { message: 'stopped', mayHaveBeenApplied: true })).toMatchObject({
      message: 'demo: stopped',
      mayHaveBeenApplied: true,
    })
  })

  it('UnexpectedResponseError carries the provider, status and issues', () => {
    const issue = { path: ['id'], message: 'expected number' }
    expect(new UnexpectedResponseError('demo', 200, 'bad body', [issue])).toMatchObject({
      message: 'demo 200: bad body',
      provider: 'demo',
      status: 200,
      issues: [issue],
      isRetryable: false,
    })
    expect(new UnexpectedResponseError('demo', 200, 'bad body').issues).toEqual([])
  })

  it('a cause is kept only when there is one', () => {
    expect('cause' in new KeyshiftError('x')).toBe(false)
    expect('cause' in new KeyshiftError('x', { cause: undefined })).toBe(false)
    expect(new KeyshiftError('x', { cause: 0 }).cause).toBe(0)
  })
})

describe('toJSON', () => {
  it('holds the fields that apply, and mayHaveBeenApplied only when true', () => {
    expect(new TimeoutError('demo', 'late', { mayHaveBeenApplied: true }).toJSON()).toEqual({
      name: 'TimeoutError',
      message: 'demo: late',
      isRetryable: true,
      provider: 'demo',
      mayHaveBeenApplied: true,
    })
    expect(new KeyshiftError('plain').toJSON()).toEqual({
      name: 'KeyshiftError',
      message: 'plain',
      isRetryable: false,
    })
    expect(ApiError.fromResponse({ ...init, status: 404 }).toJSON()).toEqual({
      name: 'NotFoundError',
      message: 'demo 404: went wrong',
      isRetryable: false,
      provider: 'demo',
      status: 404,
    })
  })

  it('name is not an own enumerable field: JSON.stringify goes through toJSON only', () => {
    const error = new NotFoundError({ ...init, status: 404 })
    expect(Object.keys(error)).not.toContain('name')
    expect(error.name).toBe('NotFoundError')
  })
})

describe('names', () => {
  it('every class spells its name out, as bundlers rename classes (`_NotFoundError`) and minifiers mangle them', () => {
    for (const type of [
      KeyshiftError,
      ValidationError,
      UnsupportedFieldError,
      ApiError,
      UnexpectedResponseError,
      ConnectionError,
      TimeoutError,
      AbortError,
    ]) {
      expect(type.errorName).toBe(type.name)
    }
  })

  it('toJSON holds no key whose value is undefined', () => {
    const error = ApiError.fromResponse({ ...init, status: 404 })
    expect(Object.keys(error.toJSON()).sort()).toEqual([
      'isRetryable',
      'message',
      'name',
      'provider',
      'status',
    ])
  })

  it('a plain copy of an error ({...error}) is not an instance of its class', () => {
    const error = new NotFoundError({ ...init, status: 404 })
    expect({ ...error }).not.toBeInstanceOf(NotFoundError)
    expect({ ...error }).not.toBeInstanceOf(KeyshiftError)
  })
})

describe('instanceof', () => {
  it('holds for the class and its ancestors only', () => {
    const error = new RateLimitError({ ...init, status: 429 })
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toBeInstanceOf(KeyshiftError)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(ServerError)
    expect(error).not.toBeInstanceOf(ValidationError)
    expect(new Error('plain')).not.toBeInstanceOf(KeyshiftError)
    expect(null).not.toBeInstanceOf(KeyshiftError)
    expect('NotFoundError').not.toBeInstanceOf(NotFoundError)
  })

  it('a subclass that declares no errorName is known by its class name', () => {
    class VendorQuotaError extends RateLimitError {}
    const error = new VendorQuotaError({ ...init, status: 429 })
    expect(error.name).toBe('VendorQuotaError')
    expect(error).toBeInstanceOf(VendorQuotaError)
    expect(error).toBeInstanceOf(RateLimitError)
    expect(new RateLimitError({ ...init, status: 429 })).not.toBeInstanceOf(VendorQuotaError)
  })
})
