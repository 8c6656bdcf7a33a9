import { describe, expect, it, vi } from 'vitest'
import { partooKey } from '../providers/partoo/partoo-fixtures'
import {
  AbortError,
  BadRequestError,
  ConnectionError,
  createPartoo,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src'
import { partooAgainstFaultServer, type Step, startFaultServer } from './helpers/fault-server'
import { json, observedFetch } from './helpers/observed-fetch'

const partooAgainst = partooAgainstFaultServer({ apiKey: 'transport-test-key' })

const ok: Step = { status: 200, body: partooKey }
const update = { keyId: 3245, name: 'renamed' }

describe('retries', () => {
  it('503, 503, 200 → success after 2 retries with exponential backoff', async () => {
    const { provider, retries, seen } = await partooAgainst([{ status: 503 }, { status: 503 }, ok])
    const key = await provider.updateApiKey(update)
    expect(key.id).toBe('3245')
    expect(seen).toHaveLength(3)
    expect(retries.map((retry) => retry.reason)).toEqual([503, 503])
    // 0.5 s × 2^n with up to 25 % jitter
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(375)
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(500)
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(750)
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(1000)
    // the same body every attempt
    expect(new Set(seen.map((request) => request.body)).size).toBe(1)
  })

  it('gives up after maxRetries with the last error', async () => {
    const { provider, seen } = await partooAgainst([{ status: 500, headers: { 'retry-after-ms': '1' } }], {
      maxRetries: 3,
    })
    await expect(provider.updateApiKey(update)).rejects.toBeInstanceOf(ServerError)
    expect(seen).toHaveLength(4)
  })

  it('per-call maxRetries overrides the client’s', async () => {
    const { provider, seen } = await partooAgainst([{ status: 502, headers: { 'retry-after-ms': '1' } }])
    await expect(provider.updateApiKey(update, { maxRetries: 0 })).rejects.toBeInstanceOf(ServerError)
    expect(seen).toHaveLength(1)
  })

  it.each([400, 401, 403, 404, 422])('%i → one attempt only', async (status) => {
    const { provider, seen } = await partooAgainst([{ status, body: { errors: { json: 'no' } } }, ok])
    const error = await provider.updateApiKey(update).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ status, isRetryable: false })
    expect(seen).toHaveLength(1)
  })

  it('409 is a conflict with the key, not a passing failure: one attempt, not retryable', async () => {
    const { provider, seen } = await partooAgainst([{ status: 409, body: { errors: { json: 'taken' } } }, ok])
    const error = await provider.updateApiKey(update).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'ConflictError', status: 409, isRetryable: false })
    expect(seen).toHaveLength(1)
  })

  it.each([408])('%i is retried', async (status) => {
    const { provider, seen } = await partooAgainst([{ status, headers: { 'retry-after-ms': '1' } }, ok])
    await provider.updateApiKey(update)
    expect(seen).toHaveLength(2)
  })
})

describe('rate limits', () => {
  const httpDate = () => new Date(Date.now() + 1500).toUTCString()
  it.each([
    ['retry-after-ms', () => '120', 120],
    ['retry-after-seconds (fractional)', () => '0.15', 150],
    ['Retry-After (seconds)', () => '1', 1000],
  ])('429 with %s waits the stated time', async (label, value, expectedMs) => {
    const header = label.split(' ')[0]!
    const { provider, retries } = await partooAgainst([{ status: 429, headers: { [header]: value() } }, ok])
    const started = performance.now()
    await provider.updateApiKey(update)
    const elapsed = performance.now() - started
    expect(retries[0]!.delayMs).toBe(expectedMs)
    expect(elapsed).toBeGreaterThanOrEqual(expectedMs - 5)
  })

  it('429 with Retry-After as an HTTP date waits until then', async () => {
    const { provider, retries } = await partooAgainst([
      { status: 429, headers: { 'retry-after': httpDate() } },
      ok,
    ])
    await provider.updateApiKey(update)
    // HTTP dates have one-second resolution
    expect(retries[0]!.delayMs).toBeGreaterThan(0)
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(1500)
  })

  it('429 beyond maxRetryAfterMs → RateLimitError at once, carrying the delay', async () => {
    const { provider, seen, retries } = await partooAgainst([
      { status: 429, headers: { 'retry-after': '120' }, body: { errors: { json: 'Too many requests' } } },
    ])
    const error = await provider.updateApiKey(update).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, isRetryable: true })
    // "At once": no retry was even scheduled (no sleep), whatever the machine's speed.
    expect(seen).toHaveLength(1)
    expect(retries).toHaveLength(0)
  })
})

