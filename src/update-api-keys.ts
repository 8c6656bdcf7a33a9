import type { ProviderId } from '../providers/providers'
import type { ApiKey } from './kit/api-key'
import { AbortError, type Issue, KeyshiftError, ValidationError } from './kit/errors'
import type { UpdateOptions } from './kit/options'
import type { AnyProvider, InputOf } from './kit/provider'
import { sleep } from './kit/sleep'

export type { KnownProvider } from '../providers/providers'

import { isProvider } from './update-api-key'

/** One item's outcome in `updateApiKeys`: its key, or its typed error. */
export type BulkResult<Result = ApiKey, Id extends string = ProviderId> =
  | { readonly index: number; readonly provider: Id; readonly ok: true; readonly key: Result }
  | {
      readonly index: number
      readonly provider: Id
      readonly ok: false
      readonly error: KeyshiftError
      /**
       * False when the item never started because the run was stopped (`stop` or `signal`): nothing was sent
       * for it, so it is safe to run again as it is.
       */
      readonly started: boolean
    }

/** What `onProgress` gets after each item. */
export interface BulkProgress<Id extends string = ProviderId> {
  readonly done: number
  readonly total: number
  readonly failed: number
  /** The result that just finished. */
  readonly last: BulkResult<ApiKey, Id>
}

/** Options of `updateApiKeys`: those of `updateApiKey`, plus concurrency, pacing, progress and stopping. */
export interface BulkOptions<Id extends string = ProviderId> extends Omit<UpdateOptions, 'signal'> {
  /** Calls in flight at once. Default 4. */
  concurrency?: number
  /**
   * Most calls started per minute, per provider. Default: Partoo 300 (its documented organization limit);
   * others unpaced. `0` or `Infinity` turns pacing off for that provider.
   */
  callsPerMinute?: Partial<Record<ProviderId | (string & {}), number>>
  /** Called after each item settles. */
  onProgress?: (progress: BulkProgress<Id>) => void
  /**
   * A graceful stop: once it aborts, no new call starts; calls in flight finish (within their timeouts). Items
   * not started resolve as `{ ok: false, started: false }`.
   */
  stop?: AbortSignal
  /** Stops starting new calls and aborts the ones in flight. */
  signal?: AbortSignal
}

/** Default pacing per provider (Partoo documents 300 calls per minute per organization). */
export const defaultCallsPerMinute: Partial<Record<ProviderId, number>> = { partoo: 300 }

/**
 * Each item checked against its own provider: a wrong field on one item is reported on that item, with the
 * provider's reason (`Plumaa does not take expiresAt: Plumaa keys do not expire`), not as a mismatch with every
 * other provider of the list.
 */
export type CheckedItems<Items> = {
  [I in keyof Items]: Items[I] extends { provider: infer P extends AnyProvider }
    ? { provider: P } & InputOf<P>
    : Items[I]
}

type IdOf<Items extends readonly { provider: AnyProvider }[]> = Items[number]['provider']['id']

/**
 * Updates many keys, on any mix of providers, with a concurrency limit and per-provider pacing.
 *
 * Every item is validated first, as `updateApiKey` would: one invalid item rejects the whole call with a
 * `ValidationError` listing every problem (`issues[].path` starts with the item's index) and nothing is sent.
 * After that it never throws: each item settles on its own, `ok` with its key or with its typed error, in input
 * order, and one item's failure never stops the others.
 */
export async function updateApiKeys<const Items extends readonly { provider: AnyProvider }[]>(
  items: CheckedItems<Items>,
  options: BulkOptions<IdOf<Items>> = {},
): Promise<BulkResult<ApiKey, IdOf<Items>>[]> {
  const { concurrency = 4, callsPerMinute, onProgress, signal, stop, ...callOptions } = options
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError(undefined, [{ path: ['concurrency'], message: 'must be a positive integer' }])
  }
  const checked = await validateEvery(items as readonly unknown[], callOptions)
  const pace: Partial<Record<string, number>> = { ...defaultCallsPerMinute, ...callsPerMinute }
  const nextStart = new Map<string, number>()
  const results: BulkResult<ApiKey, IdOf<Items>>[] = new Array(checked.length)
  let next = 0
  let done = 0
  let failed = 0

  /** Waits for the provider's next start slot (slots are handed out in order, so waits never overlap). */
  async function paced(provider: string) {
    const rate = pace[provider]
    if (!rate || !Number.isFinite(rate)) return
    const now = Date.now()
    const slot = Math.max(now, nextStart.get(provider) ?? now)
    nextStart.set(provider, slot + 60_000 / rate)
    // An abort ends the wait; the call then fails at once with AbortError.
    if (slot > now) await sleep(slot - now, signal).catch(() => undefined)
  }

  const stopped = () => Boolean(stop?.aborted || signal?.aborted)

  function settle(result: BulkResult<ApiKey, IdOf<Items>>) {
    results[result.index] = result
    done++
    if (!result.ok) failed++
    onProgress?.({ done, total: checked.length, failed, last: result })
  }

  async function worker() {
    while (next < checked.length) {
      const index = next++
      const { provider, fields } = checked[index] as CheckedItem
      if (stopped()) {
        const error = new AbortError(provider.id, { message: 'not started: the run was stopped' })
        settle({ index, provider: provider.id, ok: false, error, started: false })
        continue
      }
      try {
        await paced(provider.id)
        const key = (await provider.updateApiKey(fields as never, {
          ...callOptions,
          ...(signal && { signal }),
        })) as ApiKey
        settle({ index, provider: provider.id, ok: true, key })
      } catch (error) {
        settle({
          index,
          provider: provider.id,
          ok: false,
          error: asKeyshiftError(error, provider.id),
          started: true,
        })
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, checked.length) }, worker))
  return results
}

interface CheckedItem {
  provider: AnyProvider
  fields: Record<string, unknown>
}

/** Every item checked before anything is sent; all problems in one `ValidationError`. */
async function validateEvery(items: readonly unknown[], callOptions: UpdateOptions): Promise<CheckedItem[]> {
  if (!Array.isArray(items)) {
    throw new ValidationError(undefined, [{ path: [], message: 'items must be an array of updates' }])
  }
  const issues: Issue[] = []
  const checked: CheckedItem[] = []
  for (const [index, item] of items.entries()) {
    const provider: unknown =
      typeof item === 'object' && item !== null ? (item as { provider?: unknown }).provider : undefined
    if (!isProvider(provider)) {
      issues.push({
        path: [index, 'provider'],
        message: 'must be a provider client, e.g. createPartoo({ apiKey })',
      })
      continue
    }
    const { provider: _provider, ...fields } = item as { provider: AnyProvider }
    try {
      await provider.validateUpdate(fields as never, callOptions)
      checked.push({ provider, fields })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      for (const issue of error.issues)
        issues.push({ path: [index, ...issue.path], message: `${issue.message} (${provider.id})` })
    }
  }
  if (issues.length > 0) throw new ValidationError(undefined, issues)
  return checked
}

function asKeyshiftError(error: unknown, provider: string): KeyshiftError {
  if (error instanceof KeyshiftError) return error
  // Not expected (the SDK throws its own errors); keep the item's failure typed without leaking the raw value.
  return new KeyshiftError(
    `${provider}: unexpected failure (${error instanceof Error ? error.name : typeof error})`,
  )
}
