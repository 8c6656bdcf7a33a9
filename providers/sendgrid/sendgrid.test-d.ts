import { describe, expectTypeOf, it } from 'vitest'
import { updateApiKey } from '../../src'
import { createSendGrid, type SendGridApiKey } from '.'

const sendgrid = createSendGrid({ apiKey: 'SG.x' })

describe('sendgrid types', () => {
  it('takes name, scopes and accountId; the rest are compile errors that say why', () => {
    expectTypeOf(
      updateApiKey({ provider: sendgrid, keyId: 'k', permissions: ['mail.send'] }),
    ).resolves.toEqualTypeOf<SendGridApiKey>()
    // @ts-expect-error SendGrid keys do not expire
    updateApiKey({ provider: sendgrid, keyId: 'k', expiresAt: null })
    // @ts-expect-error SendGrid has no "unrestricted" key: scopes are a list
    updateApiKey({ provider: sendgrid, keyId: 'k', permissions: null })
    // @ts-expect-error SendGrid cannot disable a key
    updateApiKey({ provider: sendgrid, keyId: 'k', enabled: false })
  })

  it('the result has typed scopes in raw', async () => {
    const key = await updateApiKey({ provider: sendgrid, keyId: 'k', name: 'n' })
    expectTypeOf(key.raw.scopes).toEqualTypeOf<string[] | undefined>()
  })
})
