import { describe, expect, it } from 'vitest'
import { createPartoo, createPlumaa, NotFoundError, UnsupportedFieldError, updateApiKeys } from '../src'
import { partooKey, plumaaKey } from './helpers/fixtures'
import { json, observedFetch } from './helpers/observed-fetch'

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
        { provider, keyId: 5, enabled: true } as never,
      ],
      { onProgress: ({ done }) => progress.push(done), callsPerMinute: { partoo: 0 } },
    )
    expect(results.map((result) => result.ok)).toEqual([true, false, true, false, false])
    expect(results[1]).toMatchObject({ ok: false, provider: 'partoo' })
    expect(!results[1]!.ok && results[1]!.error).toBeInstanceOf(NotFoundError)
    expect(!results[4]!.ok && results[4]!.error).toBeInstanceOf(UnsupportedFieldError)
    expect(progress).toEqual([1, 2, 3, 4, 5])
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
