import { describe, expectTypeOf, it } from 'vitest'
import { updateApiKey } from '../../src'
import { createGoogleApiKeys, type GoogleApiKeysApiKey } from '.'

const google = createGoogleApiKeys({ accessToken: 't', project: 'p' })

describe('google-apikeys types', () => {
  it('annotations are strings; restrictions are typed', () => {
    expectTypeOf(
      updateApiKey({
        provider: google,
        keyId: 'k',
        metadata: { team: 'web' },
        apiTargets: [{ service: 's' }],
      }),
    ).resolves.toEqualTypeOf<GoogleApiKeysApiKey>()
    // @ts-expect-error annotations hold strings only
    updateApiKey({ provider: google, keyId: 'k', metadata: { count: 1 } })
    // @ts-expect-error Google API keys do not expire
    updateApiKey({ provider: google, keyId: 'k', expiresAt: null })
  })
})
