import { describe, expect, it } from 'vitest'
import { UnsupportedFieldError, updateApiKey, ValidationError } from '../../src'
import { requestViolations, responseViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createPartoo } from '.'
import { parsePartooTimestamp } from './partoo-conversions'
import { partooKey } from './partoo-fixtures'

const baseUrl = 'https://api.sandbox.partoo.co/v2'
const apiKey = 'partoo-secret-api-key-0001'

function setup(respond = () => json(partooKey)) {
  const observed = observedFetch(respond)
  const provider = createPartoo({ apiKey, environment: 'sandbox', fetch: observed.fetch })
  return { ...observed, provider }
}

function sentBody(request: { body: string | null }) {
  return JSON.parse(request.body ?? 'null')
}

describe('partoo', () => {
  it('maps every normalized field to its wire field, with method, path and auth header', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({
      provider,
      keyId: '3245',
      name: 'CI deploy',
      description: 'Deploys from CI',
      expiresAt: '2099-06-30',
      permissions: ['business_edit'],
      ipAllowlist: ['10.0.0.0/8', '2001:db8::1'],
    })
    expect(requests).toHaveLength(1)
    const [request] = requests
    expect(request?.method).toBe('PUT')
    expect(request?.url).toBe(`${baseUrl}/api_keys/3245`)
    expect(request?.headers.get('x-apikey')).toBe(apiKey)
    expect(request?.headers.get('content-type')).toBe('application/json')
    expect(sentBody(request!)).toEqual({
      label: 'CI deploy',
      description: 'Deploys from CI',
      expiration_date: '2099-06-30',
      ip_whitelist: ['10.0.0.0/8', '2001:db8::1'],
      has_restricted_permissions: true,
      permissions: ['business_edit'],
    })
    expect(requestViolations('partoo', request!, baseUrl)).toEqual([])
    expect(key).toMatchObject({
      provider: 'partoo',
      id: '3245',
      name: 'CI deploy',
      expiresAt: '2027-06-30',
      permissions: ['business_edit'],
      ipAllowlist: ['10.0.0.0/8'],
      enabled: true,
      createdAt: '2019-08-22T11:46:38.914Z',
      readBeforeWrite: false,
    })
    expect(key.raw.user_role).toBe('ORG_ADMIN')
  })

  it('sends null expiry (never expires) and unrestricted permissions as the pair Partoo requires', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId: 3245, expiresAt: null, permissions: null, ipAllowlist: [] })
    expect(sentBody(requests[0]!)).toEqual({
      expiration_date: null,
      has_restricted_permissions: false,
      permissions: [],
      ip_whitelist: [],
    })
    expect(requestViolations('partoo', requests[0]!, baseUrl)).toEqual([])
  })

  it('accepts a Date at midnight UTC and refuses one with a time of day', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId: 1, expiresAt: new Date('2099-01-02T00:00:00Z') })
    expect(sentBody(requests[0]!)).toEqual({ expiration_date: '2099-01-02' })
    await expect(
      provider.updateApiKey({ keyId: 1, expiresAt: new Date('2099-01-02T10:00:00Z') }),
    ).rejects.toThrow(/calendar day/)
    await expect(
      provider.updateApiKey({
        keyId: 1,
        expiresAt: '2099-01-02T10:00:00Z' as `${number}-${number}-${number}`,
      }),
    ).rejects.toThrow(ValidationError)
    expect(requests).toHaveLength(1)
  })

  it.each([
    [{ keyId: 1, expiresAt: new Date().toISOString().slice(0, 10) }, 'expiresAt'],
    [{ keyId: 1, expiresAt: '2020-01-01' }, 'expiresAt'],
    [{ keyId: 1, expiresAt: '2099-02-30' }, 'expiresAt'],
    [{ keyId: 1, name: '' }, 'name'],
    [{ keyId: 1, name: '   ' }, 'name'],
    [{ keyId: 1, ipAllowlist: ['10.0.0.300'] }, 'ipAllowlist.0'],
    [{ keyId: 1, ipAllowlist: ['example.com'] }, 'ipAllowlist.0'],
    [{ keyId: 1, ipAllowlist: ['10.0.0.0/33'] }, 'ipAllowlist.0'],
    [{ keyId: 1, permissions: [''] }, 'permissions.0'],
    [{ keyId: 'abc', name: 'x' }, 'keyId'],
    [{ keyId: 1.5, name: 'x' }, 'keyId'],
    [{ keyId: -3, name: 'x' }, 'keyId'],
    [{ keyId: '../admin', name: 'x' }, 'keyId'],
    [{ keyId: 1 }, ''],
  ])('rejects %j at %s without sending anything', async (input, field) => {
    const { provider, requests } = setup()
    const error = await provider.updateApiKey(input as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect(requests).toHaveLength(0)
  })

  it.each(fieldsOtherThan(['name', 'description', 'expiresAt', 'permissions', 'ipAllowlist']))(
    'rejects the unsupported field %s at run time, naming it',
    async (field) => {
      const { provider, requests } = setup()
      const error = await updateApiKey({
        provider,
        keyId: 1,
        name: 'x',
        [field]: 'x',
      } as never).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UnsupportedFieldError)
      expect(error).toMatchObject({ provider: 'partoo', unsupportedField: field })
      expect(String(error)).toContain(field)
      expect(requests).toHaveLength(0)
    },
  )

  it('reads both documented error shapes ({errors} and {error})', async () => {
    for (const body of [
      { errors: { json: { expiration_date: ['Must be at least the day after today.'] } } },
      { error: { json: { expiration_date: ['Must be at least the day after today.'] } } },
    ]) {
      const { provider } = setup(() => json(body, { status: 400 }))
      await expect(provider.updateApiKey({ keyId: 1, name: 'x' })).rejects.toThrow(
        'partoo 400: expiration_date: Must be at least the day after today.',
      )
    }
  })

  it('sends client and per-call headers, and the credential always wins over a header of the same name', async () => {
    const observed = observedFetch(() => json(partooKey))
    const provider = createPartoo({
      apiKey,
      fetch: observed.fetch,
      headers: { 'x-client': 'ci', 'X-APIKEY': 'not-this-one' },
    })
    await provider.updateApiKey(
      { keyId: 1, name: 'x' },
      { headers: { 'x-request': 'r1', 'x-client': 'call' } },
    )
    const headers = observed.requests[0]!.headers
    expect(headers.get('x-client')).toBe('call')
    expect(headers.get('x-request')).toBe('r1')
    expect(headers.get('x-apikey')).toBe(apiKey)
  })

  it('refuses negative or fractional retry and time options, on the client and per call', async () => {
    expect(() => createPartoo({ apiKey, maxRetries: -1 })).toThrow(
      'partoo: maxRetries: must be a non-negative integer',
    )
    const { provider, requests } = setup()
    await expect(provider.updateApiKey({ keyId: 1, name: 'x' }, { timeoutMs: 1.5 })).rejects.toThrow(
      'partoo: options.timeoutMs: must be a non-negative integer',
    )
    expect(requests).toHaveLength(0)
  })

  it('uses the sandbox or production host, and refuses a plain-http remote baseUrl', () => {
    expect(() => createPartoo({ baseUrl: 'http://api.partoo.co/v2' })).toThrow(/https/)
    expect(() => createPartoo({ baseUrl: 'http://127.0.0.1:8080/v2' })).not.toThrow()
    expect(() =>
      createPartoo({ baseUrl: 'http://partoo.internal/v2', allowInsecureHttp: true }),
    ).not.toThrow()
  })

  it('reads the API key from PARTOO_API_KEY at call time, not at creation', async () => {
    const observed = observedFetch(() => json(partooKey))
    const provider = createPartoo({ fetch: observed.fetch })
    const previous = process.env.PARTOO_API_KEY
    delete process.env.PARTOO_API_KEY
    try {
      await expect(provider.updateApiKey({ keyId: 1, name: 'x' })).rejects.toThrow(/PARTOO_API_KEY/)
      process.env.PARTOO_API_KEY = 'from-the-environment'
      await provider.updateApiKey({ keyId: 1, name: 'x' })
      expect(observed.requests[0]?.headers.get('x-apikey')).toBe('from-the-environment')
      expect(observed.requests[0]?.url).toBe('https://api.partoo.co/v2/api_keys/1')
    } finally {
      if (previous === undefined) delete process.env.PARTOO_API_KEY
      else process.env.PARTOO_API_KEY = previous
    }
  })

  it('the fixture itself conforms to the spec (so the tests above test against real shapes)', () => {
    expect(responseViolations('partoo', 'PUT', '/api_keys/3245', 200, partooKey)).toEqual([])
    expect(responseViolations('partoo', 'PUT', '/api_keys/3245', 200, { ...partooKey, id: 'x' })).not.toEqual(
      [],
    )
  })
})

