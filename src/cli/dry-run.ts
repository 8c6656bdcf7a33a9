/**
 * `--dry-run`: the SDK validates the input and builds the request exactly as it would send it; the first
 * request is captured from the `onRequest` hook (already redacted) and the call is aborted before `fetch`.
 */
import type { ClientOptions, RequestEvent } from '../kit/options'

export class DryRun {
  readonly requests: RequestEvent[] = []
  #controller = new AbortController()

  /** Options for a client whose calls must never reach the network. */
  readonly clientOptions: ClientOptions = {
    maxRetries: 0,
    onRequest: (event) => {
      this.requests.push(event)
      this.#controller.abort()
    },
    fetch: () => Promise.reject(new Error('dry run: nothing may be sent')),
  }

  /** A fresh signal for the next call. */
  nextSignal(): AbortSignal {
    this.#controller = new AbortController()
    return this.#controller.signal
  }
}

export function formatRequest(event: RequestEvent): string {
  const lines = [`${event.method} ${event.url}`]
  for (const [name, value] of Object.entries(event.headers)) lines.push(`${name}: ${value}`)
  if (event.body !== undefined) lines.push('', event.body)
  return lines.join('\n')
}
