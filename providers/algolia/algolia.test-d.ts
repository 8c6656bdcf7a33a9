import { describe, expectTypeOf, it } from 'vitest'
import type { components } from '../../generated/algolia'
import { updateApiKey } from '../../src'
import { type AlgoliaAcl, type AlgoliaApiKey, createAlgolia } from '.'

const algolia = createAlgolia({ appId: 'app', apiKey: 'admin' })

describe('algolia types', () => {
  it('ACLs are the spec’s enum, every one of them', () => {
    expectTypeOf<Exclude<components['schemas']['acl'], AlgoliaAcl>>().toEqualTypeOf<never>()
    // @ts-expect-error not an Algolia ACL
    updateApiKey({ provider: algolia, keyId: 'k', permissions: ['admin'] })
  })

  it('its own fields are typed; rate limits are per hour', () => {
    expectTypeOf(
      updateApiKey({
        provider: algolia,
        keyId: 'k',
        indexes: ['dev_*'],
        maxHitsPerQuery: 10,
        allowedReferrers: [],
      }),
    ).resolves.toEqualTypeOf<AlgoliaApiKey>()
    // @ts-expect-error Algolia limits requests per IP per hour
    updateApiKey({ provider: algolia, keyId: 'k', rateLimit: { limit: 10, windowSeconds: 60 } })
    // @ts-expect-error Algolia keys have a description, no name
    updateApiKey({ provider: algolia, keyId: 'k', name: 'x' })
    // @ts-expect-error a list of index patterns
    updateApiKey({ provider: algolia, keyId: 'k', indexes: 'dev_*' })
  })

  it('the result says whether the change is still propagating', async () => {
    const key = await updateApiKey({ provider: algolia, keyId: 'k', description: 'd' })
    expectTypeOf(key.propagating).toEqualTypeOf<true | undefined>()
    expectTypeOf(key.revealSecret()).toEqualTypeOf<string>()
  })
})
