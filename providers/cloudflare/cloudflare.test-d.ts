import { describe, expectTypeOf, it } from 'vitest'
import { updateApiKey } from '../../src'
import { type CloudflareApiKey, createCloudflare } from '.'

const cloudflare = createCloudflare({ apiToken: 'token' })

describe('cloudflare types', () => {
  it('takes its policies typed from the spec, and the shared fields', () => {
    expectTypeOf(
      updateApiKey({
        provider: cloudflare,
        keyId: 't',
        enabled: false,
        policies: [
          {
            effect: 'allow',
            permission_groups: [{ id: 'g' }],
            resources: { 'com.cloudflare.api.user.x': '*' },
          },
        ],
      }),
    ).resolves.toEqualTypeOf<CloudflareApiKey>()
    updateApiKey({
      provider: cloudflare,
      keyId: 't',
      // @ts-expect-error a policy's effect is allow or deny
      policies: [{ effect: 'maybe', permission_groups: [], resources: {} }],
    })
    // @ts-expect-error Cloudflare tokens hold policies, not permission names
    updateApiKey({ provider: cloudflare, keyId: 't', permissions: ['read'] })
    // @ts-expect-error Cloudflare tokens have a name only
    updateApiKey({ provider: cloudflare, keyId: 't', description: 'x' })
  })

  it('raw is the token', async () => {
    const key = await updateApiKey({ provider: cloudflare, keyId: 't', name: 'n' })
    expectTypeOf(key.raw.status).toEqualTypeOf<'active' | 'disabled' | 'expired'>()
  })
})
