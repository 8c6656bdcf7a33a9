/** The Auth API's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  futureDay,
  instant,
  jsonObject,
  keyValue,
  mostlyObject,
  nonBlank,
  someOf,
  wireFutureDay,
  wireInstant,
  withExtra,
} from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createTheAuthApi } from '.'
import { theAuthApiKey, theAuthApiSecret } from './theauthapi-fixtures'

const accessKey = 'AUTH-ACCESS-SECRET-88e2'
const newKey = 'live_NEW-"CUSTOM"\\SECRET-5d'
const conformanceKey = 'live_conformance-key'

/** A partial update's read of the current name. */
const reads = (request: ObservedRequest) => (request.method === 'GET' ? json(theAuthApiKey) : undefined)

export const testkit: ProviderTestkit = {
  clientOptions: { accessKey: 'auth-access' },
  baseUrl: 'https://api.theauthapi.com',
  respond: () => json(theAuthApiKey),
  validInputs: fc
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
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', '']),
    fc.constant<[string, unknown]>(['name', '']),
    fc.integer({ max: 0 }).map((limit): [string, unknown] => ['rateLimit', { limit, windowSeconds: 1 }]),
    fc.constant<[string, unknown]>(['metadata', { at: new Date() }]),
    fc.constant<[string, unknown]>(['ipAllowlist', []]),
  ),
  leakCases: [
    {
      name: 'theauthapi',
      secrets: { accessKey, key: theAuthApiSecret },
      make: (options) => createTheAuthApi({ accessKey, ...options }),
      input: { keyId: theAuthApiSecret, name: 'n', metadata: { note: 'x' } },
      success: () => json({ ...theAuthApiKey, key: theAuthApiSecret }),
      reads,
    },
    {
      name: 'theauthapi (rotation)',
      secrets: { accessKey, key: theAuthApiSecret, newKey },
      make: (options) => createTheAuthApi({ accessKey, ...options }),
      input: { keyId: theAuthApiSecret, newKeyValue: newKey },
      success: () => json({ ...theAuthApiKey, key: newKey }),
      reads,
      // The stub answers the read of the new key: a rotation whose answer was lost is found applied.
      recovers: ['500-retried', 'timeout', 'network', 'malformed'],
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('theauthapi', [{ key: conformanceKey }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            name: field(fc.string({ maxLength: 6 })),
            customMetaData: field(
              fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
            ),
            customAccountId: field(fc.string()),
            customUserId: field(fc.string()),
            expiry: field(fc.oneof(wireInstant, wireFutureDay, fc.constant(null), fc.constant('tomorrow'))),
            rateLimitConfigs: field(
              fc.oneof(
                fc.constant(null),
                fc.record({
                  rateLimit: fc.integer({ min: -2, max: 500 }),
                  rateLimitTtl: fc.integer({ min: -2, max: 500 }),
                }),
              ),
            ),
          },
          { requiredKeys: ['name'] },
        ),
      ),
    ),
    request: (base, body) => ({
      method: 'PATCH',
      url: `${base}/api-keys/${conformanceKey}`,
      headers: { 'content-type': 'application/json', 'x-api-key': 'auth-access' },
      body: JSON.stringify(body),
    }),
    validBody: { name: 'n' },
    reads: (base) => [
      { method: 'GET', url: `${base}/api-keys/${conformanceKey}`, headers: { 'x-api-key': 'auth-access' } },
    ],
    scriptedStatus: 404,
  },
}
