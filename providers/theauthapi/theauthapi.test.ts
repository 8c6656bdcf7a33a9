import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { NotFoundError, UnsupportedFieldError, updateApiKey, ValidationError } from '../../src'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createTheAuthApi } from '.'
import { theAuthApiKey, theAuthApiSecret } from './theauthapi-fixtures'

const baseUrl = 'https://api.theauthapi.com'
const accessKey = 'live_access_ROOT-KEY-0001'

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(theAuthApiKey)) {
  const observed = observedFetch(respond)
  const provider = createTheAuthApi({ accessKey, fetch: observed.fetch })
  return { ...observed, provider }
}

describe('theauthapi', () => {
  it('maps every normalized field, URL-encodes the key in the path and sends x-api-key', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({
      provider,
      keyId: theAuthApiSecret,
      name: 'Mobile app',
      expiresAt: '2027-06-30T00:00:00+02:00',
      rateLimit: { limit: 200, windowSeconds: 60 },
      metadata: { tier: 'gold', roles: ['viewer'] },
      ownerAccountId: 'acct_1',
      ownerUserId: 'user_1',
      newKeyValue: 'live_custom-new-value-123',
    })
    const [request] = requests
    expect(request?.method).toBe('PATCH')
    expect(request?.url).toBe(`${baseUrl}/api-keys/${encodeURIComponent(theAuthApiSecret)}`)
    expect(request?.headers.get('x-api-key')).toBe(accessKey)
    expect(JSON.parse(request!.body!)).toEqual({
      name: 'Mobile app',
      expiry: '2027-06-29T22:00:00.000Z',
      rateLimitConfigs: { rateLimit: 200, rateLimitTtl: 60 },
      customMetaData: { tier: 'gold', roles: ['viewer'] },
      customAccountId: 'acct_1',
      customUserId: 'user_1',
      key: 'live_custom-new-value-123',
    })
    expect(requestViolations('theauthapi', request!, baseUrl)).toEqual([])
    expect(key).toMatchObject({
      provider: 'theauthapi',
      name: 'Mobile app',
      enabled: true,
      expiresAt: '2027-06-30T00:00:00.000Z',
      readBeforeWrite: false,
    })
    expect(key.id).toBe('live_…ALUE')
    expect(key.revealSecret()).toBe(theAuthApiSecret)
    expect(key.raw.rateLimitConfigs).toEqual({ rateLimit: 200, rateLimitTtl: 60 })
    expect('key' in key.raw).toBe(false)
  })

  it('keeps the secret out of JSON, inspect and toString of the result', async () => {
    const { provider } = setup()
    const key = await provider.updateApiKey({ keyId: theAuthApiSecret, name: 'x' })
    for (const output of [
      JSON.stringify(key),
      inspect(key, { depth: 10, showHidden: true }),
      String(key),
      `${key}`,
    ]) {
      expect(output).not.toContain(theAuthApiSecret)
      expect(output).not.toContain(encodeURIComponent(theAuthApiSecret))
    }
  })

  it('sends null to clear the expiry and the rate limit, and a date-only expiry as given', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId: 'k123', name: 'n', expiresAt: null, rateLimit: null })
    await provider.updateApiKey({ keyId: 'k123', name: 'n', expiresAt: '2050-01-01' })
    expect(JSON.parse(requests[0]!.body!)).toEqual({ name: 'n', expiry: null, rateLimitConfigs: null })
    expect(JSON.parse(requests[1]!.body!)).toEqual({ name: 'n', expiry: '2050-01-01' })
    for (const request of requests) expect(requestViolations('theauthapi', request, baseUrl)).toEqual([])
  })

  it('reads the current name when the caller leaves it out (name is required on every update)', async () => {
    const { provider, requests } = setup()
    const key = await provider.updateApiKey({ keyId: 'k123', ownerUserId: 'u2' })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH'])
    expect(JSON.parse(requests[1]!.body!)).toEqual({ name: 'Mobile app', customUserId: 'u2' })
    expect(key.readBeforeWrite).toBe(true)
    for (const request of requests) expect(requestViolations('theauthapi', request, baseUrl)).toEqual([])
    await expect(
      provider.updateApiKey({ keyId: 'k123', ownerUserId: 'u2' }, { readBeforeWrite: false }),
    ).rejects.toThrow(/name: required/)
  })

  it('turns the NestJS error envelope into a readable message', async () => {
    const { provider } = setup(() =>
      json(
        {
          statusCode: 400,
          message: ['name should not be empty', 'expiry must be a date'],
          error: 'Bad Request',
        },
        { status: 400 },
      ),
    )
    await expect(provider.updateApiKey({ keyId: 'k123', name: 'n' })).rejects.toThrow(
      'theauthapi 400: name should not be empty; expiry must be a date',
    )
    const notFound = setup(() =>
      json({ statusCode: 404, message: 'Invalid client key', error: 'Not Found' }, { status: 404 }),
    )
    await expect(notFound.provider.updateApiKey({ keyId: 'k123', name: 'n' })).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it.each(
    fieldsOtherThan([
      'name',
      'expiresAt',
      'rateLimit',
      'metadata',
      'ownerAccountId',
      'ownerUserId',
      'newKeyValue',
    ]),
  )('rejects the unsupported field %s', async (field) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId: 'k123', name: 'n', [field]: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnsupportedFieldError)
    expect((error as UnsupportedFieldError).unsupportedField).toBe(field)
    expect(requests).toHaveLength(0)
  })

  it.each([
    [{ keyId: 'k123', name: '' }, 'name'],
    [{ keyId: 'k12', name: 'n' }, 'keyId'],
    [{ keyId: 'k123', name: 'n', newKeyValue: 'new' }, 'newKeyValue'],
    [{ keyId: '', name: 'n' }, 'keyId'],
    [{ keyId: '..', name: 'n' }, 'keyId'],
    [{ keyId: '%2e%2e', name: 'n' }, 'keyId'],
    [{ keyId: 'k123', name: 'n', rateLimit: { limit: 0, windowSeconds: 60 } }, 'rateLimit.limit'],
    [{ keyId: 'k123', name: 'n', rateLimit: { limit: 1.5, windowSeconds: 60 } }, 'rateLimit.limit'],
    [{ keyId: 'k123', name: 'n', metadata: { when: new Date() } }, 'metadata'],
    [{ keyId: 'k123', name: 'n', metadata: ['not', 'an', 'object'] }, 'metadata'],
    [{ keyId: 'k123', name: 'n', expiresAt: '30/06/2027' }, 'expiresAt'],
    [{ keyId: 'k123', name: 'n', newKeyValue: ' padded ' }, 'newKeyValue'],
  ])('rejects %j', async (input, field) => {
    const { provider, requests } = setup()
    const error = await provider.updateApiKey(input as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect(requests).toHaveLength(0)
  })
})