describe('timeouts and cancellation', () => {
  it('a server that never answers → TimeoutError when timeoutMs runs out (fake timers: no wall clock)', async () => {
    vi.useFakeTimers()
    try {
      const hanging = observedFetch(() => new Promise<Response>(() => undefined))
      const provider = createPartoo({
        apiKey: 'transport-key',
        fetch: hanging.fetch,
        timeoutMs: 150,
        maxRetries: 0,
      })
      const outcome = provider.updateApiKey(update).catch((caught: unknown) => caught)
      await vi.advanceTimersByTimeAsync(149)
      expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending')
      await vi.advanceTimersByTimeAsync(1)
      expect(await outcome).toBeInstanceOf(TimeoutError)
      expect(hanging.requests).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('timeouts are retried, then fail with TimeoutError', async () => {
    const { provider, seen, retries } = await partooAgainst([{ kind: 'hang' }], {
      timeoutMs: 50,
      maxRetries: 1,
    })
    await expect(provider.updateApiKey(update)).rejects.toBeInstanceOf(TimeoutError)
    expect(seen).toHaveLength(2)
    expect(retries[0]?.reason).toBe('timeout')
  })

  it('the overall deadline bounds every attempt and backoff (fake timers)', async () => {
    vi.useFakeTimers()
    try {
      const hanging = observedFetch(() => new Promise<Response>(() => undefined))
      const provider = createPartoo({
        apiKey: 'transport-key',
        fetch: hanging.fetch,
        timeoutMs: 10_000,
        deadlineMs: 200,
      })
      const outcome = provider.updateApiKey(update).catch((caught: unknown) => caught)
      await vi.advanceTimersByTimeAsync(200)
      expect(await outcome).toMatchObject({
        name: 'TimeoutError',
        message: "partoo: the call's deadline ran out",
      })
      expect(hanging.requests).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a connection reset mid-body → ConnectionError after the retries', async () => {
    const { provider, seen } = await partooAgainst([{ kind: 'reset-mid-body' }], { maxRetries: 1 })
    const error = await provider.updateApiKey(update).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).not.toBeInstanceOf(TimeoutError)
    expect(seen).toHaveLength(2)
  })

  it('an abort during the backoff sleep rejects at once and is not retried (fake timers)', async () => {
    vi.useFakeTimers()
    try {
      const controller = new AbortController()
      const observed = observedFetch(() => json({}, { status: 503, headers: { 'retry-after-ms': '5000' } }))
      const provider = createPartoo({
        apiKey: 'transport-key',
        fetch: observed.fetch,
        onRetry: () => controller.abort(),
      })
      const outcome = provider
        .updateApiKey(update, { signal: controller.signal })
        .catch((caught: unknown) => caught)
      // Not a millisecond of the 5 s backoff passes: the abort alone ends the call.
      await vi.advanceTimersByTimeAsync(0)
      expect(await outcome).toBeInstanceOf(AbortError)
      expect(observed.requests).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('an abort during a hanging request rejects at once with AbortError', async () => {
    const { provider } = await partooAgainst([{ kind: 'hang' }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    await expect(provider.updateApiKey(update, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    )
  })

  it('an already-aborted signal sends nothing', async () => {
    const { provider, seen } = await partooAgainst([ok])
    await expect(provider.updateApiKey(update, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    )
    expect(seen).toHaveLength(0)
  })
})

describe('logging', () => {
  const recorder = () => {
    const lines: string[] = []
    const at = (level: string) => (message: string) => lines.push(`${level} ${message}`)
    return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } }
  }

  it('logs retries at warn by default, and every request and response at debug', async () => {
    const quiet = recorder()
    const { provider } = await partooAgainst([{ status: 503, headers: { 'retry-after-ms': '1' } }, ok], {
      logger: quiet.logger,
    })
    await provider.updateApiKey(update)
    expect(quiet.lines).toEqual([
      expect.stringMatching(
        /^warn \[keyshift\] partoo: PUT http:\/\/127\.0\.0\.1:\d+\/v2\/api_keys\/3245 failed \(503\); retrying in 1 ms$/,
      ),
    ])

    const verbose = recorder()
    const again = await partooAgainst([{ status: 503, headers: { 'retry-after-ms': '1' } }, ok], {
      logger: verbose.logger,
      logLevel: 'debug',
    })
    await again.provider.updateApiKey(update)
    expect(verbose.lines.map((line) => line.split(' ')[0])).toEqual([
      'debug',
      'debug',
      'warn',
      'debug',
      'debug',
    ])
  })

  it("logLevel 'off' silences the logger", async () => {
    const silent = recorder()
    const { provider } = await partooAgainst([{ status: 503, headers: { 'retry-after-ms': '1' } }, ok], {
      logger: silent.logger,
      logLevel: 'off',
    })
    await provider.updateApiKey(update)
    expect(silent.lines).toEqual([])
  })
})

describe('redirects', () => {
  it('never follows one: the API key does not travel to the redirect target', async () => {
    const target = await startFaultServer([{ status: 200, body: partooKey }])
    try {
      const { provider, seen } = await partooAgainst(
        [{ status: 307, headers: { location: `${target.url}/v2/api_keys/3245` } }],
        { maxRetries: 2 },
      )
      const error = await provider.updateApiKey(update).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UnexpectedResponseError)
      expect((error as UnexpectedResponseError).isRetryable).toBe(false)
      expect((error as Error).message).toMatch(/redirected to .*never follows redirects/)
      expect(seen).toHaveLength(1)
      expect(target.seen).toHaveLength(0)
    } finally {
      await target.close()
    }
  })
})

describe('reading responses safely', () => {
  it.each<[string, Step, new (...args: never[]) => Error, RegExp]>([
    ['malformed JSON', { status: 200, raw: '{"id": 32' }, UnexpectedResponseError, /not valid JSON/],
    ['an empty 200', { status: 200, raw: '' }, UnexpectedResponseError, /empty response/],
    [
      'a wrong content type',
      { status: 200, raw: '<html></html>', headers: { 'content-type': 'text/html' } },
      UnexpectedResponseError,
      /text\/html/,
    ],
    [
      'a 200 body that is not an object',
      { status: 200, body: ['not', 'a', 'key'] },
      UnexpectedResponseError,
      /expected a JSON object \(the provider answered 2xx: the update was probably applied\)/,
    ],
    [
      'an HTML error page',
      { status: 400, raw: '<html>Bad</html>', headers: { 'content-type': 'text/html' } },
      BadRequestError,
      /text\/html body/,
    ],
  ])('%s → a typed error with a readable message', async (_label, step, type, message) => {
    const { provider } = await partooAgainst([step])
    const error = await provider.updateApiKey(update).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(type)
    expect(String((error as Error).message)).toMatch(message)
    expect(error).not.toBeInstanceOf(SyntaxError)
  })

  it('a body over 1 MiB → UnexpectedResponseError', async () => {
    const { provider } = await partooAgainst([{ status: 200, raw: `"${'x'.repeat(1024 * 1024 + 10)}"` }])
    await expect(provider.updateApiKey(update)).rejects.toThrow(/larger than 1048576 bytes/)
  })

  it('drops __proto__ keys from response bodies', async () => {
    const { provider } = await partooAgainst([
      { status: 200, raw: JSON.stringify(partooKey).replace(/^\{/, '{"__proto__": {"polluted": true},') },
    ])
    const key = await provider.updateApiKey(update)
    expect(Object.getPrototypeOf(key.raw)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(key.raw)).not.toContain('__proto__')
  })
})

describe('forbidden keys spelled with escapes', () => {
  it('drops a \\u-escaped __proto__ key too', async () => {
    const { provider } = await partooAgainst([
      {
        status: 200,
        raw: JSON.stringify(partooKey).replace(/^\{/, '{"__pro\\u0074o__": {"polluted": true},'),
      },
    ])
    const key = await provider.updateApiKey(update)
    expect(Object.keys(key.raw)).not.toContain('__proto__')
  })
})
