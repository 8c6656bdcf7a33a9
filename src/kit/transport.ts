import { onAbort } from './abort'
import {
  AbortError,
  ConnectionError,
  isRetryableStatus,
  KeyshiftError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors'
import type { LogLevel, RequestEvent, UpdateOptions } from './options'
import { type Pacer, stoppedWhileWaiting } from './pacer'
import type { Redactor } from './redactor'
import { backoffMs, retryAfterMs } from './retry-timing'
import type { TransportSettings } from './settings'
import { sleep } from './sleep'

/** What the transport sends: the URL, method, headers and serialized body of one request. */
export interface OutgoingRequest {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  readonly body: BodyInit | null
}

/** How one request of a call is sent (every field optional: a read, idempotent, with the client's size cap). */
export interface SendOptions {
  /** The request changes the key: once it has gone out, a lost response means it may have been applied. */
  readonly write?: boolean | undefined
  /**
   * False for a request that must not be sent twice blindly (a key rotation: a second one would address the old
   * key). It is then retried only when the first provably never reached the server (a 429, a refused connection).
   */
  readonly idempotent?: boolean | undefined
  /** A body cap for this request instead of the client's (PulseCRM's key list, which grows with the account). */
  readonly maxResponseBytes?: number | undefined
}

/** A response whose body has been read (within the size cap and the attempt's time limit). */
export class ReadResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: Headers
  readonly bodyText: string
  /** Set when an error status came with a body past the size cap (this many bytes): it was discarded unread. */
  readonly discardedOver: number | undefined

  constructor(
    response: Pick<Response, 'status' | 'statusText' | 'headers'>,
    bodyText: string,
    discardedOver?: number,
  ) {
    this.status = response.status
    this.statusText = response.statusText
    this.headers = response.headers
    this.bodyText = bodyText
    this.discardedOver = discardedOver
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }
}

/** A URL built on `baseUrl`, moved to another host of the same API (the path and query kept). */
function onHost(url: string, baseUrl: string, host: string): string {
  return url.startsWith(baseUrl) ? host + url.slice(baseUrl.length) : url
}

const levels: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 }

/**
 * One `updateApiKey` call's transport: retries, per-attempt timeouts, an overall deadline, the caller's signal, a
 * response size cap, redacted hooks and logs. It knows nothing of openapi-fetch (see openapi-fetch-adapter.ts).
 *
 * Every request of a call is retried on connection errors, timeouts, 408, 429 and 5xx: the updates keyshift
 * sends are idempotent (the same body gives the same result), and so are its reads (`GET`) and PulseCRM's login
 * (`POST /auth/login` only issues a session; a second one replaces nothing). A write that is not idempotent is
 * retried only when it provably never arrived. Where the vendor names fallback hosts, a retry after a
 * connection error, a timeout or a 5xx goes to the next one.
 */
export class Transport {
  readonly #settings: TransportSettings
  readonly #signal: AbortSignal | undefined
  readonly #maxRetries: number
  readonly #timeoutMs: number
  readonly #deadlineAt: number | undefined
  readonly #pacer: Pacer | undefined
  /** Whether a write of this call went out and lost its response: the key may have been changed. */
  #writeInDoubt = false
  readonly redactor: Redactor

  constructor(settings: TransportSettings, options: UpdateOptions, redactor: Redactor) {
    this.#settings = settings
    this.#signal = options.signal
    this.#pacer = options.pacer
    this.#maxRetries = options.maxRetries ?? settings.maxRetries
    this.#timeoutMs = options.timeoutMs ?? settings.timeoutMs
    const deadlineMs = options.deadlineMs ?? settings.deadlineMs
    this.#deadlineAt = deadlineMs === undefined ? undefined : Date.now() + deadlineMs
    this.redactor = redactor
  }

  get provider() {
    return this.#settings.provider
  }

  get requestIdHeader() {
    return this.#settings.requestIdHeader
  }

  /** The last response this call read (for the result's `lastResponse`). */
  lastResponse: ReadResponse | undefined

  /** Whether a write of this call went out and its outcome is unknown (see `KeyshiftError#mayHaveBeenApplied`). */
  get writeInDoubt(): boolean {
    return this.#writeInDoubt
  }

