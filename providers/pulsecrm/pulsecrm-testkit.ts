/** PulseCRM's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  headerSafe,
  instant,
  mostlyObject,
  permissions,
  someOf,
  strings,
  wireInstant,
} from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createPulseCrm } from '.'
import { pulseCrmKey } from './pulsecrm-fixtures'
import { pulseCrmMockToken } from './pulsecrm-mock'

const baseUrl = 'https://crm.example.com/api'
const token = 'PULSE-TOKEN-SECRET-77aa'
const password = 'PULSE-PASSWORD-"SECRET"\\19'
const loginToken = 'PULSE-LOGIN-TOKEN-SECRET-02'

/** A login, and the key list a partial update reads: the key the request's update names, as the stub holds it. */
const reads = (request: ObservedRequest) => {
  if (request.url.endsWith('/auth/login')) return json({ token: loginToken })
  if (request.method === 'GET') return json({ apiKeys: [{ ...pulseCrmKey, id: 'key_01' }] })
  return undefined
}

export const testkit: ProviderTestkit = {
  clientOptions: { baseUrl, token: 'pulse-token' },
  settings: { baseUrl },
  baseUrl,
  // The key list a partial update reads holds the key it updates.
  respond: (request, input) =>
    request.method === 'GET'
      ? json({ apiKeys: [{ ...pulseCrmKey, id: String(input.keyId) }] })
      : json({ success: true }),
  validInputs: fc
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
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', '..']),
    fc.constant<[string, unknown]>(['permissions', null]),
    fc.constant<[string, unknown]>(['expiresAt', '2027-06-30T10:00:00']),
    fc.constant<[string, unknown]>(['accountId', 'a\r\nb']),
    fc.constant<[string, unknown]>(['name', 'x']),
  ),
  leakCases: [
    {
      name: 'pulsecrm (token)',
      secrets: { token },
      make: (options) => createPulseCrm({ baseUrl, token, ...options }),
      input: { keyId: 'key_01', description: 'd', permissions: [] },
      success: () => json({ success: true }),
      reads,
    },
    {
      name: 'pulsecrm (login)',
      secrets: { password, loginToken },
      make: (options) => createPulseCrm({ baseUrl, email: 'admin@example.com', password, ...options }),
      input: { keyId: 'key_01', expiresAt: null },
      success: () => json({ success: true }),
      reads,
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('pulsecrm', [{ id: 'key_01' }]),
    bodies: mostlyObject(
      fc.record(
        {
          description: field(fc.string()),
          flatPermissionsList: field(strings),
          expiresAt: field(fc.oneof(wireInstant, fc.constant(null), fc.constant('2027-06-30'))),
        },
        { requiredKeys: ['description', 'flatPermissionsList'] },
      ),
    ),
    request: (base, body) => ({
      method: 'PATCH',
      url: `${base}/apikeys/key_01`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pulseCrmMockToken}` },
      body: JSON.stringify(body),
    }),
    validBody: { description: 'd', flatPermissionsList: [] },
    reads: (base) => [
      {
        method: 'POST',
        url: `${base}/auth/login`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.com', password: 'test-password' }),
      },
      { method: 'GET', url: `${base}/apikeys`, headers: { authorization: `Bearer ${pulseCrmMockToken}` } },
    ],
  },
}
