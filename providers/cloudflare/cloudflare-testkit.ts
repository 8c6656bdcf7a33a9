/** Cloudflare's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  instant,
  ipEntry,
  mostlyObject,
  nonBlank,
  someOf,
  strings,
  withExtra,
} from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createCloudflare } from '.'
import { cloudflareEnvelope, cloudflareToken } from './cloudflare-fixtures'

const apiToken = 'CLOUDFLARE-TOKEN-SECRET-1b7d'
const conformanceId = 'ed17574386854bf78a67040be0a770b1'
const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/)
const policy = fc.record({
  effect: fc.constantFrom('allow' as const, 'deny' as const),
  permission_groups: fc.array(fc.record({ id: hex32 }), { minLength: 1, maxLength: 2 }),
  resources: fc.dictionary(fc.stringMatching(/^com\.cloudflare\.api\.[a-z.]{1,20}$/), fc.constant('*'), {
    minKeys: 1,
    maxKeys: 2,
  }),
})

/** Reads answer the token; the PUT answers the token it sent (with the server's id). */
function answer(request: ObservedRequest, input: Record<string, unknown>) {
  if (request.method === 'GET')
    return json(cloudflareEnvelope({ ...cloudflareToken, id: String(input.keyId) }))
  return json(
    cloudflareEnvelope({ ...cloudflareToken, ...JSON.parse(request.body ?? '{}'), id: String(input.keyId) }),
  )
}

export const testkit: ProviderTestkit = {
  clientOptions: { apiToken: 'cf-token' },
  baseUrl: 'https://api.cloudflare.com/client/v4',
  respond: answer,
  validInputs: fc
    .tuple(
      hex32,
      someOf({
        name: nonBlank,
        enabled: fc.boolean(),
        expiresAt: fc.option(instant, { nil: null }),
        notBefore: fc.option(instant, { nil: null }),
        ipAllowlist: fc.array(ipEntry, { maxLength: 3 }),
        ipDenylist: fc.array(ipEntry, { maxLength: 3 }),
        policies: fc.array(policy, { minLength: 1, maxLength: 2 }),
      }),
      fc.option(hex32, { nil: undefined }),
    )
    .map(([keyId, fields, accountId]) => ({ keyId, ...fields, ...(accountId && { accountId }) })),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'not/an-id']),
    fc.constant<[string, unknown]>(['name', 'x'.repeat(121)]),
    fc.constant<[string, unknown]>(['ipAllowlist', ['10.0.0.0/33']]),
    fc.constant<[string, unknown]>(['policies', []]),
    fc.constant<[string, unknown]>([
      'policies',
      [{ effect: 'maybe', permission_groups: [{ id: 'a' }], resources: {} }],
    ]),
    fc.constant<[string, unknown]>(['expiresAt', '2030-01-01']),
  ),
  leakCases: [
    {
      name: 'cloudflare',
      secrets: { apiToken },
      make: (options) => createCloudflare({ apiToken, ...options }),
      input: { keyId: cloudflareToken.id, enabled: false },
      success: () => json(cloudflareEnvelope()),
      reads: (request) => (request.method === 'GET' ? json(cloudflareEnvelope()) : undefined),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('cloudflare', [{ id: conformanceId }]),
    bodies: mostlyObject(
      withExtra(
        fc.record(
          {
            name: field(fc.string({ maxLength: 8 })),
            status: field(fc.constantFrom('active', 'disabled', 'expired', 'paused')),
            policies: field(fc.array(policy, { maxLength: 2 })),
            expires_on: field(instant.map((date) => date.toISOString())),
            condition: field(
              fc.record({
                request_ip: fc.record(
                  { in: fc.constant(['10.0.0.0/8']), not_in: strings },
                  { requiredKeys: [] },
                ),
              }),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    request: (base, body) => ({
      method: 'PUT',
      url: `${base}/user/tokens/${conformanceId}`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer cf-token' },
      body: JSON.stringify(body),
    }),
    validBody: { name: 'n', status: 'active', policies: [] },
    reads: (base) => [
      {
        method: 'GET',
        url: `${base}/user/tokens/${conformanceId}`,
        headers: { authorization: 'Bearer cf-token' },
      },
    ],
    // "Missing X-Auth-Key, X-Auth-Email or Authorization headers" is a 400 on Cloudflare.
    unauthenticatedStatus: 400,
    // The document lists only 4XX failures.
    scriptedStatus: 404,
    // "List of IPv4/IPv6 CIDR addresses": the schema says strings, the API checks them.
    businessRule: (body) => JSON.stringify(body).includes('CIDR ranges'),
  },
}
