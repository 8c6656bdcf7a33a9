import { describe, expectTypeOf, it } from 'vitest'
import type { components as PartooComponents } from '../generated/partoo'
import type { components as PlumaaComponents } from '../generated/plumaa'
import {
  type ApiKey,
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  type PartooApiKey,
  type PartooRaw,
  type PlumaaApiKey,
  type PlumaaUpdate,
  type PulseCrmApiKey,
  parseDay,
  type TheAuthApiApiKey,
  type TheAuthApiUpdate,
  type Unsupported,
  updateApiKey,
  updateApiKeys,
} from '../src'

const partoo = createPartoo({ apiKey: 'test-key' })
const pulse = createPulseCrm({ baseUrl: 'https://crm.example.com', token: 'test-token' })
const auth = createTheAuthApi({ accessKey: 'test-access-key' })
const plumaa = createPlumaa({ apiKey: 'test-key' })

describe('updateApiKey types', () => {
  it('returns each provider’s precise result type', () => {
    expectTypeOf(
      updateApiKey({ provider: partoo, keyId: 1, name: 'x' }),
    ).resolves.toEqualTypeOf<PartooApiKey>()
    expectTypeOf(
      updateApiKey({ provider: pulse, keyId: 'k', description: 'd' }),
    ).resolves.toEqualTypeOf<PulseCrmApiKey>()
    expectTypeOf(
      updateApiKey({ provider: auth, keyId: 'k', name: 'n' }),
    ).resolves.toEqualTypeOf<TheAuthApiApiKey>()
    expectTypeOf(
      updateApiKey({ provider: plumaa, keyId: 'k', enabled: false }),
    ).resolves.toEqualTypeOf<PlumaaApiKey>()
  })

  it('types raw from the generated response types, without the secret fields', () => {
    expectTypeOf<PartooApiKey['raw']>().toEqualTypeOf<PartooRaw>()
    // The same type, flattened (`Resolved`) so that editors show each field's real type, not a schema reference.
    expectTypeOf<PartooRaw>().toExtend<PartooComponents['schemas']['ApiKey']>()
    expectTypeOf<PartooComponents['schemas']['ApiKey']>().toExtend<PartooRaw>()
    expectTypeOf<PartooRaw['user_role']>().toEqualTypeOf<
      | 'PROVIDER'
      | 'ORG_ADMIN'
      | 'ORG_MANAGER'
      | 'GROUP_MANAGER'
      | 'BUSINESS_MANAGER'
      | 'PUBLISHER'
      | undefined
    >()
    expectTypeOf<PlumaaApiKey['raw']>().toEqualTypeOf<Omit<PlumaaComponents['schemas']['ApiKey'], 'secret'>>()
    expectTypeOf<PlumaaApiKey['raw']['enabled']>().toEqualTypeOf<boolean>()
    expectTypeOf<PlumaaApiKey['raw']['createdAt']>().toEqualTypeOf<string>()
    expectTypeOf<PlumaaApiKey>().toHaveProperty('revealSecret')
    expectTypeOf<TheAuthApiApiKey>().toHaveProperty('revealSecret')
    expectTypeOf<PartooApiKey>().not.toHaveProperty('revealSecret')
    expectTypeOf<PartooApiKey>().toExtend<ApiKey>()
  })

  it('makes fields a provider cannot take compile errors', () => {
    // @ts-expect-error Partoo keys cannot be disabled through an update
    updateApiKey({ provider: partoo, keyId: 1, enabled: false })
    // @ts-expect-error Partoo has no per-key rate limit
    updateApiKey({ provider: partoo, keyId: 1, rateLimit: null })
    // @ts-expect-error Partoo takes a calendar day, not a date-time string
    updateApiKey({ provider: partoo, keyId: 1, expiresAt: '2027-06-30T10:00:00Z' })
    // A day from the environment goes through parseDay (checked at run time)
    updateApiKey({ provider: partoo, keyId: 1, expiresAt: parseDay(process.env.KEY_EXPIRY ?? '') })
    // @ts-expect-error PulseCRM keys have no name
    updateApiKey({ provider: pulse, keyId: 'k', name: 'x' })
    // @ts-expect-error PulseCRM has no "unrestricted" permissions
    updateApiKey({ provider: pulse, keyId: 'k', permissions: null })
    // @ts-expect-error The Auth API has no description
    updateApiKey({ provider: auth, keyId: 'k', description: 'x' })
    // @ts-expect-error The Auth API has no IP allowlist
    updateApiKey({ provider: auth, keyId: 'k', ipAllowlist: [] })
    // @ts-expect-error Plumaa keys do not expire
    updateApiKey({ provider: plumaa, keyId: 'k', expiresAt: null })
    // @ts-expect-error Plumaa has no permissions
    updateApiKey({ provider: plumaa, keyId: 'k', permissions: ['a'] })
    // @ts-expect-error keyId is required
    updateApiKey({ provider: plumaa, name: 'x' })
    // @ts-expect-error an unknown field is an error too
    updateApiKey({ provider: plumaa, keyId: 'k', nmae: 'typo' })
    // @ts-expect-error Partoo key ids are numbers or numeric strings, not arrays
    updateApiKey({ provider: partoo, keyId: [1] })
  })

  it('rejects unsupported fields even when spread from a wider object', () => {
    const changes = { name: 'x', enabled: false }
    // @ts-expect-error `enabled` arrives through a spread and is still caught
    updateApiKey({ provider: partoo, keyId: 1, ...changes })
  })

  it('accepts what each provider supports', () => {
    updateApiKey({
      provider: partoo,
      keyId: '3245',
      name: 'CI',
      description: 'd',
      expiresAt: '2027-06-30',
      permissions: null,
      ipAllowlist: [],
    })
    updateApiKey({ provider: partoo, keyId: 3245, expiresAt: new Date() })
    updateApiKey({
      provider: pulse,
      keyId: 'k',
      description: 'd',
      permissions: ['a'],
      expiresAt: null,
      accountId: 'a',
    })
    updateApiKey({
      provider: auth,
      keyId: 'k',
      name: 'n',
      expiresAt: new Date(),
      rateLimit: { limit: 1, windowSeconds: 60 },
      metadata: { a: [1, { b: null }] },
      ownerAccountId: 'a',
      ownerUserId: 'u',
      newKeyValue: 'v',
    })
    updateApiKey(
      { provider: plumaa, keyId: 'k', name: 'n', enabled: true },
      { signal: AbortSignal.timeout(1000) },
    )
  })
})

