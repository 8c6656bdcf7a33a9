/** A mock of the fixture provider on the kit's mock machinery: auth, body checks, a store, errors. */

import { type MockReply, type ProviderMock, readJsonBody } from '../../src/kit/mock'
import type { components } from './fixture-paths'
import { fixtureEnvironments } from './fixture-provider'

type StoredKey = components['schemas']['Key']
export type FixtureSeed = Partial<StoredKey> & { id: string }

export const fixtureMock: ProviderMock<StoredKey, FixtureSeed> = {
  id: 'fixture',
  defaultBaseUrl: fixtureEnvironments.production,
  credentialHeaders: ['x-fixture-key'],
  seedFor: (keyId) => ({ id: String(keyId) }),
  clientOptions: { key: 'mock-fixture-key' },
  fromSeed: (seed) => ({ label: `Key ${seed.id}`, token: `fx_token_${seed.id}`, ...seed }),
  keyOf: (stored) => stored.id,
  errorBody: (_status, message) => ({ reason: message }),
  rateLimitHeaders: (seconds) => ({ 'retry-after': String(seconds) }),
  handlers: (context) => [
    context.route('patch', '/keys/:id', async (request, params): Promise<MockReply> => {
      if (!request.headers.get('x-fixture-key')) return context.error(401, 'missing x-fixture-key')
      const parsed = await readJsonBody(request)
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null)
        return context.error(400, 'body must be a JSON object')
      const { label, note, ...rest } = parsed.value as { label?: unknown; note?: unknown }
      if (
        Object.keys(rest).length > 0 ||
        (label !== undefined && (typeof label !== 'string' || label === ''))
      )
        return context.error(400, 'invalid body')
      const stored = context.store.get(params.id ?? '')
      if (!stored) return context.error(404, `key ${params.id} not found`)
      const updated: StoredKey = {
        ...stored,
        ...(typeof label === 'string' && { label }),
        ...(typeof note === 'string' && { note }),
      }
      context.store.set(updated.id, updated)
      return { status: 200, body: updated }
    }),
  ],
}
