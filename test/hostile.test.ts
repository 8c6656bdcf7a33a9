/**
 * keyshift against servers that do not play fair, on loopback: a body that never comes (with a garbage collection
 * in between), a gzip bomb, a slow drip, JSON nested 100 000 deep, redirects, nonsense Retry-After values, and
 * bodies that drift from the spec after the update was applied. Every case is bounded in time.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { partooKey } from '../providers/partoo/partoo-fixtures'
import {
  BadRequestError,
  createPartoo,
  type Logger,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src'
import { partooAgainstFaultServer, type Step } from './helpers/fault-server'

const partooAgainst = partooAgainstFaultServer({ apiKey: 'hostile-test-key', maxRetries: 0 })

const update = { keyId: 3245, name: 'renamed' }

async function settle(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const startedAt = Date.now()
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  return { error, elapsedMs: Date.now() - startedAt }
}

describe('a body that never arrives', () => {
  it.each([
    ['of undeclared length (read chunk by chunk)', []],
    ['with a content-length (read whole)', ['--content-length']],
  ])(
    'still times out when a garbage collection runs while a body %s is pending (nodejs/undici#4627)',
    async (_label, extra) => {
      const script = fileURLToPath(new URL('./hostile/gc-during-body.ts', import.meta.url))
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', script, ...extra],
          { timeout: 12_000 },
          (error, stdout) =>
            error ? reject(new Error(`child did not finish: ${error.message}`)) : resolve(stdout),
        )
      })
      const { outcome, elapsedMs } = JSON.parse(output) as { outcome: string; elapsedMs: number }
      expect(outcome).toBe('TimeoutError')
      expect(elapsedMs).toBeGreaterThanOrEqual(990)
      expect(elapsedMs).toBeLessThan(3000)
    },
    15_000,
  )

  it('headers then silence → TimeoutError at timeoutMs', async () => {
    const { provider } = await partooAgainst([{ kind: 'headers-then-hang' }])
    const { error, elapsedMs } = await settle(provider.updateApiKey(update, { timeoutMs: 300 }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(elapsedMs).toBeLessThan(1500)
  })

  it('a slow drip (a byte every 50 ms) → TimeoutError at timeoutMs, not when the drip ends', async () => {
    const { provider } = await partooAgainst([{ kind: 'drip', intervalMs: 50 }])
    const { error, elapsedMs } = await settle(provider.updateApiKey(update, { timeoutMs: 400 }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(elapsedMs).toBeLessThan(1500)
  })

  it('deadlineMs also ends a stalled body', async () => {
    const { provider } = await partooAgainst([{ kind: 'headers-then-hang' }], { maxRetries: 3 })
    const { error, elapsedMs } = await settle(provider.updateApiKey(update, { deadlineMs: 400 }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toMatch(/deadline/)
    expect(elapsedMs).toBeLessThan(1500)
  })
})

describe('compressed bodies', () => {
  it('a gzip body that inflates past 1 MiB is refused while reading, whatever its content-length', async () => {
    const inflated = `{"id":3245,"label":"${'x'.repeat(20 * 1024 * 1024)}"}`
    const compressed = gzipSync(inflated)
    expect(compressed.length).toBeLessThan(64 * 1024)
    const { provider } = await partooAgainst([
      {
        status: 200,
        raw: compressed,
        headers: { 'content-encoding': 'gzip', 'content-length': String(compressed.length) },
      },
    ])
    const { error } = await settle(provider.updateApiKey(update))
    expect(error).toBeInstanceOf(UnexpectedResponseError)
    expect((error as Error).message).toMatch(/larger than 1048576 bytes/)
  })

  it('a gzip body under the cap is read as usual', async () => {
    const compressed = gzipSync(JSON.stringify(partooKey))
    const { provider } = await partooAgainst([
      {
        status: 200,
        raw: compressed,
        headers: { 'content-encoding': 'gzip', 'content-length': String(compressed.length) },
      },
    ])
    const key = await provider.updateApiKey(update)
    expect(key.name).toBe(partooKey.label)
  })
})

describe('JSON nested 100 000 deep', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
  const deepObject = `{"errors":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`

  it.each<[string, Step, new (...args: never[]) => Error]>([
    ['a 400', { status: 400, raw: deepObject }, BadRequestError],
    ['a 500', { status: 500, raw: deep }, ServerError],
    ['a 200', { status: 200, raw: deep }, UnexpectedResponseError],
    [
      'a 200 with a \\u escape',
      { status: 200, raw: `${deepObject.slice(0, -1)},"\\u0061":1}` },
      UnexpectedResponseError,
    ],
  ])('in %s → a typed error saying "nested too deeply", safe to stringify', async (_label, step, type) => {
    const { provider } = await partooAgainst([step])
    const { error } = await settle(provider.updateApiKey(update))
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toMatch(/nested too deeply/)
    expect(() => JSON.stringify(error)).not.toThrow()
  })
})

describe('redirects', () => {
  it("a browser's opaque redirect (status 0) is refused like a 3xx, and not retried", async () => {
    let calls = 0
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      statusText: '',
      ok: false,
      headers: new Headers(),
      body: null,
    } as unknown as Response
    const provider = createPartoo({
      apiKey: 'hostile-test-key',
      fetch: async () => {
        calls++
        return opaque
      },
    })
    const { error } = await settle(provider.updateApiKey(update))
    expect(error).toBeInstanceOf(UnexpectedResponseError)
    expect((error as UnexpectedResponseError).isRetryable).toBe(false)
    expect(calls).toBe(1)
  })
})

describe('Retry-After values that mean nothing', () => {
  it.each(['-5', 'soon', '5abc', '1e3'])('Retry-After: %s → the normal backoff', async (value) => {
    const { provider, retries } = await partooAgainst(
      [
        { status: 503, headers: { 'retry-after': value } },
        { status: 200, body: partooKey },
      ],
      { maxRetries: 1 },
    )
    await provider.updateApiKey(update)
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(375)
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(500)
  })
})

describe('a 2xx body that drifts from the spec (the update was applied)', () => {
  it('returns the result, with raw as received, the drift listed and logged', async () => {
    const warnings: string[] = []
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => warnings.push(message),
      error: () => undefined,
    }
    const drifted = { ...partooKey, description: null, permissions: 'business_edit' }
    const { provider } = await partooAgainst([{ status: 200, body: drifted }], { logger })
    const key = await provider.updateApiKey(update)
    expect(key.id).toBe('3245')
    expect(key.name).toBe(partooKey.label)
    expect(key.description).toBeUndefined()
    expect(key.permissions).toBeUndefined()
    expect(key.raw).toEqual(drifted)
    expect(key.responseIssues?.map((issue) => issue.path[0]).sort()).toEqual(['description', 'permissions'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/does not match the spec/)
  })

  it('without an id, the key is still the one updated', async () => {
    const { id: _id, ...withoutId } = partooKey
    const { provider } = await partooAgainst([{ status: 200, body: withoutId }])
    const key = await provider.updateApiKey(update)
    expect(key.id).toBe('3245')
  })
})
