/** Plumaa ID's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import { field, mostlyObject, nonBlank, objectId, someOf, withExtra } from '../../test/helpers/arbitraries'
import { json } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createPlumaa } from '.'
import { plumaaKey, plumaaSecret } from './plumaa-fixtures'

const apiKey = 'PLUMAA-SECRET-c0ffee'
const conformanceId = '5e5677d71bdc2ae76344968c'

export const testkit: ProviderTestkit = {
  clientOptions: { apiKey: 'plumaa-key' },
  baseUrl: 'https://api.plumaa.id/rest/v1',
  respond: () => json(plumaaKey),
  validInputs: fc
    .tuple(objectId, someOf({ name: nonBlank, enabled: fc.boolean() }))
    .map(([keyId, fields]) => ({ keyId, ...fields })),
  invalidField: fc.oneof(
    fc
      .string()
      .filter((value) => !/^[0-9a-fA-F]{24}$/.test(value))
      .map((value): [string, unknown] => ['keyId', value]),
    fc.constant<[string, unknown]>(['enabled', 'false']),
    fc.constant<[string, unknown]>(['expiresAt', null]),
  ),
  leakCases: [
    {
      name: 'plumaa',
      secrets: { apiKey, secret: plumaaSecret },
      make: (options) => createPlumaa({ apiKey, ...options }),
      input: { keyId: plumaaKey.id, enabled: false },
      success: () => json(plumaaKey),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('plumaa', [{ id: conformanceId }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            id: field(fc.constantFrom(conformanceId, 'not-an-id', '5E5677D71BDC2AE76344968C')),
            name: field(fc.string()),
            enabled: field(fc.boolean()),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    // SOFA reads `input` from the query (one JSON value) before the body; the two are the same here.
    request: (base, body) => ({
      method: 'PUT',
      url: `${base}/api-key?input=${encodeURIComponent(JSON.stringify(body))}`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer plumaa-key' },
      body: JSON.stringify({ input: body }),
    }),
    validBody: { id: conformanceId, name: 'n' },
    // GraphQL coercion failures are 500 on SOFA.
    refusalStatuses: [400, 500],
  },
}
