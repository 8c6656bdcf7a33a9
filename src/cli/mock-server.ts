/**
 * `keyshift mock-server`: the embedded mock providers (keyshift/msw) served over HTTP, for runtimes and languages where
 * msw cannot intercept `fetch` (an edge worker in workerd, Deno, a browser page, a Python script driving the CLI) and for
 * `keyshift apply --base-url` rehearsals. Requests are answered by msw's own request handling (`getResponse`) with the
 * same mocks as keyshift/msw: one port, each provider under `/<id>` followed by the path of its vendor's base URL
 * (`http://127.0.0.1:4510/partoo/v2`), CORS for browser pages (not for vendors that refuse browsers), and an admin
 * route, `/__keyshift/…`, with keyshift/msw's controls (seed, keys, calls, fail, rate limit, latency, reset).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { definitionOf, type ProviderId, providerIds } from '../../providers/providers'
import type { MockProviders } from '../msw'
import { baseUrlVariable } from './clients'
import { readSeedFile } from './mock-mode'
import { UsageError } from './report'

export interface MockServerOptions {
  port?: number | undefined
  host?: string | undefined
  /** A seed file (`{provider: [keys]}`, JSON or YAML) or a plan whose keys to seed, besides each example key. */
  seedFile?: string | undefined
}

export interface RunningMockServer {
  readonly origin: string
  /** The mocks it serves (keyshift/msw's controls, in-process). */
  readonly mock: MockProviders
  /** Each provider's base URL on this server. */
  readonly baseUrls: Readonly<Record<ProviderId, string>>
  /** What a client of `provider` needs to talk to this server: the mock's credentials and its base URL. */
  clientOptions(provider: ProviderId): Readonly<Record<string, unknown>>
  close(): Promise<void>
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  // `*` does not cover Authorization (Fetch standard): it is named on its own.
  'access-control-allow-headers': 'authorization, *',
  'access-control-expose-headers': '*',
}

