import { describe, expect, it } from 'vitest'
import { onAbort } from '../../src/kit/abort'
import { sleep } from '../../src/kit/sleep'

describe('onAbort', () => {
  it('adds one listener to a signal however many subscribe, and calls every current subscriber', () => {
    const controller = new AbortController()
    let added = 0
    const original = controller.signal.addEventListener.bind(controller.signal)
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added++
      original(...args)
    }) as AbortSignal['addEventListener']
    const calls: number[] = []
    const unsubscribers = Array.from({ length: 50 }, (_, index) =>
      onAbort(controller.signal, () => calls.push(index)),
    )
    unsubscribers[3]?.()
    controller.abort()
    expect(added).toBe(1)
    expect(calls).toHaveLength(49)
    expect(calls).not.toContain(3)
  })
})

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now()
    await sleep(30)
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
  })

  it("rejects with the signal's reason the moment it aborts, and at once when already aborted", async () => {
    const controller = new AbortController()
    const waiting = sleep(10_000, controller.signal)
    controller.abort('stop')
    await expect(waiting).rejects.toBe('stop')
    await expect(sleep(10_000, controller.signal)).rejects.toBe('stop')
  })
})
