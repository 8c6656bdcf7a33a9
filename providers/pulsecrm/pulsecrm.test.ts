import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  NotFoundError,
  UnexpectedResponseError,
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

  it('{"success": false} on a 200 is not taken for a success', async () => {
    const { provider } = setup(routes({ patch: () => json({ success: false }) }))
    await expect(
      provider.updateApiKey({ keyId: 'key_01', description: 'd', permissions: [] }),
    ).rejects.toThrow(UnexpectedResponseError)
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
