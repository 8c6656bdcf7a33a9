import type { FetchLike } from '../../src'
import type { RecordedRequest } from './contract'

export type ObservedRequest = RecordedRequest & { signal: AbortSignal | undefined }
type Responder = (request: ObservedRequest, index: number) => Response | Promise<Response>

/** A `fetch` that records every request and answers with `respond` — no network. */
export function observedFetch(respond: Responder) {
  const requests: ObservedRequest[] = []
  const fetch: FetchLike = async (input, init) => {
    const request: ObservedRequest = {
      signal: init.signal ?? undefined,
      method: init.method ?? 'GET',
      url: input,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : null,
    }
    requests.push(request)
    return respond(request, requests.length - 1)
  }
  return { fetch, requests }
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  })
}
