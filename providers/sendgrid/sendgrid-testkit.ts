/** SendGrid's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import {
  field,
  headerSafe,
  mostlyObject,
  nonBlank,
  someOf,
  strings,
  withExtra,
} from '../../test/helpers/arbitraries'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createSendGrid } from '.'
import { sendGridKey } from './sendgrid-fixtures'

const apiKey = 'SG.SENDGRID-SECRET-KEY.4f2a'
const conformanceId = 'conformance-key-1'
const scope = fc.stringMatching(/^[a-z_.]{1,24}$/)

/** The answer to a request of an update: the key as read, or as updated (the PUT names the scopes sent). */
function answer(request: ObservedRequest, input: Record<string, unknown>) {
  const key = { ...sendGridKey, api_key_id: String(input.keyId) }
  if (request.method === 'GET') return json(key)
  const body = JSON.parse(request.body ?? '{}') as { name: string; scopes?: string[] }
  return json(
    request.method === 'PUT' ? { ...key, ...body } : { api_key_id: key.api_key_id, name: body.name },
  )
}

export const testkit: ProviderTestkit = {
  clientOptions: { apiKey: 'sg-key' },
  baseUrl: 'https://api.sendgrid.com',
  respond: answer,
  validInputs: fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
      someOf({ name: nonBlank, permissions: fc.array(scope, { minLength: 1, maxLength: 5 }) }),
      fc.option(headerSafe, { nil: undefined }),
    )
    .map(([keyId, fields, accountId]) => ({ keyId, ...fields, ...(accountId && { accountId }) })),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'a/b']),
    fc.constant<[string, unknown]>(['permissions', []]),
    fc.constant<[string, unknown]>(['permissions', null]),
    fc.constant<[string, unknown]>(['name', '  ']),
    fc.constant<[string, unknown]>(['accountId', 'sub\r\nuser']),
    fc.constant<[string, unknown]>(['expiresAt', '2099-01-01']),
  ),
  leakCases: [
    {
      name: 'sendgrid',
      secrets: { apiKey },
      make: (options) => createSendGrid({ apiKey, ...options }),
      input: { keyId: sendGridKey.api_key_id, permissions: ['mail.send'] },
      success: () => json(sendGridKey),
      reads: (request) => (request.method === 'GET' ? json(sendGridKey) : undefined),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('sendgrid', [{ api_key_id: conformanceId }]),
    bodies: mostlyObject(
      withExtra(
        fc.record({ name: field(fc.string({ maxLength: 8 })), scopes: field(strings) }, { requiredKeys: [] }),
      ),
    ),
    request: (base, body) => ({
      method: 'PUT',
      url: `${base}/v3/api_keys/${conformanceId}`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sg-key' },
      body: JSON.stringify(body),
    }),
    validBody: { name: 'n', scopes: ['mail.send'] },
    reads: (base) => [
      {
        method: 'GET',
        url: `${base}/v3/api_keys/${conformanceId}`,
        headers: { authorization: 'Bearer sg-key' },
      },
    ],
  },
}
