import { describe, expectTypeOf, it } from 'vitest'
import { updateApiKey } from '../../src'
import { createDatadog, type DatadogApiKey } from '.'

const datadog = createDatadog({ apiKey: 'a', appKey: 'b' })

describe('datadog types', () => {
  it('an API key takes a name, category and Remote Configuration flag; an application key a name and scopes', () => {
    expectTypeOf(
      updateApiKey({ provider: datadog, keyId: 'k', remoteConfigReadEnabled: true }),
    ).resolves.toEqualTypeOf<DatadogApiKey>()
    updateApiKey({ provider: datadog, keyId: 'k', keyType: 'application_key', permissions: null })
    // @ts-expect-error API keys have no scopes
    updateApiKey({ provider: datadog, keyId: 'k', permissions: ['dashboards_read'] })
    // @ts-expect-error application keys have no category
    updateApiKey({ provider: datadog, keyId: 'k', keyType: 'application_key', category: 'x' })
    // @ts-expect-error Datadog keys do not expire
    updateApiKey({ provider: datadog, keyId: 'k', expiresAt: null })
  })
})