describe('updateApiKeys types', () => {
  it('takes a list that mixes providers, checking each item against its own provider', () => {
    updateApiKeys([
      { provider: partoo, keyId: 1, name: 'a' },
      { provider: plumaa, keyId: 'k', enabled: false },
    ])
    updateApiKeys([
      { provider: partoo, keyId: 1, name: 'a' },
      // @ts-expect-error Plumaa has no expiry, even inside a mixed list
      { provider: plumaa, keyId: 'k', expiresAt: null },
    ])
  })
})

describe('compile errors that explain themselves', () => {
  it('an unsupported field names the provider and why', () => {
    expectTypeOf<PlumaaUpdate['expiresAt']>().toEqualTypeOf<
      Unsupported<'Plumaa does not take expiresAt: Plumaa keys do not expire'> | undefined
    >()
    expectTypeOf<TheAuthApiUpdate['description']>().toEqualTypeOf<
      Unsupported<'The Auth API does not take description: store it in metadata'> | undefined
    >()
    // A field without a hint still names the provider.
    expectTypeOf<PlumaaUpdate['ipAllowlist']>().toEqualTypeOf<
      Unsupported<'Plumaa does not take ipAllowlist'> | undefined
    >()
    // @ts-expect-error Type 'null' is not assignable to type 'Unsupported<"Plumaa does not take expiresAt: …">'
    updateApiKey({ provider: plumaa, keyId: 'k', expiresAt: null })
  })

  it("a provider's name instead of a client says to pass the client", () => {
    expectTypeOf<
      Parameters<typeof updateApiKey<'partoo'>>[0]['provider']
    >().toEqualTypeOf<'pass a provider client such as createPartoo(…), not a provider name'>()
    // @ts-expect-error Type '"partoo"' is not assignable to type '"pass a provider client such as createPartoo(…), …"'
    updateApiKey({ provider: 'partoo', keyId: 1, name: 'x' })
  })

  it('supported fields keep their documentation and types; results stay precise', () => {
    expectTypeOf<PlumaaUpdate['name']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<PlumaaUpdate['enabled']>().toEqualTypeOf<boolean | undefined>()
  })
})
