/**
 * The transport in-process (src/kit/transport.ts), one request at a time against a stub `fetch`: what is retried
 * and where, the deadline, bodies in several chunks and past the cap, the events hooks and logs receive, and what a
 * finished call leaves behind. test/transport.test.ts and test/hostile.test.ts drive it through a client against
 * real loopback servers.
 */
import { describe, expect, it } from 'vitest'
import {
  AbortError,
  ConnectionError,
  type KeyshiftError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/kit/errors'
import type { ClientOptions, RequestEvent, ResponseEvent, RetryEvent } from '../../src/kit/options'
import { type Pacer, stoppedWhileWaiting } from '../../src/kit/pacer'
import { Redactor } from '../../src/kit/redactor'
import { resolveSettings, type TransportSettings } from '../../src/kit/settings'
import { type OutgoingRequest, ReadResponse, type SendOptions, Transport } from '../../src/kit/transport'

const baseUrl = 'https://api.example.test/v1'
const request: OutgoingRequest = {
  url: `${baseUrl}/keys/k-1`,
  method: 'PUT',
  headers: new Headers({ authorization: 'Bearer SECRET-TOKEN', 'content-type': 'application/json' }),
  body: '{"name":"n"}',
}

type Answer = Response | Error | (() => Promise<Response>)

/** A transport whose fetch gives `answers` in turn (the last one again when they run out), recording every URL. */
function transportWith(
  answers: Answer[],
  options: ClientOptions & { fallbacks?: string[]; call?: ConstructorParameters<typeof Transport>[1] } = {},
) {
  const urls: string[] = []
  const { fallbacks = [], call = {}, ...clientOptions } = options
  const settings: TransportSettings = {
    ...resolveSettings('demo', { baseUrl, retryBaseDelayMs: 1, ...clientOptions }, undefined, undefined),
    fallbackBaseUrls: fallbacks,
    fetch: async (url) => {
      urls.push(url)
      const answer = answers[Math.min(urls.length - 1, answers.length - 1)] as Answer
      if (answer instanceof Error) throw answer
      return typeof answer === 'function' ? answer() : answer.clone()
    },
  }
  const transport = new Transport(settings, call, new Redactor().add('SECRET-TOKEN'))
  return { transport, urls, send: (sendOptions?: SendOptions) => transport.send(request, sendOptions) }
}

const jsonResponse = (status: number, body = '{}', headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } })

const refused = () =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  })
const reset = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) })

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error as KeyshiftError,
  )

