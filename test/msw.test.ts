import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  RateLimitError,
  ServerError,
  updateApiKey,
} from '../src'
import { createMockProviders, pulseCrmMockBaseUrl } from '../src/msw'

const mock = createMockProviders()
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mock.reset())
afterAll(() => server.close())

const plumaaId = '5e5677d71bdc2ae76344968c'
// `%41` must stay `%41`: a key is matched after exactly one decoding.
const authKey = 'live_mock/key?with#odd%41chars'

describe('keyshift against keyshift/msw', () => {
  it('updates one key on each provider and the stores reflect it', async () => {
    mock.seed('partoo', [{ id: 3245, label: 'Old' }])
    mock.seed('pulsecrm', [{ id: 'key_01', description: 'Old', flatPermissionsList: ['readApplications'] }])
    mock.seed('theauthapi', [{ key: authKey, name: 'Old' }])
    mock.seed('plumaa', [{ id: plumaaId, name: 'Old' }])

    const partoo = createPartoo({ apiKey: 'mock' })
    const pulse = createPulseCrm({
      baseUrl: pulseCrmMockBaseUrl,
      email: 'admin@example.com',
      password: 'pw-secret-1',
    })
    const auth = createTheAuthApi({ accessKey: 'mock-access' })
    const plumaa = createPlumaa({ apiKey: 'mock-plumaa' })

    const tomorrowPlus = new Date(Date.now() + 3 * 86_400_000)
      .toISOString()
      .slice(0, 10) as `${number}-${number}-${number}`
    const a = await updateApiKey({
      provider: partoo,
      keyId: 3245,
      name: 'New',
      expiresAt: tomorrowPlus,
      ipAllowlist: ['10.0.0.0/8'],
    })
    const b = await updateApiKey({ provider: pulse, keyId: 'key_01', expiresAt: '2030-01-01T00:00:00Z' })
    const c = await updateApiKey({
      provider: auth,
      keyId: authKey,
      rateLimit: { limit: 10, windowSeconds: 60 },
    })
    const d = await updateApiKey({ provider: plumaa, keyId: plumaaId, enabled: false })

    expect(a).toMatchObject({ name: 'New', expiresAt: tomorrowPlus, ipAllowlist: ['10.0.0.0/8'] })
    expect(b).toMatchObject({ description: 'Old', permissions: ['readApplications'], readBeforeWrite: true })
    expect(c).toMatchObject({ name: 'Old', readBeforeWrite: true })
    expect(c.raw.rateLimitConfigs).toEqual({ rateLimit: 10, rateLimitTtl: 60 })
    expect(d).toMatchObject({ enabled: false, name: 'Old' })
    expect(mock.keys('pulsecrm')[0]).toMatchObject({ expiresAt: '2030-01-01T00:00:00.000Z' })
    expect(mock.keys('plumaa')[0]).toMatchObject({ enabled: false })
  })

  it('records calls with secrets redacted', async () => {
    mock.seed('theauthapi', [{ key: authKey }])
    await createTheAuthApi({ accessKey: 'mock-access-secret' }).updateApiKey({ keyId: authKey, name: 'n' })
    expect(mock.calls.map((call) => `${call.method} ${call.status}`)).toEqual(['PATCH 200'])
    const recorded = JSON.stringify(mock.calls)
    expect(recorded).not.toContain('mock-access-secret')
    expect(recorded).not.toContain(encodeURIComponent(authKey))
    expect(recorded).toContain('[REDACTED]')
  })

  it('records a PulseCRM login password and a new custom key value redacted, quotes and all', async () => {
    mock.seed('pulsecrm', [{ id: 'key_01' }])
    mock.seed('theauthapi', [{ key: authKey }])
    const password = 'Pa"ss\\mock-secret'
    const newKey = 'live_new-"custom"\\key'
    await createPulseCrm({ baseUrl: pulseCrmMockBaseUrl, email: 'admin@example.com', password }).updateApiKey(
      {
        keyId: 'key_01',
        description: 'd',
        permissions: [],
      },
    )
    await createTheAuthApi({ accessKey: 'a-key' }).updateApiKey({
      keyId: authKey,
      name: 'n',
      newKeyValue: newKey,
    })
    expect(mock.calls.map((call) => `${call.method} ${call.status}`)).toEqual([
      'POST 200',
      'PATCH 200',
      'PATCH 200',
    ])
    const recorded = JSON.stringify(mock.calls)
    for (const secret of [password, newKey]) {
      expect(recorded).not.toContain(JSON.stringify(secret).slice(1, -1))
      expect(JSON.stringify(mock.calls.map((call) => call.body))).not.toContain('mock-secret')
    }
    expect(mock.calls[0]?.body).toEqual({ email: 'admin@example.com', password: '[REDACTED]' })
  })

  it('fail() scripts errors that keyshift retries, then the mock behaves again', async () => {
    mock.seed('theauthapi', [{ key: authKey }])
    mock.fail('theauthapi', { status: 503, times: 2 })
    const key = await createTheAuthApi({ accessKey: 'a-key' }).updateApiKey({
      keyId: authKey,
      name: 'after 503s',
    })
    expect(key.name).toBe('after 503s')
    expect(mock.calls.map((call) => call.status)).toEqual([503, 503, 200])
    mock.fail('theauthapi', { status: 500, times: 5 })
    await expect(
      createTheAuthApi({ accessKey: 'a-key', maxRetries: 1 }).updateApiKey({ keyId: authKey, name: 'x' }),
    ).rejects.toBeInstanceOf(ServerError)
  })

  it('rateLimit() answers 429 with the vendor’s header', async () => {
    mock.seed('partoo', [{ id: 1 }])
    mock.rateLimit('partoo', { retryAfterSeconds: 120 })
    const error = await createPartoo({ apiKey: 'test-key' })
      .updateApiKey({ keyId: 1, name: 'x' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfterMs).toBe(120_000)
  })

  it('latency() delays responses', async () => {
    mock.seed('plumaa', [{ id: plumaaId }])
    mock.latency(80)
    const started = performance.now()
    await createPlumaa({ apiKey: 'test-key' }).updateApiKey({ keyId: plumaaId, name: 'slow' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(75)
  })

  it('answers like the vendor on auth and unknown keys', async () => {
    await expect(
      createPartoo({ apiKey: 'test-key' }).updateApiKey({ keyId: 999, name: 'x' }),
    ).rejects.toThrow('partoo 404: Resource not found')
    await expect(
      createTheAuthApi({ accessKey: 'test-access-key' }).updateApiKey({ keyId: 'nope', name: 'x' }),
    ).rejects.toThrow('theauthapi 404: Invalid client key')
    await expect(
      createPlumaa({ apiKey: 'test-key' }).updateApiKey({ keyId: plumaaId, name: 'x' }),
    ).rejects.toThrow(/not found/)
    const noAuth = await fetch('https://api.partoo.co/v2/api_keys/1', { method: 'PUT', body: '{}' })
    expect(noAuth.status).toBe(401)
    expect(await noAuth.json()).toEqual({ errors: { authentication: 'User not authenticated' } })
  })

  it('finds msw installed after the client was created (fetch is looked up per call)', async () => {
    server.close()
    const partoo = createPartoo({ apiKey: 'test-key' })
    server.listen({ onUnhandledRequest: 'error' })
    mock.seed('partoo', [{ id: 7 }])
    await expect(partoo.updateApiKey({ keyId: 7, name: 'late msw' })).resolves.toMatchObject({
      name: 'late msw',
    })
  })
})

describe('the Plumaa mock reads input as SOFA does', () => {
  const url = 'https://api.plumaa.id/rest/v1/api-key'
  const put = (query: string, body?: unknown) =>
    fetch(`${url}${query}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  it('breaks on openapi-fetch’s default deepObject query, as the real server does', async () => {
    mock.seed('plumaa', [{ id: plumaaId }])
    const response = await put(`?input[id]=${plumaaId}&input[enabled]=false`, {
      input: { id: plumaaId, enabled: false },
    })
    expect(response.status).toBe(500)
    expect(JSON.stringify(await response.json())).toContain('Boolean cannot represent a non boolean value')
  })

  it('takes the query over the body, without merging', async () => {
    mock.seed('plumaa', [{ id: plumaaId }])
    const input = encodeURIComponent(JSON.stringify({ id: plumaaId, name: 'fromQuery' }))
    const response = await put(`?input=${input}`, {
      input: { id: plumaaId, name: 'fromBody', enabled: false },
    })
    expect(await response.json()).toMatchObject({ name: 'fromQuery', enabled: true })
  })

  it('400 for malformed JSON, 500 when input is missing', async () => {
    expect((await put('?input=%7Bnot-json')).status).toBe(400)
    expect((await put('')).status).toBe(500)
  })
})
