import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  PermissionDeniedError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
  waitForUpdate,
} from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createAlgolia } from '.'
import { algoliaKey, algoliaKeyValue, algoliaUpdated } from './algolia-fixtures'

const baseUrl = 'https://testapp.algolia.net'
const apiKey = 'algolia-admin-key-0001'
const keyId = algoliaKeyValue

function setup(respond: Parameters<typeof observedFetch>[0] = defaultAnswer, options = {}) {
  const observed = observedFetch(respond)
  const provider = createAlgolia({
    appId: 'testapp',
    apiKey,
    fetch: observed.fetch,
    retryBaseDelayMs: 0,
    ...options,
  })
  return { ...observed, provider }
}

function defaultAnswer(request: { method: string }) {
  return request.method === 'GET' ? json(algoliaKey) : json(algoliaUpdated)
}

const settingsOf = (body: string | null) => JSON.parse(body ?? '{}') as Record<string, unknown>

describe('algolia', () => {
  it('a partial update reads the key and re-sends every setting it does not change (a full replace)', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({ provider, keyId, description: 'checkout' })
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${baseUrl}/1/keys/${keyId}`,
      `PUT ${baseUrl}/1/keys/${keyId}`,
    ])
    const { value: _, createdAt: __, ...settings } = algoliaKey
    expect(settingsOf(requests[1]!.body)).toEqual({ ...settings, description: 'checkout' })
    for (const request of requests) {
      expect(request.headers.get('x-algolia-application-id')).toBe('testapp')
      expect(request.headers.get('x-algolia-api-key')).toBe(apiKey)
      expect(requestViolations('algolia', request, baseUrl)).toEqual([])
    }
    expect(key).toMatchObject({
      provider: 'algolia',
      description: 'checkout',
      permissions: ['search', 'browse'],
      allowedReferrers: ['https://shop.example.com/*'],
      expiresAt: null,
      propagating: true,
      readBeforeWrite: true,
      updatedAt: algoliaUpdated.updatedAt,
    })
    expect(key.id).not.toContain(keyId)
    expect(key.revealSecret()).toBe(keyId)
    expect(JSON.stringify(key)).not.toContain(keyId)
  })

  it('maps the normalized fields and its own, and sends no read when every setting is given', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({
      keyId,
      permissions: ['search'],
      description: '',
      expiresAt: null,
      rateLimit: { limit: 500, windowSeconds: 3600 },
      allowedReferrers: ['*.example.com'],
      indexes: ['dev_*'],
      maxHitsPerQuery: 20,
      queryParameters: 'restrictSources=192.168.1.0/24',
    })
    expect(requests.map((request) => request.method)).toEqual(['PUT'])
    expect(settingsOf(requests[0]!.body)).toEqual({
      acl: ['search'],
      description: '',
      validity: 0,
      maxQueriesPerIPPerHour: 500,
      referers: ['*.example.com'],
      indexes: ['dev_*'],
      maxHitsPerQuery: 20,
      queryParameters: 'restrictSources=192.168.1.0/24',
    })
  })

  it('an expiry becomes validity in seconds from now; null is 0 (never); a past one is refused', async () => {
    const { provider, requests } = setup()
    const inOneDay = new Date(Date.now() + 86_400_000)
    await provider.updateApiKey({ keyId, expiresAt: inOneDay, rateLimit: null })
    const { validity, maxQueriesPerIPPerHour } = settingsOf(requests[1]!.body)
    expect(validity).toBeGreaterThan(86_390)
    expect(validity).toBeLessThanOrEqual(86_400)
    expect(maxQueriesPerIPPerHour).toBe(0)
    const past = await provider
      .updateApiKey({ keyId, expiresAt: '2001-01-01' })
      .catch((error: unknown) => error)
    expect(past).toBeInstanceOf(ValidationError)
    expect(requests).toHaveLength(2)
  })

  it('readBeforeWrite off: the ACLs are required, and what is left out resets (no read)', async () => {
    const { provider, requests } = setup()
    const refused = await provider
      .updateApiKey({ keyId, description: 'x' }, { readBeforeWrite: false })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).field).toBe('permissions')
    await provider.updateApiKey({ keyId, permissions: ['search'] }, { readBeforeWrite: false })
    expect(requests.map((request) => request.method)).toEqual(['PUT'])
    expect(settingsOf(requests[0]!.body)).toEqual({ acl: ['search'] })
  })

  it('a rate limit must be per hour; a permission must be an Algolia ACL', async () => {
    const { provider, requests } = setup()
    for (const input of [
      { keyId, rateLimit: { limit: 5, windowSeconds: 60 } },
      { keyId, permissions: ['admin'] },
    ]) {
      const error = await provider.updateApiKey(input as never).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ValidationError)
    }
    expect(requests).toHaveLength(0)
  })

  it("moves to the application's fallback hosts when a host fails, not on a 429", async () => {
    let attempt = 0
    const { provider, requests } = setup(() => {
      attempt++
      if (attempt === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
      if (attempt === 2) return json({ message: 'down' }, { status: 503 })
      return json(algoliaUpdated)
    })
    await provider.updateApiKey({ keyId, permissions: ['search'] }, { readBeforeWrite: false, maxRetries: 3 })
    const hosts = requests.map((request) => new URL(request.url).host)
    expect(hosts[0]).toBe('testapp.algolia.net')
    expect(hosts[1]).toMatch(/^testapp-[123]\.algolianet\.com$/)
    expect(hosts[2]).toMatch(/^testapp-[123]\.algolianet\.com$/)
    expect(hosts[2]).not.toBe(hosts[1])
    for (const request of requests) expect(new URL(request.url).pathname).toBe(`/1/keys/${keyId}`)

    let limited = 0
    const rateLimited = setup(() =>
      limited++ === 0 ? json({ message: 'slow down' }, { status: 429 }) : json(algoliaUpdated),
    )
    await rateLimited.provider.updateApiKey({ keyId, permissions: ['search'] }, { readBeforeWrite: false })
    expect(rateLimited.requests.map((request) => new URL(request.url).host)).toEqual([
      'testapp.algolia.net',
      'testapp.algolia.net',
    ])
  })

  it('a baseUrl of your own has no fallbacks; a missing application id is a missing credential', async () => {
    const { provider, requests } = setup(() => json(algoliaUpdated), {
      appId: undefined,
      baseUrl: 'https://proxy.example.com',
    })
    await provider.updateApiKey({ keyId, permissions: ['search'] }, { readBeforeWrite: false })
    expect(requests[0]?.url).toBe(`https://proxy.example.com/1/keys/${keyId}`)
    const previous = process.env.ALGOLIA_APPLICATION_ID
    delete process.env.ALGOLIA_APPLICATION_ID
    try {
      const error = (() => {
        try {
          createAlgolia({ apiKey })
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues[0]).toMatchObject({
        path: ['appId'],
        code: 'missing-credential',
      })
      expect(() => createAlgolia({ appId: 'bad.host/x', apiKey })).toThrow(ValidationError)
    } finally {
      if (previous !== undefined) process.env.ALGOLIA_APPLICATION_ID = previous
    }
  })

  it("reads Algolia's error body", async () => {
    const { provider } = setup(() =>
      json({ message: 'Invalid Application-ID or API key', status: 403 }, { status: 403 }),
    )
    const error = await provider.updateApiKey({ keyId, description: 'x' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PermissionDeniedError)
    expect(String(error)).toContain('algolia 403: Invalid Application-ID or API key')
  })

  it.each(fieldsOtherThan(['description', 'permissions', 'expiresAt', 'rateLimit', 'allowedReferrers']))(
    'rejects the unsupported field %s',
    async (field) => {
      const { provider, requests } = setup()
      const error = await provider
        .updateApiKey({ keyId, description: 'd', [field]: 'x' } as never)
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UnsupportedFieldError)
      expect(requests).toHaveLength(0)
    },
  )
})

describe('algolia against its mock (applied in the background)', () => {
  const mock = createMockProviders({ providers: ['algolia'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  const client = () => createAlgolia({ appId: 'anyapp', apiKey: 'admin-key-1' })

  it('answers any application; a read right after a write still shows the old key, waitForUpdate waits it out', async () => {
    mock.seed('algolia', [{ value: 'key-1', acl: ['search'], description: 'old' }])
    const algolia = client()
    const key = await algolia.updateApiKey({ keyId: 'key-1', description: 'new' })
    expect(key.propagating).toBe(true)
    expect(await algolia.verifyUpdate!({ keyId: 'key-1', description: 'new' })).toBeUndefined()
    const shown = await waitForUpdate(algolia, { keyId: 'key-1', description: 'new' }, { intervalMs: 1 })
    expect(shown).toMatchObject({ description: 'new', permissions: ['search'] })
    expect(shown.propagating).toBeUndefined()
  })

  it('two quick partial updates of one key keep both changes, although reads lag behind', async () => {
    mock.seed('algolia', [{ value: 'key-2', acl: ['search'], description: 'old', indexes: ['a'] }])
    const algolia = client()
    await algolia.updateApiKey({ keyId: 'key-2', description: 'first' })
    await algolia.updateApiKey({ keyId: 'key-2', indexes: ['b'] })
    expect(mock.keys('algolia')).toEqual([
      expect.objectContaining({ value: 'key-2', description: 'first', indexes: ['b'], acl: ['search'] }),
    ])
  })

  it('a full replace resets what it leaves out', async () => {
    mock.seed('algolia', [{ value: 'key-3', acl: ['search'], description: 'kept?', maxHitsPerQuery: 9 }])
    await client().updateApiKey({ keyId: 'key-3', permissions: ['browse'] }, { readBeforeWrite: false })
    expect(mock.keys('algolia')).toEqual([
      expect.objectContaining({ acl: ['browse'], description: '', maxHitsPerQuery: 0 }),
    ])
  })

  it('waitForUpdate gives up with a TimeoutError when the change never shows', async () => {
    mock.seed('algolia', [{ value: 'key-4', acl: ['search'] }])
    const error = await waitForUpdate(
      client(),
      { keyId: 'key-4', description: 'never' },
      { timeoutMs: 50, intervalMs: 5 },
    ).catch((caught: unknown) => caught)
    expect((error as Error).name).toBe('TimeoutError')
  })
})