describe('what is retried', () => {
  it('a 2xx is final: one request, its status and body read', async () => {
    const { send, urls, transport } = transportWith([jsonResponse(201, '{"a":1}')])
    const response = await send()
    expect(response).toMatchObject({ status: 201, bodyText: '{"a":1}', ok: true })
    expect(urls).toEqual([request.url])
    expect(transport.lastResponse).toBe(response)
  })

  it.each([408, 429, 500, 503])('%i is retried, then the answer that follows is returned', async (status) => {
    const { send, urls } = transportWith([jsonResponse(status), jsonResponse(200)])
    expect((await send()).status).toBe(200)
    expect(urls).toHaveLength(2)
  })

  it.each([400, 404, 409, 422])(
    '%i is returned at once (the caller reads it as an error)',
    async (status) => {
      const { send, urls } = transportWith([jsonResponse(status), jsonResponse(200)])
      expect((await send()).status).toBe(status)
      expect(urls).toHaveLength(1)
    },
  )

  it('maxRetries: the call option wins over the client; 0 sends once', async () => {
    const { send, urls } = transportWith([jsonResponse(503)], { maxRetries: 3, call: { maxRetries: 1 } })
    expect((await send()).status).toBe(503)
    expect(urls).toHaveLength(2)
    const once = transportWith([jsonResponse(503)], { maxRetries: 0 })
    await once.send()
    expect(once.urls).toHaveLength(1)
  })

  it('a connection error is retried; after the retries it is a retryable ConnectionError', async () => {
    const { send, urls } = transportWith([reset()], { maxRetries: 2 })
    const error = await failure(send())
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).not.toBeInstanceOf(TimeoutError)
    expect(error.message).toBe('demo: connection failed: fetch failed: socket hang up')
    expect(error.isRetryable).toBe(true)
    expect(urls).toHaveLength(3)
  })

  it('a refused certificate is not retried: the next attempt would meet the same certificate', async () => {
    const certificate = new TypeError('fetch failed', {
      cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
    })
    const { send, urls } = transportWith([certificate, jsonResponse(200)])
    const error = await failure(send())
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error.isRetryable).toBe(false)
    expect(error.message).toContain('the TLS certificate was refused (not retried)')
    expect(urls).toHaveLength(1)
  })

  it('a Retry-After the provider names is waited; one past maxRetryAfterMs ends the call with that answer', async () => {
    const waited = transportWith([jsonResponse(429, '{}', { 'retry-after-ms': '40' }), jsonResponse(200)])
    const startedAt = Date.now()
    expect((await waited.send()).status).toBe(200)
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(35)
    const tooLong = transportWith([jsonResponse(429, '{}', { 'retry-after': '120' }), jsonResponse(200)], {
      maxRetryAfterMs: 60_000,
    })
    expect((await tooLong.send()).status).toBe(429)
    expect(tooLong.urls).toHaveLength(1)
  })

  it('a Retry-After of exactly maxRetryAfterMs is still waited', async () => {
    const { send, urls } = transportWith(
      [jsonResponse(429, '{}', { 'retry-after-ms': '30' }), jsonResponse(200)],
      {
        maxRetryAfterMs: 30,
      },
    )
    expect((await send()).status).toBe(200)
    expect(urls).toHaveLength(2)
  })

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED'])(
    'a write whose connection never opened (%s) is not in doubt, and is retried even when not idempotent',
    async (code) => {
      const never = new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })
      const { send, urls, transport } = transportWith([never, jsonResponse(200)])
      expect((await send({ write: true, idempotent: false })).status).toBe(200)
      expect(urls).toHaveLength(2)
      expect(transport.writeInDoubt).toBe(false)
    },
  )

  it('a failure thrown as something other than an Error is still a typed ConnectionError', async () => {
    const { send } = transportWith([() => Promise.reject('socket gone')], { maxRetries: 0 })
    const error = await failure(send())
    expect(error).toMatchObject({ name: 'ConnectionError', message: 'demo: connection failed: socket gone' })
    const cause = error.cause as Error
    expect(cause.name).toBe('Error')
    expect('code' in cause).toBe(false)
    const nothing = transportWith([() => Promise.reject(undefined)], { maxRetries: 0 })
    expect((await failure(nothing.send())).message).toBe('demo: connection failed: undefined')
  })

  it('a network error keeps its name and code in a redacted cause', async () => {
    const { send } = transportWith([reset()], { maxRetries: 0 })
    const cause = (await failure(send())).cause as Error & { code?: string }
    expect(cause).toMatchObject({
      name: 'TypeError',
      code: 'ECONNRESET',
      message: 'fetch failed: socket hang up',
    })
  })

  it('a write that must not be repeated blindly is retried only when it provably never arrived', async () => {
    const writeOnce = { write: true, idempotent: false }
    const lost = transportWith([reset(), jsonResponse(200)])
    const error = await failure(lost.send(writeOnce))
    expect(error).toMatchObject({ name: 'ConnectionError', mayHaveBeenApplied: true })
    expect(lost.urls).toHaveLength(1)
    expect(lost.transport.writeInDoubt).toBe(true)

    const neverArrived = transportWith([refused(), jsonResponse(200)])
    expect((await neverArrived.send(writeOnce)).status).toBe(200)
    expect(neverArrived.urls).toHaveLength(2)
    expect(neverArrived.transport.writeInDoubt).toBe(false)

    for (const status of [429, 408]) {
      const refusedByServer = transportWith([jsonResponse(status), jsonResponse(200)])
      expect((await refusedByServer.send(writeOnce)).status).toBe(200)
    }
    const failedOnServer = transportWith([jsonResponse(503), jsonResponse(200)])
    expect((await failedOnServer.send(writeOnce)).status).toBe(503)
    expect(failedOnServer.urls).toHaveLength(1)
  })

  it('a read that loses its answer leaves no write in doubt', async () => {
    const { send, transport } = transportWith([reset()], { maxRetries: 0 })
    expect(await failure(send())).toMatchObject({ mayHaveBeenApplied: false })
    expect(transport.writeInDoubt).toBe(false)
  })
})

