import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  NotFoundError,
  UnsupportedFieldError,
  updateApiKey,
  ValidationError,
} from '../../src'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createPulseCrm } from '.'
import { pulseCrmKey } from './pulsecrm-fixtures'

const baseUrl = 'https://crm.example.com/api'
const token = 'pulse-session-token-0001'

function setup(respond: Parameters<typeof observedFetch>[0], extra: Record<string, unknown> = { token }) {
  const observed = observedFetch(respond)
  const provider = createPulseCrm({ baseUrl, fetch: observed.fetch, ...extra })
  return { ...observed, provider }
}

const routes =
  (overrides: { patch?: () => Response; login?: () => Response } = {}) =>
  (request: { method: string; url: string }) => {
    const path = new URL(request.url).pathname
    if (request.method === 'POST' && path.endsWith('/auth/login'))
      return overrides.login?.() ?? json({ token: 'fresh-login-token-1' })
    if (request.method === 'GET' && path.endsWith('/apikeys')) return json({ apiKeys: [pulseCrmKey] })
    if (request.method === 'PATCH') return overrides.patch?.() ?? json({ success: true })
    return json({ error: 'Not found' }, { status: 404 })
  }

describe('pulsecrm', () => {
  it('sends description, permissions, expiry and the account header without reading when all are given', async () => {
    const { provider, requests } = setup(routes())
    const key = await updateApiKey({
      provider,
      keyId: 'key_01',
      description: 'Nightly export',
      permissions: ['readApplications', 'writeApplications'],
      expiresAt: new Date('2027-06-30T12:00:00Z'),
      accountId: 'acct_42',
    })
    expect(requests).toHaveLength(1)
    const [request] = requests
    expect(request?.method).toBe('PATCH')
    expect(request?.url).toBe(`${baseUrl}/apikeys/key_01`)
    expect(request?.headers.get('authorization')).toBe(`Bearer ${token}`)
    expect(request?.headers.get('x-account-id')).toBe('acct_42')
    expect(JSON.parse(request!.body!)).toEqual({
      description: 'Nightly export',
      flatPermissionsList: ['readApplications', 'writeApplications'],
      expiresAt: '2027-06-30T12:00:00.000Z',
    })
    expect(requestViolations('pulsecrm', request!, baseUrl)).toEqual([])
    expect(key).toMatchObject({
      provider: 'pulsecrm',
      id: 'key_01',
      description: 'Nightly export',
      permissions: ['readApplications', 'writeApplications'],
      expiresAt: '2027-06-30T12:00:00.000Z',
      readBeforeWrite: false,
      raw: { success: true },
    })
  })

  it('reads the key first to re-send the required fields the caller left out, and says so', async () => {
    const { provider, requests } = setup(routes())
    const key = await provider.updateApiKey({ keyId: 'key_01', expiresAt: null })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH'])
    expect(requestViolations('pulsecrm', requests[0]!, baseUrl)).toEqual([])
    expect(requestViolations('pulsecrm', requests[1]!, baseUrl)).toEqual([])
    expect(JSON.parse(requests[1]!.body!)).toEqual({
      description: 'Nightly export',
      flatPermissionsList: ['readApplications'],
      expiresAt: null,
    })
    expect(key.readBeforeWrite).toBe(true)
    expect(key.createdAt).toBe(pulseCrmKey.createdAt)
  })

  it('with readBeforeWrite: false, a missing required field is a ValidationError and nothing is sent', async () => {
    const { provider, requests } = setup(routes())
    const error = await provider
      .updateApiKey({ keyId: 'key_01', description: 'x' }, { readBeforeWrite: false })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe('permissions')
    expect(requests).toHaveLength(0)
  })

  it('a key missing from the list is a NotFoundError before any write', async () => {
    const { provider, requests } = setup(routes())
    await expect(provider.updateApiKey({ keyId: 'nope', description: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(requests.map((request) => request.method)).toEqual(['GET'])
  })

  it('logs in with email and password, caches the session, and logs in again once on a 401', async () => {
    let patches = 0
    let logins = 0
    const { provider, requests } = setup(
      routes({
        login: () => json({ token: `login-token-${++logins}` }),
        patch: () =>
          ++patches === 2 ? json({ error: 'Unauthorized' }, { status: 401 }) : json({ success: true }),
      }),
      { email: 'admin@example.com', password: 'hunter2-password' },
    )
    const full = { keyId: 'key_01', description: 'd', permissions: ['p'] }
    await provider.updateApiKey(full)
    await provider.updateApiKey(full)
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /api/auth/login',
      'PATCH /api/apikeys/key_01',
      'PATCH /api/apikeys/key_01',
      'POST /api/auth/login',
      'PATCH /api/apikeys/key_01',
    ])
    expect(JSON.parse(requests[0]!.body!)).toEqual({
      email: 'admin@example.com',
      password: 'hunter2-password',
    })
    expect(requestViolations('pulsecrm', requests[0]!, baseUrl)).toEqual([])
    expect(requests[4]?.headers.get('authorization')).toBe('Bearer login-token-2')
  })

  it('a second 401 after logging in again is an AuthenticationError', async () => {
    const { provider } = setup(routes({ patch: () => json({ error: 'Unauthorized' }, { status: 401 }) }), {
      email: 'admin@example.com',
      password: 'hunter2-password',
    })
    await expect(
      provider.updateApiKey({ keyId: 'key_01', description: 'd', permissions: [] }),
    ).rejects.toThrow(AuthenticationError)
  })

  it('200 {"success": false}, the vendor\'s own example of a success: applied, the contradiction reported and logged', async () => {
    const warnings: string[] = []
    const observed = observedFetch(routes({ patch: () => json({ success: false }) }))
    const provider = createPulseCrm({
      baseUrl,
      token,
      fetch: observed.fetch,
      logger: { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} },
    })
    const key = await provider.updateApiKey({ keyId: 'key_01', description: 'd', permissions: [] })
    expect(key).toMatchObject({ id: 'key_01', description: 'd', raw: { success: false } })
    expect(key.responseIssues).toEqual([
      { path: ['success'], message: expect.stringMatching(/^is false under a 2xx status/) },
    ])
    expect(warnings).toEqual([
      expect.stringContaining('the response does not match the spec (success: is false'),
    ])
  })

  it('a 2xx without the `success` the spec requires: applied, the missing field listed', async () => {
    const { provider } = setup(routes({ patch: () => json({}) }))
    const key = await provider.updateApiKey({ keyId: 'key_01', description: 'd', permissions: [] })
    expect(key.responseIssues).toEqual([
      { path: ['success'], message: 'missing, though the spec requires it' },
    ])
  })

  it('reads the vendor error body into the message', async () => {
    const { provider } = setup(routes({ patch: () => json({ error: 'API key not found' }, { status: 404 }) }))
    await expect(
      provider.updateApiKey({ keyId: 'key_01', description: 'd', permissions: [] }),
    ).rejects.toThrow('pulsecrm 404: API key not found')
  })

  it.each(fieldsOtherThan(['description', 'expiresAt', 'permissions', 'accountId']))(
    'rejects the unsupported field %s',
    async (field) => {
      const { provider, requests } = setup(routes())
      const error = await provider
        .updateApiKey({ keyId: 'k', description: 'd', [field]: 'x' } as never)
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UnsupportedFieldError)
      expect((error as UnsupportedFieldError).unsupportedField).toBe(field)
      expect(requests).toHaveLength(0)
    },
  )

  it.each([
    [{ keyId: 'k', permissions: null }, 'permissions'],
    [{ keyId: 'k', expiresAt: '2027-06-30T10:00:00' }, 'expiresAt'],
    [{ keyId: 'k', expiresAt: 'soon' }, 'expiresAt'],
    [{ keyId: 'k', expiresAt: new Date('nope') }, 'expiresAt'],
    [{ keyId: '', description: 'd' }, 'keyId'],
    [{ keyId: '..', description: 'd' }, 'keyId'],
    [{ keyId: 'k', description: 'd', accountId: 'a\r\nx-evil: 1' }, 'accountId'],
  ])('rejects %j', async (input, field) => {
    const { provider, requests } = setup(routes())
    const error = await provider.updateApiKey(input as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect(requests).toHaveLength(0)
  })

  it('requires a baseUrl (PulseCRM publishes none)', () => {
    expect(() => createPulseCrm({} as never)).toThrow(/pass baseUrl/)
  })
})

