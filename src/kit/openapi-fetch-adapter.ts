/**
 * Where openapi-fetch meets keyshift's transport, and the only place that knows both. openapi-fetch types the
 * request from the generated `paths` and serializes it (path, query, body, headers); the transport sends it.
 *
 * Two shims keep that cheap, and both live here: openapi-fetch builds a `PreparedRequest` (plain values) instead
 * of a WHATWG `Request`, and gets back an `adapted` view of the body the transport already read, instead of a
 * second WHATWG `Response`. Building real ones costs more than the rest of a call (measured in CONTRIBUTING.md).
 */
import createClient, { type Client, type FetchOptions } from 'openapi-fetch'
import type { TransportSettings } from './settings'
import type { OutgoingRequest, ReadResponse, SendOptions, Transport } from './transport'

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete'

/** The paths of a generated `paths` type that have `method`. */
export type PathsWith<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never
}[keyof Paths]

type Operation<Paths, Method extends HttpMethod, Path extends keyof Paths> = Paths[Path][Method &
  keyof Paths[Path]]

/** One request, typed by the provider's generated `paths`: its params and body are checked at compile time. */
export type RequestParts<Paths, Method extends HttpMethod, Path extends PathsWith<Paths, Method>> = {
  method: Method
  path: Path
  headers?: Record<string, string>
} & Pick<FetchOptions<Operation<Paths, Method, Path>>, 'params' | 'body'>

/** What openapi-fetch builds (its `Request` option) for the transport: the request as plain values. */
class PreparedRequest implements OutgoingRequest {
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

/** The transport's read response as openapi-fetch reads it: `ok`, `status`, `headers` and `text()`. */
function adapted(read: ReadResponse) {
  return { read, ok: read.ok, status: read.status, headers: read.headers, text: async () => read.bodyText }
}

/** A sender for one provider's generated `paths`; its openapi-fetch client is created on the first request. */
export function openApiSender<Paths extends object>(settings: TransportSettings) {
  let client: Client<Paths> | undefined
  return async <Method extends HttpMethod, Path extends PathsWith<Paths, Method>>(
    transport: Transport,
    { method, path, params, body, headers }: RequestParts<Paths, Method, Path>,
    sendOptions?: SendOptions,
  ): Promise<ReadResponse> => {
    client ??= createClient<Paths>({
      baseUrl: settings.baseUrl,
      Request: PreparedRequest as unknown as typeof Request,
    })
    const fetch = async (request: PreparedRequest) => adapted(await transport.send(request, sendOptions))
    // openapi-fetch's overloads cannot follow a method chosen at run time; `RequestParts` has checked the types.
    const outcome = await client.request(
      method as never,
      path as never,
      {
        params,
        body,
        headers,
        parseAs: 'text',
        fetch,
      } as never,
    )
    return (outcome.response as unknown as ReturnType<typeof adapted>).read
  }
}
