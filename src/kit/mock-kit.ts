/**
 * The machinery the provider mocks share: the in-memory stores, the test controls (failures, rate limits,
 * latency), the record of calls (redacted), and one wrapper that turns a mock's resolver into an msw handler.
 * Each provider's behaviour lives in providers/<id>/mock.ts.
 */
import { delay, type HttpHandler, HttpResponse, http } from 'msw'
import { parseJson } from './json'
import { Redactor, sensitiveHeaderNames } from './redactor'

/** What a mock resolver answers. */
export interface MockReply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** One request a mock received, with secrets replaced by `[REDACTED]`. */
export interface MockCall {
  readonly provider: string
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly status: number
}

/** What `mock.fail()` scripts. */
export interface FailOptions {
  status: number
  /** How many requests fail before the mock behaves again. Default 1. */
  times?: number
  /** A body to answer with instead of the vendor's error body for `status`. */
  body?: unknown
}

/** What `mock.rateLimit()` scripts. */
export interface RateLimitOptions {
  /** The delay the 429 names, in the vendor's retry-after header. */
  retryAfterSeconds: number
  /** How many requests get a 429. Default 1. */
  times?: number
}

/** How one provider's mock plugs into the kit. */
export interface ProviderMock<Stored, Seed> {
  readonly id: string
  readonly defaultBaseUrl: string
  /** The vendor's other documented environments (Partoo sandbox, Plumaa staging): answered by default too. */
  readonly otherBaseUrls?: readonly string[]
  /** A stored key from a caller's partial seed, with sensible defaults for the rest. */
  fromSeed(seed: Seed): Stored
  /** The seed of a key known only by its id (`--mock-seed` with a plan seeds every key the plan names). */
  seedFor(keyId: string | number): Seed
  /**
   * Client options that talk to this mock: credentials it accepts (and its base URL when the vendor has no public
   * host). The CLI's `--mock`, `npm run demo` and the runtime tests create their clients with them.
   */
  readonly clientOptions: Readonly<Record<string, unknown>>
  keyOf(stored: Stored): string
  /** True when the vendor refuses browser origins (CORS): a request with an `Origin` header fails as in a browser. */
  readonly refusesBrowsers?: boolean
  /** Headers that carry the credential, besides the usual ones (`authorization`, `x-api-key`, …): redacted. */
  readonly credentialHeaders?: readonly string[]
  /** True when a stored key's id is its secret value (The Auth API): redacted from `calls`. */
  readonly keyIsSecret?: boolean
  /** The vendor's error body for a status and message (used by `fail()` and `rateLimit()` too). */
  errorBody(status: number, message: string): unknown
  rateLimitHeaders(retryAfterSeconds: number): Record<string, string>
  /**
   * Values in a request that must not appear in `calls` besides auth headers: a key in the path, a password or a
   * new key value in the JSON body (`body` is undefined when the request has none or it is not JSON).
   */
  secretsOf?(request: Request, body: unknown): string[]
  handlers(context: MockContext<Stored>): HttpHandler[]
}

interface Scripted {
  status: number
  remaining: number
  body?: unknown
  headers?: Record<string, string>
}

/** Shared state of one `createMockProviders()`; each provider reads and writes its own store. */
export class MockState {
  latencyMs = 0
  readonly calls: MockCall[] = []
  readonly stores = new Map<string, Map<string, unknown>>()
  readonly scripts = new Map<string, Scripted[]>()
  /** The one credential each provider's mock accepts, when set (`createMockProviders({ credentials })`). */
  readonly credentials = new Map<string, string>()
  /** Secrets seen so far (credentials and stored key values), redacted from every recorded call. */
  readonly redactor = new Redactor()

  store<Stored>(provider: string): Map<string, Stored> {
    let store = this.stores.get(provider)
    if (!store) {
      store = new Map()
      this.stores.set(provider, store)
    }
    return store as Map<string, Stored>
  }

  script(provider: string, scripted: Scripted) {
    const list = this.scripts.get(provider) ?? []
    list.push(scripted)
    this.scripts.set(provider, list)
  }

  takeScripted(provider: string): Scripted | undefined {
    const list = this.scripts.get(provider)
    const next = list?.[0]
    if (!list || !next) return undefined
    next.remaining -= 1
    if (next.remaining <= 0) list.shift()
    return next
  }

