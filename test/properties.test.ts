/**
 * Property-based tests over random normalized inputs: a valid input always becomes a spec-valid request; an
 * input with one invalid field always becomes a ValidationError with zero fetch calls.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AnyProvider,
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  ValidationError,
} from '../src'
import { type ProviderName, requestViolations } from './helpers/contract'
import { partooKey, plumaaKey, pulseCrmKey, theAuthApiKey } from './helpers/fixtures'
import { json, observedFetch } from './helpers/observed-fetch'

const bases: Record<ProviderName, string> = {
  partoo: 'https://api.partoo.co/v2',
  pulsecrm: 'https://crm.example.com/api',
  theauthapi: 'https://api.theauthapi.com',
  plumaa: 'https://api.plumaa.id/rest/v1',
}

function clientFor(provider: ProviderName, keyId: string) {
  const observed = observedFetch((request) => {
    if (provider === 'partoo') return json(partooKey)
    if (provider === 'pulsecrm') {
      return request.method === 'GET'
        ? json({ apiKeys: [{ ...pulseCrmKey, id: keyId }] })
        : json({ success: true })
    }
    if (provider === 'theauthapi') return json(theAuthApiKey)
    return json(plumaaKey)
  })
  const common = { fetch: observed.fetch, maxRetries: 0 }
  const clients: Record<ProviderName, AnyProvider> = {
    partoo: createPartoo({ apiKey: 'partoo-key', ...common }),
    pulsecrm: createPulseCrm({ baseUrl: bases.pulsecrm, token: 'pulse-token', ...common }),
    theauthapi: createTheAuthApi({ accessKey: 'auth-access', ...common }),
    plumaa: createPlumaa({ apiKey: 'plumaa-key', ...common }),
  }
  return { client: clients[provider], requests: observed.requests }
}

const nonBlank = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim().length > 0)
const futureDay = fc
  .date({
    min: new Date(Date.now() + 2 * 86_400_000),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10))
const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
})
const cidr4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`)
const ipEntry = fc.oneof(
  fc.ipV4(),
  cidr4,
  fc.constantFrom('2001:db8::1', '::1', 'fe80::/10', '2001:db8::/32'),
)
const permissions = fc.array(nonBlank, { maxLength: 5 })
const headerSafe = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/)
const objectId = fc.stringMatching(/^[0-9a-f]{24}$/)
const keyValue = fc
  .string({ minLength: 4, maxLength: 60 })
  .filter(
    (value) =>
      value.trim() === value && value.length > 0 && !['.', '..'].includes(value) && !/^%2e/i.test(value),
  )
const jsonObject = fc.dictionary(
  fc.string({ maxLength: 10 }).filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key)),
  fc.jsonValue({ maxDepth: 2 }),
  {
    maxKeys: 4,
  },
) as fc.Arbitrary<Record<string, unknown>>

/** Records with at least one changed field (an empty update is refused by design). */
function someOf<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) {
  return fc.record(fields, { requiredKeys: [] }).filter((value) => Object.keys(value).length > 0)
}

const validInputs: Record<ProviderName, fc.Arbitrary<Record<string, unknown>>> = {
  partoo: fc
    .tuple(
      fc.integer({ min: 1, max: 2 ** 31 }),
      someOf({
        name: nonBlank,
        description: fc.string({ maxLength: 40 }),
        expiresAt: fc.option(futureDay, { nil: null }),
        permissions: fc.option(permissions, { nil: null }),
        ipAllowlist: fc.array(ipEntry, { maxLength: 4 }),
      }),
    )
    .map(([keyId, fields]) => ({ keyId, ...fields })),
  pulsecrm: fc
    .tuple(
      headerSafe,
      someOf({
        description: fc.string({ maxLength: 40 }),
        permissions,
        expiresAt: fc.option(instant, { nil: null }),
      }),
      fc.option(headerSafe, { nil: undefined }),
    )
    .map(([keyId, fields, accountId]) => ({ keyId, ...fields, ...(accountId && { accountId }) })),
  theauthapi: fc
    .tuple(
      keyValue,
      someOf({
        name: nonBlank,
        expiresAt: fc.option(fc.oneof(instant, futureDay), { nil: null }),
        rateLimit: fc.option(
          fc.record({
            limit: fc.integer({ min: 1, max: 1e6 }),
            windowSeconds: fc.integer({ min: 1, max: 86400 }),
          }),
          { nil: null },
        ),
        metadata: jsonObject,
        ownerAccountId: nonBlank,
        ownerUserId: nonBlank,
        newKeyValue: keyValue,
      }),
    )
    .map(([keyId, fields]) => ({ keyId, ...fields })),
  plumaa: fc.tuple(objectId, someOf({ name: nonBlank, enabled: fc.boolean() })).map(([keyId, fields]) => ({
    keyId,
    ...fields,
  })),
}

/** One field made invalid, per provider. */
const invalidField: Record<ProviderName, fc.Arbitrary<[string, unknown]>> = {
  partoo: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'abc']),
    fc.integer({ max: 0 }).map((value): [string, unknown] => ['keyId', value]),
    fc.constant<[string, unknown]>(['name', '  ']),
    fc.constant<[string, unknown]>(['expiresAt', '2000-01-01']),
    instant
      // a time of day: Partoo takes a calendar day only
      .filter((date) => !date.toISOString().endsWith('T00:00:00.000Z'))
      .map((date): [string, unknown] => ['expiresAt', date]),
    fc
      .string()
      .filter((value) => !/^\d/.test(value))
      .map((value): [string, unknown] => ['ipAllowlist', [value]]),
    fc.constant<[string, unknown]>(['enabled', true]),
  ),
  pulsecrm: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', '..']),
    fc.constant<[string, unknown]>(['permissions', null]),
    fc.constant<[string, unknown]>(['expiresAt', '2027-06-30T10:00:00']),
    fc.constant<[string, unknown]>(['accountId', 'a\r\nb']),
    fc.constant<[string, unknown]>(['name', 'x']),
  ),
  theauthapi: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', '']),
    fc.constant<[string, unknown]>(['name', '']),
    fc.integer({ max: 0 }).map((limit): [string, unknown] => ['rateLimit', { limit, windowSeconds: 1 }]),
    fc.constant<[string, unknown]>(['metadata', { at: new Date() }]),
    fc.constant<[string, unknown]>(['ipAllowlist', []]),
  ),
  plumaa: fc.oneof(
    fc
      .string()
      .filter((value) => !/^[0-9a-fA-F]{24}$/.test(value))
      .map((value): [string, unknown] => ['keyId', value]),
    fc.constant<[string, unknown]>(['enabled', 'false']),
    fc.constant<[string, unknown]>(['expiresAt', null]),
  ),
}

const providers = Object.keys(bases) as ProviderName[]

describe.each(providers)('%s properties', (provider) => {
  it('every valid input becomes requests that conform to the spec', async () => {
    await fc.assert(
      fc.asyncProperty(validInputs[provider], async (input) => {
        const { client, requests } = clientFor(provider, String(input.keyId))
        await client.updateApiKey(input as never)
        expect(requests.length).toBeGreaterThan(0)
        for (const request of requests)
          expect(requestViolations(provider, request, bases[provider])).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('an input with one invalid field is a ValidationError and sends nothing', async () => {
    await fc.assert(
      fc.asyncProperty(validInputs[provider], invalidField[provider], async (input, [field, value]) => {
        const { client, requests } = clientFor(provider, String(input.keyId))
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