describe('theauthapi rotation (newKeyValue) is never repeated blindly', () => {
  const newKey = 'live_rotated-value-0002'
  /** A server that applied the rotation and then lost the response: the new key answers, the old one is gone. */
  function rotatedButLost(lost: () => Response | Promise<Response>) {
    let rotated = false
    return setup(async (request) => {
      const addressed = decodeURIComponent(request.url.split('/api-keys/')[1] ?? '')
      if (request.method === 'PATCH') {
        if (addressed !== theAuthApiSecret || rotated)
          return json({ statusCode: 404, message: 'Invalid client key' }, { status: 404 })
        rotated = true
        return lost()
      }
      const exists = rotated ? addressed === newKey : addressed === theAuthApiSecret
      return exists
        ? json({ ...theAuthApiKey, key: addressed, name: 'Mobile app' })
        : json({ statusCode: 404, message: 'Invalid client key' }, { status: 404 })
    })
  }
  const timeout = () => new Promise<Response>(() => undefined)
  const reset = () =>
    Promise.reject(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      }),
    )

  it.each([
    ['a timeout', timeout],
    ['a reset connection', reset],
    ['a 503', () => json({ statusCode: 503, message: 'unavailable' }, { status: 503 })],
  ])('after %s, the new key is read back: applied, one PATCH, no NotFoundError', async (_name, lost) => {
    const { provider, requests } = rotatedButLost(lost)
    const key = await provider.updateApiKey(
      { keyId: theAuthApiSecret, name: 'Mobile app', newKeyValue: newKey },
      { timeoutMs: 100 },
    )
    expect(key.revealSecret()).toBe(newKey)
    expect(requests.map((request) => request.method)).toEqual(['PATCH', 'GET'])
    expect(requests[1]?.url).toBe(`${baseUrl}/api-keys/${newKey}`)
  })

  it('when the read shows the rotation did not happen, the PATCH is sent again (once it is known safe)', async () => {
    let patches = 0
    const { provider, requests } = setup((request) => {
      if (request.method === 'PATCH') {
        patches++
        return patches === 1
          ? json({ statusCode: 502, message: 'bad gateway' }, { status: 502 })
          : json({ ...theAuthApiKey, key: newKey })
      }
      return json({ statusCode: 404, message: 'Invalid client key' }, { status: 404 })
    })
    const key = await provider.updateApiKey({ keyId: theAuthApiSecret, name: 'n', newKeyValue: newKey })
    expect(key.revealSecret()).toBe(newKey)
    expect(requests.map((request) => request.method)).toEqual(['PATCH', 'GET', 'PATCH'])
  })

  it('a 429 or a refused connection proves nothing was applied: retried at once, without reading', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    let attempt = 0
    const { provider, requests } = setup(() => {
      attempt++
      if (attempt === 1) return Promise.reject(new TypeError('fetch failed', { cause: refused }))
      if (attempt === 2)
        return json(
          { statusCode: 429, message: 'Too many requests' },
          { status: 429, headers: { 'retry-after-seconds': '0.01' } },
        )
      return json({ ...theAuthApiKey, key: newKey })
    })
    await provider.updateApiKey(
      { keyId: theAuthApiSecret, name: 'n', newKeyValue: newKey },
      { maxRetries: 2 },
    )
    expect(requests.map((request) => request.method)).toEqual(['PATCH', 'PATCH', 'PATCH'])
  })

  it('an update without a new value stays idempotent: a 503 is retried as usual', async () => {
    let attempt = 0
    const { provider, requests } = setup(() =>
      ++attempt === 1
        ? json({ statusCode: 503 }, { status: 503, headers: { 'retry-after-ms': '1' } })
        : json(theAuthApiKey),
    )
    await provider.updateApiKey({ keyId: theAuthApiSecret, name: 'n' })
    expect(requests.map((request) => request.method)).toEqual(['PATCH', 'PATCH'])
  })

  it('verifyUpdate compares every field it can read, and says when a change is not there', async () => {
    const stored = {
      ...theAuthApiKey,
      name: 'Mobile app',
      expiresAt: '2027-06-30T00:00:00.000Z',
      customMetaData: { tier: 'gold', roles: ['a'] },
      rateLimitConfigs: { rateLimit: 10, rateLimitTtl: 60 },
    }
    const { provider, requests } = setup(() => json(stored))
    const same = {
      keyId: theAuthApiSecret,
      name: 'Mobile app',
      expiresAt: '2027-06-30',
      metadata: { roles: ['a'], tier: 'gold' },
      rateLimit: { limit: 10, windowSeconds: 60 },
    }
    expect(await provider.verifyUpdate?.(same)).toMatchObject({ name: 'Mobile app' })
    expect(
      await provider.verifyUpdate?.({ ...same, rateLimit: { limit: 11, windowSeconds: 60 } }),
    ).toBeUndefined()
    expect(await provider.verifyUpdate?.({ ...same, expiresAt: null })).toBeUndefined()
    expect(await provider.verifyUpdate?.({ ...same, metadata: { tier: 'gold' } })).toBeUndefined()
    expect(requests.every((request) => request.method === 'GET')).toBe(true)
  })
})
