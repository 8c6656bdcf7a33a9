import type { Client } from 'openapi-fetch'
import type { TransportSettings } from './settings'

/**
 * What openapi-fetch builds for keyshift's transport instead of a WHATWG `Request`: the URL, method, headers and
 * serialized body as plain values. Constructing a `Request` (and reading its body stream back) costs more than
 * the rest of a call, and the transport sends every attempt with `fetch(url, init)` anyway.
 */
export class PreparedRequest {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  readonly body: BodyInit | null

  constructor(url: string, init: RequestInit = {}) {
    this.url = url
    this.method = init.method ?? 'GET'
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers)
    this.body = init.body ?? null
  }
}

/**
 * An openapi-fetch client for one provider's generated `paths`, sending through keyshift's transport, made on
 * first use. Like zod, openapi-fetch is imported on a provider's first call rather than with keyshift: that took
 * about a third off `import('keyshift')` (npm run bench).
 */
export function lazyApiClient<Paths extends {}>(settings: TransportSettings): () => Promise<Client<Paths>> {
  let client: Promise<Client<Paths>> | undefined
  return () => {
    client ??= import('./create-client').then(({ createClient }) =>
      createClient<Paths>({
        baseUrl: settings.baseUrl,
        Request: PreparedRequest as unknown as typeof Request,
      }),
    )
    return client
  }
}
