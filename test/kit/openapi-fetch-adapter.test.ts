import { describe, expect, it } from 'vitest'
import type { paths } from '../../generated/plumaa'
import { openApiSender } from '../../src/kit/openapi-fetch-adapter'
import { Redactor } from '../../src/kit/redactor'
import { resolveSettings } from '../../src/kit/settings'
import { type OutgoingRequest, ReadResponse, Transport } from '../../src/kit/transport'

describe('openApiSender', () => {
  it('serializes through openapi-fetch, sends through the transport, returns the read response', async () => {
    const sent: { url: string; init: RequestInit }[] = []
    const settings = resolveSettings(
      'plumaa',
      {
        fetch: async (url, init) => {
          sent.push({ url, init })
          return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } })
        },
      },
      { production: 'https://api.example.com/rest/v1' },
      'production',
    )
    const transport = new Transport(settings, {}, new Redactor())
    const send = openApiSender<paths>(settings)
    const input = { id: '5e5677d71bdc2ae76344968c', enabled: false }
    const response = await send(transport, {
      method: 'put',
      path: '/api-key',
      params: { query: { input: JSON.stringify(input) } },
      body: { input },
      headers: { 'x-extra': '1' },
    })
    expect(response).toBeInstanceOf(ReadResponse)
    expect(response.bodyText).toBe('{"ok":true}')
    const [request] = sent
    expect(request?.url).toBe(
      `https://api.example.com/rest/v1/api-key?input=${encodeURIComponent(JSON.stringify(input))}`,
    )
    expect(request?.init.method).toBe('PUT')
    expect(JSON.parse(String(request?.init.body))).toEqual({ input })
    const headers = new Headers(request?.init.headers)
    expect(headers.get('content-type')).toBe('application/json')
    expect(headers.get('x-extra')).toBe('1')
  })

  it('the transport sees a plain request: no WHATWG Request is built', async () => {
    const seen: OutgoingRequest[] = []
    const settings = resolveSettings('plumaa', {}, { production: 'https://api.example.com' }, 'production')
    const transport = new Transport(settings, {}, new Redactor())
    transport.send = async (request) => {
      seen.push(request)
      return new ReadResponse({ status: 204, statusText: '', headers: new Headers() }, '')
    }
    await openApiSender<paths>(settings)(transport, {
      method: 'put',
      path: '/api-key',
      params: { query: { input: '{"id":"x"}' } },
      body: { input: { id: 'x' } },
    })
    expect(seen[0]).not.toBeInstanceOf(Request)
    expect(seen[0]?.url).toBe(`https://api.example.com/api-key?input=${encodeURIComponent('{"id":"x"}')}`)
  })
})
