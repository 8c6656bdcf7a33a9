/** Twilio's part of the cross-provider tests (see test/helpers/testkit.ts). */
import fc from 'fast-check'
import { json, type ObservedRequest } from '../../test/helpers/observed-fetch'
import type { ProviderTestkit } from '../../test/helpers/testkit'
import { createTwilio } from '.'
import { twilioKey } from './twilio-fixtures'
import { twilioMockAccountSid } from './twilio-mock'

const accountSid = 'AC0123456789abcdef0123456789abcdef'
const authToken = 'TWILIO-AUTH-TOKEN-SECRET-31f'
const conformanceSid = 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
const sid = (prefix: string) => fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `${prefix}${hex}`)

/** Reads and writes answer the key the path names; a write, with the name it sent. */
function answer(request: ObservedRequest, input: Record<string, unknown>) {
  const name = request.method === 'POST' ? new URLSearchParams(request.body ?? '').get('FriendlyName') : null
  return json({ ...twilioKey, sid: String(input.keyId), ...(name !== null && { friendly_name: name }) })
}

export const testkit: ProviderTestkit = {
  clientOptions: { accountSid, authToken: 'twilio-token' },
  settings: { accountSid },
  baseUrl: 'https://api.twilio.com',
  respond: answer,
  validInputs: fc
    .tuple(
      sid('SK'),
      fc.string({ minLength: 1, maxLength: 64 }).filter((name) => name.trim() !== ''),
      fc.option(sid('AC'), { nil: undefined }),
    )
    .map(([keyId, name, accountId]) => ({ keyId, name, ...(accountId && { accountId }) })),
  invalidField: fc.oneof(
    fc.constant<[string, unknown]>(['keyId', 'AC0123456789abcdef0123456789abcdef']),
    fc.constant<[string, unknown]>(['name', 'x'.repeat(65)]),
    fc.constant<[string, unknown]>(['accountId', 'SK0123456789abcdef0123456789abcdef']),
    fc.constant<[string, unknown]>(['enabled', false]),
  ),
  leakCases: [
    {
      name: 'twilio',
      secrets: { authToken },
      make: (options) => createTwilio({ accountSid, authToken, ...options }),
      input: { keyId: twilioKey.sid, name: 'n' },
      success: () => json(twilioKey),
    },
  ],
  conformance: {
    seed: (mock) => mock.seed('twilio', [{ sid: conformanceSid }]),
    bodies: fc.record(
      { FriendlyName: fc.oneof(fc.string({ maxLength: 70 }), fc.string({ minLength: 60, maxLength: 70 })) },
      { requiredKeys: [] },
    ),
    request: (base, body) => ({
      method: 'POST',
      url: `${base}/2010-04-01/Accounts/${twilioMockAccountSid}/Keys/${conformanceSid}.json`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${btoa(`${twilioMockAccountSid}:twilio-token`)}`,
      },
      body: new URLSearchParams(body as Record<string, string>).toString(),
    }),
    validBody: { FriendlyName: 'n' },
    reads: (base) => [
      {
        method: 'GET',
        url: `${base}/2010-04-01/Accounts/${twilioMockAccountSid}/Keys/${conformanceSid}.json`,
        headers: { authorization: `Basic ${btoa(`${twilioMockAccountSid}:twilio-token`)}` },
      },
    ],
  },
}