describe('pulsecrm expiry days', () => {
  it('a YYYY-MM-DD expiry is sent as the start of that day, UTC (one rule for every provider)', async () => {
    const observed = observedFetch(() => json({ success: true }))
    const provider = createPulseCrm({
      baseUrl: 'https://crm.example.com',
      token: 't-1234',
      fetch: observed.fetch,
    })
    const key = await provider.updateApiKey({
      keyId: 'k',
      description: 'd',
      permissions: [],
      expiresAt: '2027-06-30',
    })
    expect(JSON.parse(observed.requests[0]?.body ?? '{}').expiresAt).toBe('2027-06-30T00:00:00.000Z')
    expect(key.expiresAt).toBe('2027-06-30T00:00:00.000Z')
  })
})

describe('pulsecrm key list: read once per client, not once per key', () => {
  const keys = Array.from({ length: 10_000 }, (_, index) => ({
    id: `key_${index}`,
    apiKey: `apiKey-${String(index).padStart(8, '0')}-0123456789abcdef0123456789abcdef`,
    description: `Integration key ${index} for the reporting pipeline`,
    flatPermissionsList: ['readApplications', 'readMerchants', 'writeApplications'],
    expiresAt: null,
  }))
  const listRoutes = (apiKeys: unknown[]) => (request: { method: string }) =>
    request.method === 'GET' ? json({ apiKeys }) : json({ success: true })

  it('a 10 000-key account (2.5 MB, past the 1 MiB cap of other answers): one GET for many partial updates', async () => {
    const { provider, requests } = setup(listRoutes(keys))
    for (const id of ['key_1', 'key_5000', 'key_9999'])
      await provider.updateApiKey({ keyId: id, expiresAt: '2030-01-01T00:00:00Z' })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH', 'PATCH', 'PATCH'])
    expect(JSON.parse(requests[3]!.body!)).toMatchObject({
      description: 'Integration key 9999 for the reporting pipeline',
    })
  })

  it('a list past its own 32 MiB cap is an UnexpectedResponseError, nothing written', async () => {
    const { provider, requests } = setup((request) =>
      request.method === 'GET'
        ? new Response('x', {
            headers: { 'content-type': 'application/json', 'content-length': String(33 * 1024 * 1024) },
          })
        : json({ success: true }),
    )
    await expect(provider.updateApiKey({ keyId: 'key_1', expiresAt: null })).rejects.toThrow(
      /larger than 33554432 bytes/,
    )
    expect(requests.map((request) => request.method)).toEqual(['GET'])
  })

  it('a key missing from a cached list is looked for once more in a fresh read (it may be new)', async () => {
    let reads = 0
    const { provider, requests } = setup((request) => {
      if (request.method !== 'GET') return json({ success: true })
      reads++
      return json({ apiKeys: reads === 1 ? [pulseCrmKey] : [pulseCrmKey, { ...pulseCrmKey, id: 'key_new' }] })
    })
    await provider.updateApiKey({ keyId: pulseCrmKey.id, expiresAt: null })
    await provider.updateApiKey({ keyId: 'key_new', expiresAt: null })
    await expect(provider.updateApiKey({ keyId: 'key_gone', expiresAt: null })).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET', 'PATCH', 'GET'])
  })

  it('what a call wrote is what the next call re-sends, and keyListMaxAgeMs: 0 reads every time', async () => {
    // The server here answers the list as it was: only the client's own record of its write can say "changed".
    const { provider, requests } = setup(listRoutes([pulseCrmKey]))
    await provider.updateApiKey({ keyId: pulseCrmKey.id, expiresAt: null })
    await provider.updateApiKey({
      keyId: pulseCrmKey.id,
      description: 'changed',
      permissions: ['readApplications'],
    })
    await provider.updateApiKey({ keyId: pulseCrmKey.id, expiresAt: null })
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH', 'PATCH', 'PATCH'])
    expect(JSON.parse(requests.at(-1)!.body!)).toMatchObject({
      description: 'changed',
      flatPermissionsList: ['readApplications'],
    })
    const fresh = setup(listRoutes([pulseCrmKey]), { token, keyListMaxAgeMs: 0 })
    await fresh.provider.updateApiKey({ keyId: pulseCrmKey.id, expiresAt: null })
    await fresh.provider.updateApiKey({ keyId: pulseCrmKey.id, expiresAt: null })
    expect(fresh.requests.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET', 'PATCH'])
  })

  it('concurrent calls share one read in flight', async () => {
    const { provider, requests } = setup(async (request) => {
      if (request.method === 'GET') await new Promise((resolve) => setTimeout(resolve, 20))
      return listRoutes([pulseCrmKey, { ...pulseCrmKey, id: 'key_2' }])(request)
    })
    await Promise.all([
      provider.updateApiKey({ keyId: pulseCrmKey.id, expiresAt: null }),
      provider.updateApiKey({ keyId: 'key_2', expiresAt: null }),
    ])
    expect(requests.filter((request) => request.method === 'GET')).toHaveLength(1)
  })

  it('keyListMaxAgeMs must be a duration', () => {
    expect(() => createPulseCrm({ baseUrl, token, keyListMaxAgeMs: -1 })).toThrow(
      /keyListMaxAgeMs: must be a non-negative integer/,
    )
  })

  it('verifyUpdate compares description, permissions (as a set) and expiry (as an instant)', async () => {
    const stored = { ...pulseCrmKey, flatPermissionsList: ['a', 'b'], expiresAt: '2030-01-01T00:00:00.000Z' }
    const { provider } = setup(listRoutes([stored]), { token, keyListMaxAgeMs: 0 })
    const id = pulseCrmKey.id
    expect(
      await provider.verifyUpdate?.({ keyId: id, permissions: ['b', 'a'], expiresAt: '2030-01-01' }),
    ).toMatchObject({ id })
    expect(
      await provider.verifyUpdate?.({ keyId: id, expiresAt: '2030-01-01T01:00:00+01:00' }),
    ).toMatchObject({ id })
    expect(await provider.verifyUpdate?.({ keyId: id, expiresAt: null })).toBeUndefined()
    expect(await provider.verifyUpdate?.({ keyId: id, permissions: ['a'] })).toBeUndefined()
    expect(await provider.verifyUpdate?.({ keyId: id, description: 'other' })).toBeUndefined()
  })
})
