/** Key ids and header values that try to change the request: they are encoded or refused, never obeyed. */
import { describe, expect, it } from 'vitest'
import { createPartoo, createPlumaa, createPulseCrm, createTheAuthApi, ValidationError } from '../src'
import { partooKey, plumaaKey, pulseCrmKey, theAuthApiKey } from './helpers/fixtures'
import { json, observedFetch } from './helpers/observed-fetch'

const hostile = ['../admin', 'a/b', '%2e%2e', '?x=1#', '..', '.', '%2F..%2F', 'a b', 'a#b', '\\..\\', 'ü/ß']

describe('path injection', () => {
  it.each(hostile)('PulseCRM keyId %j stays one path segment or is refused', async (keyId) => {
    const observed = observedFetch(() => json({ success: true }))
    const provider = createPulseCrm({
      baseUrl: 'https://crm.example.com/api',
      token: 't',
      fetch: observed.fetch,
    })
    const outcome = await provider
      .updateApiKey({ keyId, description: 'd', permissions: [] })
      .then(() => 'sent')
      .catch((error: unknown) => error)
    if (outcome !== 'sent') {
      expect(outcome).toBeInstanceOf(ValidationError)
      expect(observed.requests).toHaveLength(0)
      return
    }
    const url = new URL(observed.requests[0]!.url)
    expect(url.pathname.startsWith('/api/apikeys/')).toBe(true)
    const segment = url.pathname.slice('/api/apikeys/'.length)
    expect(segment).not.toContain('/')
    expect(decodeURIComponent(segment)).toBe(keyId)
    expect(url.search).toBe('')
    expect(url.hash).toBe('')
  })

  it.each(hostile)('The Auth API keyId %j stays one path segment or is refused', async (keyId) => {
    const observed = observedFetch(() => json(theAuthApiKey))
    const provider = createTheAuthApi({ accessKey: 'a', fetch: observed.fetch })
    const outcome = await provider
      .updateApiKey({ keyId, name: 'n' })
      .then(() => 'sent')
      .catch((error: unknown) => error)
    if (outcome !== 'sent') {
      expect(outcome).toBeInstanceOf(ValidationError)
      expect(observed.requests).toHaveLength(0)
      return
    }
    const url = new URL(observed.requests[0]!.url)
    const segment = url.pathname.slice('/api-keys/'.length)
    expect(url.pathname.startsWith('/api-keys/')).toBe(true)
    expect(segment).not.toContain('/')
    expect(decodeURIComponent(segment)).toBe(keyId)
    expect(url.search + url.hash).toBe('')
  })

  it.each(hostile)('Partoo and Plumaa refuse keyId %j outright', async (keyId) => {
    const observed = observedFetch(() => json(partooKey))
    const partoo = createPartoo({ apiKey: 'k', fetch: observed.fetch })
    const plumaa = createPlumaa({ apiKey: 'k', fetch: observed.fetch })
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
        createPartoo({ apiKey: 'k' }).updateApiKey({ keyId: 1, name: 'n' }, { headers: { 'x-trace': crlf } }),
    ],
  ])('%s with CR/LF is a ValidationError that does not echo the value', async (_label, call) => {
    const error = await call().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect(String(error)).not.toContain('x-injected')
  })

  it('a client header with CR/LF is refused at construction', () => {
    expect(() => createPartoo({ apiKey: 'k', headers: { 'x-a': crlf } })).toThrow(ValidationError)
  })
})
