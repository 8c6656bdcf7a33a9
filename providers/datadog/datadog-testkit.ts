/** Datadog's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import { field, mostlyObject, nonBlank, strings, withExtra } from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createDatadog } from '.'
import { datadogApiKey, datadogApplicationKey, datadogSecret } from './datadog-fixtures'

const apiKey = 'DD-API-KEY-SECRET-4c21'
const appKey = 'DD-APP-KEY-SECRET-77e0'
const conformanceId = '00112233-4455-6677-8899-aabbccddee00'
const keyId = fc.uuid()
const scope = fc.stringMatching(/^[a-z_]{1,20}$/)

/** Reads and writes answer the key of the kind the path names, with the path's id. */
function answer(request: ObservedRequest, input: Record<string, unknown>) {
  const key = request.url.includes('/application_keys/') ? datadogApplicationKey : datadogApiKey
  return json({ data: { ...key.data, id: String(input.keyId) } })
}

const apiKeyUpdate = fc.record(
  { name: nonBlank, category: nonBlank, remoteConfigReadEnabled: fc.boolean() },
  { requiredKeys: [] },
)
const applicationKeyUpdate = fc.record(
  { name: nonBlank, permissions: fc.option(fc.array(scope, { maxLength: 4 }), { nil: null }) },
  { requiredKeys: [] },
)

export const testkit: ProviderTestkit = {
  clientOptions: { apiKey: 'dd-api', appKey: 'dd-app' },
  baseUrl: 'https://api.datadoghq.com',
  respond: answer,
  validInputs: fc.oneof(
    fc
      .tuple(
        keyId,
        apiKeyUpdate.filter((fields) => Object.keys(fields).length > 0),
      )
      .map(([id, fields]) => ({ keyId: id, ...fields })),
    fc
      .tuple(
        keyId,
        applicationKeyUpdate.filter((fields) => Object.keys(fields).length > 0),
      )
      .map(([id, fields]) => ({ keyId: id, keyType: 'application_key', ...fields })),
  ),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'a/b']),
    fc.constant<[string, unknown]>(['keyType', 'app']),
    fc.constant<[string, unknown]>(['name', '']),
    fc.constant<[string, unknown]>(['remoteConfigReadEnabled', 'yes']),
    fc.constant<[string, unknown]>(['expiresAt', null]),
  ),
  leakCases: [
    {
      name: 'datadog (API key)',
      secrets: { apiKey, appKey, key: datadogSecret },
      make: (options) => createDatadog({ apiKey, appKey, ...options }),
      input: { keyId: datadogApiKey.data.id, remoteConfigReadEnabled: true },
      success: () => json(datadogApiKey),
      reads: (request) => (request.method === 'GET' ? json(datadogApiKey) : undefined),
    },
    {
      name: 'datadog (application key)',
      secrets: { apiKey, appKey, key: datadogSecret },
      make: (options) => createDatadog({ apiKey, appKey, ...options }),
      input: { keyId: datadogApplicationKey.data.id, keyType: 'application_key', permissions: null },
      success: () => json(datadogApplicationKey),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('datadog', [{ id: conformanceId }]),
    bodies: mostlyObject(
      withExtra(
        fc.record({
          data: field(
            fc.record(
              {
                type: field(fc.constantFrom('api_keys', 'api_keys', 'application_keys')),
                id: field(fc.constantFrom(conformanceId, conformanceId, 'another-id')),
                attributes: field(
                  fc.record(
                    {
                      name: field(fc.string({ maxLength: 8 })),
                      category: field(fc.string({ maxLength: 5 })),
                      remote_config_read_enabled: field(fc.boolean()),
                      scopes: field(strings),
                    },
                    { requiredKeys: ['name'] },
                  ),
                ),
              },
              { requiredKeys: ['type', 'id', 'attributes'] },
            ),
          ),
        }),
      ),
    ),
    request: (base, body) => ({
      method: 'PATCH',
      url: `${base}/api/v2/api_keys/${conformanceId}`,
      headers: { 'content-type': 'application/json', 'dd-api-key': 'dd-api', 'dd-application-key': 'dd-app' },
      body: JSON.stringify(body),
    }),
    validBody: { data: { type: 'api_keys', id: conformanceId, attributes: { name: 'n' } } },
    reads: (base) => [
      {
        method: 'GET',
        url: `${base}/api/v2/api_keys/${conformanceId}`,
        headers: { 'dd-api-key': 'dd-api', 'dd-application-key': 'dd-app' },
      },
    ],
    // Datadog answers a missing or wrong key with 403 "Forbidden".
    unauthenticatedStatus: 403,
    scriptedStatus: 404,
    // The id in the body must be the path's (JSON:API); the schema cannot say so.
    businessRule: (body) => JSON.stringify(body).includes('does not match the id in the URL'),
  },
}
