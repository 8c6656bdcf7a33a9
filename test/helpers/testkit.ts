/// <reference types="vite/client" />
/**
 * What each provider contributes to the cross-provider tests, kept in its own folder (`providers/<id>/<id>-testkit.ts`,
 * exporting `testkit`). The central tests (properties, mock conformance, secret leaks, contracts) loop over the
 * registry and take each provider's part from here: a provider without a testkit fails them, it is never skipped.
 */
import type fc from 'fast-check'
import type { AnyProvider, ClientOptions } from '../../src'
import type { MockProviders } from '../../src/msw'
import type { Secrets } from './leaks'
import type { ObservedRequest } from './observed-fetch'

export interface LeakCase {
  /** `partoo`, or `theauthapi (rotation)` when a provider has several. */
  readonly name: string
  /** The secrets the case holds (credentials, key values): none may appear in any output. */
  readonly secrets: Secrets
  /** A client holding the credential secrets. */
  make(options: ClientOptions): AnyProvider
  readonly input: Record<string, unknown>
  /** The provider's success answer to the update. */
  success(): Response
  /** The answers to the requests that are not the update (a login, a read before the write), else undefined. */
  reads?(request: ObservedRequest): Response | undefined
  /** Outcomes after which the call succeeds (a rotation whose lost answer is read back). */
  readonly recovers?: readonly string[]
}

/** A request sent to a mock by hand: the conformance test compares the mock's answers with the spec. */
export interface Probe {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

export interface MockConformance {
  /** Seeds the keys the probes address. */
  seed(mock: MockProviders): void
  /** Update bodies, valid and invalid alike (the spec decides which are which). */
  readonly bodies: fc.Arbitrary<unknown>
  /** The update request carrying `body`, authenticated, to the key `seed` holds. */
  request(baseUrl: string, body: unknown): Probe
  /** A body the spec accepts (for the 401 and 404 probes). */
  readonly validBody: unknown
  /** The other requests an update may send (a read, a login), to be answered as the spec says. */
  reads?(baseUrl: string): Promise<Probe[]> | Probe[]
  /** Refusals beyond the schema that the vendor documents (Partoo: an expiry not after today). */
  businessRule?(responseBody: unknown): boolean
  /** The statuses that mean "the body was refused" (400, and SOFA's 500 for Plumaa). Default 400 and 422. */
  readonly refusalStatuses?: readonly number[]
  /** A status `mock.fail()` scripts in the probe. Default 500. */
  readonly scriptedStatus?: number
  /** What the vendor answers a request without credentials. Default 401 (some vendors: 403). */
  readonly unauthenticatedStatus?: number
}

export interface ProviderTestkit {
  /** Options for a test client: credentials (at least 4 characters), and a base URL if the vendor has none. */
  readonly clientOptions: Record<string, unknown>
  /** The options among `clientOptions` that are not credentials (a base URL, an application id). */
  readonly settings?: Record<string, unknown>
  /** Where that client's requests go. */
  readonly baseUrl: string
  /** Answers any request the update of `input` sends (a login, a read, the write) with a spec-valid body. */
  respond(request: ObservedRequest, input: Record<string, unknown>): Response | Promise<Response>
  /** Inputs the provider must accept and turn into spec-valid requests (keyId included). */
  readonly validInputs: fc.Arbitrary<Record<string, unknown>>
  /** One field made invalid: always a ValidationError, nothing sent. */
  readonly invalidField: fc.Arbitrary<[string, unknown]>
  readonly leakCases: readonly LeakCase[]
  readonly conformance: MockConformance
}

const modules = import.meta.glob<{ testkit: ProviderTestkit }>('../../providers/*/*-testkit.ts', {
  eager: true,
})

/** The testkit of a provider; a provider without one fails the test that asks. */
export function testkitOf(id: string): ProviderTestkit {
  const module = modules[`../../providers/${id}/${id}-testkit.ts`]
  if (!module)
    throw new Error(`providers/${id}/${id}-testkit.ts is missing: every provider contributes its test data`)
  return module.testkit
}
