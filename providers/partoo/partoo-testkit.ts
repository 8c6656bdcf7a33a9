/** Partoo's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  futureDay,
  instant,
  ipEntry,
  mostlyObject,
  nonBlank,
  permissions,
  someOf,
  strings,
  wireFutureDay,
  withExtra,
} from '../../test/helpers/arbitraries'
import { json } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createPartoo } from '.'
import { partooKey } from './partoo-fixtures'

// `"` and `\\` change under JSON escaping: redaction must catch those forms too.
const secretApiKey = 'PARTOO-SECRET-4f1c9a"q\\'

export const testkit: ProviderTestkit = {
  clientOptions: { apiKey: 'partoo-key' },
  baseUrl: 'https://api.partoo.co/v2',
  respond: () => json(partooKey),
  validInputs: fc
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
  invalidField: fc.oneof(
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
  leakCases: [
    {
      name: 'partoo',
      secrets: { apiKey: secretApiKey },
      make: (options) => createPartoo({ apiKey: secretApiKey, ...options }),
      input: { keyId: 3245, name: 'n' },
      success: () => json(partooKey),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('partoo', [{ id: 3245 }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            label: field(fc.string()),
            description: field(fc.string()),
            expiration_date: field(
              fc.oneof(wireFutureDay, fc.constant(null), fc.constant('2027-02-30'), fc.constant('27-06-30')),
            ),
            ip_whitelist: field(strings),
            has_restricted_permissions: field(fc.boolean()),
            permissions: field(strings),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    request: (baseUrl, body) => ({
      method: 'PUT',
      url: `${baseUrl}/api_keys/3245`,
      headers: { 'content-type': 'application/json', 'x-apikey': 'partoo-key' },
      body: JSON.stringify(body),
    }),
    validBody: { label: 'x' },
    reads: (baseUrl) => [
      { method: 'GET', url: `${baseUrl}/api_keys/3245`, headers: { 'x-apikey': 'partoo-key' } },
    ],
    businessRule: (body) => JSON.stringify(body).includes('Must be at least the day after today'),
  },
}