describe('fallback hosts', () => {
  it('a failed host (connection error or 5xx) moves the next attempt to the next host, the path kept', async () => {
    const fallbacks = ['https://b.example.test/v1', 'https://c.example.test/v1']
    const { send, urls } = transportWith([reset(), jsonResponse(503), jsonResponse(503), jsonResponse(200)], {
      fallbacks,
      maxRetries: 3,
    })
    expect((await send()).status).toBe(200)
    expect(urls).toEqual([
      request.url,
      'https://b.example.test/v1/keys/k-1',
      'https://c.example.test/v1/keys/k-1',
      request.url,
    ])
  })

  it('a 500 is a failed host too; a 4xx is final on the host that answered', async () => {
    const { send, urls } = transportWith([jsonResponse(500), jsonResponse(200)], {
      fallbacks: ['https://b.example.test/v1'],
    })
    await send()
    expect(urls).toEqual([request.url, 'https://b.example.test/v1/keys/k-1'])
  })

  it('a 429 is a refusal, not a failed host: the retry stays', async () => {
    const { send, urls } = transportWith([jsonResponse(429), jsonResponse(200)], {
      fallbacks: ['https://b.example.test/v1'],
    })
    await send()
    expect(urls).toEqual([request.url, request.url])
  })
})

describe('the deadline', () => {
  it('a call with a deadline still retries while the retry fits in it', async () => {
    const { send, urls } = transportWith([jsonResponse(503), jsonResponse(200)], { deadlineMs: 10_000 })
    expect((await send()).status).toBe(200)
    expect(urls).toHaveLength(2)
  })

  it('a retry that would wait past the deadline is not made: the last answer is returned', async () => {
    const { send, urls } = transportWith(
      [jsonResponse(503, '{}', { 'retry-after-ms': '500' }), jsonResponse(200)],
      {
        deadlineMs: 300,
      },
    )
    const startedAt = Date.now()
    expect((await send()).status).toBe(503)
    expect(urls).toHaveLength(1)
    expect(Date.now() - startedAt).toBeLessThan(250)
  })

  it('the per-attempt timeout and the deadline say which ran out', async () => {
    const hang = () => new Promise<Response>(() => undefined)
    const attempt = transportWith([hang], { timeoutMs: 30, maxRetries: 0 })
    expect(await failure(attempt.send())).toMatchObject({
      name: 'TimeoutError',
      message: 'demo: no complete response within 30 ms',
      isRetryable: true,
    })
    const deadline = transportWith([hang], { timeoutMs: 5000, deadlineMs: 30 })
    expect(await failure(deadline.send())).toMatchObject({
      name: 'TimeoutError',
      message: "demo: the call's deadline ran out",
    })
    expect(deadline.urls).toHaveLength(1)
  })

  it('a write that timed out may have been applied', async () => {
    const { send } = transportWith([() => new Promise<Response>(() => undefined)], {
      timeoutMs: 20,
      maxRetries: 0,
    })
    expect(await failure(send({ write: true }))).toMatchObject({
      name: 'TimeoutError',
      mayHaveBeenApplied: true,
    })
  })

  it("pause waits, unless the call's deadline would run out first", async () => {
    const roomy = transportWith([jsonResponse(200)], { deadlineMs: 5000 })
    const startedAt = Date.now()
    await roomy.transport.pause(30)
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25)
    const tight = transportWith([jsonResponse(200)], { deadlineMs: 100 })
    await expect(tight.transport.pause(200)).rejects.toMatchObject({
      name: 'TimeoutError',
      message: "demo: the call's deadline ran out",
      mayHaveBeenApplied: false,
    })
    const unbounded = transportWith([jsonResponse(200)])
    await expect(unbounded.transport.pause(1)).resolves.toBeUndefined()
  })

  it('pause ends at once when the caller aborts', async () => {
    const controller = new AbortController()
    const { transport } = transportWith([jsonResponse(200)], { call: { signal: controller.signal } })
    const paused = transport.pause(60_000)
    controller.abort()
    await expect(paused).rejects.toThrow(AbortError)
    await expect(transport.pause(1)).rejects.toThrow(AbortError)
  })
})

