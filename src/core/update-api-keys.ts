import type { PartooProvider } from '../../providers/partoo'
import type { PlumaaProvider } from '../../providers/plumaa'
import type { PulseCrmProvider } from '../../providers/pulsecrm'
import type { TheAuthApiProvider } from '../../providers/theauthapi'
import { sleep } from '../internal/sleep'
import type { ApiKey } from './api-key'
import { KeyshiftError, type ProviderId } from './errors'
import type { UpdateOptions } from './options'
import type { AnyProvider, UpdateApiKeyInputOf } from './provider'

/** The providers keyshift ships (types only: importing this file pulls no provider code). */
export type KnownProvider = PartooProvider | PulseCrmProvider | TheAuthApiProvider | PlumaaProvider

import { updateApiKey } from './update-api-key'

export type BulkResult<Result = ApiKey> =
  | { readonly index: number; readonly provider: ProviderId; readonly ok: true; readonly key: Result }
  | {
      readonly index: number
      readonly provider: ProviderId
      readonly ok: false
      readonly error: KeyshiftError
    }

export interface BulkProgress {
  readonly done: number
  readonly total: number
  readonly failed: number
  /** The result that just finished. */
  readonly last: BulkResult
}

export interface BulkOptions extends Omit<UpdateOptions, 'signal'> {
  /** Calls in flight at once. Default 4. */
  concurrency?: number
  /**
   * Most calls started per minute, per provider. Default: Partoo 300 (its documented organization limit);
   * others unpaced. `0` or `Infinity` turns pacing off for that provider.
   */
  callsPerMinute?: Partial<Record<ProviderId, number>>
  onProgress?: (progress: BulkProgress) => void
  /** Stops starting new calls and aborts the ones in flight. */
  signal?: AbortSignal
}

export const defaultCallsPerMinute: Partial<Record<ProviderId, number>> = { partoo: 300 }

/**
 * Updates many keys, on any mix of providers, with a concurrency limit and per-provider pacing. Never throws for
 * one item: each result says `ok` or carries its typed error, in input order.
 */
export async function updateApiKeys(
  items: readonly UpdateApiKeyInputOf<KnownProvider>[],
  options: BulkOptions = {},
): Promise<BulkResult[]> {
  const { concurrency = 4, callsPerMinute, onProgress, signal, ...callOptions } = options
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be a positive integer')
  const pace = { ...defaultCallsPerMinute, ...callsPerMinute }
  const nextStart = new Map<ProviderId, number>()
  const results: BulkResult[] = new Array(items.length)
  let next = 0
  let done = 0
  let failed = 0

  /** Waits for the provider's next start slot (slots are handed out in order, so waits never overlap). */
  async function paced(provider: ProviderId) {
    const rate = pace[provider]
    if (!rate || !Number.isFinite(rate)) return
    const now = Date.now()
    const slot = Math.max(now, nextStart.get(provider) ?? now)
    nextStart.set(provider, slot + 60_000 / rate)
    // An abort ends the wait; the call then fails at once with AbortError.
    if (slot > now) await sleep(slot - now, signal).catch(() => undefined)
  }

  async function worker() {
    while (next < items.length) {
      const index = next++
      const item = items[index] as { provider: AnyProvider }
      const provider = item.provider.id
      let result: BulkResult
      try {
        await paced(provider)
        const key = await updateApiKey(item as never, { ...callOptions, ...(signal && { signal }) })
        result = { index, provider, ok: true, key: key as ApiKey }
      } catch (error) {
        result = { index, provider, ok: false, error: asKeyshiftError(error, provider) }
        failed++
      }
      results[index] = result
      done++
      onProgress?.({ done, total: items.length, failed, last: result })
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}

function asKeyshiftError(error: unknown, provider: ProviderId): KeyshiftError {
  if (error instanceof KeyshiftError) return error
  // Not expected (the SDK throws its own errors); keep the item's failure typed without leaking the raw value.
  return new KeyshiftError(
    `${provider}: unexpected failure (${error instanceof Error ? error.name : typeof error})`,
  )
}
