import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  BadRequestError,
  ConflictError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
  waitForUpdate,
} from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createGoogleApiKeys } from '.'
import { googleKey, googleKeyName, googleOperation } from './google-apikeys-fixtures'

const baseUrl = 'https://apikeys.googleapis.com'
const accessToken = 'ya29.google-test-token'

function setup(respond: Parameters<typeof observedFetch>[0], options = {}) {
  const observed = observedFetch(respond)
  const provider = createGoogleApiKeys({ accessToken, fetch: observed.fetch, ...options })
  return { ...observed, provider }
}

const done = (request: { method: string }) =>
  request.method === 'GET' ? json(googleKey) : json(googleOperation(true))

describe('google-apikeys', () => {
  it('a rename is one PATCH with updateMask=display_name; the done operation gives the key', async () => {
    const { provider, requests } = setup(done)
    const key = await updateApiKey({ provider, keyId: googleKeyName, name: 'maps frontend' })
    expect(requests).toHaveLength(1)
    const url = new URL(requests[0]!.url)
    expect(`${requests[0]?.method} ${url.origin}${url.pathname}`).toBe(`PATCH ${baseUrl}/v2/${googleKeyName}`)
    expect(url.searchParams.get('updateMask')).toBe('display_name')
    expect(JSON.parse(requests[0]!.body!)).toEqual({ displayName: 'maps frontend' })
    expect(requestViolations('google-apikeys', requests[0]!, baseUrl)).toEqual([])
    expect(key).toMatchObject({
      provider: 'google-apikeys',
      id: googleKeyName,
      name: 'maps frontend',
      allowedReferrers: ['https://www.example.com/*'],
      readBeforeWrite: false,
    })
    expect(key.propagating).toBeUndefined()
  })

  it('a restriction change reads the key and re-sends the rest, with its etag; one client kind replaces another', async () => {
    const { provider, requests } = setup(done)
    await provider.updateApiKey({ keyId: googleKeyName, ipAllowlist: ['203.0.113.7'] })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH'])
    expect(new URL(requests[1]!.url).searchParams.get('updateMask')).toBe('restrictions')
    expect(JSON.parse(requests[1]!.body!)).toEqual({
      restrictions: {
        serverKeyRestrictions: { allowedIps: ['203.0.113.7'] },
        apiTargets: [{ service: 'maps-backend.googleapis.com' }],
      },
      etag: googleKey.etag,
    })
    for (const request of requests) expect(requestViolations('google-apikeys', request, baseUrl)).toEqual([])
  })

  it('a key id needs a project: accountId, the project option or GOOGLE_CLOUD_PROJECT', async () => {
    const { provider, requests } = setup(done, { project: 'my-project' })
    await provider.updateApiKey({ keyId: 'b7ff1f9f', name: 'n' })
    await provider.updateApiKey({ keyId: 'b7ff1f9f', accountId: 'other-project', name: 'n' })
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/v2/projects/my-project/locations/global/keys/b7ff1f9f',
      '/v2/projects/other-project/locations/global/keys/b7ff1f9f',
    ])
    const previous = process.env.GOOGLE_CLOUD_PROJECT
    delete process.env.GOOGLE_CLOUD_PROJECT
    try {
      const bare = setup(done)
      await expect(bare.provider.updateApiKey({ keyId: 'b7ff1f9f', name: 'n' })).rejects.toBeInstanceOf(
        ValidationError,
      )
      expect(bare.requests).toHaveLength(0)
    } finally {
      if (previous !== undefined) process.env.GOOGLE_CLOUD_PROJECT = previous
    }
  })

  it('two kinds of client restriction at once are refused before sending', async () => {
    const { provider, requests } = setup(done)
    const error = await provider
      .updateApiKey({ keyId: googleKeyName, allowedReferrers: ['a'], iosBundleIds: ['com.example.app'] })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect(requests).toHaveLength(0)
  })

  it('polls a running operation until it is done; one that fails throws its error', async () => {
    let polls = 0
    const { provider, requests } = setup((request) => {
      if (request.method === 'PATCH') return json(googleOperation(false))
      polls++
      return json(polls < 2 ? googleOperation(false) : googleOperation(true))
    })
    const key = await provider.updateApiKey({ keyId: googleKeyName, name: 'n' })
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      `PATCH /v2/${googleKeyName}`,
      'GET /v2/operations/akmf.p7-1234',
      'GET /v2/operations/akmf.p7-1234',
    ])
    expect(key.propagating).toBeUndefined()

    const failing = setup((request) =>
      request.method === 'PATCH'
        ? json(googleOperation(false))
        : json({
            name: 'operations/akmf.p7-1234',
            done: true,
            error: { code: 3, message: 'bad referrer pattern' },
          }),
    )
    const error = await failing.provider
      .updateApiKey({ keyId: googleKeyName, name: 'n' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BadRequestError)
    expect(String(error)).toContain('bad referrer pattern')
  })

  it('an operation still running after operationTimeoutMs: the result says propagating', async () => {
    const { provider } = setup(() => json(googleOperation(false)), { operationTimeoutMs: 0 })
    const key = await provider.updateApiKey({ keyId: googleKeyName, name: 'n' })
    expect(key).toMatchObject({ propagating: true, name: 'n' })
  })

  it.each(fieldsOtherThan(['name', 'metadata', 'allowedReferrers', 'ipAllowlist', 'accountId']))(
    'rejects the unsupported field %s',
    async (field) => {
      const { provider, requests } = setup(done)
      const error = await provider
        .updateApiKey({ keyId: googleKeyName, name: 'n', [field]: 'x' } as never)
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UnsupportedFieldError)
      expect(requests).toHaveLength(0)
    },
  )
})

describe('google-apikeys against its mock', () => {
  const mock = createMockProviders({ providers: ['google-apikeys'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  it('applies the masked fields through a long-running operation, and keeps the rest', async () => {
    mock.seed('google-apikeys', [
      {
        uid: 'key-1',
        displayName: 'old',
        restrictions: { apiTargets: [{ service: 'translate.googleapis.com' }] },
      },
    ])
    const client = createGoogleApiKeys({ accessToken, project: '123456867718' })
    const key = await client.updateApiKey({ keyId: 'key-1', allowedReferrers: ['https://example.com/*'] })
    expect(key).toMatchObject({
      name: 'old',
      allowedReferrers: ['https://example.com/*'],
      readBeforeWrite: true,
    })
    const [stored] = mock.keys('google-apikeys') as { restrictions: unknown }[]
    expect(stored?.restrictions).toEqual({
      browserKeyRestrictions: { allowedReferrers: ['https://example.com/*'] },
      apiTargets: [{ service: 'translate.googleapis.com' }],
    })
    await expect(
      waitForUpdate(
        client,
        { keyId: 'key-1', allowedReferrers: ['https://example.com/*'] },
        { intervalMs: 1 },
      ),
    ).resolves.toMatchObject({ id: 'projects/123456867718/locations/global/keys/key-1' })
  })

  it('a stale etag is a conflict, not an overwrite', async () => {
    mock.seed('google-apikeys', [{ uid: 'key-2', etag: 'W/"now"' }])
    const answer = await fetch(
      `${baseUrl}/v2/projects/123456867718/locations/global/keys/key-2?updateMask=display_name`,
      {
        method: 'PATCH',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: 'x', etag: 'W/"before"' }),
      },
    )
    expect(answer.status).toBe(409)
    expect(ConflictError.name).toBe('ConflictError')
  })
})
