/** How the CLI tells the outcome: exit codes, one readable error line plus a hint, nothing secret. */

import { providerDefinitions } from '../../providers/providers'
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  KeyshiftError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnsupportedFieldError,
  ValidationError,
} from '../kit/errors'
import { credentialVariables } from './clients'

/** Whether a provider's key is picked by its account too (`--account-id`). */
const pickedByAccount = (provider: string) =>
  providerDefinitions.some(
    (definition) => definition.id === provider && definition.selectors?.includes('accountId'),
  )

const credentialHelp = (provider: string | undefined) =>
  (credentialVariables as Record<string, string | undefined>)[provider ?? ''] ?? 'the credentials'

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const

export class UsageError extends Error {}

export function exitCodeFor(error: unknown): number {
  return error instanceof ValidationError || error instanceof UsageError ? exitCodes.usage : exitCodes.failed
}

function hintFor(error: unknown): string | undefined {
  if (error instanceof UnsupportedFieldError)
    return 'leave the flag out: see `keyshift update --help` for what each provider supports'
  if (error instanceof ValidationError) {
    if (error.issues.some((issue) => issue.code === 'missing-credential'))
      return `set ${credentialHelp(error.provider)} (or run with --mock to try keyshift against its mock providers)`
    return 'fix the value and run again (nothing was sent)'
  }
  if (error instanceof AuthenticationError)
    return `check the credentials in ${credentialHelp(error.provider)}`
  if (error instanceof PermissionDeniedError) return 'the credentials are valid but may not update this key'
  if (error instanceof NotFoundError)
    return pickedByAccount(error.provider) ? 'check the key id and --account-id' : 'check the key id'
  if (error instanceof RateLimitError) {
    return error.retryAfterMs === undefined
      ? 'wait and retry'
      : `retry in ${Math.ceil(error.retryAfterMs / 1000)} s`
  }
  if (error instanceof ApiError) return error.isRetryable ? 'the provider failed; retry later' : undefined
  if (error instanceof ConnectionError) return 'check the network, --base-url and --timeout'
  if (error instanceof UsageError) return 'see --help'
  return undefined
}

/**
 * The SDK's words for options, as the CLI's flags: a hint must name something the user can type here.
 * (`baseUrl: must use https: (…, or with allowInsecureHttp: true)` → `--base-url: …, or with --allow-insecure-http`.)
 */
const cliWording: readonly [RegExp, string][] = [
  [/allowInsecureHttp: true/g, '--allow-insecure-http'],
  [/\bbaseUrl\b/g, '--base-url'],
  [/\boptions\.timeoutMs\b|\btimeoutMs\b/g, '--timeout'],
  [/\boptions\.maxRetries\b|\bmaxRetries\b/g, '--max-retries'],
  [/\(store it in metadata\)/g, '(store it with --metadata)'],
]

export function inCliWords(message: string): string {
  return cliWording.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message)
}

/** The CLI's own words for a missing credential: the environment variables, not the SDK's option names. */
function describeMissingCredential(error: ValidationError): string | undefined {
  if (!error.issues.some((issue) => issue.code === 'missing-credential')) return undefined
  return `${error.provider ?? 'keyshift'}: no credentials: set ${credentialHelp(error.provider)}`
}

/** `error: <message>` and `hint: <hint>`, each on one line. */
export function describeError(error: unknown): string {
  const message =
    (error instanceof ValidationError && describeMissingCredential(error)) ||
    (error instanceof KeyshiftError || error instanceof UsageError
      ? inCliWords(error.message)
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error))
  const hint = hintFor(error)
  return `error: ${message.replace(/\s*\n\s*/g, ' ')}${hint ? `\nhint: ${hint}` : ''}`
}

/** A JSON view of an error for `--json`: keyshift errors' own `toJSON()` (already redacted). */
export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof KeyshiftError) return { ...error.toJSON() }
  if (error instanceof Error)
    return { name: error instanceof UsageError ? 'UsageError' : error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}
