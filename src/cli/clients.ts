/**
 * Provider clients for the CLI: credentials from the documented environment variables (read by the factories
 * at call time), base URL or environment from flags, and, with `--mock`, the embedded mock providers.
 */
import { createPartoo } from '../../providers/partoo'
import { createPlumaa } from '../../providers/plumaa'
import { createPulseCrm } from '../../providers/pulsecrm'
import { createTheAuthApi } from '../../providers/theauthapi'
import { maskSecret } from '../core/api-key'
import { type ProviderId, ValidationError } from '../core/errors'
import type { ClientOptions } from '../core/options'
import type { AnyProvider } from '../core/provider'

export const providerIds: readonly ProviderId[] = ['partoo', 'pulsecrm', 'theauthapi', 'plumaa']

export function isProviderId(value: string): value is ProviderId {
  return (providerIds as readonly string[]).includes(value)
}

export interface ClientFlags {
  baseUrl?: string | undefined
  environment?: string | undefined
  timeoutMs?: number | undefined
  maxRetries?: number | undefined
}

/** A client for `provider`; `common` carries hooks and the fetch a dry run or a mock needs. */
export function createProviderClient(
  provider: ProviderId,
  flags: ClientFlags,
  common: ClientOptions,
): AnyProvider {
  const options: ClientOptions & { environment?: never } = {
    ...common,
    ...(flags.baseUrl !== undefined && { baseUrl: flags.baseUrl }),
    ...(flags.timeoutMs !== undefined && { timeoutMs: flags.timeoutMs }),
    ...(flags.maxRetries !== undefined && { maxRetries: flags.maxRetries }),
    ...(flags.environment !== undefined && { environment: flags.environment as never }),
  }
  switch (provider) {
    case 'partoo':
      return createPartoo(options)
    case 'theauthapi':
      return createTheAuthApi(options)
    case 'plumaa':
      return createPlumaa(options)
    case 'pulsecrm':
      if (options.baseUrl === undefined) {
        throw new ValidationError('pulsecrm', [
          { path: ['--base-url'], message: 'PulseCRM publishes no public base URL: pass --base-url' },
        ])
      }
      return createPulseCrm({ ...options, baseUrl: options.baseUrl })
  }
}

/** Environment variables the factories read, for the `--help` text and error hints. */
export const credentialVariables: Record<ProviderId, string> = {
  partoo: 'PARTOO_API_KEY',
  pulsecrm: 'PULSECRM_TOKEN (or PULSECRM_EMAIL and PULSECRM_PASSWORD)',
  theauthapi: 'THEAUTHAPI_ACCESS_KEY',
  plumaa: 'PLUMAA_API_KEY',
}

/** Providers whose key id is the key's secret value (The Auth API): never printed in clear. */
const secretKeyIds: readonly ProviderId[] = ['theauthapi']

/** A key id as the CLI prints it: masked (`live_…5b4a`) where it is a secret, as the library's results are. */
export function displayKeyId(provider: ProviderId, keyId: string | number): string | number {
  return secretKeyIds.includes(provider) ? maskSecret(String(keyId)) : keyId
}

export function isSecretKeyId(provider: ProviderId): boolean {
  return secretKeyIds.includes(provider)
}
