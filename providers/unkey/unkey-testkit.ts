/** Unkey's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import { field, jsonObject, mostlyObject, nonBlank, someOf, withExtra } from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createUnkey } from '.'
import { unkeyKey, unkeyUpdated } from './unkey-fixtures'

const rootKey = 'unkey_ROOT-KEY-SECRET-9a8b'
const conformanceId = 'key_conformance01'
const slug = fc.stringMatching(/^[a-z][a-z0-9_.]{0,20}$/)
const keyId = fc.stringMatching(/^key_[A-Za-z0-9]{8,24}$/)
const expiry = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
})

const answer = (request: ObservedRequest, input: Record<string, unknown>) =>
  request.url.endsWith('keys.getKey')
    ? json({ ...unkeyKey, data: { ...unkeyKey.data, keyId: String(input.keyId) } })
    : json(unkeyUpdated)

export const testkit: ProviderTestkit = {
  clientOptions: { rootKey: 'unkey-root' },
  baseUrl: 'https://api.unkey.com',
  respond: answer,
  validInputs: fc
    .tuple(
      keyId,
      someOf({
        name: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: null }),
        expiresAt: fc.option(expiry, { nil: null }),
        enabled: fc.boolean(),
        metadata: fc.option(jsonObject, { nil: null }),
        ownerUserId: fc.option(fc.stringMatching(/^[a-zA-Z0-9_.-]{1,30}$/), { nil: null }),
        permissions: fc.array(slug, { maxLength: 4 }),
        roles: fc.array(nonBlank, { maxLength: 3 }),
        credits: fc.option(
          fc.record(
            {
              remaining: fc.option(fc.nat({ max: 1e6 }), { nil: null }),
              refill: fc.option(
                fc.record({
                  interval: fc.constantFrom('daily' as const, 'monthly' as const),
                  amount: fc.integer({ min: 1, max: 1000 }),
                }),
                { nil: null },
              ),
            },
            { requiredKeys: ['remaining'] },
          ),
          { nil: null },
        ),
        rateLimit: fc.option(
          fc.record({
            limit: fc.integer({ min: 1, max: 1e6 }),
            windowSeconds: fc.integer({ min: 1, max: 86400 }),
          }),
          { nil: null },
        ),
      }),
    )
    .map(([id, fields]) => ({ keyId: id, ...fields })),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'key-with-dash']),
    fc.constant<[string, unknown]>(['name', '']),
    fc.constant<[string, unknown]>(['expiresAt', '2101-01-01T00:00:00Z']),
    fc.constant<[string, unknown]>(['permissions', ['bad permission']]),
    fc.constant<[string, unknown]>(['ownerUserId', 'has space']),
    fc.constant<[string, unknown]>(['ipAllowlist', []]),
  ),
  leakCases: [
    {
      name: 'unkey',
      secrets: { rootKey },
      make: (options) => createUnkey({ rootKey, ...options }),
      input: { keyId: unkeyKey.data.keyId, enabled: false, metadata: { plan: 'pro' } },
      success: () => json(unkeyUpdated),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('unkey', [{ keyId: conformanceId }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            keyId: field(fc.constantFrom(conformanceId, conformanceId, 'key-bad')),
            name: field(fc.option(fc.string({ maxLength: 6 }), { nil: null })),
            externalId: field(fc.option(fc.stringMatching(/^[a-z.]{0,5}$/), { nil: null })),
            meta: field(
              fc.option(
                fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
                { nil: null },
              ),
            ),
            expires: field(fc.option(fc.integer({ min: -5, max: 4_102_444_800_005 }), { nil: null })),
            enabled: field(fc.boolean()),
            roles: field(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 })),
            permissions: field(fc.array(fc.stringMatching(/^[a-z.]{1,6}$/), { maxLength: 3 })),
            ratelimits: field(
              fc.option(
                fc.array(
                  fc.record({
                    name: fc.string({ minLength: 3, maxLength: 5 }),
                    limit: fc.integer({ min: 1, max: 5 }),
                    duration: fc.integer({ min: 1000, max: 2000 }),
                    autoApply: fc.boolean(),
                  }),
                  { maxLength: 2 },
                ),
                { nil: null },
              ),
            ),
          },
          { requiredKeys: ['keyId'] },
        ),
      ),
    ),
    request: (base, body) => ({
      method: 'POST',
      url: `${base}/v2/keys.updateKey`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer unkey-root' },
      body: JSON.stringify(body),
    }),
    validBody: { keyId: conformanceId, enabled: false },
    reads: (base) => [
      {
        method: 'POST',
        url: `${base}/v2/keys.getKey`,
        headers: { 'content-type': 'application/json', authorization: 'Bearer unkey-root' },
        body: JSON.stringify({ keyId: conformanceId }),
      },
    ],
  },
}
