/** The registry as a list, and the types derived from it. */
import * as registry from './registry'

export type ProviderDefinition = (typeof registry)[keyof typeof registry]

/** The id of a provider keyshift ships: `'partoo' | 'pulsecrm' | 'theauthapi' | 'plumaa'`. */
export type ProviderId = ProviderDefinition['id']

/** A client of any provider keyshift ships (what `createPartoo()` and its siblings return). */
export type KnownProvider = ReturnType<ProviderDefinition['create']>

/** Every provider definition, by id (a module namespace lists its exports in alphabetical order). */
export const providerDefinitions: readonly ProviderDefinition[] = Object.values(registry)

export const providerIds: readonly ProviderId[] = providerDefinitions.map((definition) => definition.id)

export function isProviderId(value: string): value is ProviderId {
  return (providerIds as readonly string[]).includes(value)
}

export function definitionOf(id: ProviderId): ProviderDefinition {
  return providerDefinitions.find((definition) => definition.id === id) as ProviderDefinition
}
