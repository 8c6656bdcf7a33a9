/**
 * Provider clients for the CLI, from the registry: credentials from the documented environment variables (read
 * by the factories at call time), base URL or environment from flags, and, with `--mock`, the embedded mocks.
 */
import {
  definitionOf,
  isProviderId,
  type KnownProvider,
  type ProviderId,
  providerDefinitions,
  providerIds,
} from '../../providers/providers'
import { maskSecret } from '../kit/api-key'
import { ValidationError } from '../kit/errors'
import type { ClientOptions } from '../kit/options'
import { readEnvironment } from '../kit/settings'

export { isProviderId, providerIds }

export interface ClientFlags {
  baseUrl?: string | undefined
  environment?: string | undefined
  timeoutMs?: number | undefined
  maxRetries?: number | undefined
  allowInsecureHttp?: boolean | undefined
  /** How the user passes a base URL with this command (`--base-url <url>`, or `--base-url pulsecrm=<url>`). */
  baseUrlFlag?: string | undefined
}

/** A client for `provider`; `common` carries what a dry run or a mock needs (hooks, fetch, credentials, base URL). */
export function createProviderClient(
  provider: ProviderId,
  flags: ClientFlags,
  common: ClientOptions,
): KnownProvider {
  const definition = definitionOf(provider)
  const baseUrl = flags.baseUrl ?? common.baseUrl ?? (readEnvironment(baseUrlVariable(provider)) || undefined)
  if (
    baseUrl === undefined &&
    definition.environments === undefined &&
    definition.baseUrlsFrom === undefined
  ) {
    throw new ValidationError(provider, [
      {
        path: ['--base-url'],
        message: `${definition.name} publishes no public base URL: pass ${flags.baseUrlFlag ?? '--base-url <url>'} or set ${baseUrlVariable(provider)}`,
      },
    ])
  }
  const options = {
    ...common,
    ...(baseUrl !== undefined && { baseUrl }),
    ...(flags.allowInsecureHttp && { allowInsecureHttp: true }),
    ...(flags.timeoutMs !== undefined && { timeoutMs: flags.timeoutMs }),
    ...(flags.maxRetries !== undefined && { maxRetries: flags.maxRetries }),
    ...(flags.environment !== undefined && { environment: flags.environment }),
  }
  // Each factory checks its own options (an unknown environment is a ValidationError).
  return definition.create(options as never) as KnownProvider
}

/** The environment variable that sets a provider's base URL for the CLI: `PULSECRM_BASE_URL` (other characters than letters and digits become `_`). */
export function baseUrlVariable(provider: ProviderId): string {
  return `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_BASE_URL`
}

/** Environment variables the factories read, for the `--help` text and error hints. */
export const credentialVariables = Object.fromEntries(
  providerDefinitions.map((definition) => [definition.id, definition.credentialHelp]),
) as Record<ProviderId, string>

/** A key id as the CLI prints it: masked (`live_…5b4a`) where it is the key's secret, as the library's results are. */
export function displayKeyId(provider: ProviderId, keyId: string | number): string | number {
  return isSecretKeyId(provider) ? maskSecret(String(keyId)) : keyId
}

export function isSecretKeyId(provider: ProviderId): boolean {
  return definitionOf(provider).keyIdIsSecret === true
}
