/**
 * The leak search the leak tests share: a hostile provider stub that echoes the request — URL, auth headers, body —
 * back in its errors, and a search of every output for every form a secret can take. Each provider's testkit
 * declares its own secrets (several with `"` and `\\`, which JSON escaping changes: `\\"`, `\\\\`).
 */
import { inspect } from 'node:util'
import type { ClientOptions, FetchLike } from '../../src'
import { json, type ObservedRequest, observedFetch } from './observed-fetch'

/** Secrets by name: the values a leak search looks for. */
export type Secrets = Readonly<Record<string, string>>

/** Secrets of no provider in particular, for tests of the search itself and of providers defined in tests. */
export const genericSecrets = {
  credential: 'GENERIC-"CREDENTIAL"\\SECRET-4f1c',
  returned: 'GENERIC-RETURNED-SECRET-9a8b',
}

export type Failure =
  | 'ok'
  | '400-echo'
  | '401'
  | '404'
  | '500-retried'
  | '429-over-cap'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'abort'
export const failures: Failure[] = [
  'ok',
  '400-echo',
  '401',
  '404',
  '500-retried',
  '429-over-cap',
  'timeout',
  'network',
  'malformed',
  'abort',
]

function echo(request: ObservedRequest) {
  const auth = [...request.headers.entries()].map(([name, value]) => `${name}=${value}`).join(' ')
  return `rejected ${request.method} ${request.url} with ${auth} and body ${request.body}`
}

/**
 * A provider stub that answers what `reads` answers (a login, a read before the write), and the update with
 * `failure`, echoing the whole request in its errors.
 */
export function hostileFetch(
  failure: Failure,
  success: () => Response,
  onHang: (signal: AbortSignal) => void,
  reads: (request: ObservedRequest) => Response | undefined = () => undefined,
): FetchLike {
  return observedFetch(async (request) => {
    const read = reads(request)
    if (read) return read
    const message = echo(request)
    switch (failure) {
      case 'ok':
        return success()
      case '400-echo':
        return json(
          { errors: { json: message }, error: message, message: [message], statusCode: 400 },
          { status: 400 },
        )
      case '401':
        return json(
          { errors: { authentication: message }, error: message, message, statusCode: 401 },
          { status: 401, headers: { 'www-authenticate': message } },
        )
      case '404':
        return json({ errors: { json: message }, error: message, message }, { status: 404 })
      case '500-retried':
        return json(
          { errors: [{ message }] },
          { status: 500, headers: { 'retry-after-ms': '1', 'x-debug': message } },
        )
      case '429-over-cap':
        return json({ message }, { status: 429, headers: { 'retry-after': '3600' } })
      case 'malformed':
        return new Response(`{"broken": "${message}`, { headers: { 'content-type': 'application/json' } })
      case 'network':
        throw new TypeError(`fetch failed: ${message}`, {
          cause: new Error(`socket hang up at ${request.url}`),
        })
      case 'timeout':
      case 'abort':
        return new Promise<Response>((_resolve, reject) => {
          const signal = request.signal
          if (signal) onHang(signal)
          signal?.addEventListener('abort', () =>
            reject(new DOMException(`aborted ${message}`, 'AbortError')),
          )
        })
    }
  }).fetch
}

/**
 * Each secret is searched in its own text, URL-encoded, JSON-escaped once and twice, and by its fragments of 8+
 * plain characters: whatever escaping an output applied, a secret that was not redacted leaves a fragment behind.
 */
export function findLeaks(outputs: string[], secrets: Secrets): string[] {
  const leaks: string[] = []
  for (const output of outputs) {
    for (const [name, secret] of Object.entries(secrets)) {
      const escaped = JSON.stringify(secret).slice(1, -1)
      const forms = [secret, encodeURIComponent(secret), escaped, JSON.stringify(escaped).slice(1, -1)]
      const fragments = secret.split(/[^A-Za-z0-9-]+/).filter((fragment) => fragment.length >= 8)
      if ([...forms, ...fragments].some((form) => output.includes(form)))
        leaks.push(`${name} in: ${output.slice(0, 300)}`)
    }
  }
  return leaks
}

/** A client to check: built with the hooks, logger and fetch the check needs. */
export type MakeClient = (options: ClientOptions) => {
  updateApiKey(input: never, options?: object): Promise<unknown>
}

/**
 * Runs one update through a hostile stub that answers with `failure`, and returns every output a secret could
 * leak into: the error (message, stack, JSON, inspect, cause) or the result (JSON, inspect, toString), logs and
 * hook payloads.
 */
export async function outputsOf(
  make: MakeClient,
  input: Record<string, unknown>,
  success: () => Response,
  failure: Failure,
  reads?: (request: ObservedRequest) => Response | undefined,
): Promise<{ outputs: string[]; failed: boolean }> {
  const outputs: string[] = []
  const record = (label: string) => (message: string, details?: unknown) =>
    outputs.push(`${label} ${message} ${JSON.stringify(details)}`)
  const controller = new AbortController()
  const fetch = hostileFetch(
    failure,
    success,
    () => {
      if (failure === 'abort') setTimeout(() => controller.abort(), 5)
    },
    reads,
  )
  const provider = make({
    fetch,
    timeoutMs: 100,
    retryBaseDelayMs: 0,
    logLevel: 'debug',
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    onRequest: (event) => outputs.push(JSON.stringify(event)),
    onResponse: (event) => outputs.push(JSON.stringify(event)),
    onRetry: (event) => outputs.push(JSON.stringify(event)),
  })
  const result = await provider
    .updateApiKey(input as never, { signal: controller.signal })
    .then((value) => ({ value }))
    .catch((error: unknown) => ({ error }))
  if ('error' in result) {
    const error = result.error as Error & { cause?: unknown }
    outputs.push(
      error.message,
      String(error.stack),
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 20, showHidden: true }),
      inspect(error.cause, { depth: 20, showHidden: true }),
    )
    return { outputs, failed: true }
  }
  outputs.push(
    JSON.stringify(result.value),
    inspect(result.value, { depth: 20, showHidden: true }),
    String(result.value),
  )
  return { outputs, failed: false }
}
