/**
 * `--dry-run` (and the check `apply` runs before sending anything): the SDK validates the input and builds every
 * request exactly as it would send it; each is captured from the `onRequest` hook (already redacted). Requests
 * that only read (a read before write, a login) are answered with the provider's placeholders, so that the update
 * that follows is shown too; the first request that writes is aborted before `fetch`. Nothing leaves the machine.
 */
import { definitionOf, type ProviderId } from '../../providers/providers'
import type { ClientOptions, RequestEvent } from '../kit/options'

export class DryRun {
  readonly requests: RequestEvent[] = []
  #controller = new AbortController()
  #keyId = ''

  /** Options for a client of `provider` whose calls must never reach the network. */
  clientOptions(provider: ProviderId): ClientOptions {
    const reply = definitionOf(provider).dryRunReply
    return {
      maxRetries: 0,
      onRequest: (event) => {
        this.requests.push(event)
        if (reply?.(event, this.#keyId) === undefined) this.#controller.abort()
      },
      fetch: async (url, init) => {
        const body = reply?.({ method: init.method ?? 'GET', url }, this.#keyId)
        if (body === undefined) throw new Error('dry run: nothing may be sent')
        return new Response(JSON.stringify(body), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        })
      },
    }
  }

  /** A fresh signal for the next call, on key `keyId`. */
  nextSignal(keyId: string | number): AbortSignal {
    this.#keyId = String(keyId)
    this.#controller = new AbortController()
    return this.#controller.signal
  }
}

/**
 * Placeholders for credentials a dry run does not need: for each provider with none of its variables set, its
 * usual variable (or each of its `dryRunPlaceholders` not set) gets a placeholder for the duration of the run.
 * Returns the names it filled.
 */
export function fillCredentialPlaceholders(providers: Iterable<ProviderId>): string[] {
  const filled: string[] = []
  for (const provider of new Set(providers)) {
    const { credentialVariables, dryRunPlaceholders } = definitionOf(provider)
    const usual = credentialVariables.some((name) => process.env[name]) ? [] : credentialVariables.slice(0, 1)
    const needed = dryRunPlaceholders
      ? Object.entries(dryRunPlaceholders)
      : usual.map((name) => [name, `dry-run-placeholder-for-${name}`] as const)
    for (const [name, placeholder] of needed) {
      if (process.env[name]) continue
      process.env[name] = placeholder
      filled.push(name)
    }
  }
  return filled
}

export function formatRequest(event: RequestEvent): string {
  const lines = [`${event.method} ${event.url}`]
  for (const [name, value] of Object.entries(event.headers)) lines.push(`${name}: ${value}`)
  if (event.body !== undefined) lines.push('', event.body)
  return lines.join('\n')
}

/** ` No PARTOO_API_KEY was set: a placeholder stood in for it.` — or nothing. */
export function placeholderNote(filled: readonly string[]): string {
  if (filled.length === 0) return ''
  return ` No ${filled.join(', ')} ${filled.length === 1 ? 'was' : 'were'} set: a placeholder stood in.`
}
