/**
 * keyshift/msw conformance, for every provider in the registry (each brings its bodies and requests in its testkit):
 * every mock answer validates against its provider's spec, and every mock's update endpoint accepts exactly the
 * bodies the spec accepts (fast-check generates valid and invalid ones alike).
 */
import fc from 'fast-check'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { providerIds } from '../providers/providers'
import { createMockProviders } from '../src/msw'
import { documents, requestViolations, responseViolations } from './helpers/contract'
import { type Probe, testkitOf } from './helpers/testkit'

const mock = createMockProviders()
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mock.reset())
afterAll(() => server.close())

type Id = (typeof providerIds)[number]

/** Sends a request to the mock, checks the answer against the spec, and returns status and body. */
async function probe(id: Id, { method, url, headers, body }: Probe) {
  const response = await fetch(url, { method, headers, ...(body !== undefined && { body }) })
  const json: unknown = await response.json()
  expect(responseViolations(id, method, pathOf(id, url), response.status, json)).toEqual([])
  return { status: response.status, body: json }
}

/** The path of a URL below the mock's base URL (`/api_keys/3245`). */
function pathOf(id: Id, url: string): string {
  return new URL(url).pathname.replace(new URL(mock.baseUrl(id)).pathname.replace(/\/$/, ''), '')
}

/** Without any header but the content type: no credential, whatever the vendor's scheme. */
function anonymous(request: Probe): Probe {
  const contentType = request.headers['content-type']
  return { ...request, headers: contentType ? { 'content-type': contentType } : {} }
}

describe.each(providerIds)('%s mock', (id) => {
  it('accepts exactly the update bodies its spec accepts, and every answer matches the spec', async () => {
    const { conformance } = testkitOf(id)
    const refusals = conformance.refusalStatuses ?? [400, 422]
    let accepted = 0
    let rejected = 0
    await fc.assert(
      fc.asyncProperty(conformance.bodies, async (body) => {
        mock.reset()
        conformance.seed(mock)
        const request = conformance.request(mock.baseUrl(id), body)
        const specAccepts =
          requestViolations(
            id,
            { ...request, headers: new Headers(request.headers), body: request.body ?? null },
            mock.baseUrl(id),
          ).length === 0
        const response = await probe(id, request)
        // A body refusal, not a 404 for an unknown id.
        const mockAccepts = !refusals.includes(response.status)
        if (specAccepts && !mockAccepts && conformance.businessRule?.(response.body)) return
        expect({ body, mockAccepts, response: response.body }).toEqual({
          body,
          mockAccepts: specAccepts,
          response: response.body,
        })
        if (mockAccepts) accepted++
        else rejected++
      }),
      { numRuns: 300 },
    )
    // Both outcomes were exercised: the property is not vacuous.
    expect(accepted).toBeGreaterThan(20)
    expect(rejected).toBeGreaterThan(20)
  })

  it('answers missing credentials and unknown keys with spec-valid errors', async () => {
    const { conformance } = testkitOf(id)
    conformance.seed(mock)
    const request = conformance.request(mock.baseUrl(id), conformance.validBody)
    expect((await probe(id, anonymous(request))).status).toBe(conformance.unauthenticatedStatus ?? 401)
    mock.reset()
    expect((await probe(id, request)).status).toBe(404)
  })

  it('its reads (and logins) answer as the spec says', async () => {
    const { conformance } = testkitOf(id)
    conformance.seed(mock)
    for (const read of (await conformance.reads?.(mock.baseUrl(id))) ?? [])
      expect((await probe(id, read)).status).toBe(200)
  })

  it('scripted failures, and rate limits where the spec documents 429, are spec-valid too', async () => {
    const { conformance } = testkitOf(id)
    conformance.seed(mock)
    const request = conformance.request(mock.baseUrl(id), conformance.validBody)
    mock.fail(id, { status: conformance.scriptedStatus ?? 500 })
    expect((await probe(id, request)).status).toBeGreaterThanOrEqual(400)
    if (documents(id, request.method, pathOf(id, request.url), 429)) {
      mock.rateLimit(id, { retryAfterSeconds: 1 })
      expect((await probe(id, request)).status).toBe(429)
    }
  })
})
