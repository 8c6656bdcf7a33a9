/**
 * What the vendor says is what keyshift reports: drifting answers are applied-with-issues (required fields
 * included), the status decides retries, user data is kept, secrets a server echoes are redacted everywhere, and
 * inputs that would be sent wrong are refused before anything is sent.
 */
import { describe, expect, it } from 'vitest'
import { partooKey } from '../providers/partoo/partoo-fixtures'
import { plumaaKey } from '../providers/plumaa/plumaa-fixtures'
import { theAuthApiKey, theAuthApiSecret } from '../providers/theauthapi/theauthapi-fixtures'
import {
  type AnyProvider,
  ConnectionError,
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  NotFoundError,
  ServerError,
  UnexpectedResponseError,
  updateApiKeys,
  ValidationError,
} from '../src'
import { json, observedFetch } from './helpers/observed-fetch'

const answering = (respond: Parameters<typeof observedFetch>[0]) => observedFetch(respond)

describe('responseIssues lists the fields the spec requires and the answer lacks; raw is as received', () => {
  it('Plumaa: a 200 without secret and organization is applied, with both listed', async () => {
    const { secret: _secret, organization: _organization, ...partial } = plumaaKey
    const observed = answering(() => json(partial))
    const key = await createPlumaa({ apiKey: 'plumaa-key', fetch: observed.fetch }).updateApiKey({
      keyId: plumaaKey.id,
      enabled: false,
    })
    expect(key.responseIssues).toEqual([
      { path: ['secret'], message: 'missing, though the spec requires it' },
      { path: ['organization'], message: 'missing, though the spec requires it' },
    ])
    expect(key.raw).toEqual(partial)
  })

  it('The Auth API: `{}` is applied, with its six required fields listed', async () => {
    const observed = answering(() => json({}))
    const key = await createTheAuthApi({ accessKey: 'auth-access', fetch: observed.fetch }).updateApiKey({
      keyId: theAuthApiSecret,
      name: 'n',
    })
    expect(key.responseIssues?.map((issue) => issue.path[0])).toEqual([
      'key',
      'name',
      'env',
      'createdAt',
      'updatedAt',
      'isActive',
    ])
  })

  it('Partoo: `{}` matches its spec (which requires no field): no issues', async () => {
    const observed = answering(() => json({}))
    const key = await createPartoo({ apiKey: 'partoo-key', fetch: observed.fetch }).updateApiKey({
      keyId: 1,
      name: 'n',
    })
    expect(key.responseIssues).toBeUndefined()
    expect(key.id).toBe('1')
  })
})

describe('user data is kept: constructor and prototype are names a user may give', () => {
  it('The Auth API metadata {"constructor": "team-a"} comes back as sent, and nothing is polluted', async () => {
    const metadata = { constructor: 'team-a', prototype: { tier: 'gold' } }
    const observed = answering((request) =>
      json({ ...theAuthApiKey, customMetaData: JSON.parse(request.body ?? '{}').customMetaData }),
    )
    const key = await createTheAuthApi({ accessKey: 'auth-access', fetch: observed.fetch }).updateApiKey({
      keyId: theAuthApiSecret,
      name: 'n',
      metadata,
    })
    expect((key.raw as { customMetaData: unknown }).customMetaData).toEqual(metadata)
    expect(key.responseIssues).toBeUndefined()
  })

  it('__proto__ in an answer is dropped and said so in responseIssues', async () => {
    const observed = answering(
      () =>
        new Response(`{"id":1,"label":"x","__proto__":{"polluted":true}}`, {
          headers: { 'content-type': 'application/json' },
        }),
    )
    const key = await createPartoo({ apiKey: 'partoo-key', fetch: observed.fetch }).updateApiKey({
      keyId: 1,
      name: 'x',
    })
    expect(key.responseIssues).toEqual([
      { path: [], message: expect.stringMatching(/^1 key\(s\) named __proto__/) },
    ])
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })
})

