import { describe, expect, it } from 'vitest'
import { requestViolations, responseViolations } from './helpers/contract'

const request = (method: string, url: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  url,
  headers: new Headers({ 'content-type': 'application/json', ...headers }),
  body: body === undefined ? null : JSON.stringify(body),
})

// The contract checker is itself tested: each request below breaks the spec one way and must be caught.
describe('contract checker', () => {
  const plumaa = 'https://api.plumaa.id/rest/v1'
  const id = '5e5677d71bdc2ae76344968c'

  it('catches openapi-fetch’s default deepObject query for Plumaa', () => {
    const violations = requestViolations(
      'plumaa',
      request(
        'PUT',
        `${plumaa}/api-key?input[id]=${id}&input[enabled]=false`,
        { input: { id, enabled: false } },
        {
          authorization: 'Bearer x',
        },
      ),
      plumaa,
    )
    expect(violations.join('\n')).toMatch(/query input is required/)
    expect(violations.join('\n')).toMatch(/not in the spec/)
  })

  it('catches a wrong type, a missing credential, an unknown field and a bad path parameter', () => {
    const partoo = 'https://api.partoo.co/v2'
    expect(
      requestViolations(
        'partoo',
        request('PUT', `${partoo}/api_keys/1`, { label: 5 }, { 'x-apikey': 'k' }),
        partoo,
      ),
    ).not.toEqual([])
    expect(
      requestViolations('partoo', request('PUT', `${partoo}/api_keys/1`, { label: 'x' }), partoo),
    ).toEqual(['no credentials as the security scheme requires'])
    expect(
      requestViolations('partoo', request('PUT', `${partoo}/api_keys/abc`, {}, { 'x-apikey': 'k' }), partoo),
    ).not.toEqual([])
    expect(
      requestViolations(
        'partoo',
        request('PUT', `${partoo}/api_keys/1`, { permissions: ['a'] }, { 'x-apikey': 'k' }),
        partoo,
      ),
    ).not.toEqual([])
    const auth = 'https://api.theauthapi.com'
    expect(
      requestViolations(
        'theauthapi',
        request('PATCH', `${auth}/api-keys/k`, { name: 'n', nmae: 1 }, { 'x-api-key': 'a' }),
        auth,
      ),
    ).not.toEqual([])
    expect(
      requestViolations(
        'theauthapi',
        request('PATCH', `${auth}/api-keys/k`, { customUserId: 'u' }, { 'x-api-key': 'a' }),
        auth,
      ),
    ).not.toEqual([])
  })

  it('catches a response that breaks the spec', () => {
    expect(responseViolations('pulsecrm', 'PATCH', '/apikeys/k', 200, { success: 'yes' })).not.toEqual([])
    expect(responseViolations('pulsecrm', 'PATCH', '/apikeys/k', 418, {})).not.toEqual([])
  })
})
