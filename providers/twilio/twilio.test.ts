import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  NotFoundError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
} from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createTwilio } from '.'
import { twilioKey } from './twilio-fixtures'

const baseUrl = 'https://api.twilio.com'
const accountSid = 'AC0123456789abcdef0123456789abcdef'
const authToken = 'twilio-auth-token-0001'
const keyId = twilioKey.sid

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(twilioKey), options = {}) {
  const observed = observedFetch(respond)
  const provider = createTwilio({ accountSid, authToken, fetch: observed.fetch, ...options })
  return { ...observed, provider }
}

describe('twilio', () => {
  it('POSTs a form body under the account, with Basic auth; RFC 2822 dates come back as ISO 8601', async () => {
    const { provider, requests } = setup(() =>
      json({ ...twilioKey, friendly_name: 'billing & ops' }, { headers: { 'twilio-request-id': 'RQ123' } }),
    )
    const key = await updateApiKey({ provider, keyId, name: 'billing & ops' })
    const [request] = requests
    expect(`${request?.method} ${request?.url}`).toBe(
      `POST ${baseUrl}/2010-04-01/Accounts/${accountSid}/Keys/${keyId}.json`,
    )
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(request?.body).toBe('FriendlyName=billing+%26+ops')
    expect(request?.headers.get('authorization')).toBe(`Basic ${btoa(`${accountSid}:${authToken}`)}`)
    expect(requestViolations('twilio', request!, baseUrl)).toEqual([])
    expect(key).toMatchObject({
      provider: 'twilio',
      id: keyId,
      name: 'billing & ops',
      createdAt: '2016-06-13T22:50:08.000Z',
      updatedAt: '2016-06-13T22:50:08.000Z',
    })
    expect(key.raw.date_created).toBe('Mon, 13 Jun 2016 22:50:08 +0000')
    expect(key.lastResponse.requestId).toBe('RQ123')
  })

  it("a Main API key authenticates instead of the Auth Token; accountId addresses a subaccount's key", async () => {
    const mainKey = 'SK0123456789abcdef0123456789abcdef'
    const { provider, requests } = setup(undefined, {
      authToken: undefined,
      apiKey: mainKey,
      apiSecret: 'main-secret-1',
    })
    const subaccount = 'ACfedcba9876543210fedcba9876543210'
    await provider.updateApiKey({ keyId, name: 'n', accountId: subaccount })
    expect(requests[0]?.headers.get('authorization')).toBe(`Basic ${btoa(`${mainKey}:main-secret-1`)}`)
    expect(requests[0]?.url).toContain(`/Accounts/${subaccount}/Keys/`)
  })

  it('credentials: an account SID is required and checked; a user cannot hold a colon', async () => {
    for (const options of [{ accountSid: 'not-an-account' }, { apiKey: 'SK:x', apiSecret: 'secret-1' }]) {
      const { provider, requests } = setup(undefined, options)
      const error = await provider.updateApiKey({ keyId, name: 'n' }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ValidationError)
      expect(requests).toHaveLength(0)
    }
  })

  it("reads Twilio's error body with its code", async () => {
    const { provider } = setup(() =>
      json(
        {
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        },
        { status: 401 },
      ),
    )
    const error = await provider.updateApiKey({ keyId, name: 'n' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(String(error)).toContain('twilio 401: Authenticate (error 20003)')
  })

  it.each(fieldsOtherThan(['name', 'accountId']))('rejects the unsupported field %s', async (field) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, name: 'n', [field]: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnsupportedFieldError)
    expect(requests).toHaveLength(0)
  })
})

describe('twilio against its mock', () => {
  const mock = createMockProviders({ providers: ['twilio'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  it("renames a key of the account, reads it back, and does not reach another account's key", async () => {
    mock.seed('twilio', [{ sid: keyId, accountSid }, { sid: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }])
    const client = createTwilio({ accountSid, authToken })
    await expect(client.updateApiKey({ keyId, name: 'renamed' })).resolves.toMatchObject({ name: 'renamed' })
    await expect(client.verifyUpdate!({ keyId, name: 'renamed' })).resolves.toMatchObject({ id: keyId })
    await expect(
      client.updateApiKey({ keyId: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', name: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})
