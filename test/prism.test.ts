/**
 * Contract run against a real server of each provider's own OpenAPI document (vendor text + overlay): a Prism mock
 * server (`--errors`) per provider, and every request keyshift sends for the provider's sample inputs (its testkit's
 * `validInputs`, and the definition's `example`) forwarded to it. Prism answers a request its document does not
 * allow with a 4xx problem: that is a failure here, with Prism's reasons. The client itself is answered by the
 * testkit (`respond`), so that multi-step updates (a login, a read before the write) run to their end.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definitionOf, providerIds } from '../providers/providers'
import type { AnyProvider } from '../src'
import type { ObservedRequest } from './helpers/observed-fetch'
import { observedFetch } from './helpers/observed-fetch'
import { type PrismServer, startPrism } from './helpers/prism'
import { testkitOf } from './helpers/testkit'

interface Verdict {
  request: string
  status: number
  problem: string
}

/** Sends `request` (addressed to the provider's base URL) to Prism; its status and, for a refusal, its reasons. */
async function askPrism(prism: PrismServer, baseUrl: string, request: ObservedRequest): Promise<Verdict> {
  expect(request.url.startsWith(baseUrl), `${request.url} is not under ${baseUrl}`).toBe(true)
  const headers = new Headers(request.headers)
  headers.delete('content-length')
  const answer = await fetch(prism.url + request.url.slice(baseUrl.length), {
    method: request.method,
    headers,
    body: request.body,
  })
  const text = await answer.text()
  return {
    request: `${request.method} ${request.url.slice(baseUrl.length)}`,
    status: answer.status,
    problem: answer.status >= 400 ? text : '',
  }
}

/**
 * Whether Prism refused the request. With `--errors` it also reports its own generated answer breaking the
 * document (a 500 whose violations are all in `response`, e.g. a vendor example that misses its own pattern):
 * that says nothing about keyshift's request.
 */
function refused(verdict: Verdict): boolean {
  if (verdict.status < 400) return false
  if (verdict.status !== 500) return true
  const { validation = [] } = JSON.parse(verdict.problem) as { validation?: { location: string[] }[] }
  return validation.length === 0 || validation.some((violation) => violation.location[0] !== 'response')
}

describe.each(providerIds)('%s against a Prism server of its OpenAPI document', (id) => {
  let prism: PrismServer
  beforeAll(async () => {
    prism = await startPrism(id)
  }, 90_000)
  afterAll(() => prism?.close())

  const testkit = testkitOf(id)
  const definition = definitionOf(id)
  const inputs = [
    definition.example as Record<string, unknown>,
    ...fc.sample(testkit.validInputs, { numRuns: 12, seed: 20 }),
  ]

  it('accepts every request keyshift sends (the example update and 12 random valid inputs)', async () => {
    const verdicts: Verdict[] = []
    for (const input of inputs) {
      const observed = observedFetch(async (request) => {
        verdicts.push(await askPrism(prism, testkit.baseUrl, request))
        return testkit.respond(request, input)
      })
      const options = { ...testkit.clientOptions, fetch: observed.fetch, maxRetries: 0 }
      const client = definition.create(options as never) as AnyProvider
      await client.updateApiKey(input as never)
      expect(observed.requests.length).toBeGreaterThan(0)
    }
    expect(verdicts.length).toBeGreaterThanOrEqual(inputs.length)
    expect(verdicts.filter(refused)).toEqual([])
  }, 60_000)

  it('refuses a request its document does not allow (the run above can fail)', async () => {
    const [write] = await new Promise<ObservedRequest[]>((resolve, reject) => {
      const input = inputs[0]!
      const observed = observedFetch((request) => testkit.respond(request, input))
      const options = { ...testkit.clientOptions, fetch: observed.fetch, maxRetries: 0 }
      ;(definition.create(options as never) as AnyProvider)
        .updateApiKey(input as never)
        .then(() => resolve(observed.requests.filter((request) => request.method !== 'GET').slice(-1)))
        .catch(reject)
    })
    // The same update without its credentials: every provider's document requires them.
    const unauthenticated = { ...write!, headers: new Headers({ 'content-type': 'application/json' }) }
    const verdict = await askPrism(prism, testkit.baseUrl, unauthenticated)
    expect(refused(verdict)).toBe(true)
  }, 30_000)
})
