import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockContext, MockState, type ProviderMock, readJsonBody } from '../../src/kit/mock'

type Stored = { id: string; label: string }
const demoMock: ProviderMock<Stored, { id: string }> = {
  id: 'demo',
  defaultBaseUrl: 'https://demo.invalid/v1',
  credentialHeaders: ['x-demo-key'],
  seedFor: (keyId) => ({ id: String(keyId) }),
  clientOptions: {},
  fromSeed: (seed) => ({ label: 'seeded', ...seed }),
  keyOf: (stored) => stored.id,
  errorBody: (status, message) => ({ status, message }),
  rateLimitHeaders: (seconds) => ({ 'retry-after': String(seconds) }),
  secretsOf: (_request, body) => [(body as { password?: string } | undefined)?.password ?? ''],
  handlers: (context) => [
    context.route('post', '/keys/:id', async (request, params) => {
      const body = await readJsonBody(request)
      if (!body.ok) return context.error(400, 'not JSON')
      return { status: 200, body: { id: params.id, got: body.value } }
    }),
  ],
}

const state = new MockState()
const server = setupServer(
  ...demoMock.handlers(new MockContext(demoMock as never, state, demoMock.defaultBaseUrl)),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => state.reset())
afterAll(() => server.close())

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch('https://demo.invalid/v1/keys/k%2F1', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-demo-key': 'demo-credential', ...headers },
  })

describe('MockContext.route', () => {
  it('answers with the resolver, path parameters decoded once', async () => {
    const response = await post('{"a":1}')
    expect(await response.json()).toEqual({ id: 'k/1', got: { a: 1 } })
  })

  it('records each call with credentials and body secrets redacted', async () => {
    await post('{"password":"p@ss\\"word"}', { authorization: 'Bearer tok-1234' })
    const [call] = state.calls
    expect(call).toMatchObject({ provider: 'demo', method: 'POST', status: 200 })
    expect(call?.headers['x-demo-key']).toBe('[REDACTED]')
    expect(call?.headers.authorization).toBe('[REDACTED]')
    expect(call?.body).toEqual({ password: '[REDACTED]' })
  })

  it('records a body that is not JSON as its text', async () => {
    const response = await post('not json')
    expect(response.status).toBe(400)
    expect(state.calls[0]?.body).toBe('not json')
  })

  it('scripted failures answer first, `times` times, with the vendor error body; reset forgets them', async () => {
    state.script('demo', { status: 503, remaining: 2 })
    expect((await post('{}')).status).toBe(503)
    expect((await post('{}')).status).toBe(503)
    expect((await post('{}')).status).toBe(200)
    state.script('demo', { status: 500, remaining: 1 })
    state.reset()
    expect((await post('{}')).status).toBe(200)
    expect(state.calls).toHaveLength(1)
  })

  it('stores are per provider and start empty after reset', () => {
    state.store<Stored>('demo').set('a', { id: 'a', label: 'x' })
    expect(state.store<Stored>('demo').size).toBe(1)
    state.reset()
    expect(state.store<Stored>('demo').size).toBe(0)
  })
})
