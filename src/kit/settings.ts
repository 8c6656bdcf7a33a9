import { ValidationError } from './errors'
import type { ClientOptions, Logger, LogLevel } from './options'
import { isHeaderSafe } from './predicates'
import { minSecretLength } from './redactor'

/** The transport settings every provider client resolves from its options once, at construction. */
export interface TransportSettings {
  readonly provider: string
  readonly baseUrl: string
  /** Other hosts of the same API, tried in turn when a host fails (a vendor's retry strategy); usually none. */
  readonly fallbackBaseUrls: readonly string[]
  readonly fetch: ClientOptions['fetch']
  readonly headers: Readonly<Record<string, string>>
  readonly maxRetries: number
  readonly timeoutMs: number
  readonly deadlineMs: number | undefined
  readonly maxRetryAfterMs: number
  readonly retryBaseDelayMs: number
  readonly maxResponseBytes: number
  readonly logger: Logger | undefined
  readonly logLevel: LogLevel
  readonly hooks: {
    readonly onRequest: ClientOptions['onRequest'] | undefined
    readonly onResponse: ClientOptions['onResponse'] | undefined
    readonly onRetry: ClientOptions['onRetry'] | undefined
  }
  /** The header the vendor names its request id in, besides `x-request-id` and `request-id`. */
  readonly requestIdHeader?: string | undefined
  /** Appended to a connection error's message: why a request may fail without a response here (CORS). */
  readonly connectionHint?: string | undefined
}

export const defaults = {
  maxRetries: 2,
  timeoutMs: 30_000,
  maxRetryAfterMs: 60_000,
  retryBaseDelayMs: 500,
  maxResponseBytes: 1024 * 1024,
} as const

export function resolveSettings(
  provider: string,
  options: ClientOptions & { environment?: string | undefined },
  environments: Readonly<Record<string, string>> | undefined,
  defaultEnvironment: string | undefined,
  derivedBaseUrls: readonly string[] = [],
): TransportSettings {
  // Hosts derived from the options (named after the customer's account) serve when neither baseUrl nor environment is given.
  const derived = options.baseUrl === undefined && options.environment === undefined ? derivedBaseUrls : []
  const baseUrl = derived[0] ?? resolveBaseUrl(provider, options, environments, defaultEnvironment)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    assertHeader(provider, ['headers'], name, value)
    headers[name] = value
  }
  assertCountsAndDurations(
    provider,
    [],
    { maxRetries: options.maxRetries },
    {
      timeoutMs: options.timeoutMs,
      deadlineMs: options.deadlineMs,
      maxRetryAfterMs: options.maxRetryAfterMs,
      retryBaseDelayMs: options.retryBaseDelayMs,
    },
  )
  return {
    provider,
    baseUrl,
    fallbackBaseUrls: derived.slice(1),
    fetch: options.fetch,
    headers,
    maxRetries: options.maxRetries ?? defaults.maxRetries,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    deadlineMs: options.deadlineMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
    retryBaseDelayMs: options.retryBaseDelayMs ?? defaults.retryBaseDelayMs,
    maxResponseBytes: defaults.maxResponseBytes,
    logger: options.logger,
    logLevel: options.logLevel ?? 'warn',
    hooks: { onRequest: options.onRequest, onResponse: options.onResponse, onRetry: options.onRetry },
  }
}

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

function resolveBaseUrl(
  provider: string,
  options: ClientOptions & { environment?: string | undefined },
  environments: Readonly<Record<string, string>> | undefined,
  defaultEnvironment: string | undefined,
): string {
  if (options.baseUrl !== undefined && options.environment !== undefined) {
    throw new ValidationError(provider, [
      { path: ['baseUrl'], message: 'pass either baseUrl or environment' },
    ])
  }
  if (options.baseUrl === undefined) {
    const environment = options.environment ?? defaultEnvironment
    // Own keys only: `environment: 'toString'` must not find Object.prototype.toString.
    const url =
      environment !== undefined && environments && Object.hasOwn(environments, environment)
        ? environments[environment]
        : undefined
    if (url) return url
    const known = Object.keys(environments ?? {})
    throw new ValidationError(provider, [
      known.length === 0
        ? { path: ['baseUrl'], message: `${provider} publishes no public base URL: pass baseUrl` }
        : { path: ['environment'], message: `must be one of ${known.join(', ')}` },
    ])
  }
  let url: URL
  try {
    url = new URL(options.baseUrl)
  } catch {
    throw new ValidationError(provider, [{ path: ['baseUrl'], message: 'is not an absolute URL' }])
  }
  // `url.search` and `url.hash` are empty for a bare `?` or `#`, which would still swallow the request's path.
  if (url.username || url.password || /[?#]/.test(options.baseUrl)) {
    throw new ValidationError(provider, [
      { path: ['baseUrl'], message: 'must not contain credentials, a query or a fragment' },
    ])
  }
  const insecureAllowed = loopbackHosts.test(url.hostname) || options.allowInsecureHttp === true
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && insecureAllowed)) {
    throw new ValidationError(provider, [
      {
        path: ['baseUrl'],
        message: 'must use https: (http: is allowed for loopback hosts, or with allowInsecureHttp: true)',
      },
    ])
  }
  return url.href.replace(/\/+$/, '')
}

