/**
 * Input that used to escape as raw `URIError`, `RangeError` or `TypeError` (or pass and then misbehave): each is
 * now a `ValidationError` naming the field, thrown before any request. Also: one signal shared by many calls.
 */
import { describe, expect, it } from 'vitest'
import { pulseCrmKey } from '../providers/pulsecrm/pulsecrm-fixtures'
import { theAuthApiKey } from '../providers/theauthapi/theauthapi-fixtures'
import {
  createPartoo,
  createPulseCrm,
  createTheAuthApi,
  type JsonObject,
  type PartooOptions,
  ValidationError,
} from '../src'
import { json, observedFetch } from './helpers/observed-fetch'
import { warningsDuring } from './helpers/warnings'

function clients() {
  const observed = observedFetch(() => json(theAuthApiKey))
  const partoo = createPartoo({ apiKey: 'bad-input-partoo-key', fetch: observed.fetch })
  const theAuthApi = createTheAuthApi({ accessKey: 'bad-input-access-key', fetch: observed.fetch })
  const pulseCrm = createPulseCrm({
    token: 'bad-input-token',
    baseUrl: 'https://crm.example',
    fetch: observed.fetch,
  })
  return { partoo, theAuthApi, pulseCrm, requests: observed.requests }
}

function nested(depth: number): JsonObject {
  let value: JsonObject = { leaf: true }
  for (let level = 0; level < depth; level++) value = { a: value }
  return value
}

describe('bad input → ValidationError naming the field, nothing sent', () => {
  const cases: [string, (c: ReturnType<typeof clients>) => Promise<unknown>, string, RegExp][] = [
    [
      'a lone surrogate in a key id',
      (c) => c.theAuthApi.updateApiKey({ keyId: 'live_\ud800x', name: 'n' }),
      'keyId',
      /well-formed Unicode/,
    ],
    [
      'a lone surrogate in PulseCRM key id',
      (c) => c.pulseCrm.updateApiKey({ keyId: 'k\udc00', description: 'd', permissions: [] }),
      'keyId',
      /well-formed Unicode/,
    ],
    [
      'a lone surrogate in a new key value',
      (c) => c.theAuthApi.updateApiKey({ keyId: 'live_abc', name: 'n', newKeyValue: 'v\ud800alue' }),
      'newKeyValue',
      /well-formed Unicode/,
    ],
    [
      'metadata nested 100 000 deep',
      (c) => c.theAuthApi.updateApiKey({ keyId: 'live_abc', name: 'n', metadata: nested(100_000) }),
      'metadata',
      /nested too deeply/,
    ],
    [
      '130 000 IP entries',
      (c) => c.partoo.updateApiKey({ keyId: 1, ipAllowlist: Array(130_000).fill('bad') }),
      'ipAllowlist',
      /at most 1000/,
    ],
    [
      '130 000 permissions',
      (c) => c.pulseCrm.updateApiKey({ keyId: 'k', description: 'd', permissions: Array(130_000).fill('') }),
      'permissions',
      /at most 1000/,
    ],
    [
      'a header name with a space',
      (c) => c.partoo.updateApiKey({ keyId: 1, name: 'n' }, { headers: { 'bad name': 'v' } }),
      'options.headers.bad name',
      /header name/,
    ],
    [
      'timeoutMs of 2^31',
      (c) => c.partoo.updateApiKey({ keyId: 1, name: 'n' }, { timeoutMs: 2 ** 31 }),
      'options.timeoutMs',
      /at most 2147483647/,
    ],
    [
      'deadlineMs of 2^40',
      (c) => c.partoo.updateApiKey({ keyId: 1, name: 'n' }, { deadlineMs: 2 ** 40 }),
      'options.deadlineMs',
      /at most 2147483647/,
    ],
  ]
  it.each(cases)('%s', async (_label, call, field, message) => {
    const c = clients()
    const error = await call(c).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect((error as Error).message).toMatch(message)
    expect(c.requests).toHaveLength(0)
  })

  it.each<[string, PartooOptions]>([
    ["environment: 'toString'", { environment: 'toString' as never }],
    ["environment: '__proto__'", { environment: '__proto__' as never }],
    ['a client header name with a colon', { headers: { 'x-a:b': 'v' } }],
    ['timeoutMs of 2^31 on the client', { timeoutMs: 2 ** 31 }],
    ['maxRetryAfterMs of 2^31', { maxRetryAfterMs: 2 ** 31 }],
  ])('%s → ValidationError at construction', (_label, options) => {
    expect(() => createPartoo({ apiKey: 'test-key', ...options })).toThrow(ValidationError)
  })

  it('a ValidationError with 1 000 issues keeps its message short; every issue stays in `issues`', async () => {
    const c = clients()
    const error = (await c.partoo
      .updateApiKey({ keyId: 1, ipAllowlist: Array(1000).fill('not-an-ip') })
      .catch((caught: unknown) => caught)) as ValidationError
    expect(error.issues).toHaveLength(1000)
    expect(error.message.length).toBeLessThan(2000)
    expect(error.message).toMatch(/and 990 more: see issues/)
  })
})