describe('bodies', () => {
  const streamOf = (chunks: Uint8Array[], headers: Record<string, string> = {}, status = 200) =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk)
          controller.close()
        },
      }),
      { status, headers: { 'content-type': 'application/json', ...headers } },
    )

  it('a body in several chunks is decoded whole, a character split between chunks included', async () => {
    const bytes = new TextEncoder().encode('{"name":"café ☕"}')
    const chunks = [bytes.slice(0, 12), bytes.slice(12, 15), bytes.slice(15)]
    const { send } = transportWith([() => Promise.resolve(streamOf(chunks))])
    expect((await send()).bodyText).toBe('{"name":"café ☕"}')
  })

  it('a 2xx body up to the cap is read; one byte more is an error', async () => {
    const limit = 16
    const exact = transportWith([
      () => Promise.resolve(streamOf([new Uint8Array(8).fill(0x31), new Uint8Array(8).fill(0x32)])),
    ])
    expect((await exact.send({ maxResponseBytes: limit })).bodyText).toBe('1111111122222222')
    const over = transportWith([() => Promise.resolve(streamOf([new Uint8Array(8), new Uint8Array(9)]))])
    expect(await failure(over.send({ maxResponseBytes: limit }))).toMatchObject({
      name: 'UnexpectedResponseError',
      message: 'demo 200: response body is larger than 16 bytes',
    })
  })

  it('a body whose declared length is exactly the cap is read', async () => {
    const exact = new Response('{"k":"0123456789"}', {
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': '18' },
    })
    const { send } = transportWith([exact])
    expect((await send({ maxResponseBytes: 18 })).bodyText).toBe('{"k":"0123456789"}')
  })

  it('a declared length past the cap is refused without waiting for the body', async () => {
    const endless = new Response(new ReadableStream({ start() {} }), {
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': '17' },
    })
    const { send } = transportWith([endless], { timeoutMs: 2000, maxRetries: 0 })
    const startedAt = Date.now()
    expect(await failure(send({ maxResponseBytes: 16 }))).toBeInstanceOf(UnexpectedResponseError)
    expect(Date.now() - startedAt).toBeLessThan(1000)
  })

  it('an error status past the cap is judged by its status, its body discarded (a 503 is retried)', async () => {
    const big = () => Promise.resolve(streamOf([new Uint8Array(32)], {}, 503))
    const { send, urls } = transportWith([big, jsonResponse(200)])
    expect((await send({ maxResponseBytes: 16 })).status).toBe(200)
    expect(urls).toHaveLength(2)
    const final = transportWith([big], { maxRetries: 0 })
    expect(await final.send({ maxResponseBytes: 16 })).toMatchObject({
      status: 503,
      bodyText: '',
      discardedOver: 16,
    })
  })

  it.each([300, 301, 307, 308])('a %i is a redirect, never followed', async (status) => {
    const { send, urls } = transportWith([new Response(null, { status }), jsonResponse(200)])
    const error = await failure(send())
    expect(error).toBeInstanceOf(UnexpectedResponseError)
    expect(error.message).toBe(
      `demo ${status}: the provider redirected; keyshift never follows redirects (the credentials would go along): point baseUrl at the final address`,
    )
    expect(urls).toHaveLength(1)
  })

  it('a redirect names its target, redacted', async () => {
    const { send } = transportWith([
      new Response(null, { status: 302, headers: { location: 'https://elsewhere.test/?k=SECRET-TOKEN' } }),
    ])
    expect((await failure(send())).message).toContain(
      'the provider redirected to https://elsewhere.test/?k=[REDACTED];',
    )
  })

  it('no body is an empty text', async () => {
    const { send } = transportWith([new Response(null, { status: 204 })])
    expect((await send()).bodyText).toBe('')
  })

  it('ok is exactly the 2xx statuses', () => {
    const at = (status: number) => new ReadResponse({ status, statusText: '', headers: new Headers() }, '').ok
    expect([199, 200, 299, 300, 404].map(at)).toEqual([false, true, true, false, false])
  })
})

