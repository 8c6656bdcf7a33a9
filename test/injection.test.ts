/** Key ids and header values that try to change the request: they are encoded or refused, never obeyed. */
import { describe, expect, it } from 'vitest'
import { partooKey } from '../providers/partoo/partoo-fixtures'
import { plumaaKey } from '../providers/plumaa/plumaa-fixtures'
import { pulseCrmKey } from '../providers/pulsecrm/pulsecrm-fixtures'
import { theAuthApiKey } from '../providers/theauthapi/theauthapi-fixtures'
import {
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  type FetchLike,
  ValidationError,
} from '../src'
import { json, observedFetch } from './helpers/observed-fetch'

const hostile = ['../admin', 'a/b', '%2e%2e', '?x=1#', '..', '.', '%2F..%2F', 'a b', 'a#b', '\\..\\', 'ü/ß']

describe('path injection', () => {
  // The two providers whose key ids are free-form strings in the path.
  const freeForm = [
    {
      provider: 'PulseCRM',
      prefix: '/api/apikeys/',
      send: (keyId: string, fetch: FetchLike) =>
        createPulseCrm({ baseUrl: 'https://crm.example.com/api', token: 'test-token', fetch }).updateApiKey({
          keyId,
          description: 'd',
          permissions: [],
        }),
      response: { success: true },
    },
    {
      provider: 'The Auth API',
      prefix: '/api-keys/',
      send: (keyId: string, fetch: FetchLike) =>
        createTheAuthApi({ accessKey: 'test-access-key', fetch }).updateApiKey({ keyId, name: 'n' }),
      response: theAuthApiKey,
    },
  ]

  describe.each(freeForm)('$provider', ({ prefix, send, response }) => {
    it.each(hostile)('keyId %j stays one path segment or is refused', async (keyId) => {
      const observed = observedFetch(() => json(response))
      const outcome = await send(keyId, observed.fetch)
        .then(() => 'sent')
        .catch((error: unknown) => error)
      if (outcome !== 'sent') {
        expect(outcome).toBeInstanceOf(ValidationError)
        expect(observed.requests).toHaveLength(0)
        return
      }
      const url = new URL(observed.requests[0]!.url)
      expect(url.pathname.startsWith(prefix)).toBe(true)
      const segment = url.pathname.slice(prefix.length)
      expect(segment).not.toContain('/')
      expect(decodeURIComponent(segment)).toBe(keyId)
      expect(url.search + url.hash).toBe('')
    })
  })

  it.each(hostile)('Partoo and Plumaa refuse keyId %j outright', async (keyId) => {
    const observed = observedFetch(() => json(partooKey))
    const partoo = createPartoo({ apiKey: 'test-key', fetch: observed.fetch })
    const plumaa = createPlumaa({ apiKey: 'test-key', fetch: observed.fetch })
    await expect(partoo.updateApiKey({ keyId, name: 'n' })).rejects.toBeInstanceOf(ValidationError)
    await expect(plumaa.updateApiKey({ keyId, name: 'n' })).rejects.toBeInstanceOf(ValidationError)
    expect(observed.requests).toHaveLength(0)
    expect(plumaaKey.id).toMatch(/^[0-9a-f]{24}$/)
    expect(pulseCrmKey.id).toBeTruthy()
  })
})

describe('header injection', () => {
  const crlf = 'good-value\r\nx-injected: 1'

  it.each([
    ['Partoo apiKey', () => createPartoo({ apiKey: crlf }).updateApiKey({ keyId: 1, name: 'n' })],
    ['Plumaa apiKey', () => createPlumaa({ apiKey: crlf }).updateApiKey({ keyId: plumaaKey.id, name: 'n' })],
    [
      'The Auth API accessKey',
      () => createTheAuthApi({ accessKey: crlf }).updateApiKey({ keyId: 'k', name: 'n' }),
    ],
    [
      'PulseCRM token',
      () =>
        createPulseCrm({ baseUrl: 'https://crm.example.com', token: crlf }).updateApiKey({
          keyId: 'k',
          description: 'd',
          permissions: [],
        }),
    ],
    [
      'a per-call header',
      () =>
        createPartoo({ apiKey: 'test-key' }).updateApiKey(
          { keyId: 1, name: 'n' },
          { headers: { 'x-trace': crlf } },
        ),
    ],
  ])('%s with CR/LF is a ValidationError that does not echo the value', async (_label, call) => {
    const error = await call().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect(String(error)).not.toContain('x-injected')
  })

  it('a client header with CR/LF is refused at construction', () => {
    expect(() => createPartoo({ apiKey: 'test-key', headers: { 'x-a': crlf } })).toThrow(ValidationError)
  })
})
