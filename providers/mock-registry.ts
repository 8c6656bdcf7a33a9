/**
 * Every provider's msw mock, for `keyshift/msw`. A separate list from registry.ts because mocks need msw, which
 * a provider's own code must never load; `satisfies` makes a provider without a mock a compile error.
 */
import type { ProviderMock } from '../src/kit/mock'
import { partooMock } from './partoo/partoo-mock'
import { plumaaMock } from './plumaa/plumaa-mock'
import type { ProviderId } from './providers'
import { pulseCrmMock } from './pulsecrm/pulsecrm-mock'
import { theAuthApiMock } from './theauthapi/theauthapi-mock'

export const providerMocks = {
  partoo: partooMock,
  pulsecrm: pulseCrmMock,
  theauthapi: theAuthApiMock,
  plumaa: plumaaMock,
} satisfies Record<ProviderId, ProviderMock<unknown, unknown>>

/** The seed type of each provider's store. */
export type MockSeeds = {
  [P in ProviderId]: Parameters<(typeof providerMocks)[P]['fromSeed']>[0]
}
