import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BadRequestError, UnsupportedFieldError, updateApiKey, ValidationError } from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createUnkey } from '.'
import { unkeyKey, unkeyUpdated } from './unkey-fixtures'

const baseUrl = 'https://api.unkey.com'
const rootKey = 'unkey_root_test_0001'
const keyId = unkeyKey.data.keyId

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(unkeyUpdated)) {
  const observed = observedFetch(respond)
  const provider = createUnkey({ rootKey, fetch: observed.fetch })
  return { ...observed, provider }
}

const bodyOf = (body: string | null) => JSON.parse(body ?? '{}') as Record<string, unknown>

describe('unkey', () => {
  it('one POST, only what changes: left out keeps, null clears, lists replace', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({
      provider,
      keyId,
      name: null,
      expiresAt: '2030-01-01T00:00:00Z',
      enabled: false,
      metadata: null,
      ownerUserId: 'user_912a841d',
      permissions: ['documents.read'],
      roles: [],
      credits: { remaining: 100, refill: { interval: 'monthly', amount: 100, refillDay: 1 } },
    })
    expect(requests).toHaveLength(1)
    expect(`${requests[0]?.method} ${requests[0]?.url}`).toBe(`POST ${baseUrl}/v2/keys.updateKey`)
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${rootKey}`)
    expect(bodyOf(requests[0]!.body)).toEqual({
      keyId,
      name: null,
      expires: Date.parse('2030-01-01T00:00:00Z'),
      enabled: false,
      meta: null,
      externalId: 'user_912a841d',
      permissions: ['documents.read'],
      roles: [],
      credits: { remaining: 100, refill: { interval: 'monthly', amount: 100, refillDay: 1 } },
    })
    expect(requestViolations('unkey', requests[0]!, baseUrl)).toEqual([])
    expect(key).toMatchObject({
      provider: 'unkey',
      id: keyId,
      expiresAt: '2030-01-01T00:00:00.000Z',
      enabled: false,
      permissions: ['documents.read'],
      readBeforeWrite: false,
    })
    expect(key.name).toBeUndefined()
    expect(key.raw.meta.requestId).toBe(unkeyUpdated.meta.requestId)
  })

  it('rateLimit sets one limit named `requests`; null removes every limit; ratelimits names its own', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId, rateLimit: { limit: 10, windowSeconds: 60 } })
    await provider.updateApiKey({ keyId, rateLimit: null })
    await provider.updateApiKey({ keyId, ratelimits: [{ name: 'downloads', limit: 5, duration: 1000 }] })
    expect(requests.map((request) => bodyOf(request.body).ratelimits)).toEqual([
      [{ name: 'requests', limit: 10, duration: 60_000, autoApply: true }],
      null,
      [{ name: 'downloads', limit: 5, duration: 1000, autoApply: false }],
    ])
    const both = await provider
      .updateApiKey({ keyId, rateLimit: null, ratelimits: [] })
      .catch((error: unknown) => error)
    expect(both).toBeInstanceOf(ValidationError)
  })

  it("reads Unkey's problem details, with each validation error's location", async () => {
    const { provider } = setup(() =>
      json(
        {
          meta: { requestId: 'req_1' },
          error: {
            title: 'Bad Request',
            detail: 'The request body is invalid.',
            status: 400,
            type: 'https://unkey.com/docs/errors/unkey/application/invalid_input',
            errors: [{ location: 'body.permissions[0]', message: 'does not match the pattern' }],
          },
        },
        { status: 400 },
      ),
    )
    const error = await provider.updateApiKey({ keyId, enabled: true }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BadRequestError)
    expect(String(error)).toContain(
      'unkey 400: The request body is invalid.; body.permissions[0]: does not match the pattern',
    )
  })

  it('an expiry from 2100 on is refused before sending (Unkey takes none later)', async () => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, expiresAt: '2100-01-01T00:00:01Z' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect(requests).toHaveLength(0)
  })

  it.each(
    fieldsOtherThan(['name', 'expiresAt', 'enabled', 'metadata', 'ownerUserId', 'permissions', 'rateLimit']),
  )('rejects the unsupported field %s', async (field) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, enabled: true, [field]: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnsupportedFieldError)
    expect(requests).toHaveLength(0)
  })
})

describe('unkey against its mock', () => {
  const mock = createMockProviders({ providers: ['unkey'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  it('keeps what is left out, clears what is null, and verifyUpdate reads it back (keys.getKey)', async () => {
    mock.seed('unkey', [
      { keyId, name: 'old', meta: { plan: 'free' }, permissions: ['a'], expires: 1_900_000_000_000 },
    ])
    const client = createUnkey({ rootKey })
    await client.updateApiKey({ keyId, metadata: null, permissions: ['b', 'c'] })
    const [stored] = mock.keys('unkey') as Record<string, unknown>[]
    expect(stored).toMatchObject({ name: 'old', permissions: ['b', 'c'], expires: 1_900_000_000_000 })
    expect(stored && 'meta' in stored).toBe(false)
    await expect(
      client.verifyUpdate!({ keyId, metadata: null, permissions: ['c', 'b'] }),
    ).resolves.toMatchObject({
      name: 'old',
      permissions: ['b', 'c'],
    })
    await expect(client.verifyUpdate!({ keyId, enabled: false })).resolves.toBeUndefined()
  })

  it('links an identity by externalId and unlinks it with null', async () => {
    mock.seed('unkey', [{ keyId }])
    const client = createUnkey({ rootKey })
    await client.updateApiKey({ keyId, ownerUserId: 'user_1' })
    expect((mock.keys('unkey')[0] as { identity?: { externalId: string } }).identity?.externalId).toBe(
      'user_1',
    )
    await client.updateApiKey({ keyId, ownerUserId: null })
    expect(mock.keys('unkey')[0]).not.toHaveProperty('identity')
  })
})
