/** keyshift/msw as test suites use it: every documented environment, one accepted credential, fast retries. */
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  ServerError,
} from '../src'
import { createMockProviders, pulseCrmMockBaseUrl } from '../src/msw'

const mock = createMockProviders({
  credentials: {
    partoo: 'the-right-key',
    theauthapi: 'the-right-access-key',
    pulsecrm: 'the-right-password',
  },
})
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mock.reset())
afterAll(() => server.close())

describe('createMockProviders', () => {
  it("answers every documented environment: Partoo's sandbox, Plumaa's staging", async () => {
    mock.seed('partoo', [{ id: 3245 }])
    mock.seed('plumaa', [{ id: '5e5677d71bdc2ae76344968c' }])
    const partoo = createPartoo({ apiKey: 'the-right-key', environment: 'sandbox' })
    const plumaa = createPlumaa({ apiKey: 'test-key', environment: 'staging' })
    expect((await partoo.updateApiKey({ keyId: 3245, name: 'sandboxed' })).name).toBe('sandboxed')
    expect((await plumaa.updateApiKey({ keyId: '5e5677d71bdc2ae76344968c', enabled: false })).enabled).toBe(
      false,
    )
    expect(mock.calls.map((call) => new URL(call.url).host)).toEqual([
      'api.sandbox.partoo.co',
      'api.staging.plumaa.id',
    ])
  })

  it("credentials: any other key gets the vendor's real 401", async () => {
    mock.seed('partoo', [{ id: 3245 }])
    mock.seed('theauthapi', [{ key: 'live_mock_key' }])
    const wrong = createPartoo({ apiKey: 'a-wrong-key' })
    const error = await wrong.updateApiKey({ keyId: 3245, name: 'x' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect((error as Error).message).toBe('partoo 401: User not authenticated')
    await expect(
      createTheAuthApi({ accessKey: 'nope' }).updateApiKey({ keyId: 'live_mock_key', name: 'x' }),
    ).rejects.toBeInstanceOf(AuthenticationError)
    expect(
      (await createPartoo({ apiKey: 'the-right-key' }).updateApiKey({ keyId: 3245, name: 'ok' })).name,
    ).toBe('ok')
  })

  it('credentials for PulseCRM: its login password', async () => {
    mock.seed('pulsecrm', [{ id: 'key_01' }])
    const login = (password: string) =>
      createPulseCrm({ baseUrl: pulseCrmMockBaseUrl, email: 'a@example.com', password }).updateApiKey({
        keyId: 'key_01',
        description: 'd',
        permissions: [],
      })
    await expect(login('wrong')).rejects.toBeInstanceOf(AuthenticationError)
    expect((await login('the-right-password')).description).toBe('d')
  })

  it('retryBaseDelayMs: 0 retries at once (a persistent 500 no longer costs seconds)', async () => {
    mock.seed('partoo', [{ id: 3245 }])
    mock.fail('partoo', { status: 500, times: 3 })
    const delays: number[] = []
    const partoo = createPartoo({
      apiKey: 'the-right-key',
      retryBaseDelayMs: 0,
      onRetry: (event) => delays.push(event.delayMs),
    })
    await expect(partoo.updateApiKey({ keyId: 3245, name: 'x' })).rejects.toBeInstanceOf(ServerError)
    expect(mock.calls).toHaveLength(3)
    // The waits themselves, not the wall clock (which a loaded machine stretches).
    expect(delays).toEqual([0, 0])
  })
})
