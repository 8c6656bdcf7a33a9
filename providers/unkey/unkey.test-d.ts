import { describe, expectTypeOf, it } from 'vitest'
import { updateApiKey } from '../../src'
import { createUnkey, type UnkeyApiKey } from '.'

const unkey = createUnkey({ rootKey: 'r' })

describe('unkey types', () => {
  it('null clears where Unkey documents it; its own fields are typed from the spec', () => {
    expectTypeOf(
      updateApiKey({
        provider: unkey,
        keyId: 'key_1',
        name: null,
        metadata: null,
        credits: { remaining: null },
      }),
    ).resolves.toEqualTypeOf<UnkeyApiKey>()
    // @ts-expect-error permissions replace the list: no null
    updateApiKey({ provider: unkey, keyId: 'key_1', permissions: null })
    updateApiKey({
      provider: unkey,
      keyId: 'key_1',
      // @ts-expect-error a refill is daily or monthly
      credits: { remaining: 1, refill: { interval: 'weekly', amount: 1 } },
    })
    // @ts-expect-error Unkey rerolls a key with another endpoint
    updateApiKey({ provider: unkey, keyId: 'key_1', newKeyValue: 'x' })
  })
})
