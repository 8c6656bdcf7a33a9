/**
 * A real HTTP server on 127.0.0.1 that answers by script, one step per request (the last step repeats):
 * a response, a connection reset mid-body, or no answer at all. Every socket is destroyed on close, so a
 * test never leaves anything running.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach } from 'vitest'
import { createPartoo, type PartooOptions, type RetryEvent } from '../../src'

export type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer }
  | { kind: 'reset-mid-body' }
  | { kind: 'hang' }
  /** `200` headers (with a `content-length` when given), flushed, then no body byte ever. */
  | { kind: 'headers-then-hang'; contentLength?: number }
  /** `200` headers, then one byte of a JSON body every `intervalMs`, forever. */
  | { kind: 'drip'; intervalMs: number }

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export async function startFaultServer(script: Step[]) {
  const seen: SeenRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      const step = script[Math.min(seen.length - 1, script.length - 1)]
      if (!step || ('kind' in step && step.kind === 'hang')) return
      if ('kind' in step && step.kind === 'headers-then-hang') {
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(step.contentLength !== undefined && { 'content-length': String(step.contentLength) }),
        })
        response.flushHeaders()
        return
      }
      if ('kind' in step && step.kind === 'drip') {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.write('[')
        const timer = setInterval(() => response.write(' '), step.intervalMs)
        response.on('close', () => clearInterval(timer))
        return
      }
      if ('kind' in step) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
        response.write('{"id": 32')
        setTimeout(() => request.socket.destroy(), 10)
        return
      }
      const text = step.raw ?? (step.body === undefined ? '' : JSON.stringify(step.body))
      response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers })
      response.end(text)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * A Partoo client against a fault server started with `script`, for tests: `defaults` are the client options every
 * call of this helper starts from. The server is closed after each test (vitest's `afterEach`), or when the next
 * call starts another.
 */
export function partooAgainstFaultServer(defaults: Omit<PartooOptions, 'baseUrl'>) {
  let server: Awaited<ReturnType<typeof startFaultServer>> | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })
  return async (script: Step[], options: Omit<PartooOptions, 'baseUrl'> = {}) => {
    // A second server in the same test replaces the first.
    await server?.close()
    server = await startFaultServer(script)
    const retries: RetryEvent[] = []
    const provider = createPartoo({
      baseUrl: `${server.url}/v2`,
      ...defaults,
      onRetry: (event) => retries.push(event),
      ...options,
    })
    return { provider, retries, seen: server.seen, url: server.url }
  }
}
