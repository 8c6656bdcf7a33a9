import { createPartoo, RateLimitError, updateApiKey } from 'keyshift'
import { createMockProviders } from 'keyshift/msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'

const mock = createMockProviders()
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mock.reset())
afterAll(() => server.close())

// Your code under test: renames a Partoo key.
async function renameKey(keyId: number, name: string) {
  const partoo = createPartoo({ apiKey: 'test-key' })
  return updateApiKey({ provider: partoo, keyId, name })
}

it('renames the key', async () => {
  mock.seed('partoo', [{ id: 3245, label: 'old name' }])
  const key = await renameKey(3245, 'CI deploy')
  expect(key.name).toBe('CI deploy')
  expect(mock.keys('partoo')[0]).toMatchObject({ label: 'CI deploy' })
  expect(mock.calls).toHaveLength(1)
})

it('surfaces rate limits', async () => {
  mock.seed('partoo', [{ id: 3245 }])
  mock.rateLimit('partoo', { retryAfterSeconds: 3600 })
  await expect(renameKey(3245, 'x')).rejects.toBeInstanceOf(RateLimitError)
})