  reset() {
    this.latencyMs = 0
    this.calls.length = 0
    this.stores.clear()
    this.scripts.clear()
  }
}

export class MockContext<Stored> {
  constructor(
    readonly mock: ProviderMock<Stored, never>,
    readonly state: MockState,
    readonly baseUrl: string,
  ) {}

  get store(): Map<string, Stored> {
    return this.state.store<Stored>(this.mock.id)
  }

  /**
   * Whether the mock accepts a request's credential: any non-empty one by default, or only the credential given to
   * `createMockProviders({ credentials })` for this provider (then any other answers the vendor's 401).
   */
  acceptsCredential(value: string | null | undefined): boolean {
    const expected = this.state.credentials.get(this.mock.id)
    return expected === undefined ? Boolean(value) : value === expected
  }

  error(status: number, message: string): MockReply {
    return { status, body: this.mock.errorBody(status, message) }
  }

  /** An msw handler for `method path` (path relative to the base URL, msw syntax: `/api_keys/:key_id`). */
  route(
    method: 'get' | 'post' | 'put' | 'patch',
    path: string,
    resolve: (request: Request, params: Record<string, string>) => MockReply | Promise<MockReply>,
  ): HttpHandler {
    return http[method](`${this.baseUrl}${path}`, async ({ request, params }) => {
      // A vendor that refuses CORS answers none of the headers a browser needs: the page sees a network error
      // ("Failed to fetch"), as in production. A cross-origin request shows as an `Origin` header (a server in front
      // of the mocks) or, in a service worker's page, as a URL of another origin than the page's.
      if (this.mock.refusesBrowsers && fromBrowserPage(request)) return HttpResponse.error()
      const bodyText = await request.clone().text()
      const parsed = bodyText === '' ? undefined : parseJson(bodyText)
      const body = parsed?.ok ? parsed.value : undefined
      // Credentials in the same headers keyshift's own redactor treats as secret.
      for (const name of [...sensitiveHeaderNames, ...(this.mock.credentialHeaders ?? [])])
        this.state.redactor.add(request.headers.get(name)?.replace(/^Bearer /, '') ?? undefined)
      this.state.redactor.add(...(this.mock.secretsOf?.(request, body) ?? []))
      if (this.state.latencyMs > 0) await delay(this.state.latencyMs)

      const scripted = this.state.takeScripted(this.mock.id)
      const reply: MockReply = scripted
        ? {
            status: scripted.status,
            body: scripted.body ?? this.mock.errorBody(scripted.status, scriptedMessage(scripted.status)),
            ...(scripted.headers && { headers: scripted.headers }),
          }
        : await resolve(request, stringParams(params))
      this.state.calls.push({
        provider: this.mock.id,
        method: request.method,
        url: this.state.redactor.text(request.url),
        headers: this.state.redactor.headers(request.headers),
        // The body as JSON, or its text when it is not JSON.
        body: this.state.redactor.value(parsed?.ok ? body : bodyText || undefined),
        status: reply.status,
      })
      return HttpResponse.json(reply.body as never, { status: reply.status, headers: reply.headers ?? {} })
    })
  }
}

function fromBrowserPage(request: Request): boolean {
  if (request.headers.has('origin')) return true
  const page = (globalThis as { location?: { origin?: string }; document?: unknown }).location
  return (
    (globalThis as { document?: unknown }).document !== undefined &&
    page?.origin !== undefined &&
    new URL(request.url).origin !== page.origin
  )
}

function scriptedMessage(status: number): string {
  if (status === 429) return 'Too many requests'
  if (status >= 500) return 'Internal server error'
  return `Mock failure ${status}`
}

// msw has already decoded path parameters (decodeURIComponent); decoding again would turn a key's literal
// `%41` into `A`.
function stringParams(
  params: Record<string, string | readonly string[] | undefined>,
): Record<string, string> {
  const strings: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') strings[name] = value
  return strings
}

/** The request's JSON body, or a marker that it is not JSON (the same parser as keyshift's own responses). */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await request.text()
  if (text === '') return { ok: true, value: undefined }
  const parsed = parseJson(text)
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false }
}

/** `Bearer <token>` → the token, or undefined. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')
  return match?.[1]
}

export function nowIso(): string {
  return new Date().toISOString()
}
