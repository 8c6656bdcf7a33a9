import { inspect } from 'node:util'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RateLimitError, UnsupportedFieldError, updateApiKey, ValidationError } from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createDatadog } from '.'
import { datadogApiKey, datadogApplicationKey, datadogSecret } from './datadog-fixtures'

const baseUrl = 'https://api.datadoghq.com'
const apiKey = 'dd-api-key-test-0001'
const appKey = 'dd-app-key-test-0001'
const keyId = datadogApiKey.data.id
const appKeyId = datadogApplicationKey.data.id

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(datadogApiKey), options = {}) {
  const observed = observedFetch(respond)
  const provider = createDatadog({ apiKey, appKey, fetch: observed.fetch, ...options })
  return { ...observed, provider }
}

describe('datadog', () => {
  it('edits an API key with a JSON:API body, the id repeated, both keys in headers', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({ provider, keyId, name: 'metrics', category: 'ops' })
    const [request] = requests
    expect(`${request?.method} ${request?.url}`).toBe(`PATCH ${baseUrl}/api/v2/api_keys/${keyId}`)
    expect(JSON.parse(request!.body!)).toEqual({
      data: { type: 'api_keys', id: keyId, attributes: { name: 'metrics', category: 'ops' } },
    })
    expect(request?.headers.get('dd-api-key')).toBe(apiKey)
    expect(request?.headers.get('dd-application-key')).toBe(appKey)
    expect(requestViolations('datadog', request!, baseUrl)).toEqual([])
    expect(key).toMatchObject({ provider: 'datadog', id: keyId, name: 'API Key for submitting metrics' })
    expect(key.revealSecret()).toBe(datadogSecret)
    expect(key.raw.data?.attributes && 'key' in key.raw.data.attributes).toBe(false)
    expect(JSON.stringify(key) + inspect(key, { depth: 9, showHidden: true })).not.toContain(datadogSecret)
  })

  it("the name is required on every API key PATCH: a flag alone reads the key's name first", async () => {
    const { provider, requests } = setup()
    const key = await provider.updateApiKey({ keyId, remoteConfigReadEnabled: true })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH'])
    expect(JSON.parse(requests[1]!.body!).data.attributes).toEqual({
      name: 'API Key for submitting metrics',
      remote_config_read_enabled: true,
    })
    expect(key.readBeforeWrite).toBe(true)
    const refused = await provider
      .updateApiKey({ keyId, category: 'x' }, { readBeforeWrite: false })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ValidationError)
  })

  it("edits the current user's application key: name and scopes; null unscopes it", async () => {
    const { provider, requests } = setup(() => json(datadogApplicationKey))
    const key = await provider.updateApiKey({
      keyId: appKeyId,
      keyType: 'application_key',
      permissions: null,
    })
    expect(requests[0]?.url).toBe(`${baseUrl}/api/v2/current_user/application_keys/${appKeyId}`)
    expect(JSON.parse(requests[0]!.body!)).toEqual({
      data: { type: 'application_keys', id: appKeyId, attributes: { scopes: null } },
    })
    expect(requestViolations('datadog', requests[0]!, baseUrl)).toEqual([])
    expect(key.permissions).toEqual(['dashboards_read'])
    expect(key.revealSecret()).toBe(datadogSecret)
  })

  it('scopes belong to application keys, category and Remote Configuration to API keys', async () => {
    const { provider, requests } = setup()
    const onApiKey = await provider
      .updateApiKey({ keyId, permissions: ['x'] } as never)
      .catch((error: unknown) => error)
    expect(onApiKey).toBeInstanceOf(UnsupportedFieldError)
    const onAppKey = await provider
      .updateApiKey({ keyId, keyType: 'application_key', category: 'x' } as never)
      .catch((error: unknown) => error)
    expect(onAppKey).toBeInstanceOf(UnsupportedFieldError)
    expect(requests).toHaveLength(0)
  })

  it("each site is its own API root; One-Time Read organizations' answers hold no secret", async () => {
    const withoutKey = { data: { ...datadogApiKey.data, attributes: { name: 'n' } } }
    const { provider, requests } = setup(() => json(withoutKey), { environment: 'eu' })
    const key = await provider.updateApiKey({ keyId, name: 'n' })
    expect(requests[0]?.url).toBe(`https://api.datadoghq.eu/api/v2/api_keys/${keyId}`)
    expect(() => key.revealSecret()).toThrow(TypeError)
  })

  it('a 429 says when to retry from X-RateLimit-Reset (seconds until the reset)', async () => {
    const { provider } = setup(() =>
      json({ errors: ['Too many requests'] }, { status: 429, headers: { 'x-ratelimit-reset': '75' } }),
    )
    const error = await provider.updateApiKey({ keyId, name: 'n' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfterMs).toBe(75_000)
    expect(String(error)).toContain('datadog 429: Too many requests')
  })

  it.each(fieldsOtherThan(['name', 'permissions']))('rejects the unsupported field %s', async (field) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, name: 'n', [field]: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnsupportedFieldError)
    expect(requests).toHaveLength(0)
  })
})

describe('datadog against its mock', () => {
  const mock = createMockProviders({ providers: ['datadog'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  it('updates an API key on any site and an application key, each by its own path', async () => {
    mock.seed('datadog', [
      { id: keyId, attributes: { name: 'old' } },
      { id: appKeyId, type: 'application_keys', attributes: { scopes: ['a'] } },
    ])
    const client = createDatadog({ apiKey, appKey, environment: 'us5' })
    await client.updateApiKey({ keyId, remoteConfigReadEnabled: true })
    await client.updateApiKey({ keyId: appKeyId, keyType: 'application_key', permissions: ['b', 'c'] })
    const keys = mock.keys('datadog') as { id: string; attributes: Record<string, unknown> }[]
    expect(keys.find((key) => key.id === keyId)?.attributes).toMatchObject({
      name: 'old',
      remote_config_read_enabled: true,
    })
    expect(keys.find((key) => key.id === appKeyId)?.attributes.scopes).toEqual(['b', 'c'])
    // An application key is not an API key.
    await expect(client.updateApiKey({ keyId: appKeyId, name: 'x' })).rejects.toThrow('datadog 404')
  })

  it('answers a request without the application key with 403 Forbidden', async () => {
    mock.seed('datadog', [{ id: keyId }])
    const answer = await fetch(`${baseUrl}/api/v2/api_keys/${keyId}`, { headers: { 'dd-api-key': apiKey } })
    expect(answer.status).toBe(403)
    expect(await answer.json()).toEqual({ errors: ['Forbidden'] })
  })
})