describe('secrets a server echoes are redacted from results and errors', () => {
  it.each([
    [
      'partoo',
      (fetch: typeof globalThis.fetch) => createPartoo({ apiKey: 'ECHOED-CREDENTIAL-1', fetch }),
      { keyId: 1, name: 'n' },
    ],
    [
      'pulsecrm',
      (fetch: typeof globalThis.fetch) =>
        createPulseCrm({ baseUrl: 'https://crm.example.com', token: 'ECHOED-CREDENTIAL-1', fetch }),
      { keyId: 'key_01', description: 'd', permissions: [] },
    ],
  ] as const)(
    '%s: an echo in the body of a success is redacted from raw and the normalized fields',
    async (_id, make, input) => {
      const observed = answering((request) =>
        json({
          ...partooKey,
          success: true,
          label: `issued with ${request.headers.get('x-apikey') ?? request.headers.get('authorization')}`,
          echo: { header: request.headers.get('x-apikey') ?? request.headers.get('authorization') },
        }),
      )
      const key = await (make(observed.fetch as never) as AnyProvider).updateApiKey(input as never)
      expect(JSON.stringify(key)).not.toContain('ECHOED-CREDENTIAL-1')
      expect(JSON.stringify(key)).toContain('[REDACTED]')
    },
  )

  it('a request id that echoes the credential is redacted in the error, its JSON and a result', async () => {
    const failing = answering(
      () =>
        new Response('{"errors":{"json":"no"}}', {
          status: 404,
          headers: { 'content-type': 'application/json', 'x-request-id': 'req-ECHOED-CREDENTIAL-2' },
        }),
    )
    const error = (await createPartoo({ apiKey: 'ECHOED-CREDENTIAL-2', fetch: failing.fetch })
      .updateApiKey({ keyId: 1, name: 'n' })
      .catch((caught: unknown) => caught)) as NotFoundError
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.requestId).toBe('req-[REDACTED]')
    expect(JSON.stringify(error)).not.toContain('ECHOED-CREDENTIAL-2')
    const succeeding = answering(() =>
      json(partooKey, { headers: { 'x-request-id': 'ok-ECHOED-CREDENTIAL-2', 'set-cookie': 's=1' } }),
    )
    const key = await createPartoo({ apiKey: 'ECHOED-CREDENTIAL-2', fetch: succeeding.fetch }).updateApiKey({
      keyId: 1,
      name: 'n',
    })
    expect(key.lastResponse).toEqual({
      status: 200,
      requestId: 'ok-[REDACTED]',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'ok-[REDACTED]',
        'set-cookie': '[REDACTED]',
      },
    })
  })
})

