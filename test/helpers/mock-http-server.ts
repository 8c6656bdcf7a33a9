/**
 * keyshift/msw's handlers served over real HTTP on 127.0.0.1 (through msw's `getResponse`), with CORS, for
 * runtimes where msw cannot patch `fetch`: an edge VM, a browser page on another origin. Each provider of the
 * registry answers under `/<id>/…`, and holds its example key.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { providerMocks } from '../../generated/mocks'
import { type ProviderId, providerDefinitions } from '../../providers/providers'
import { createMockProviders, type MockProviders } from '../../src/msw'
import type { ScenarioOptions } from '../runtime/scenario'

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, OPTIONS',
  // `*` does not cover Authorization (Fetch standard): it is named on its own.
  'access-control-allow-headers': 'authorization, *',
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startMockHttpServer() {
  let mock: MockProviders | undefined
  const server = createServer(async (incoming, outgoing) => {
    if (incoming.method === 'OPTIONS') {
      outgoing.writeHead(204, corsHeaders).end()
      return
    }
    const body = await readBody(incoming)
    const request = new Request(`http://${incoming.headers.host}${incoming.url}`, {
      method: incoming.method ?? 'GET',
      headers: incoming.headers as Record<string, string>,
      ...(body.length > 0 && { body: new Uint8Array(body) }),
    })
    const response = mock ? await getResponse(mock.handlers, request) : undefined
    if (!response) {
      outgoing.writeHead(404, { ...corsHeaders, 'content-type': 'text/plain' }).end('no mock handler')
      return
    }
    if (response.type === 'error') {
      // A mock that refuses browsers (Partoo): an answer without CORS headers, which the browser blocks.
      outgoing.writeHead(403, { 'content-type': 'text/plain' }).end('browser origins are refused')
      return
    }
    outgoing.writeHead(response.status, { ...Object.fromEntries(response.headers), ...corsHeaders })
    outgoing.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // `/<id>` + the path of the vendor's own base URL (`/partoo/v2`), so that paths look as they do in production.
  const baseUrls = Object.fromEntries(
    providerDefinitions.map(({ id }) => [
      id,
      `${origin}/${id}${new URL(providerMocks[id].defaultBaseUrl).pathname}`.replace(/\/$/, ''),
    ]),
  ) as Record<ProviderId, string>
  mock = createMockProviders({ baseUrls })
  for (const { id, example } of providerDefinitions)
    mock.seed(id, [providerMocks[id].seedFor(example.keyId) as never])
  /** Each provider's client options toward this server: its mock's credentials, and its base URL here. */
  const scenarioOptions: ScenarioOptions = Object.fromEntries(
    providerDefinitions.map(({ id }) => [id, { ...providerMocks[id].clientOptions, baseUrl: baseUrls[id] }]),
  )
  return {
    mock,
    baseUrls,
    scenarioOptions,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