describe('parsePartooTimestamp', () => {
  it.each([
    ['2019-08-22 11:46:38.914467+00', '2019-08-22T11:46:38.914Z'],
    ['2018-03-12 11:49:03.399475+00', '2018-03-12T11:49:03.399Z'],
    ['2018-03-12 11:49:03+02', '2018-03-12T09:49:03.000Z'],
    ['2018-03-12T11:49:03.1+0130', '2018-03-12T10:19:03.100Z'],
    ['2018-03-12T11:49:03Z', '2018-03-12T11:49:03.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parsePartooTimestamp(input)).toBe(expected)
  })

  it.each([
    '',
    'yesterday',
    '2019-08-22',
    '2019-13-22 11:46:38+00',
    '2019-02-30 11:46:38+00',
    '2019-08-22 24:00:00+00',
  ])('%j → undefined', (input) => {
    expect(parsePartooTimestamp(input)).toBeUndefined()
  })
})

describe('partoo verifyUpdate (reading a key back after an interrupted run)', () => {
  const stored = {
    ...partooKey,
    label: 'CI deploy',
    description: 'Deploys from CI',
    expiration_date: '2099-06-30',
    ip_whitelist: ['10.0.0.0/8', '203.0.113.7'],
    has_restricted_permissions: true,
    permissions: ['business_edit', 'business_edit_name'],
  }

  it('reads GET /api_keys/{id} with every permission, and finds the change in effect (order of lists aside)', async () => {
    const { provider, requests } = setup(() => json(stored))
    const key = await provider.verifyUpdate?.({
      keyId: 3245,
      name: 'CI deploy',
      expiresAt: '2099-06-30',
      ipAllowlist: ['203.0.113.7', '10.0.0.0/8'],
      permissions: ['business_edit_name', 'business_edit'],
    })
    expect(key).toMatchObject({ id: '3245', name: 'CI deploy', expiresAt: '2099-06-30' })
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${baseUrl}/api_keys/3245?include_all_permissions=true`,
    ])
    expect(responseViolations('partoo', 'GET', '/api_keys/3245', 200, stored)).toEqual([])
    expect(requestViolations('partoo', requests[0]!, baseUrl)).toEqual([])
  })

  it.each([
    ['its description alone', { description: 'Deploys from CI' }, stored],
    ['its name alone', { name: 'CI deploy' }, stored],
    ['no expiry', { expiresAt: null }, { ...stored, expiration_date: null }],
    ['unrestricted permissions', { permissions: null }, { ...stored, has_restricted_permissions: false }],
  ])('%s is found in effect', async (_name, change, current) => {
    const { provider } = setup(() => json(current))
    expect(await provider.verifyUpdate?.({ keyId: 3245, ...change })).toMatchObject({ id: '3245' })
  })

  it('a permission list on an unrestricted key is not in effect (the key has its owner permissions)', async () => {
    const { provider } = setup(() => json({ ...stored, has_restricted_permissions: false }))
    expect(
      await provider.verifyUpdate?.({ keyId: 3245, permissions: ['business_edit', 'business_edit_name'] }),
    ).toBeUndefined()
  })

  it.each([
    ['another name', { name: 'old' }],
    ['another description', { description: 'other' }],
    ['another expiry', { expiresAt: '2099-07-01' as const }],
    ['no expiry', { expiresAt: null }],
    ['unrestricted permissions', { permissions: null }],
    ['a missing permission', { permissions: ['business_edit'] }],
    ['another allowlist', { ipAllowlist: [] }],
  ])('%s is not in effect', async (_name, change) => {
    const { provider } = setup(() => json(stored))
    expect(await provider.verifyUpdate?.({ keyId: 3245, ...change })).toBeUndefined()
  })
})

describe('partoo key ids', () => {
  it.each([
    [3245, '3245'],
    ['3245', '3245'],
    ['9007199254740991', '9007199254740991'],
  ])('%j is sent as the path segment %s', async (keyId, segment) => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId, name: 'x' })
    expect(requests[0]?.url).toBe(`${baseUrl}/api_keys/${segment}`)
  })

  it.each([
    '1e3',
    '0x1F',
    ' 12 ',
    '012',
    '0',
    '',
    '12345678901234567',
    0,
    9007199254740992,
    Number.NaN,
    true,
    null,
  ])('%j is not a Partoo key id: refused before sending', async (keyId) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, name: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'ValidationError', field: 'keyId' })
    expect((error as Error).message).toContain('must be a positive integer (Partoo key ids are integers)')
    expect(requests).toHaveLength(0)
  })
})

describe('partoo days', () => {
  it.each([
    [new Date('2099-06-30T00:00:00.001Z'), 'is a Date with a time of day: Partoo takes a calendar day'],
    [new Date(Number.NaN), 'expiresAt: '],
    ['2099-06-30T10:00:00Z', 'has a time part: Partoo takes a calendar day (YYYY-MM-DD)'],
    ['2099-06-30 10:00', 'has a time part'],
    ['2099-02-30', '2099-02-30 is not a real day'],
    ['30/06/2099', 'must be a day as YYYY-MM-DD (e.g. 2027-06-30)'],
    [20990630, 'must be a day as YYYY-MM-DD or a Date at 00:00 UTC'],
  ])('expiresAt %j is refused, saying why', async (expiresAt, message) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId: 1, expiresAt } as never)
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'ValidationError', field: 'expiresAt' })
    expect((error as Error).message).toContain(message)
    expect(requests).toHaveLength(0)
  })

  it('a Date at midnight UTC is sent as its day', async () => {
    const { provider, requests } = setup()
    await provider.updateApiKey({ keyId: 1, expiresAt: new Date('2099-06-30T00:00:00Z') })
    expect(sentBody(requests[0] as { body: string | null }).expiration_date).toBe('2099-06-30')
  })
})

describe('partoo error bodies', () => {
  it.each([
    [{ errors: { authentication: 'Invalid API key' } }, 401, 'partoo 401: Invalid API key'],
    [{ error: { authorization: 'Not allowed for this role' } }, 403, 'partoo 403: Not allowed for this role'],
    [{ errors: { json: 'Resource not found' } }, 404, 'partoo 404: Resource not found'],
    [
      { errors: { json: { label: 'too long', ip_whitelist: ['bad', 'worse'] } } },
      400,
      'partoo 400: label: too long; ip_whitelist: bad, worse',
    ],
    [{ errors: 'flat text' }, 400, 'partoo 400: Bad Request'],
    [{ errors: { json: null } }, 400, 'partoo 400: Bad Request'],
    [{ message: 'other shape' }, 400, 'partoo 400: Bad Request'],
  ])('%j → %s', async (body, status, message) => {
    const { provider } = setup(() => json(body, { status, statusText: status === 400 ? 'Bad Request' : '' }))
    await expect(provider.updateApiKey({ keyId: 1, name: 'x' })).rejects.toThrow(message)
  })
})

describe('partoo results', () => {
  it('an unrestricted key has permissions null; enabled follows disabled, and is absent when Partoo says nothing', async () => {
    const { provider } = setup(() =>
      json({ ...partooKey, has_restricted_permissions: false, disabled: true }),
    )
    expect(await provider.updateApiKey({ keyId: 1, name: 'x' })).toMatchObject({
      permissions: null,
      enabled: false,
    })
    const { disabled: _disabled, ...withoutDisabled } = partooKey
    const quiet = setup(() => json(withoutDisabled))
    const key = await quiet.provider.updateApiKey({ keyId: 1, name: 'x' })
    expect(key.enabled).toBeUndefined()
    expect(key.permissions).toEqual(['business_edit'])
  })

  it('a missing API key is named in the error, with its variable', async () => {
    const saved = process.env.PARTOO_API_KEY
    delete process.env.PARTOO_API_KEY
    try {
      const error = await createPartoo({ fetch: observedFetch(() => json(partooKey)).fetch })
        .updateApiKey({ keyId: 1, name: 'x' })
        .catch((caught: unknown) => caught)
      expect(error).toMatchObject({ name: 'ValidationError', provider: 'partoo' })
      expect((error as Error).message).toMatch(/^partoo: /)
      expect((error as Error).message).toContain('PARTOO_API_KEY')
    } finally {
      if (saved !== undefined) process.env.PARTOO_API_KEY = saved
    }
  })
})

describe('partoo timestamps and days, in other shapes', () => {
  it.each([
    ['2018-03-12 11:49:03+0030', '2018-03-12T11:19:03.000Z'],
    ['2018-03-12 11:49:03+00:00', '2018-03-12T11:49:03.000Z'],
    ['2018-03-12 11:49:03-0200', '2018-03-12T13:49:03.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parsePartooTimestamp(input)).toBe(expected)
  })

  it.each([' 2019-08-22 11:46:38+00', '2019-08-22 11:46:38+00 later', 'x2019-08-22 11:46:38+00'])(
    '%j → undefined',
    (input) => {
      expect(parsePartooTimestamp(input)).toBeUndefined()
    },
  )

  it.each(['x2099-06-30', '2099-06-30x'])('expiresAt %j is not a day', async (expiresAt) => {
    const { provider } = setup()
    await expect(provider.updateApiKey({ keyId: 1, expiresAt } as never)).rejects.toThrow(
      'must be a day as YYYY-MM-DD (e.g. 2027-06-30)',
    )
  })

  it('a day with a time after other text is not called a day with a time', async () => {
    const { provider } = setup()
    await expect(
      provider.updateApiKey({ keyId: 1, expiresAt: 'on 2099-06-30T10:00' } as never),
    ).rejects.toThrow('must be a day as YYYY-MM-DD (e.g. 2027-06-30)')
  })
})

describe('partoo input and answer checks, in their words', () => {
  it.each([
    [{ keyId: 1, description: 7 }, 'description: must be a string'],
    [
      { keyId: 1, expiresAt: '2020-01-01' },
      'expiresAt: must be at least tomorrow (UTC); to end a key today, revoke it',
    ],
  ])('%j → %s', async (input, message) => {
    const { provider } = setup()
    await expect(provider.updateApiKey(input as never)).rejects.toThrow(message)
  })

  it('a drifted answer field is listed in responseIssues and left out of the result', async () => {
    const { provider } = setup(() => json({ ...partooKey, label: 42 }))
    const key = await provider.updateApiKey({ keyId: 1, name: 'x' })
    expect(key.responseIssues?.map((issue) => issue.path)).toEqual([['label']])
    expect(key.name).toBeUndefined()
  })
})
