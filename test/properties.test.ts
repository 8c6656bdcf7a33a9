/**
 * Property-based tests over random normalized inputs, for every provider in the registry (each brings its inputs
 * in its testkit): a valid input always becomes requests that conform to the provider's spec; an input with one
 * invalid field always becomes a ValidationError with zero fetch calls.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { definitionOf, providerIds } from '../providers/providers'
import { type AnyProvider, ValidationError } from '../src'
import { requestViolations } from './helpers/contract'
import { observedFetch } from './helpers/observed-fetch'
import { testkitOf } from './helpers/testkit'

function clientFor(id: (typeof providerIds)[number], input: Record<string, unknown>) {
  const testkit = testkitOf(id)
  const observed = observedFetch((request) => testkit.respond(request, input))
  const options = { ...testkit.clientOptions, fetch: observed.fetch, maxRetries: 0 }
  return { client: definitionOf(id).create(options as never) as AnyProvider, requests: observed.requests }
}

describe.each(providerIds)('%s properties', (id) => {
  it('every valid input becomes requests that conform to the spec', async () => {
    const testkit = testkitOf(id)
    await fc.assert(
      fc.asyncProperty(testkit.validInputs, async (input) => {
        const { client, requests } = clientFor(id, input)
        await client.updateApiKey(input as never)
        expect(requests.length).toBeGreaterThan(0)
        for (const request of requests) expect(requestViolations(id, request, testkit.baseUrl)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('an input with one invalid field is a ValidationError and sends nothing', async () => {
    const testkit = testkitOf(id)
    await fc.assert(
      fc.asyncProperty(testkit.validInputs, testkit.invalidField, async (input, [field, value]) => {
        const { client, requests } = clientFor(id, input)
        const error = await client
          .updateApiKey({ ...input, [field]: value } as never)
          .catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(ValidationError)
        expect((error as ValidationError).issues.length).toBeGreaterThan(0)
        expect(requests).toHaveLength(0)
      }),
      { numRuns: 150 },
    )
  })
})
