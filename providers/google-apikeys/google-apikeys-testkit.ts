/** The API Keys API's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  ipEntry,
  mostlyObject,
  nonBlank,
  someOf,
  strings,
  withExtra,
} from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createGoogleApiKeys } from '.'
import { googleKey, googleOperation } from './google-apikeys-fixtures'
import { googleApiKeysMockProject } from './google-apikeys-mock'

const accessToken = 'GOOGLE-ACCESS-TOKEN-SECRET-ya29'
const conformanceKey = 'conformance-key-1'
const keyName = fc.uuid().map((id) => `projects/987654321/locations/global/keys/${id}`)

const answer = (request: ObservedRequest) =>
  request.method === 'GET' ? json(googleKey) : json(googleOperation(true))

/** At most one kind of client restriction per key. */
const clientRestriction = fc.oneof(
  fc.record({ allowedReferrers: fc.array(nonBlank, { maxLength: 3 }) }),
  fc.record({ ipAllowlist: fc.array(ipEntry, { maxLength: 3 }) }),
  fc.record({
    iosBundleIds: fc.array(fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8}){1,2}$/), { maxLength: 2 }),
  }),
  fc.record({
    androidApplications: fc.array(
      fc.record({
        sha1Fingerprint: fc.stringMatching(/^[0-9A-F]{40}$/),
        packageName: fc.stringMatching(/^[a-z]{1,8}\.[a-z]{1,8}$/),
      }),
      { maxLength: 2 },
    ),
  }),
  fc.constant({}),
)

export const testkit: ProviderTestkit = {
  clientOptions: { accessToken: 'google-token' },
  baseUrl: 'https://apikeys.googleapis.com',
  respond: answer,
  validInputs: fc
    .tuple(
      keyName,
      someOf({
        name: fc.string({ minLength: 1, maxLength: 63 }).filter((name) => name.trim() !== ''),
        metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
        apiTargets: fc.array(
          fc.record({ service: fc.constantFrom('translate.googleapis.com', 'maps-backend.googleapis.com') }),
          { maxLength: 2 },
        ),
      }),
      clientRestriction,
    )
    .map(([keyId, fields, restriction]) => ({ keyId, ...fields, ...restriction })),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'projects/x/keys']),
    fc.constant<[string, unknown]>(['name', 'x'.repeat(64)]),
    fc.constant<[string, unknown]>(['metadata', { tier: 1 }]),
    fc.constant<[string, unknown]>([
      'androidApplications',
      [{ sha1Fingerprint: 'nope', packageName: 'a.b' }],
    ]),
    fc.constant<[string, unknown]>(['expiresAt', null]),
  ),
  leakCases: [
    {
      name: 'google-apikeys',
      secrets: { accessToken },
      make: (options) => createGoogleApiKeys({ accessToken, ...options }),
      input: { keyId: googleKey.name, allowedReferrers: ['https://example.org/*'] },
      success: () => json(googleOperation(true)),
      reads: (request) => (request.method === 'GET' ? json(googleKey) : undefined),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('google-apikeys', [{ uid: conformanceKey }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            displayName: field(fc.string({ maxLength: 70 })),
            annotations: field(
              fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
            ),
            restrictions: field(
              fc.record(
                {
                  browserKeyRestrictions: field(
                    fc.record({ allowedReferrers: field(strings) }, { requiredKeys: [] }),
                  ),
                  apiTargets: field(
                    fc.array(fc.record({ service: fc.constant('translate.googleapis.com') }), {
                      maxLength: 1,
                    }),
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    request: (base, body) => ({
      method: 'PATCH',
      url: `${base}/v2/projects/${googleApiKeysMockProject}/locations/global/keys/${conformanceKey}`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer google-token' },
      body: JSON.stringify(body),
    }),
    validBody: { displayName: 'n' },
    reads: (base) => [
      {
        method: 'GET',
        url: `${base}/v2/projects/${googleApiKeysMockProject}/locations/global/keys/${conformanceKey}`,
        headers: { authorization: 'Bearer google-token' },
      },
    ],
  },
}
