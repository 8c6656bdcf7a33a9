import { AbortError, TimeoutError, ValidationError } from './kit/errors'
import type { UpdateOptions } from './kit/options'
import type { AnyProvider, InputOf, ResultOf } from './kit/provider'
import { assertCountsAndDurations, assertSignal } from './kit/settings'
import { sleep } from './kit/sleep'

/** How `waitForUpdate` waits: how long in all, how often it reads, and what stops it. */
export interface WaitForUpdateOptions {
  /** How long to wait in all, in ms. Default 60 000. */
  timeoutMs?: number
  /** The first pause between two reads, in ms (it grows by half each time, up to 5 s). Default 500. */
  intervalMs?: number
  /** Stops waiting (an `AbortError`). */
  signal?: AbortSignal
  /** Options for each read (`verifyUpdate`): timeouts, retries, headers. */
  readOptions?: Omit<UpdateOptions, 'signal'>
}

/**
 * Waits until an update is visible in the provider's reads, and resolves with the key as read then. For vendors
 * that apply a change in the background (a result says so with `propagating: true`): call it with the
 * same input after `updateApiKey`.
 *
 * ```ts
 * const key = await updateApiKey({ provider, keyId, permissions: ['search'] })
 * if (key.propagating) await waitForUpdate(provider, { keyId, permissions: ['search'] })
 * ```
 *
 * Reads until `verifyUpdate` finds every change in effect; a `TimeoutError` after `timeoutMs`. A provider that
 * cannot read a key back (no `verifyUpdate`) is a `ValidationError`.
 */
export async function waitForUpdate<P extends AnyProvider>(
  provider: P,
  input: InputOf<P>,
  options: WaitForUpdateOptions = {},
): Promise<ResultOf<P>> {
  if (typeof provider?.verifyUpdate !== 'function') {
    throw new ValidationError(typeof provider?.id === 'string' ? provider.id : undefined, [
      {
        path: ['provider'],
        message: 'cannot read a key back (no verifyUpdate), so there is nothing to wait on',
      },
    ])
  }
  const verifyUpdate = provider.verifyUpdate.bind(provider)
  const { timeoutMs = 60_000, intervalMs = 500, signal, readOptions } = options
  assertCountsAndDurations(provider.id, ['options'], {}, { timeoutMs, intervalMs })
  assertSignal(provider.id, ['options', 'signal'], signal)
  const deadline = AbortSignal.timeout(timeoutMs)
  let pause = intervalMs
  for (;;) {
    const readSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
    let found: unknown
    try {
      found = await verifyUpdate(input as never, { ...readOptions, signal: readSignal })
    } catch (error) {
      if (!(error instanceof AbortError) || signal?.aborted) throw error
      throw waitedTooLong(provider.id, timeoutMs)
    }
    if (found !== undefined) return found as ResultOf<P>
    try {
      await sleep(pause, signal, deadline)
    } catch {
      if (signal?.aborted) throw new AbortError(provider.id, { message: 'stopped waiting for the update' })
      throw waitedTooLong(provider.id, timeoutMs)
    }
    pause = Math.min(pause * 1.5, 5000)
  }
}

function waitedTooLong(provider: string, timeoutMs: number): TimeoutError {
  return new TimeoutError(
    provider,
    `the update was not visible in the provider's reads after ${timeoutMs} ms`,
  )
}
