import type { Pacer } from './pacer'

/** The `fetch` keyshift calls; defaults to `globalThis.fetch`, looked up at each call. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** How much the `logger` gets: `debug` every request and response, `warn` retries (the default), `off` nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off'

/** Where keyshift's log lines go (`console` fits); every line and detail is redacted. */
export interface Logger {
  /** A line at level `debug`. */
  debug(message: string, details?: Record<string, unknown>): void
  /** A line at level `info`. */
  info(message: string, details?: Record<string, unknown>): void
  /** A line at level `warn`. */
  warn(message: string, details?: Record<string, unknown>): void
  /** A line at level `error`. */
  error(message: string, details?: Record<string, unknown>): void
}

/** What hooks see of a request: secrets in headers, path and body are already replaced by `[REDACTED]`. */
export interface RequestEvent {
  readonly provider: string
  /** 1 for the first attempt. */
  readonly attempt: number
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** The request body as sent (JSON text), secrets redacted. */
  readonly body: string | undefined
}

export interface ResponseEvent extends RequestEvent {
  readonly status: number
  readonly responseHeaders: Readonly<Record<string, string>>
  readonly durationMs: number
}

export interface RetryEvent extends RequestEvent {
  /** Why the attempt failed: a status code, or `timeout` / `connection`. */
  readonly reason: number | 'timeout' | 'connection'
  readonly delayMs: number
}

/** Options every provider client takes (plus its credentials and `environment`). */
export interface ClientOptions {
  /** The API root, e.g. a proxy of your own or a mock server. Must be https: except for loopback hosts. */
  baseUrl?: string
  /** Allows an http: baseUrl on a non-loopback host (e.g. inside a private network). Default false. */
  allowInsecureHttp?: boolean
  /** A fetch implementation; by default `globalThis.fetch` as it is at call time (so msw can patch it later). */
  fetch?: FetchLike
  /** Extra headers sent with every request. */
  headers?: Record<string, string>
  /** Retries after the first attempt for connection errors, timeouts, 408, 409, 429 and 5xx. Default 2. */
  maxRetries?: number
  /** Time limit for one attempt, including reading the body, in ms. Default 30 000. */
  timeoutMs?: number
  /** Time limit for the whole call (every attempt, backoff and read), in ms. Default none. */
  deadlineMs?: number
  /** The longest `Retry-After` keyshift waits for; a longer one fails at once with `RateLimitError`. Default 60 000. */
  maxRetryAfterMs?: number
  /**
   * The first retry's delay before jitter, in ms; each retry doubles it (up to 16 times it). Default 500. Test
   * suites set 0 to retry at once (or use `vi.useFakeTimers()`); a `Retry-After` the server sends still applies.
   */
  retryBaseDelayMs?: number
  logger?: Logger
  /** Lowest level passed to `logger`. Default `warn`. */
  logLevel?: LogLevel
  /** Called before each attempt, with the request as sent (secrets redacted). */
  onRequest?: (event: RequestEvent) => void
  /** Called after each attempt that got a response, with its status and headers (redacted). */
  onResponse?: (event: ResponseEvent) => void
  /** Called before each retry, with the reason and the delay. */
  onRetry?: (event: RetryEvent) => void
}

/** Options of one `updateApiKey` call. */
export interface UpdateOptions {
  /** Aborts the call at once, also during a backoff sleep; an aborted call is never retried. */
  signal?: AbortSignal
  maxRetries?: number
  timeoutMs?: number
  deadlineMs?: number
  /** Extra headers for this call only. */
  headers?: Record<string, string>
  /**
   * Request pacing shared with other calls to the same provider (`createPacer({ requestsPerMinute })`): every
   * request of the call (a login, a read, the update, each retry) waits for a slot, and a 429 slows every call that
   * shares the pacer. `updateApiKeys` passes one per provider.
   */
  pacer?: Pacer
  /**
   * For providers that require fields on every update (PulseCRM `description` and `permissions`, The Auth API
   * `name`): when the caller leaves them out, read the key first and send its current values. Default true;
   * false makes a missing required field a `ValidationError`.
   */
  readBeforeWrite?: boolean
}
