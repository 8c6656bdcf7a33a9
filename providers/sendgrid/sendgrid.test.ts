import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  NotFoundError,
  RateLimitError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
} from '../../src'
import { createMockProviders } from '../../src/msw'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createSendGrid } from '.'
import { sendGridKey } from './sendgrid-fixtures'

const baseUrl = 'https://api.sendgrid.com'
const apiKey = 'SG.test-parent-key.0001'
const keyId = sendGridKey.api_key_id

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(sendGridKey), options = {}) {
  const observed = observedFetch(respond)
  const provider = createSendGrid({ apiKey, fetch: observed.fetch, ...options })
  return { ...observed, provider }
}

describe('sendgrid', () => {
  it('a rename alone is the PATCH, which leaves the scopes alone', async () => {
    const { provider, requests } = setup(() => json({ api_key_id: keyId, name: 'Renamed' }))
    const key = await updateApiKey({ provider, keyId, name: 'Renamed' })
    expect(requests).toHaveLength(1)
    expect(requests[0]?.method).toBe('PATCH')
    expect(requests[0]?.url).toBe(`${baseUrl}/v3/api_keys/${keyId}`)
    expect(JSON.parse(requests[0]!.body!)).toEqual({ name: 'Renamed' })
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${apiKey}`)
    expect(requestViolations('sendgrid', requests[0]!, baseUrl)).toEqual([])
    expect(key).toMatchObject({ provider: 'sendgrid', id: keyId, name: 'Renamed', readBeforeWrite: false })
    expect(key.permissions).toBeUndefined()
  })

  it('a change of scopes reads the current name and re-sends it with the whole list (PUT)', async () => {
    const { provider, requests } = setup((request) =>
      request.method === 'GET' ? json(sendGridKey) : json({ ...sendGridKey, scopes: ['mail.send'] }),
    )
    const key = await updateApiKey({ provider, keyId, permissions: ['mail.send'] })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PUT'])
    expect(JSON.parse(requests[1]!.body!)).toEqual({ name: sendGridKey.name, scopes: ['mail.send'] })
    for (const request of requests) expect(requestViolations('sendgrid', request, baseUrl)).toEqual([])
    expect(key).toMatchObject({ name: sendGridKey.name, permissions: ['mail.send'], readBeforeWrite: true })
  })

  it('name and scopes together: one PUT, no read', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId, name: 'Mail', permissions: ['mail.send', 'alerts.read'] })
    expect(requests.map((request) => request.method)).toEqual(['PUT'])
    expect(JSON.parse(requests[0]!.body!)).toEqual({ name: 'Mail', scopes: ['mail.send', 'alerts.read'] })
  })

  it('reads the single-key read in its documented `{result: [key]}` shape too', async () => {
    const { provider, requests } = setup((request) =>
      request.method === 'GET' ? json({ result: [sendGridKey] }) : json(sendGridKey),
    )
    await provider.updateApiKey({ keyId, permissions: ['alerts.read'] })
    expect(JSON.parse(requests[1]!.body!)).toMatchObject({ name: sendGridKey.name })
  })

  it('without readBeforeWrite, a change of scopes needs the name: ValidationError, nothing sent', async () => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, permissions: ['mail.send'] }, { readBeforeWrite: false })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe('name')
    expect(requests).toHaveLength(0)
  })

  it('accountId acts for a subuser through on-behalf-of, on the read and the write', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId, permissions: ['mail.send'], accountId: 'account-id 42' })
    for (const request of requests) expect(request.headers.get('on-behalf-of')).toBe('account-id 42')
  })

  it('the eu environment is the EU host', async () => {
    const { provider, requests } = setup(() => json(sendGridKey), { environment: 'eu' })
    await provider.updateApiKey({ keyId, name: 'n' })
    expect(requests[0]?.url).toBe(`https://api.eu.sendgrid.com/v3/api_keys/${keyId}`)
  })

  it("reads SendGrid's error body, field first", async () => {
    const { provider } = setup(() =>
      json({ errors: [{ field: 'scopes', message: 'invalid scope' }] }, { status: 400 }),
    )
    const error = await provider
      .updateApiKey({ keyId, name: 'n', permissions: ['x'] })
      .catch((e: unknown) => e)
    expect(String(error)).toContain('sendgrid 400: scopes: invalid scope')
  })

  it('a 429 says when to retry from X-RateLimit-Reset (a Unix time)', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 90
    const { provider } = setup(() =>
      json(
        { errors: [{ message: 'too many requests' }] },
        { status: 429, headers: { 'x-ratelimit-reset': String(reset) } },
      ),
    )
    const error = await provider.updateApiKey({ keyId, name: 'n' }).catch((caught: unknown) => caught)
    // 90 s is past maxRetryAfterMs (60 s): no sleep, the error says how long.
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(85_000)
    expect((error as RateLimitError).retryAfterMs).toBeLessThanOrEqual(91_000)
  })

  it.each(fieldsOtherThan(['name', 'permissions', 'accountId']))(
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

  it.each([
    [{ keyId: 'a/b', name: 'n' }, 'keyId'],
    [{ keyId, permissions: [] }, 'permissions'],
    [{ keyId, permissions: null }, 'permissions'],
    [{ keyId, permissions: [''] }, 'permissions.0'],
    [{ keyId, accountId: 'sub\nuser', name: 'n' }, 'accountId'],
    [{ keyId, accountId: 'subuser' }, ''],
  ])('rejects %j', async (input, field) => {
    const { provider, requests } = setup()
    const error = await provider.updateApiKey(input as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect(requests).toHaveLength(0)
  })

  it('verifyUpdate tolerates the scopes SendGrid assigns itself, and nothing else', async () => {
    const withVendorScopes = { ...sendGridKey, scopes: ['mail.send', '2fa_required'] }
    const { provider } = setup(() => json(withVendorScopes))
    await expect(provider.verifyUpdate!({ keyId, permissions: ['mail.send'] })).resolves.toMatchObject({
      permissions: ['mail.send', '2fa_required'],
    })
    await expect(provider.verifyUpdate!({ keyId, permissions: ['alerts.read'] })).resolves.toBeUndefined()
    const extra = setup(() => json({ ...sendGridKey, scopes: ['mail.send', 'billing.read'] }))
    await expect(extra.provider.verifyUpdate!({ keyId, permissions: ['mail.send'] })).resolves.toBeUndefined()
  })
})

describe('sendgrid against its mock', () => {
  const mock = createMockProviders({ providers: ['sendgrid'] })
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => mock.reset())
  afterAll(() => server.close())

  it('replaces the scopes wholesale and keeps the name on a change of scopes', async () => {
    mock.seed('sendgrid', [{ api_key_id: 'k1', name: 'Mail', scopes: ['mail.send', 'alerts.read'] }])
    const key = await createSendGrid({ apiKey }).updateApiKey({ keyId: 'k1', permissions: ['stats.read'] })
    expect(key).toMatchObject({ name: 'Mail', permissions: ['stats.read'] })
    expect(mock.keys('sendgrid')).toEqual([{ api_key_id: 'k1', name: 'Mail', scopes: ['stats.read'] }])
  })

  it("a subuser's key is reached only on its behalf", async () => {
    mock.seed('sendgrid', [{ api_key_id: 'k2', onBehalfOf: 'subuser-1' }])
    const client = createSendGrid({ apiKey })
    await expect(client.updateApiKey({ keyId: 'k2', name: 'x' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      client.updateApiKey({ keyId: 'k2', name: 'x', accountId: 'subuser-1' }),
    ).resolves.toMatchObject({
      name: 'x',
    })
  })

  it('answers a missing credential with 401 and an unknown key with 404, in SendGrid words', async () => {
    const missing = await fetch(`${baseUrl}/v3/api_keys/nope`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    })
    expect(missing.status).toBe(401)
    expect(await missing.json()).toEqual({ errors: [{ field: null, message: 'authorization required' }] })
    const unknown = await createSendGrid({ apiKey })
      .updateApiKey({ keyId: 'nope', name: 'x' })
      .catch((caught: unknown) => caught)
    expect(unknown).toBeInstanceOf(NotFoundError)
    expect(String(unknown)).toContain('unable to find API Key')
  })
})
