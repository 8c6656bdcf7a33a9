import { onAbort } from './abort'

/** Waits `ms`, or rejects with the signal's reason the moment it aborts (the wait never outlives an abort). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer)
          reject(signal.reason)
        })
      : undefined
    const timer = setTimeout(() => {
      unsubscribe?.()
      resolve()
    }, ms)
  })
}
