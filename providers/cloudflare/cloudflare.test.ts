import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  NotFoundError,
  PermissionDeniedError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
} from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createCloudflare } from '.'
import { cloudflareEnvelope, cloudflareToken } from './cloudflare-fixtures'

const baseUrl = 'https://api.cloudflare.com/client/v4'
const apiToken = 'cf-api-token-0001'
const keyId = cloudflareToken.id
const accountId = '023e105f4ecef8ad9ca31a8372d0c353'

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(cloudflareEnvelope())) {
  const observed = observedFetch(respond)
  const provider = createCloudflare({ apiToken, fetch: observed.fetch })
  return { ...observed, provider }
}

const bodyOf = (body: string | null) => JSON.parse(body ?? '{}') as Record<string, unknown>

describe('cloudflare', () => {
  it('reads the token and PUTs it whole, with only the change applied', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({ provider, keyId, enabled: false })
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${baseUrl}/user/tokens/${keyId}`,
      `PUT ${baseUrl}/user/tokens/${keyId}`,
    ])
    const { id: _, issued_on: __, modified_on: ___, ...settings } = cloudflareToken
    expect(bodyOf(requests[1]!.body)).toEqual({ ...settings, status: 'disabled' })
    for (const request of requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${apiToken}`)
      expect(requestViolations('cloudflare', request, baseUrl)).toEqual([])
    }
    expect(key).toMatchObject({
      provider: 'cloudflare',
      id: keyId,
      name: 'readonly token',
      expiresAt: '2030-01-01T00:00:00Z',
      ipAllowlist: ['199.27.128.0/21'],
      createdAt: '2018-07-01T05:20:00Z',
      readBeforeWrite: true,
    })
  })

  it('maps expiry, not-before and the IP condition; a bare address is a one-address range; null removes', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({
      keyId,
      expiresAt: new Date('2031-05-01T10:00:00Z'),
      notBefore: null,
      ipAllowlist: ['203.0.113.7', '2001:db8::/32'],
      ipDenylist: [],
    })
    const body = bodyOf(requests[1]!.body)
    expect(body.expires_on).toBe('2031-05-01T10:00:00Z')
    expect('not_before' in body).toBe(false)
    expect(body.condition).toEqual({ request_ip: { in: ['203.0.113.7/32', '2001:db8::/32'] } })
    await provider.updateApiKey({ keyId, expiresAt: null, ipAllowlist: [], ipDenylist: [] })
    const cleared = bodyOf(requests[3]!.body)
    expect('expires_on' in cleared).toBe(false)
    expect('condition' in cleared).toBe(false)
  })

  it("reads the 2024 document's `request.ip` condition too", async () => {
    const legacy = { ...cloudflareToken, condition: { 'request.ip': { in: ['10.0.0.0/8'] } } }
    const { provider, requests } = setup(() => json(cloudflareEnvelope(legacy)))
    await provider.updateApiKey({ keyId, name: 'renamed' })
    expect(bodyOf(requests[1]!.body).condition).toEqual({ request_ip: { in: ['10.0.0.0/8'] } })
  })

  it('an account-owned token lives under its account', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId, accountId, name: 'ci' })
    for (const request of requests) {
      expect(new URL(request.url).pathname).toBe(`/client/v4/accounts/${accountId}/tokens/${keyId}`)
      expect(requestViolations('cloudflare', request, baseUrl)).toEqual([])
    }
  })

  it('readBeforeWrite off: name, enabled and policies are required, and nothing is read', async () => {
    const { provider, requests } = setup()
    const refused = await provider
      .updateApiKey({ keyId, name: 'x' }, { readBeforeWrite: false })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).issues.map((issue) => issue.path[0])).toEqual(['enabled', 'policies'])
    const policies = cloudflareToken.policies.map(({ id: _, ...policy }) => policy)
    await provider.updateApiKey({ keyId, name: 'x', enabled: true, policies }, { readBeforeWrite: false })
    expect(requests.map((request) => request.method)).toEqual(['PUT'])
    expect(bodyOf(requests[0]!.body)).toEqual({ name: 'x', status: 'active', policies })
  })

  it('reads the envelope of a failure', async () => {
    const { provider } = setup(() =>
      json(
        {
          success: false,
          errors: [{ code: 9109, message: 'Invalid access token' }],
          messages: [],
          result: null,
        },
        {
          status: 403,
        },
      ),
    )
    const error = await provider.updateApiKey({ keyId, name: 'x' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PermissionDeniedError)
    expect(String(error)).toContain('cloudflare 403: Invalid access token (9109)')
  })

  it('paces bulk runs at its documented limit (1200 requests per 5 minutes)', () => {
    expect(createCloudflare({ apiToken }).requestsPerMinute).toBe(240)
  })

  it.each(fieldsOtherThan(['name', 'enabled', 'expiresAt', 'ipAllowlist', 'accountId']))(
    'rejects the unsupported field %s',
    async (field) => {
      const { provider, requests } = setup()
      const error = await provider
        .updateApiKey({ keyId, name: 'n', [field]: 'x' } as never)
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UnsupportedFieldError)
      expect(requests).toHaveLength(0)
    },
  )
})

describe('cloudflare against its mock', () => {
  const mock = createMockProviders({ providers: ['cloudflare'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  it('keeps what the update does not change: the whole token is re-sent', async () => {
    mock.seed('cloudflare', [
      {
        id: keyId,
        name: 'old',
        expires_on: '2030-01-01T00:00:00Z',
        condition: { request_ip: { in: ['10.0.0.0/8'] } },
      },
    ])
    const key = await createCloudflare({ apiToken }).updateApiKey({ keyId, name: 'new' })
    expect(key).toMatchObject({
      name: 'new',
      enabled: true,
      expiresAt: '2030-01-01T00:00:00Z',
      ipAllowlist: ['10.0.0.0/8'],
    })
    const [stored] = mock.keys('cloudflare') as { name: string; condition: unknown }[]
    expect(stored).toMatchObject({ name: 'new', condition: { request_ip: { in: ['10.0.0.0/8'] } } })
  })

  it("an account's token is not reached as a user's, and the other way round", async () => {
    mock.seed('cloudflare', [{ id: keyId, accountId }])
    const client = createCloudflare({ apiToken })
    await expect(client.updateApiKey({ keyId, name: 'x' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(client.updateApiKey({ keyId, accountId, name: 'x' })).resolves.toMatchObject({ name: 'x' })
  })

  it('verifyUpdate compares policies on what a caller sets (not the server ids or names)', async () => {
    mock.seed('cloudflare', [{ id: keyId }])
    const client = createCloudflare({ apiToken })
    const policies = [
      {
        effect: 'deny' as const,
        permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }],
        resources: { 'com.cloudflare.api.user.*': '*' },
      },
    ]
    expect(await client.verifyUpdate!({ keyId, policies })).toBeUndefined()
    await client.updateApiKey({ keyId, policies })
    expect(await client.verifyUpdate!({ keyId, policies })).toMatchObject({ id: keyId })
  })
})