describe('what hooks and logs see', () => {
  it('each attempt is numbered from 1; responses and retries carry it, with the reason and the wait', async () => {
    const requests: RequestEvent[] = []
    const responses: ResponseEvent[] = []
    const retries: RetryEvent[] = []
    const { send } = transportWith(
      [reset(), jsonResponse(503), jsonResponse(200, '{}', { 'x-echo': 'SECRET-TOKEN' })],
      {
        maxRetries: 2,
        onRequest: (event) => requests.push(event),
        onResponse: (event) => responses.push(event),
        onRetry: (event) => retries.push(event),
      },
    )
    await send()
    expect(requests.map((event) => event.attempt)).toEqual([1, 2, 3])
    expect(requests[0]).toMatchObject({
      provider: 'demo',
      method: 'PUT',
      url: request.url,
      body: '{"name":"n"}',
      headers: { authorization: '[REDACTED]', 'content-type': 'application/json' },
    })
    expect(retries.map((event) => [event.attempt, event.reason])).toEqual([
      [1, 'connection'],
      [2, 503],
    ])
    expect(retries.every((event) => event.delayMs >= 0)).toBe(true)
    expect(responses.map((event) => [event.attempt, event.status])).toEqual([
      [2, 503],
      [3, 200],
    ])
    expect(responses[1]?.responseHeaders['x-echo']).toBe('[REDACTED]')
    expect(responses.every((event) => event.durationMs >= 0 && event.durationMs < 10_000)).toBe(true)
  })

  it("a timeout's retry says timeout; a retry on a fallback host names that host", async () => {
    const retries: RetryEvent[] = []
    const requests: RequestEvent[] = []
    const { send } = transportWith([() => new Promise<Response>(() => undefined), jsonResponse(200)], {
      timeoutMs: 20,
      fallbacks: ['https://b.example.test/v1'],
      onRetry: (event) => retries.push(event),
      onRequest: (event) => requests.push(event),
    })
    await send()
    expect(retries.map((event) => event.reason)).toEqual(['timeout'])
    expect(requests.map((event) => event.url)).toEqual([request.url, 'https://b.example.test/v1/keys/k-1'])
  })

  it('the logger gets debug lines per attempt and a warning per retry, filtered by logLevel', async () => {
    const lines: [string, string][] = []
    const details: unknown[] = []
    const record = (level: string) => (message: string, detail?: unknown) => {
      lines.push([level, message])
      details.push(detail)
    }
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    }
    await transportWith([jsonResponse(503), jsonResponse(200)], { logger, logLevel: 'debug' }).send()
    expect(lines.map(([level]) => level)).toEqual(['debug', 'debug', 'warn', 'debug', 'debug'])
    expect(details).toEqual([{ attempt: 1 }, { attempt: 1 }, { attempt: 1 }, { attempt: 2 }, { attempt: 2 }])
    expect(lines[0]?.[1]).toBe(`[keyshift] demo: PUT ${request.url}`)
    expect(lines[1]?.[1]).toBe(`[keyshift] demo: PUT ${request.url} → 503`)
    expect(lines[2]?.[1]).toMatch(/^\[keyshift\] demo: PUT \S+ failed \(503\); retrying in \d+ ms$/)
    lines.length = 0
    await transportWith([jsonResponse(503), jsonResponse(200)], { logger, logLevel: 'warn' }).send()
    expect(lines.map(([level]) => level)).toEqual(['warn'])
    lines.length = 0
    const transport = transportWith([jsonResponse(200)], { logger, logLevel: 'error' }).transport
    transport.warn('drifted', {})
    expect(lines).toEqual([])
    transportWith([jsonResponse(200)], { logger, logLevel: 'info' }).transport.warn('drifted', {})
    expect(lines).toEqual([['warn', '[keyshift] demo: drifted']])
  })
})

