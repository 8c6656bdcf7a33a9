/** Algolia's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  futureDay,
  instant,
  mostlyObject,
  nonBlank,
  someOf,
  strings,
  withExtra,
} from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createAlgolia } from '.'
import { algoliaAcls } from './algolia-acls'
import { algoliaKey, algoliaKeyValue, algoliaUpdated } from './algolia-fixtures'

const adminKey = 'ALGOLIA-ADMIN-SECRET-9f3e'
const conformanceKey = 'conformance-algolia-key'
const acls = fc.uniqueArray(fc.constantFrom(...algoliaAcls), { maxLength: 5 })

/** The read before a partial update answers the key; the PUT its acceptance. */
const answer = (request: ObservedRequest, input: Record<string, unknown>) =>
  request.method === 'GET'
    ? json({ ...algoliaKey, value: String(input.keyId) })
    : json({ ...algoliaUpdated, key: String(input.keyId) })

export const testkit: ProviderTestkit = {
  clientOptions: { appId: 'testapp', apiKey: 'algolia-admin' },
  settings: { appId: 'testapp' },
  baseUrl: 'https://testapp.algolia.net',
  respond: answer,
  validInputs: fc
    .tuple(
      fc.stringMatching(/^[0-9a-f]{32}$/),
      someOf({
        description: fc.string({ maxLength: 30 }),
        permissions: acls,
        expiresAt: fc.option(
          fc.oneof(
            futureDay,
            instant.filter((date) => date.getTime() > Date.now() + 86_400_000),
          ),
          { nil: null },
        ),
        rateLimit: fc.option(
          fc.record({ limit: fc.integer({ min: 1, max: 1e6 }), windowSeconds: fc.constant(3600 as const) }),
          { nil: null },
        ),
        allowedReferrers: fc.array(nonBlank, { maxLength: 3 }),
        indexes: fc.array(nonBlank, { maxLength: 3 }),
        maxHitsPerQuery: fc.nat({ max: 1000 }),
        queryParameters: fc.string({ maxLength: 30 }),
      }),
    )
    .map(([keyId, fields]) => ({ keyId, ...fields })),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'a b']),
    fc.constant<[string, unknown]>(['permissions', ['searchh']]),
    fc.constant<[string, unknown]>(['rateLimit', { limit: 10, windowSeconds: 60 }]),
    fc.constant<[string, unknown]>(['expiresAt', '2001-01-01']),
    fc.constant<[string, unknown]>(['maxHitsPerQuery', -1]),
    fc.constant<[string, unknown]>(['name', 'n']),
  ),
  leakCases: [
    {
      name: 'algolia',
      secrets: { adminKey, key: algoliaKeyValue },
      make: (options) => createAlgolia({ appId: 'testapp', apiKey: adminKey, ...options }),
      input: { keyId: algoliaKeyValue, description: 'd' },
      success: () => json(algoliaUpdated),
      reads: (request) => (request.method === 'GET' ? json(algoliaKey) : undefined),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('algolia', [{ value: conformanceKey }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            acl: field(fc.uniqueArray(fc.constantFrom(...algoliaAcls, 'nope'), { maxLength: 3 })),
            description: field(fc.string({ maxLength: 8 })),
            indexes: field(strings),
            referers: field(strings),
            maxHitsPerQuery: field(fc.integer({ min: -5, max: 50 })),
            maxQueriesPerIPPerHour: field(fc.integer({ min: -5, max: 50 })),
            queryParameters: field(fc.string({ maxLength: 8 })),
            validity: field(fc.integer({ min: -5, max: 5000 })),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    request: (base, body) => ({
      method: 'PUT',
      url: `${base}/1/keys/${conformanceKey}`,
      headers: {
        'content-type': 'application/json',
        'x-algolia-application-id': 'testapp',
        'x-algolia-api-key': 'algolia-admin',
      },
      body: JSON.stringify(body),
    }),
    validBody: { acl: ['search'] },
    reads: (base) => [
      {
        method: 'GET',
        url: `${base}/1/keys/${conformanceKey}`,
        headers: { 'x-algolia-application-id': 'testapp', 'x-algolia-api-key': 'algolia-admin' },
      },
    ],
    refusalStatuses: [400],
    // "Invalid Application-ID or API key" is a 403 on Algolia.
    unauthenticatedStatus: 403,
    scriptedStatus: 404,
  },
}