describe('the status decides what is retried', () => {
  it('a TLS certificate the runtime refuses is not retried', async () => {
    const observed = answering(() =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
        }),
      ),
    )
    const error = await createPartoo({ apiKey: 'partoo-key', fetch: observed.fetch })
      .updateApiKey({ keyId: 1, name: 'n' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({
      isRetryable: false,
      message: expect.stringContaining('TLS certificate was refused'),
    })
    expect(observed.requests).toHaveLength(1)
  })

  it('a 503 with a 2 MB page is retried like any 503 (the page is discarded unread), and says so when it stays', async () => {
    const page = 'x'.repeat(2 * 1024 * 1024)
    const unavailable = () =>
      new Response(page, { status: 503, headers: { 'content-type': 'text/html', 'retry-after-ms': '1' } })
    const recovering = answering((_request, index) => (index === 0 ? unavailable() : json(partooKey)))
    const key = await createPartoo({ apiKey: 'partoo-key', fetch: recovering.fetch }).updateApiKey({
      keyId: 1,
      name: 'n',
    })
    expect(key.id).toBe('3245')
    expect(recovering.requests).toHaveLength(2)
    const down = answering(unavailable)
    const error = await createPartoo({ apiKey: 'partoo-key', fetch: down.fetch, maxRetries: 1 })
      .updateApiKey({ keyId: 1, name: 'n' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ServerError)
    expect(error).toMatchObject({
      isRetryable: true,
      message: 'partoo 503: error (a body of more than 1048576 bytes, discarded)',
    })
    expect(down.requests).toHaveLength(2)
  })

  it('a 304 is not a redirect: an UnexpectedResponseError that says why', async () => {
    const observed = answering(() => new Response(null, { status: 304 }))
    const error = await createPartoo({ apiKey: 'partoo-key', fetch: observed.fetch })
      .updateApiKey({ keyId: 1, name: 'n' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnexpectedResponseError)
    expect((error as Error).message).toContain('304 Not Modified')
    expect((error as Error).message).not.toContain('redirect')
  })
})

describe('inputs that would be sent wrong are refused, nothing sent', () => {
  const nothingSent = () => answering(() => json(partooKey))

  it.each([
    ['partoo', () => createPartoo({ apiKey: 'abc' }), { keyId: 1, name: 'n' }, 'apiKey'],
    ['plumaa', () => createPlumaa({ apiKey: 'abc' }), { keyId: plumaaKey.id, name: 'n' }, 'apiKey'],
    [
      'theauthapi',
      () => createTheAuthApi({ accessKey: 'abc' }),
      { keyId: theAuthApiSecret, name: 'n' },
      'accessKey',
    ],
    [
      'pulsecrm',
      () => createPulseCrm({ baseUrl: 'https://crm.example.com', token: 'abc' }),
      { keyId: 'key_01', description: 'd', permissions: [] },
      'token',
    ],
  ] as const)(
    '%s: a credential shorter than 4 characters (it could not be redacted)',
    async (_id, make, input, field) => {
      const error = await (make() as AnyProvider)
        .validateUpdate(input as never)
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues).toEqual([
        { path: [field], message: 'is 3 character(s) long: a secret must have at least 4' },
      ])
    },
  )

  it.each(['https://api.partoo.co/v2?', 'https://api.partoo.co/v2#', 'https://api.partoo.co/v2?a=b'])(
    'a baseUrl with a query or fragment, even a bare one (%s), would swallow the path',
    (baseUrl) => {
      expect(() => createPartoo({ apiKey: 'partoo-key', baseUrl })).toThrow(
        /must not contain credentials, a query/,
      )
    },
  )

  it.each([new Date('+010000-01-01T00:00:00Z'), new Date('-000001-06-30T00:00:00Z')])(
    'a Date RFC 3339 cannot write (%s) is refused with the reason',
    async (date) => {
      const observed = nothingSent()
      const error = await createTheAuthApi({ accessKey: 'auth-access', fetch: observed.fetch })
        .updateApiKey({ keyId: theAuthApiSecret, name: 'n', expiresAt: date })
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as Error).message).toMatch(
        /expiresAt: is a Date in the year -?\d+: dates are sent as RFC 3339/,
      )
      expect(observed.requests).toHaveLength(0)
    },
  )

  it('options.signal that is not an AbortSignal is a ValidationError, not a raw TypeError', async () => {
    const observed = nothingSent()
    const partoo = createPartoo({ apiKey: 'partoo-key', fetch: observed.fetch })
    const error = await partoo
      .updateApiKey({ keyId: 1, name: 'n' }, { signal: {} as AbortSignal })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe('options.signal')
    const bulk = await updateApiKeys([{ provider: partoo, keyId: 1, name: 'n' }], {
      stop: {} as AbortSignal,
    }).catch((caught: unknown) => caught)
    expect((bulk as ValidationError).field).toBe('stop')
    expect(observed.requests).toHaveLength(0)
  })
})

describe('a vendor that refuses browser origins', () => {
  it('in a page, a request that fails without a response says it is most likely CORS, and what to do', async () => {
    const globals = globalThis as { document?: unknown }
    globals.document = {}
    try {
      const observed = answering(() => Promise.reject(new TypeError('Failed to fetch')))
      const error = await createPartoo({ apiKey: 'partoo-key', fetch: observed.fetch, maxRetries: 0 })
        .updateApiKey({ keyId: 1, name: 'n' })
        .catch((caught: unknown) => caught)
      expect((error as Error).message).toBe(
        'partoo: connection failed: Failed to fetch (in a browser this is most often CORS: Partoo refuses browser origins: call it from your backend, or through a proxy of your own set as baseUrl)',
      )
      // Toward a proxy of the app's own, CORS is the app's: no such guess.
      const proxied = await createPartoo({
        apiKey: 'partoo-key',
        fetch: observed.fetch,
        maxRetries: 0,
        baseUrl: 'https://proxy.example.com/partoo',
      })
        .updateApiKey({ keyId: 1, name: 'n' })
        .catch((caught: unknown) => caught)
      expect((proxied as Error).message).toBe('partoo: connection failed: Failed to fetch')
    } finally {
      delete globals.document
    }
  })
})
