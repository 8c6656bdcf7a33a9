import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPacer, stoppedWhileWaiting } from '../../src/kit/pacer'

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

/** When each of `count` requests gets its slot, in ms from now (all asked for at once). */
async function slotTimes(pacer: ReturnType<typeof createPacer>, count: number): Promise<number[]> {
  const start = Date.now()
  const times: number[] = []
  const waits = Array.from({ length: count }, () =>
    pacer.acquire().then(() => times.push(Date.now() - start)),
  )
  await vi.runAllTimersAsync()
  await Promise.all(waits)
  return times.sort((a, b) => a - b)
}

describe('createPacer', () => {
  it('spaces requests at the given rate (600 a minute: one every 100 ms)', async () => {
    expect(await slotTimes(createPacer({ requestsPerMinute: 600 }), 4)).toEqual([0, 100, 200, 300])
  })

  it.each([0, Number.POSITIVE_INFINITY, undefined])('is unpaced with %s', async (requestsPerMinute) => {
    expect(await slotTimes(createPacer({ requestsPerMinute }), 5)).toEqual([0, 0, 0, 0, 0])
  })

  it('a 429 pauses everyone for its Retry-After, then halves the pace (the first time)', async () => {
    const pacer = createPacer({ requestsPerMinute: 600 })
    await pacer.acquire()
    pacer.rateLimited(Date.now(), 1000)
    // Half of 10 per second: one every 200 ms, from the end of the pause.
    expect(await slotTimes(pacer, 3)).toEqual([1000, 1200, 1400])
  })

  it('later 429s lower the pace to 90 % of the rate that drew them', async () => {
    const pacer = createPacer({ requestsPerMinute: 600 })
    pacer.rateLimited(Date.now(), undefined) // 10/s → 5/s
    await vi.advanceTimersByTimeAsync(1)
    pacer.rateLimited(Date.now(), undefined) // 5/s → 4.5/s: 222 ms apart
    const times = await slotTimes(pacer, 3)
    expect(times[2]! - times[1]!).toBeCloseTo(222, -0.5) // within a millisecond (timers round)
  })

  it('429s of requests sent before the pace was lowered do not lower it again', async () => {
    const pacer = createPacer({ requestsPerMinute: 600 })
    const sentBefore = Date.now()
    await vi.advanceTimersByTimeAsync(10)
    pacer.rateLimited(sentBefore, undefined)
    for (let burst = 0; burst < 5; burst++) pacer.rateLimited(sentBefore, undefined)
    const times = await slotTimes(pacer, 3)
    expect(times[2]! - times[1]!).toBe(200)
  })

  it('an unpaced provider is paced from its first 429, at half the rate it was sending', async () => {
    const pacer = createPacer()
    for (let second = 0; second < 10; second++) {
      await pacer.acquire()
      await vi.advanceTimersByTimeAsync(100)
    }
    pacer.rateLimited(Date.now(), undefined)
    const times = await slotTimes(pacer, 3)
    // It sent 10 in ~1 s: now 5 a second.
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(180)
    expect(times[2]! - times[1]!).toBeLessThanOrEqual(230)
  })

  it('the pace recovers: fast up to 90 % of the rate that drew the 429, slowly beyond, never past the ceiling', async () => {
    const pacer = createPacer({ requestsPerMinute: 6000 }) // 100/s
    pacer.rateLimited(Date.now(), undefined) // → 50/s
    const spacingAfter = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms)
      const times = await slotTimes(pacer, 3)
      return times[2]! - times[1]!
    }
    // Spacings within a millisecond (timers round).
    expect(await spacingAfter(0)).toBeCloseTo(20, -0.5) // 50/s
    expect(await spacingAfter(4_000)).toBeCloseTo(14.3, -0.5) // +5/s each second: 70/s
    expect(await spacingAfter(4_000)).toBeCloseTo(11.1, -0.5) // 90/s, from now +0.5/s each second
    expect(await spacingAfter(10_000)).toBeCloseTo(10.5, -0.5) // 95/s
    expect(await spacingAfter(60_000)).toBeCloseTo(10, -0.5) // capped at 100/s
  })

  it('stop ends every wait at once', async () => {
    const stop = new AbortController()
    const pacer = createPacer({ requestsPerMinute: 1, stop: stop.signal })
    await pacer.acquire()
    const waiting = pacer.acquire().catch((reason: unknown) => reason)
    await vi.advanceTimersByTimeAsync(5)
    stop.abort()
    expect(await waiting).toBe(stoppedWhileWaiting)
    await expect(pacer.acquire()).rejects.toBe(stoppedWhileWaiting)
  })

  it("the caller's signal ends its own wait with the signal's reason", async () => {
    const pacer = createPacer({ requestsPerMinute: 1 })
    await pacer.acquire()
    const controller = new AbortController()
    const waiting = pacer.acquire(controller.signal).catch((reason: unknown) => reason)
    controller.abort(new Error('mine'))
    expect(await waiting).toEqual(new Error('mine'))
  })
})
