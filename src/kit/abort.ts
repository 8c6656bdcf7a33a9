/**
 * Abort subscriptions that do not pile listeners on the caller's signal. An app may pass one signal to fifty
 * concurrent updates (or to `updateApiKeys` with a high concurrency): one listener per attempt would make Node
 * print `MaxListenersExceededWarning` past ten. Here each signal gets one listener, whatever the number of
 * subscribers, and each subscriber is removed when its attempt or wait ends.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>()

/** Calls `callback` when `signal` aborts; the returned function unsubscribes. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = subscribers.get(signal)
  if (!callbacks) {
    const created = new Set<() => void>()
    callbacks = created
    subscribers.set(signal, created)
    signal.addEventListener(
      'abort',
      () => {
        subscribers.delete(signal)
        for (const subscriber of created) subscriber()
      },
      { once: true },
    )
  }
  const registered = callbacks
  registered.add(callback)
  return () => {
    registered.delete(callback)
  }
}