/** The longest delay `setTimeout` can wait (2³¹ − 1 ms, about 24.8 days); a longer one fires at once. */
export const maxTimerMs = 2_147_483_647

/**
 * Counts and durations (ms) in options: whole numbers, zero or more; durations no longer than a timer can wait
 * (a `timeoutMs` of 2³¹ would otherwise overflow and end every attempt after 1 ms).
 */
export function assertCountsAndDurations(
  provider: string,
  path: readonly string[],
  counts: Record<string, number | undefined>,
  durations: Record<string, number | undefined>,
): void {
  const check = (name: string, value: number | undefined, max: number) => {
    if (value === undefined) return
    const message = !(Number.isInteger(value) && value >= 0)
      ? 'must be a non-negative integer'
      : value > max
        ? `must be at most ${max} ms (about 24.8 days)`
        : undefined
    if (message) throw new ValidationError(provider, [{ path: [...path, name], message }])
  }
  for (const [name, value] of Object.entries(counts)) check(name, value, Number.MAX_SAFE_INTEGER)
  for (const [name, value] of Object.entries(durations)) check(name, value, maxTimerMs)
}

/** An AbortSignal from any realm (an iframe's, a polyfill's): checked by shape, so `{}` is refused before it throws. */
export function assertSignal(
  provider: string | undefined,
  path: readonly (string | number)[],
  value: unknown,
): void {
  if (value === undefined) return
  const signal = value as Partial<AbortSignal> | null
  if (
    typeof signal !== 'object' ||
    signal === null ||
    typeof signal.aborted !== 'boolean' ||
    typeof signal.addEventListener !== 'function'
  ) {
    throw new ValidationError(provider, [
      { path, message: 'must be an AbortSignal (e.g. AbortSignal.timeout(10_000) or a controller.signal)' },
    ])
  }
}

// RFC 9110 §5.1: a header name is a token. Anything else makes `new Headers()` throw a raw TypeError later.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** A caller's extra header: a token for the name, printable ASCII for the value. */
export function assertHeader(provider: string, path: readonly string[], name: string, value: unknown): void {
  if (!headerName.test(name)) {
    throw new ValidationError(provider, [
      {
        path: [...path, name],
        message: "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)",
      },
    ])
  }
  assertHeaderSafe(provider, [...path, name], value)
}

export function assertHeaderSafe(provider: string, path: readonly (string | number)[], value: unknown): void {
  // A CR or LF would let a value inject another header.
  if (typeof value !== 'string' || !isHeaderSafe(value)) {
    // The value itself is never echoed: it may be a credential.
    throw new ValidationError(provider, [
      { path, message: 'must be a string of printable ASCII characters (no CR, LF or control characters)' },
    ])
  }
}

/**
 * A credential from its option, or else from its environment variable, read at call time (never at import) so
 * that a test or a script can set it after creating the client.
 */
export function loadCredential(
  provider: string,
  option: string,
  value: string | undefined,
  environmentVariable: string,
): string {
  const loaded = value ?? readEnvironment(environmentVariable)
  if (loaded === undefined || loaded === '') {
    throw new ValidationError(provider, [
      {
        path: [option],
        message: `missing: pass ${option} or set the ${environmentVariable} environment variable`,
        code: 'missing-credential',
      },
    ])
  }
  assertHeaderSafe(provider, [option], loaded)
  assertRedactable(provider, [option], loaded)
  return loaded
}

/** Refuses a secret too short to be redacted (a credential of one to three characters is a mistake anyway). */
export function assertRedactable(provider: string, path: readonly (string | number)[], value: string): void {
  if (value.length < minSecretLength) {
    throw new ValidationError(provider, [
      {
        path,
        message: `is ${value.length} character(s) long: a secret must have at least ${minSecretLength}`,
      },
    ])
  }
}

export function readEnvironment(name: string): string | undefined {
  // `process` exists in Node, Bun and Deno; browsers and Workers have none; Deno throws without --allow-env.
  try {
    const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env
    return environment?.[name]
  } catch {
    return undefined
  }
}
