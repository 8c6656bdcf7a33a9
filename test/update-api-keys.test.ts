import { describe, expect, it } from 'vitest'
import { createPartoo, createPlumaa, NotFoundError, updateApiKeys, ValidationError } from '../src'
import { partooKey, plumaaKey } from './helpers/fixtures'
import { json, observedFetch } from './helpers/observed-fetch'
import { warningsDuring } from './helpers/warnings'

function slowPartoo(delayMs: number, failIds: Set<number> = new Set()) {
  let inFlight = 0
  let maxInFlight = 0
  const observed = observedFetch(async (request) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    inFlight--
    const id = Number(request.url.split('/').pop())
    return failIds.has(id)
      ? json({ errors: { json: 'Resource not found' } }, { status: 404 })
      : json({ ...partooKey, id })
  })
  return {
    provider: createPartoo({ apiKey: 'k', fetch: observed.fetch }),
    requests: observed.requests,
    maxInFlight: () => maxInFlight,
  }
}

describe('updateApiKeys', () => {
  it('keeps at most `concurrency` calls in flight and returns results in input order', async () => {
    const { provider, maxInFlight } = slowPartoo(10)
    const items = Array.from({ length: 20 }, (_, index) => ({
      provider,
      keyId: index + 1,
      name: `n${index}`,
    }))
    const results = await updateApiKeys(items, { concurrency: 3, callsPerMinute: { partoo: 0 } })
    expect(maxInFlight()).toBe(3)
    expect(results.map((result) => result.ok && result.key.id)).toEqual(
      items.map((item) => String(item.keyId)),
    )
  })

  it('reports each failure typed, per item, without stopping the others', async () => {
    const { provider } = slowPartoo(1, new Set([2, 4]))
    const plumaaObserved = observedFetch(() => json(plumaaKey))
    const plumaa = createPlumaa({ apiKey: 'p', fetch: plumaaObserved.fetch })
    const progress: number[] = []
    const results = await updateApiKeys(
      [
        { provider, keyId: 1, name: 'a' },
        { provider, keyId: 2, name: 'b' },
        { provider: plumaa, keyId: plumaaKey.id, enabled: false },
        { provider, keyId: 4, name: 'd' },
      ],
      { onProgress: ({ done }) => progress.push(done), callsPerMinute: { partoo: 0 } },
    )
    expect(results.map((result) => result.ok)).toEqual([true, false, true, false])
    expect(results[1]).toMatchObject({ ok: false, provider: 'partoo', started: true })
    expect(!results[1]!.ok && results[1]!.error).toBeInstanceOf(NotFoundError)
    expect(progress).toEqual([1, 2, 3, 4])
  })

  it('validates every item first: invalid items → one ValidationError listing all of them, nothing sent', async () => {
    const { provider, requests } = slowPartoo(1)
    const items: unknown[] = Array.from({ length: 20 }, (_, index) => ({
      provider,
      keyId: index + 1,
      name: 'x',
    }))
    items[5] = null
    items[7] = { provider, keyId: 8, enabled: true }
    items[9] = { provider, keyId: 10, expiresAt: '2027-02-30' }
    const error = await updateApiKeys(items as never, {
      concurrency: 4,
      callsPerMinute: { partoo: 0 },
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues.map((issue) => issue.path.slice(0, 2))).toEqual([
      [5, 'provider'],
      [7, 'enabled'],
      [9, 'expiresAt'],
    ])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(requests).toHaveLength(0)
  })

  it('an unexpected failure of one item never stops the others', async () => {
    let calls = 0
    const observed = observedFetch(async (request) => {
      calls++
      if (request.url.endsWith('/3')) throw new Error('socket exploded')
      return json(partooKey)
    })
    const provider = createPartoo({ apiKey: 'k', fetch: observed.fetch, maxRetries: 0 })
    const results = await updateApiKeys(
      Array.from({ length: 6 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 4, callsPerMinute: { partoo: 0 } },
    )
    expect(calls).toBe(6)
    expect(results.map((result) => result.ok)).toEqual([true, true, false, true, true, true])
  })

  it('stop: in-flight calls finish, nothing new starts, the rest are marked not started', async () => {
    const { provider, requests } = slowPartoo(40)
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 60)
    const results = await updateApiKeys(
      Array.from({ length: 10 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 2, stop: stop.signal, callsPerMinute: { partoo: 0 } },
    )
    const applied = results.filter((result) => result.ok).length
    const notStarted = results.filter((result) => !result.ok && !result.started)
    expect(applied).toBe(requests.length)
    expect(applied).toBeGreaterThanOrEqual(2)
    expect(applied + notStarted.length).toBe(10)
    expect(notStarted.every((result) => !result.ok && result.error.message.includes('not started'))).toBe(
      true,
    )
  })

  it('concurrency 20 on one signal prints no MaxListenersExceededWarning', async () => {
    const warnings = await warningsDuring(async () => {
      const { provider } = slowPartoo(20)
      const controller = new AbortController()
      const results = await updateApiKeys(
        Array.from({ length: 40 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
        { concurrency: 20, signal: controller.signal, callsPerMinute: { partoo: 0 } },
      )
      expect(results.every((result) => result.ok)).toBe(true)
    })
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  })

  it('paces Partoo at 300 calls per minute by default (one call every 200 ms)', async () => {
    const { provider, requests } = slowPartoo(0)
    const started = performance.now()
    await updateApiKeys(
      Array.from({ length: 3 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 3 },
    )
    expect(requests).toHaveLength(3)
    expect(performance.now() - started).toBeGreaterThanOrEqual(390)
  })

  it('an abort stops the rest: every unfinished item is an AbortError', async () => {
    const { provider } = slowPartoo(30)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 45)
    const results = await updateApiKeys(
      Array.from({ length: 10 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 1, signal: controller.signal, callsPerMinute: { partoo: 0 } },
    )
    expect(results.filter((result) => result.ok).length).toBeLessThan(3)
    expect(
      results.filter((result) => !result.ok && result.error.name === 'AbortError').length,
    ).toBeGreaterThan(7)
  })
})