describe('Partoo expiresAt says what is wrong', () => {
  it.each<[unknown, RegExp]>([
    ['2027-02-30', /2027-02-30 is not a real day/],
    ['2027-6-30', /must be a day as YYYY-MM-DD/],
    ['bad', /must be a day as YYYY-MM-DD/],
    ['2027-06-30T10:00:00Z', /has a time part/],
    [new Date('2027-06-30T10:00:00Z'), /a Date with a time of day/],
    [new Date('nope'), /invalid Date/],
  ])('%s', async (value, message) => {
    const c = clients()
    const error = await c.partoo
      .updateApiKey({ keyId: 1, expiresAt: value as never })
      .catch((caught: unknown) => caught)
    expect((error as Error).message).toMatch(message)
    if (typeof value === 'string' && !value.includes('T'))
      expect((error as Error).message).not.toMatch(/time of day/)
  })
})

describe('an empty vendor message falls back to the status text', () => {
  it('Partoo 400 {"errors":{"json":{}}} → "partoo 400: Bad Request"', async () => {
    const observed = observedFetch(() =>
      json({ errors: { json: {} } }, { status: 400, statusText: 'Bad Request' }),
    )
    const partoo = createPartoo({ apiKey: 'k-1234', fetch: observed.fetch })
    const error = await partoo.updateApiKey({ keyId: 1, name: 'n' }).catch((caught: unknown) => caught)
    expect((error as Error).message).toBe('partoo 400: Bad Request')
  })
})

describe('one signal shared by many concurrent calls', () => {
  it('50 calls on one signal print no MaxListenersExceededWarning, and all abort together', async () => {
    const warnings = await warningsDuring(async () => {
      const controller = new AbortController()
      const hang = observedFetch(
        (request) =>
          new Promise<Response>((_, reject) =>
            request.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
      )
      const partoo = createPartoo({ apiKey: 'k-1234', fetch: hang.fetch })
      const calls = Array.from({ length: 50 }, () =>
        partoo
          .updateApiKey({ keyId: 1, name: 'n' }, { signal: controller.signal })
          .catch((caught: unknown) => caught),
      )
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(hang.requests).toHaveLength(50)
      controller.abort()
      const errors = await Promise.all(calls)
      expect(errors.every((error) => (error as Error).name === 'AbortError')).toBe(true)
    })
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  })
})

describe('PulseCRM read-before-write re-sends only what PulseCRM requires', () => {
  it('a partial update does not re-send the expiry it read', async () => {
    const observed = observedFetch((request) =>
      request.method === 'GET'
        ? json({ apiKeys: [{ ...pulseCrmKey, expiresAt: '2027-01-01T00:00:00.000Z' }] })
        : json({ success: true }),
    )
    const pulseCrm = createPulseCrm({
      token: 'tok-1234',
      baseUrl: 'https://crm.example',
      fetch: observed.fetch,
    })
    const key = await pulseCrm.updateApiKey({ keyId: pulseCrmKey.id, description: 'new' })
    const patch = observed.requests.find((request) => request.method === 'PATCH')
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({
      description: 'new',
      flatPermissionsList: pulseCrmKey.flatPermissionsList,
    })
    expect(key.expiresAt).toBe('2027-01-01T00:00:00.000Z')
  })
})
