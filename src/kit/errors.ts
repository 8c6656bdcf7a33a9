/**
 * keyshift's error hierarchy (modelled on the Stainless SDKs):
 *
 * KeyshiftError
 * ├─ ValidationError            bad input, nothing was sent
 * │  └─ UnsupportedFieldError   a field this provider cannot take
 * ├─ ApiError                   the provider answered with a non-2xx status
 * │  ├─ BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403, NotFoundError 404,
 * │  ├─ ConflictError 409, UnprocessableEntityError 422, RateLimitError 429, ServerError 5xx
 * ├─ UnexpectedResponseError    a 2xx (or error) body keyshift cannot read as the spec describes
 * ├─ ConnectionError            no HTTP response at all
 * │  └─ TimeoutError            an attempt or the overall deadline ran out
 * └─ AbortError                 the caller's signal aborted
 *
 * Messages and fields never hold a secret: callers of these constructors pass text that has already been
 * through the call's redactor.
 */

// `instanceof` must work when two copies of keyshift are loaded (ESM + CJS, or two versions): each instance
// carries the names of its classes under a global symbol, and every class checks for its own name. The names are
// spelled out (`errorName`), not read from `Function.name`, which bundlers rename (`_ApiError`) and minifiers
// mangle.
const kinds = Symbol.for('keyshift.error.kinds')

type Marked = { [kinds]?: readonly string[] }

/** The class's own `errorName`, or its `Function.name` for a subclass that declares none. */
function nameOf(errorClass: { name: string; errorName?: string }): string {
  return Object.hasOwn(errorClass, 'errorName') && errorClass.errorName
    ? errorClass.errorName
    : errorClass.name
}

/** The base of every error keyshift throws (`instanceof` works across module copies and builds). */
export class KeyshiftError extends Error {
  static readonly errorName: string = 'KeyshiftError'
  declare readonly [kinds]: readonly string[]
  /** Whether sending the same request again may succeed. */
  readonly isRetryable: boolean = false
  /**
   * True when an update request went out and its outcome is unknown (its response was lost to a timeout, a broken
   * connection or an abort), or when the provider answered 2xx with a body keyshift could not read: the key may
   * have been changed. `updateApiKeys` reports such items as `unknown`.
   */
  readonly mayHaveBeenApplied: boolean

  constructor(message: string, options?: KeyshiftErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.mayHaveBeenApplied = options?.mayHaveBeenApplied === true
    const chain: string[] = []
    for (
      let proto: unknown = new.target;
      typeof proto === 'function' && proto !== Error;
      proto = Object.getPrototypeOf(proto)
    ) {
      chain.push(nameOf(proto))
    }
    Object.defineProperty(this, kinds, { value: chain, enumerable: false })
    Object.defineProperty(this, 'name', { value: chain[0], enumerable: false, configurable: true })
  }

  /**
   * The error as JSON, for logs and `JSON.stringify(error)` (which would otherwise drop `name` and `message`).
   * A stable shape, every field already redacted: `name`, `message`, `isRetryable`, and where they apply
   * `provider`, `status`, `requestId`, `retryAfterMs`, `issues`, `mayHaveBeenApplied`.
   */
  toJSON(): KeyshiftErrorJSON {
    const fields = this as Partial<Record<keyof KeyshiftErrorJSON, unknown>>
    const json: KeyshiftErrorJSON = { name: this.name, message: this.message, isRetryable: this.isRetryable }
    for (const key of ['provider', 'status', 'requestId', 'retryAfterMs', 'issues'] as const) {
      if (fields[key] !== undefined) Object.assign(json, { [key]: fields[key] })
    }
    if (this.mayHaveBeenApplied) json.mayHaveBeenApplied = true
    return json
  }

  /** `instanceof` by class name, so that it holds across copies of keyshift (ESM and CJS, two versions). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false
    const marks = (value as Marked)[kinds]
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class being tested against, often a subclass.
    return Array.isArray(marks) ? marks.includes(nameOf(this)) : false
  }
}

/** Options of keyshift's error constructors. */
export interface KeyshiftErrorOptions {
  cause?: unknown
  mayHaveBeenApplied?: boolean | undefined
}

/** What `JSON.stringify(error)` gives for every keyshift error. */
export interface KeyshiftErrorJSON {
  name: string
  message: string
  /** Whether sending the same request again may succeed (the error's `isRetryable`). */
  isRetryable: boolean
  provider?: string
  status?: number
  requestId?: string
  retryAfterMs?: number
  issues?: readonly Issue[]
  /** Present (true) when the key may have been changed although the call failed. */
  mayHaveBeenApplied?: true
}

/** One problem with an input (or a response): where it is, and what is wrong. */
export interface Issue {
  /** Where the problem is, e.g. `['expiresAt']` or `['ipAllowlist', 2]`. */
  readonly path: readonly (string | number)[]
  readonly message: string
  /** `missing-credential` when no credential was passed or found in the environment. */
  readonly code?: 'missing-credential'
}

const maxIssuesInMessage = 10

/** The input cannot be sent as given. No request was made. */
export class ValidationError extends KeyshiftError {
  static override readonly errorName: string = 'ValidationError'
  readonly provider: string | undefined
  readonly issues: readonly Issue[]