describe('pacing and cancellation', () => {
  it('every attempt takes a pacing slot; a 429 is reported to the pacer with its Retry-After', async () => {
    const slots: number[] = []
    const limited: [number, number | undefined][] = []
    const pacer: Pacer = {
      acquire: async () => {
        slots.push(Date.now())
      },
      rateLimited: (sentAt, retryAfterMs) => limited.push([sentAt, retryAfterMs]),
    }
    const startedAt = Date.now()
    const { send } = transportWith(
      [jsonResponse(429, '{}', { 'retry-after-ms': '5' }), jsonResponse(503), jsonResponse(200)],
      { call: { pacer } },
    )
    await send()
    expect(slots).toHaveLength(3)
    expect(limited).toHaveLength(1)
    expect(limited[0]?.[0]).toBeGreaterThanOrEqual(startedAt)
    expect(limited[0]?.[1]).toBe(5)
  })

  it("a stopped pacer's wait ends the call before sending, as an AbortError saying so", async () => {
    const pacer: Pacer = {
      acquire: () => Promise.reject(stoppedWhileWaiting),
      rateLimited: () => undefined,
    }
    const stopped = transportWith([jsonResponse(200)], { call: { pacer } })
    expect(await failure(stopped.send())).toMatchObject({
      name: 'AbortError',
      message: 'demo: the run was stopped before this request was sent',
    })
    expect(stopped.urls).toEqual([])
    const controller = new AbortController()
    controller.abort()
    const aborted = transportWith([jsonResponse(200)], {
      call: { pacer: { acquire: () => Promise.reject(new Error('aborted')), rateLimited: () => undefined } },
    })
    expect(await failure(aborted.send())).toMatchObject({
      name: 'AbortError',
      message: "demo: the request was aborted by the caller's signal",
    })
  })

  it('an abort while the request is out ends it at once; a write then may have been applied', async () => {
    const controller = new AbortController()
    const { send } = transportWith([() => new Promise<Response>(() => undefined)], {
      call: { signal: controller.signal },
    })
    const pending = failure(send({ write: true }))
    setTimeout(() => controller.abort(), 10)
    expect(await pending).toMatchObject({ name: 'AbortError', mayHaveBeenApplied: true })
  })

  it('an abort while the request is out is an AbortError even with no retries left', async () => {
    const controller = new AbortController()
    const { send } = transportWith([() => new Promise<Response>(() => undefined)], {
      maxRetries: 0,
      call: { signal: controller.signal },
    })
    const pending = failure(send())
    setTimeout(() => controller.abort(), 10)
    expect(await pending).toMatchObject({ name: 'AbortError', mayHaveBeenApplied: false })
  })

  it('the client names the header its provider puts request ids in', () => {
    const settings = {
      ...resolveSettings('demo', { baseUrl }, undefined, undefined),
      requestIdHeader: 'x-vendor-request',
    }
    expect(new Transport(settings, {}, new Redactor()).requestIdHeader).toBe('x-vendor-request')
  })

  it('a finished call leaves no timer behind (a script exits at once)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
    const before = timers()
    const controller = new AbortController()
    await transportWith([jsonResponse(200)], {
      timeoutMs: 60_000,
      call: { signal: controller.signal },
    }).send()
    await failure(
      transportWith([jsonResponse(404)], { timeoutMs: 60_000 })
        .send()
        .then(() => Promise.reject(new Error('x'))),
    )
    expect(timers()).toBe(before)
  })

  it('a failure that is not keyshift’s own propagates as it is', async () => {
    const bug = new RangeError('a bug in a hook')
    const { send } = transportWith([jsonResponse(200)], {
      onRequest: () => {
        throw bug
      },
    })
    await expect(send()).rejects.toBe(bug)
  })
})
