import { onAbort } from './abort'

/**
 * Waits `ms`, or rejects with the reason of the first of `signals` to abort, the moment it aborts (the wait never
 * outlives an abort).
 */
export function sleep(ms: number, ...signals: readonly (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = signals.find((signal) => signal?.aborted)
    if (aborted) return reject(aborted.reason)
    const unsubscribers = signals.flatMap((signal) =>
      signal
        ? [
            onAbort(signal, () => {
              clearTimeout(timer)
              for (const unsubscribe of unsubscribers) unsubscribe()
              reject(signal.reason)
            }),
          ]
        : [],
    )
    const timer = setTimeout(() => {
      for (const unsubscribe of unsubscribers) unsubscribe()
      resolve()
    }, ms)
  })
}