const adminPrefix = '/__keyshift'
const maxBodyBytes = 8 * 1024 * 1024

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes) throw new UsageError('request body over 8 MiB')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown) {
  outgoing.writeHead(status, { ...corsHeaders, 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** Starts the server; a bad seed file or a port in use rejects before anything listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMockServer> {
  let modules: [typeof import('msw'), typeof import('../msw'), typeof import('../../generated/mocks')]
  try {
    modules = await Promise.all([import('msw'), import('../msw'), import('../../generated/mocks')])
  } catch {
    throw new UsageError('mock-server needs msw installed next to keyshift: npm install --save-dev msw')
  }
  const [{ getResponse }, { createMockProviders }, { providerMocks }] = modules
  // The seed file is read before the server listens: a bad one stops here.
  const fileSeeds =
    options.seedFile === undefined
      ? new Map<ProviderId, unknown[]>()
      : await readSeedFile(options.seedFile, (id: ProviderId, keyId: string | number) =>
          providerMocks[id].seedFor(keyId),
        )

  const host = options.host ?? '127.0.0.1'
  const server: Server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          error.code === 'EADDRINUSE'
            ? `port ${options.port} is in use: pass another with --port (0 picks a free one)`
            : `cannot listen on ${host}:${options.port ?? 4510}: ${error.message}`,
        ),
      ),
    )
    server.listen(options.port ?? 4510, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  // `/<id>` + the path of the vendor's own base URL (`/partoo/v2`), so that paths look as they do in production.
  const baseUrls = Object.fromEntries(
    providerIds.map((id) => [
      id,
      `${origin}/${id}${new URL(providerMocks[id].defaultBaseUrl).pathname}`.replace(/\/$/, ''),
    ]),
  ) as Record<ProviderId, string>
  const mock = createMockProviders({ baseUrls })
  const seedAll = () => {
    for (const id of providerIds) {
      mock.seed(id, [providerMocks[id].seedFor(definitionOf(id).example.keyId) as never])
      mock.seed(id, (fileSeeds.get(id) ?? []) as never[])
    }
  }
  seedAll()

  /** The admin route: keyshift/msw's controls over HTTP (JSON bodies). */
  async function admin(path: string, method: string, body: unknown, outgoing: ServerResponse) {
    const { provider, ...rest } = (body ?? {}) as { provider?: unknown } & Record<string, unknown>
    const known = (id: unknown): id is ProviderId =>
      typeof id === 'string' && providerIds.includes(id as ProviderId)
    const keysOf = /^\/keys\/([^/]+)$/.exec(path)?.[1]
    if (method === 'GET' && (path === '' || path === '/'))
      return sendJson(outgoing, 200, {
        providers: Object.fromEntries(
          providerIds.map((id) => [
            id,
            {
              baseUrl: baseUrls[id],
              // Client options that talk to this server (the mock's credentials, its base URL here).
              options: clientOptions(id),
              // An update the mock's example key takes (what the docs and `keyshift --help` show).
              example: definitionOf(id).example,
              refusesBrowsers: definitionOf(id).refusesBrowsers !== undefined,
            },
          ]),
        ),
      })
    if (method === 'GET' && keysOf !== undefined) {
      const id = decodeURIComponent(keysOf)
      return known(id)
        ? sendJson(outgoing, 200, mock.keys(id))
        : sendJson(outgoing, 404, { error: `unknown provider ${id}` })
    }
    if (method === 'GET' && path === '/calls') return sendJson(outgoing, 200, mock.calls)
    if (method === 'POST' && path === '/reset') {
      mock.reset()
      seedAll()
      return sendJson(outgoing, 200, { ok: true })
    }
    if (method === 'POST' && path === '/latency') {
      const { ms } = rest as { ms?: unknown }
      if (typeof ms !== 'number' || !(ms >= 0))
        return sendJson(outgoing, 400, { error: 'latency needs {"ms": <number>}' })
      mock.latency(ms)
      return sendJson(outgoing, 200, { ok: true })
    }
    if (method === 'POST' && path === '/seed') {
      const seeds = Object.entries((body ?? {}) as Record<string, unknown>)
      const unknown = seeds.find(([id, list]) => !known(id) || !Array.isArray(list))
      if (unknown)
        return sendJson(outgoing, 400, { error: `seed needs {provider: [keys]}; ${unknown[0]} is not one` })
      for (const [id, list] of seeds) mock.seed(id as ProviderId, list as never[])
      return sendJson(outgoing, 200, { ok: true })
    }
    if (method === 'POST' && (path === '/fail' || path === '/rate-limit')) {
      if (!known(provider))
        return sendJson(outgoing, 400, { error: `"provider" must be one of ${providerIds.join(', ')}` })
      const { status, retryAfterSeconds, times } = rest as {
        status?: unknown
        retryAfterSeconds?: unknown
        times?: unknown
      }
      if (path === '/fail') {
        if (typeof status !== 'number')
          return sendJson(outgoing, 400, { error: 'fail needs {"provider", "status"}' })
        mock.fail(provider, {
          status,
          ...(typeof times === 'number' && { times }),
          ...('body' in rest && { body: rest.body }),
        })
      } else {
        if (typeof retryAfterSeconds !== 'number')
          return sendJson(outgoing, 400, { error: 'rate-limit needs {"provider", "retryAfterSeconds"}' })
        mock.rateLimit(provider, { retryAfterSeconds, ...(typeof times === 'number' && { times }) })
      }
      return sendJson(outgoing, 200, { ok: true })
    }
    return sendJson(outgoing, 404, {
      error: `no admin route ${method} ${adminPrefix}${path}: GET ${adminPrefix}, ${adminPrefix}/keys/<provider>, ${adminPrefix}/calls; POST ${adminPrefix}/seed, /fail, /rate-limit, /latency, /reset`,
    })
  }

  server.on('request', async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    try {
      if (incoming.method === 'OPTIONS') {
        outgoing.writeHead(204, corsHeaders).end()
        return
      }
      const body = await readBody(incoming)
      const url = new URL(incoming.url ?? '/', origin)
      if (url.pathname === adminPrefix || url.pathname.startsWith(`${adminPrefix}/`)) {
        let parsed: unknown
        try {
          parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined
        } catch {
          return sendJson(outgoing, 400, { error: 'the body is not JSON' })
        }
        return await admin(url.pathname.slice(adminPrefix.length), incoming.method ?? 'GET', parsed, outgoing)
      }
      const headers = new Headers()
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
      }
      const request = new Request(url, {
        method: incoming.method ?? 'GET',
        headers,
        ...(body.length > 0 && { body: new Uint8Array(body) }),
      })
      const response = await getResponse(mock.handlers, request)
      if (!response) {
        return sendJson(outgoing, 404, {
          error: `no mock answers ${incoming.method} ${url.pathname}: providers are under ${origin}/<provider> (GET ${adminPrefix} lists them)`,
        })
      }
      if (response.type === 'error') {
        // A vendor that refuses browser origins (Partoo): no CORS headers, so the page's fetch fails as in production.
        outgoing
          .writeHead(403, { 'content-type': 'text/plain' })
          .end('this provider refuses browser origins (CORS)')
        return
      }
      outgoing.writeHead(response.status, { ...Object.fromEntries(response.headers), ...corsHeaders })
      outgoing.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      if (!outgoing.headersSent)
        sendJson(outgoing, 500, { error: error instanceof Error ? error.message : 'mock server error' })
      else outgoing.destroy()
    }
  })

  const clientOptions = (provider: ProviderId) => ({
    ...providerMocks[provider].clientOptions,
    baseUrl: baseUrls[provider],
  })
  return {
    origin,
    mock,
    baseUrls,
    clientOptions,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** The lines `keyshift mock-server` prints: each provider's base URL, and the environment that points the CLI at it. */
export function describeMockServer(running: RunningMockServer): string {
  const width = Math.max(...providerIds.map((id) => id.length)) + 2
  return [
    `keyshift mock-server listening on ${running.origin} (admin: ${running.origin}${adminPrefix})`,
    '',
    ...providerIds.map((id) => `  ${id.padEnd(width)}${running.baseUrls[id]}`),
    '',
    '# point keyshift (or any client) at it:',
    ...providerIds.map((id) => `${baseUrlVariable(id)}=${running.baseUrls[id]}`),
    '',
    '# any non-empty credential is accepted; each provider holds its example key (see `keyshift --help`).',
  ].join('\n')
}
