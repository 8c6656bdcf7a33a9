import { describe, expectTypeOf, it } from 'vitest'
import { updateApiKey } from '../../src'
import { createTwilio, type TwilioApiKey } from '.'

const twilio = createTwilio({ accountSid: 'AC', authToken: 't' })

describe('twilio types', () => {
  it("a key's friendly name is all v2010 changes", () => {
    expectTypeOf(
      updateApiKey({ provider: twilio, keyId: 'SK', name: 'n' }),
    ).resolves.toEqualTypeOf<TwilioApiKey>()
    // @ts-expect-error a restricted key's policy is the IAM v1 API's
    updateApiKey({ provider: twilio, keyId: 'SK', permissions: ['x'] })
    // @ts-expect-error Twilio keys do not expire
    updateApiKey({ provider: twilio, keyId: 'SK', expiresAt: null })
  })
})
