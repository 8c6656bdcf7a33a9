/**
 * `keyshift/msw` — mock providers for msw 2, to test code that calls any provider keyshift ships.
 *
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { createMockProviders } from 'keyshift/msw'
 *
 * const mock = createMockProviders()
 * const server = setupServer(...mock.handlers)
 * mock.seed('partoo', [{ id: 3245, label: 'CI deploy' }])
 * mock.fail('theauthapi', { status: 503, times: 2 })
 * ```
 *
 * Each mock checks auth, validates request bodies as the provider's spec does, answers with the vendor's error
 * bodies, applies updates to an in-memory store and returns spec-shaped responses.
 */
import type { HttpHandler } from 'msw'
import { providerMocks } from '../generated/mocks'
import type { ProviderId } from '../providers/providers'
import {
  type FailOptions,
  type MockCall,
  MockContext,
  MockState,
  type ProviderMock,
  type RateLimitOptions,
} from './kit/mock'

// Each provider's public names (`PartooSeed`, `pulseCrmMockBaseUrl`, …) and `<name>Handlers(mock)`, from its folder.
export * from '../generated/msw-exports'
export type { FailOptions, MockCall, RateLimitOptions }

/** The seed type of each provider's store: `MockSeeds['partoo']` is `PartooSeed`. */
export type MockSeeds = {
  [P in ProviderId]: Parameters<(typeof providerMocks)[P]['fromSeed']>[0]
}

const mocks: Record<ProviderId, ProviderMock<unknown, unknown>> = providerMocks

/** Options of `createMockProviders`. */
export interface MockProvidersOptions {
  /**
   * Where each mock answers. Default: every environment the vendor documents (Partoo production and sandbox, every
   * site or region a vendor has, any customer's own hosts, …; PulseCRM, which has no public host:
   * `pulseCrmMockBaseUrl`).
   * One store serves all of a provider's environments.
   */
  baseUrls?: Partial<Record<ProviderId, string>>
  /** Only these providers (default: all). */
  providers?: readonly ProviderId[]
  /**
   * The one credential each mock accepts (its API key, token, login password or secret); any other gets the
   * vendor's refusal (401, or what the vendor answers). Default: any non-empty credential.
   */
  credentials?: Partial<Record<ProviderId, string>>
}

/** Mock providers for msw: their handlers, stores and controls. */
export interface MockProviders {
  /** msw request handlers for every mocked provider: `setupServer(...mock.handlers)` or `setupWorker(...)`. */
  readonly handlers: HttpHandler[]
  /** One provider's handlers. */
  handlersFor(provider: ProviderId): HttpHandler[]
  /** The base URL a provider's mock answers on first (pass it as `baseUrl` when it is not the vendor's). */
  baseUrl(provider: ProviderId): string
  /** Adds keys to a provider's store; fields left out get sensible defaults. */
  seed<P extends ProviderId>(provider: P, keys: readonly MockSeeds[P][]): void
  /** The provider's stored keys as the mock now holds them (wire shape). */
  keys(provider: ProviderId): unknown[]
  /** The next `times` requests to `provider` fail with `status` and the vendor's error body. */
  fail(provider: ProviderId, options: FailOptions): void
  /** The next `times` requests to `provider` get a 429 with the vendor's retry-after header. */
  rateLimit(provider: ProviderId, options: RateLimitOptions): void
  /** Delay every response by `ms`. */
  latency(ms: number): void
  /** Every request received, secrets redacted, in order. */
  readonly calls: readonly MockCall[]
  /** Forgets keys, calls, scripted failures and latency. */
  reset(): void
}

/**
 * Mock providers for msw 2, backed by in-memory stores you seed. Pass `handlers` to `setupServer` (Node) or
 * `setupWorker` (browser).
 */
export function createMockProviders(options: MockProvidersOptions = {}): MockProviders {
  const state = new MockState()
  const included = options.providers ?? (Object.keys(mocks) as ProviderId[])
  const baseUrl = (provider: ProviderId) =>
    (options.baseUrls?.[provider] ?? mocks[provider].defaultBaseUrl).replace(/\/+$/, '')
  for (const [provider, credential] of Object.entries(options.credentials ?? {})) {
    if (credential !== undefined) state.credentials.set(provider, credential)
  }
  const baseUrlsOf = (provider: ProviderId) => {
    const configured = options.baseUrls?.[provider]
    const mock = mocks[provider]
    return configured !== undefined ? [configured] : [mock.defaultBaseUrl, ...(mock.otherBaseUrls ?? [])]
  }
  const byProvider = new Map<ProviderId, HttpHandler[]>(
    included.map((provider) => [
      provider,
      baseUrlsOf(provider).flatMap((url) =>
        mocks[provider].handlers(
          new MockContext(mocks[provider] as ProviderMock<unknown, never>, state, url.replace(/\/+$/, '')),
        ),
      ),
    ]),
  )

  return {
    handlers: [...byProvider.values()].flat(),
    handlersFor: (provider) => byProvider.get(provider) ?? [],
    baseUrl,
    seed(provider, keys) {
      const mock = mocks[provider]
      const store = state.store<unknown>(provider)
      for (const seed of keys) {
        const stored = mock.fromSeed(seed)
        store.set(mock.keyOf(stored), stored)
        if (mock.keyIsSecret) state.redactor.add(mock.keyOf(stored))
      }
    },
    keys: (provider) => [...state.store<unknown>(provider).values()].map((key) => structuredClone(key)),
    fail(provider, { status, times = 1, body }) {
      state.script(provider, { status, remaining: times, ...(body !== undefined && { body }) })
    },
    rateLimit(provider, { retryAfterSeconds, times = 1 }) {
      state.script(provider, {
        status: 429,
        remaining: times,
        headers: mocks[provider].rateLimitHeaders(retryAfterSeconds),
      })
    },
    latency(ms) {
      state.latencyMs = ms
    },
    get calls() {
      return state.calls
    },
    reset() {
      state.reset()
    },
  }
}