  constructor(provider: string | undefined, issues: readonly Issue[]) {
    const where = provider ? `${provider}: ` : ''
    // A list of thousands of bad entries must not make a message of megabytes: the rest is in `issues`.
    const shown = issues.slice(0, maxIssuesInMessage)
    const text = shown.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message)
    const more = issues.length - shown.length
    super(`${where}${text.join('; ')}${more > 0 ? ` (and ${more} more: see issues)` : ''}`)
    this.provider = provider
    this.issues = issues
  }

  /** The path of the first issue, e.g. `expiresAt`. */
  get field(): string {
    return this.issues[0]?.path.join('.') ?? ''
  }
}

/** A field the provider has no way to accept. keyshift never drops a field silently. */
export class UnsupportedFieldError extends ValidationError {
  static override readonly errorName: string = 'UnsupportedFieldError'
  readonly unsupportedField: string

  constructor(provider: string, field: string, hint?: string) {
    super(provider, [{ path: [field], message: `not supported by ${provider}${hint ? ` (${hint})` : ''}` }])
    this.unsupportedField = field
  }
}

export interface ApiErrorInit {
  provider: string
  status: number
  headers: Record<string, string>
  body: unknown
  message: string
  requestId?: string | undefined
  retryAfterMs?: number | undefined
}

/** The provider answered with an error status. */
export class ApiError extends KeyshiftError {
  static override readonly errorName: string = 'ApiError'
  readonly provider: string
  readonly status: number
  /** Response headers (lower-case names). */
  readonly headers: Record<string, string>
  /** The parsed error body (or its text when it is not JSON). */
  readonly body: unknown
  readonly requestId: string | undefined
  override readonly isRetryable: boolean

  constructor(init: ApiErrorInit) {
    super(`${init.provider} ${init.status}: ${init.message}`)
    this.provider = init.provider
    this.status = init.status
    this.headers = init.headers
    this.body = init.body
    this.requestId = init.requestId
    this.isRetryable = isRetryableStatus(init.status)
  }

  /** The right subclass for a status code. */
  static fromResponse(init: ApiErrorInit): ApiError {
    const status = init.status
    if (status === 400) return new BadRequestError(init)
    if (status === 401) return new AuthenticationError(init)
    if (status === 403) return new PermissionDeniedError(init)
    if (status === 404) return new NotFoundError(init)
    if (status === 409) return new ConflictError(init)
    if (status === 422) return new UnprocessableEntityError(init)
    if (status === 429) return new RateLimitError(init)
    if (status >= 500) return new ServerError(init)
    return new ApiError(init)
  }
}

/**
 * 408, 429 and 5xx: the server may answer differently next time. Not 409, a conflict with the key's state (The Auth
 * API: a custom key value already taken): sending it again gets the same answer (their own SDK does not retry it).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

export class BadRequestError extends ApiError {
  static override readonly errorName: string = 'BadRequestError'
}
export class AuthenticationError extends ApiError {
  static override readonly errorName: string = 'AuthenticationError'
}
export class PermissionDeniedError extends ApiError {
  static override readonly errorName: string = 'PermissionDeniedError'
}
export class NotFoundError extends ApiError {
  static override readonly errorName: string = 'NotFoundError'
}
export class ConflictError extends ApiError {
  static override readonly errorName: string = 'ConflictError'
}
export class UnprocessableEntityError extends ApiError {
  static override readonly errorName: string = 'UnprocessableEntityError'
}
export class ServerError extends ApiError {
  static override readonly errorName: string = 'ServerError'
}

export class RateLimitError extends ApiError {
  static override readonly errorName: string = 'RateLimitError'
  /** Milliseconds the provider asked to wait, when it said. */
  readonly retryAfterMs: number | undefined

  constructor(init: ApiErrorInit) {
    super(init)
    this.retryAfterMs = init.retryAfterMs
  }
}

/** The response cannot be read as the provider's spec describes (bad JSON, wrong shape, HTML, too large). */
export class UnexpectedResponseError extends KeyshiftError {
  static override readonly errorName: string = 'UnexpectedResponseError'
  readonly provider: string
  readonly status: number
  readonly issues: readonly Issue[]

  constructor(
    provider: string,
    status: number,
    message: string,
    issues: readonly Issue[] = [],
    options?: KeyshiftErrorOptions,
  ) {
    super(`${provider} ${status}: ${message}`, options)
    this.provider = provider
    this.status = status
    this.issues = issues
  }
}

/** No HTTP response arrived (DNS, refused or reset connection, TLS). */
export class ConnectionError extends KeyshiftError {
  static override readonly errorName: string = 'ConnectionError'
  readonly provider: string
  /** False for a certificate the runtime refuses: the next attempt meets the same certificate. */
  override readonly isRetryable: boolean

  constructor(provider: string, message: string, options?: KeyshiftErrorOptions & { isRetryable?: boolean }) {
    super(`${provider}: ${message}`, options)
    this.provider = provider
    this.isRetryable = options?.isRetryable ?? true
  }
}

/** An attempt (`timeoutMs`) or the overall deadline (`deadlineMs`) ran out. */
export class TimeoutError extends ConnectionError {
  static override readonly errorName: string = 'TimeoutError'
}

/** The caller's `signal` aborted the call. Never retried. */
export class AbortError extends KeyshiftError {
  static override readonly errorName: string = 'AbortError'
  readonly provider: string

  constructor(provider: string, options?: KeyshiftErrorOptions & { message?: string | undefined }) {
    super(`${provider}: ${options?.message ?? "the request was aborted by the caller's signal"}`, options)
    this.provider = provider
  }
}