  /** Sends one request, with retries, and resolves once a final response's body is read. */
  async send(request: OutgoingRequest, options: SendOptions = {}): Promise<ReadResponse> {
    this.#throwIfAborted()
    // Redirects are never followed: fetch keeps custom auth headers (x-APIKey, x-api-key) on a redirect to another
    // host. 'manual' hands the 3xx back unsent, and is not 'error', which loses timeouts (nodejs/undici#4627).
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
    }
    // Built only when someone listens: redacting headers on every call would cost every caller.
    const observed =
      this.#settings.hooks.onRequest ||
      this.#settings.hooks.onResponse ||
      this.#settings.hooks.onRetry ||
      this.#settings.logger
    const event = observed ? this.#requestEvent(request) : undefined

    const hosts = [this.#settings.baseUrl, ...this.#settings.fallbackBaseUrls]
    let host = 0
    for (let retry = 0; ; retry++) {
      await this.#waitForSlot()
      const url =
        host === 0 ? request.url : onHost(request.url, this.#settings.baseUrl, hosts[host] as string)
      const attemptEvent = event && {
        ...event,
        attempt: retry + 1,
        ...(host !== 0 && { url: this.redactor.text(url) }),
      }
      if (attemptEvent) {
        this.#settings.hooks.onRequest?.(attemptEvent)
        this.#log('debug', `${attemptEvent.method} ${attemptEvent.url}`, { attempt: attemptEvent.attempt })
      }
      const startedAt = Date.now()
      let outcome: ReadResponse | KeyshiftError
      try {
        outcome = await this.#attempt(url, init, options)
      } catch (error) {
        if (error instanceof KeyshiftError) outcome = error
        else throw error
      }
      if (!(outcome instanceof KeyshiftError) && outcome.status === 429)
        this.#pacer?.rateLimited(startedAt, retryAfterMs(outcome.headers, Date.now(), 429))
      if (attemptEvent && !(outcome instanceof KeyshiftError)) {
        this.#settings.hooks.onResponse?.({
          ...attemptEvent,
          status: outcome.status,
          responseHeaders: this.redactor.headers(outcome.headers),
          durationMs: Date.now() - startedAt,
        })
        this.#log('debug', `${attemptEvent.method} ${attemptEvent.url} → ${outcome.status}`, {
          attempt: attemptEvent.attempt,
        })
      }

      const delayMs = this.#retryDelay(outcome, retry, options.idempotent !== false)
      if (delayMs === undefined) {
        if (outcome instanceof KeyshiftError) throw outcome
        this.lastResponse = outcome
        return outcome
      }
      // The host failed (not a refusal such as a 429): the next attempt goes to the next one.
      if (outcome instanceof KeyshiftError || outcome.status >= 500) host = (host + 1) % hosts.length
      if (attemptEvent) {
        const reason =
          outcome instanceof TimeoutError
            ? 'timeout'
            : outcome instanceof KeyshiftError
              ? 'connection'
              : outcome.status
        this.#settings.hooks.onRetry?.({ ...attemptEvent, reason, delayMs })
        this.#log(
          'warn',
          `${attemptEvent.method} ${attemptEvent.url} failed (${reason}); retrying in ${Math.round(delayMs)} ms`,
          {
            attempt: attemptEvent.attempt,
          },
        )
      }
      try {
        await sleep(delayMs, this.#signal)
      } catch {
        throw this.#aborted()
      }
    }
  }

  /**
   * Waits `ms` between two requests of the call (polling a long-running operation): stopped by the caller's signal
   * (an AbortError) and by the call's deadline (a TimeoutError), like a request.
   */
  async pause(ms: number): Promise<void> {
    this.#throwIfAborted()
    const remainingMs =
      this.#deadlineAt === undefined ? Number.POSITIVE_INFINITY : this.#deadlineAt - Date.now()
    if (remainingMs <= ms)
      throw new TimeoutError(this.provider, `the call's deadline ran out`, {
        mayHaveBeenApplied: this.#writeInDoubt,
      })
    try {
      await sleep(ms, this.#signal)
    } catch {
      throw this.#aborted()
    }
  }

  /** Waits for the pacer's next slot, when the call has one (`updateApiKeys` shares one per provider). */
  async #waitForSlot() {
    if (!this.#pacer) return
    try {
      await this.#pacer.acquire(this.#signal)
    } catch (reason) {
      throw this.#aborted(
        reason === stoppedWhileWaiting ? 'the run was stopped before this request was sent' : undefined,
      )
    }
  }

  #aborted(message?: string) {
    return new AbortError(this.provider, { mayHaveBeenApplied: this.#writeInDoubt, message })
  }

  /** Milliseconds to wait before retrying, or undefined when this outcome is final. */
  #retryDelay(outcome: ReadResponse | KeyshiftError, retry: number, idempotent: boolean): number | undefined {
    if (retry >= this.#maxRetries) return undefined
    let delayMs = backoffMs(retry, Math.random, this.#settings.retryBaseDelayMs)
    if (outcome instanceof KeyshiftError) {
      if (!(outcome instanceof ConnectionError) || !outcome.isRetryable) return undefined
      // A request that must not be repeated blindly is retried only when it provably never arrived.
      if (!idempotent && outcome.mayHaveBeenApplied) return undefined
    } else {
      if (!isRetryableStatus(outcome.status)) return undefined
      if (!idempotent && outcome.status !== 429 && outcome.status !== 408) return undefined
      const askedMs = retryAfterMs(outcome.headers, Date.now(), outcome.status)
      if (askedMs !== undefined) {
        // Waiting minutes inside a call is worse than failing with the delay the provider named.
        if (askedMs > this.#settings.maxRetryAfterMs) return undefined
        delayMs = askedMs
      }
    }
    if (this.#deadlineAt !== undefined && Date.now() + delayMs >= this.#deadlineAt) return undefined
    return delayMs
  }

  async #attempt(url: string, init: RequestInit, options: SendOptions): Promise<ReadResponse> {
    // A hook may have aborted the call (e.g. a dry run stops at the first request): send nothing then.
    this.#throwIfAborted()
    const controller = new AbortController()
    const remainingMs =
      this.#deadlineAt === undefined ? Number.POSITIVE_INFINITY : this.#deadlineAt - Date.now()
    const timeoutMs = Math.max(0, Math.min(this.#timeoutMs, remainingMs))
    // Every await of the attempt races `stopped`, which rejects when the attempt's timer or the caller's signal
    // fires. Aborting fetch's signal is not enough: Node 20's undici can lose its abort listener to a garbage
    // collection once headers have arrived (nodejs/undici#4627), and the body read would then wait forever.
    let stop: (reason: unknown) => void = () => undefined
    const stopped = new Promise<never>((_, reject) => {
      stop = reject
    })
    stopped.catch(() => undefined)
    const end = (reason: unknown) => {
      controller.abort(reason)
      stop(reason)
    }
    const timer = setTimeout(() => end(timeout), timeoutMs)
    const signal = this.#signal
    const unsubscribe = signal ? onAbort(signal, () => end(signal.reason)) : undefined
    try {
      // Looked up now, not at construction: msw (or a test) may patch globalThis.fetch after the client exists.
      // Called as a plain function: a fetch stored on an object and called as its method breaks on Workers.
      const fetchImplementation = this.#settings.fetch ?? globalThis.fetch
      const response = await Promise.race([
        fetchImplementation(url, { ...init, signal: controller.signal }),
        stopped,
      ])
      if (isRedirect(response)) {
        response.body?.cancel().catch(() => undefined)
        throw this.#redirected(response)
      }
      if (response.status === 304) {
        response.body?.cancel().catch(() => undefined)
        throw new UnexpectedResponseError(
          this.provider,
          304,
          'the provider answered 304 Not Modified, which only answers a conditional request (keyshift sends none)',
        )
      }
      const limit = options.maxResponseBytes ?? this.#settings.maxResponseBytes
      const text = await this.#readBody(response, stopped, limit)
      return text === undefined ? new ReadResponse(response, '', limit) : new ReadResponse(response, text)
    } catch (error) {
      if (error instanceof KeyshiftError) throw error
      // The write went out and its answer is lost, unless the connection provably never opened.
      if (options.write && !neverSent(error)) this.#writeInDoubt = true
      if (this.#signal?.aborted) throw this.#aborted()
      const inDoubt = { mayHaveBeenApplied: this.#writeInDoubt }
      if (controller.signal.aborted && controller.signal.reason === timeout) {
        const deadline = timeoutMs < this.#timeoutMs
        throw new TimeoutError(
          this.provider,
          deadline ? `the call's deadline ran out` : `no complete response within ${this.#timeoutMs} ms`,
          inDoubt,
        )
      }
      // The cause's text can hold a URL (with a secret in the path): keep only a redacted copy.
      const detail = this.redactor.text(describeNetworkError(error))
      const certificate = certificateRefused(error)
      throw new ConnectionError(
        this.provider,
        `connection failed: ${detail}${certificate ? ': the TLS certificate was refused (not retried)' : (this.#settings.connectionHint ?? '')}`,
        { cause: redactedCause(error, detail), ...inDoubt, isRetryable: !certificate },
      )
    } finally {
      clearTimeout(timer)
      unsubscribe?.()
    }
  }

  /**
   * The body as text, read chunk by chunk so that the size cap counts *decoded* bytes: a gzip body whose
   * `content-length` is small can inflate a thousandfold, and `response.text()` would hold all of it. (Measured:
   * the chunk loop also costs less CPU than `text()` for a body of declared length, in Node 20.)
   */
  async #readBody(response: Response, stopped: Promise<never>, limit: number): Promise<string | undefined> {
    const body = response.body
    if (!body) return ''
    // Past the cap, a 2xx is an error (its body is the result); any other status decides by itself, unread.
    const tooLarge = () => {
      if (response.status >= 200 && response.status < 300) throw this.#tooLarge(response.status, limit)
      return undefined
    }
    const declared = response.headers.get('content-length')
    if (declared !== null && Number(declared) > limit) {
      body.cancel().catch(() => undefined)
      return tooLarge()
    }
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let received = 0
    try {
      for (;;) {
        const { done, value } = await Promise.race([reader.read(), stopped])
        if (done) break
        received += value.byteLength
        if (received > limit) {
          reader.cancel().catch(() => undefined)
          return tooLarge()
        }
        chunks.push(value)
      }
    } catch (error) {
      // Not awaited: a stalled stream may never finish cancelling.
      reader.cancel().catch(() => undefined)
      throw error
    }
    // One decode of the whole body (most bodies are one chunk): cheaper than a streaming decoder per response.
    return utf8.decode(chunks.length === 1 ? chunks[0] : concat(chunks, received))
  }

  /** A redirect is never followed: fetch would carry the custom auth headers to the new location. */
  #redirected(response: Response): UnexpectedResponseError {
    const location = response.headers.get('location')
    const where = location ? ` to ${this.redactor.text(location)}` : ''
    return new UnexpectedResponseError(
      this.provider,
      response.status,
      `the provider redirected${where}; keyshift never follows redirects (the credentials would go along): point baseUrl at the final address`,
    )
  }

  #tooLarge(status: number, limit: number) {
    return new UnexpectedResponseError(this.provider, status, `response body is larger than ${limit} bytes`)
  }

  #throwIfAborted() {
    if (this.#signal?.aborted) throw this.#aborted()
  }

  #requestEvent(request: OutgoingRequest): RequestEvent {
    return {
      provider: this.provider,
      attempt: 1,
      method: request.method,
      url: this.redactor.text(request.url),
      headers: this.redactor.headers(request.headers),
      body: typeof request.body === 'string' ? this.redactor.text(request.body) : undefined,
    }
  }

  /** A warning for the client's logger, e.g. a response that drifted from the spec. */
  warn(message: string, details: Record<string, unknown>) {
    this.#log('warn', message, details)
  }

  #log(level: Exclude<LogLevel, 'off'>, message: string, details: Record<string, unknown>) {
    const logger = this.#settings.logger
    if (!logger || levels[level] < levels[this.#settings.logLevel]) return
    logger[level](`[keyshift] ${this.provider}: ${message}`, details)
  }
}

/** The abort reason of an attempt whose timer fired (compared by identity with the attempt's signal reason). */
const timeout = Symbol('timeout')

const utf8 = new TextDecoder()

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * A 3xx but 304 (which answers conditional requests, not a move), or what a browser returns instead for
 * `redirect: 'manual'` (an opaque response with status 0).
 */
function isRedirect(response: Response): boolean {
  return (
    response.type === 'opaqueredirect' ||
    (response.status >= 300 && response.status < 400 && response.status !== 304)
  )
}

/** Error codes of a connection that never opened: nothing was sent. */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

function neverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code
  return typeof code === 'string' && neverSentCodes.has(code)
}

/**
 * Whether the connection failed on the server's certificate (expired, self-signed, another host's: Node's
 * `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`, …): retrying meets it again.
 */
function certificateRefused(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code
  return typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/.test(code)
}

/** A copy of a network error that keeps its name and code (`ECONNREFUSED`, …) and only the redacted text. */
function redactedCause(error: unknown, redactedText: string): Error {
  const cause = new Error(redactedText)
  if (error instanceof Error) cause.name = error.name
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code
  if (typeof code === 'string') Object.assign(cause, { code })
  return cause
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}
