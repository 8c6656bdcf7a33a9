import type { ProviderId } from '../providers/providers'
import type { ApiKey } from './kit/api-key'
import { AbortError, type Issue, KeyshiftError, ValidationError } from './kit/errors'
import type { UpdateOptions } from './kit/options'
import { createPacer, type Pacer } from './kit/pacer'
import type { AnyProvider, InputOf } from './kit/provider'
import { assertSignal } from './kit/settings'

export type { KnownProvider } from '../providers/providers'

import { isProvider } from './update-api-key'

/**
 * What became of one item:
 * - `applied`: the update was applied (or, for an item to `verify`, found already in effect: nothing was sent);
 * - `failed`: the provider refused it, or it could not be sent;
 * - `unknown`: the update went out and its answer was lost (a timeout, a broken connection, an abort): it may or
 *   may not have been applied — run it again with `verify`, which reads before sending where the provider can;
 * - `not-started`: nothing was written for it (the run was stopped first): safe to run again as it is.
 */
export type BulkOutcome = 'applied' | 'failed' | 'unknown' | 'not-started'

/** One item's outcome in `updateApiKeys`: its key, or its typed error. */
export type BulkResult<Result = ApiKey, Id extends string = ProviderId> =
  | {
      readonly index: number
      readonly provider: Id
      readonly ok: true
      readonly outcome: 'applied'
      readonly key: Result
      /** True when the item was to be verified and a read found the change already in effect: nothing was sent. */
      readonly verified: boolean
    }
  | {
      readonly index: number
      readonly provider: Id
      readonly ok: false
      readonly outcome: Exclude<BulkOutcome, 'applied'>
      readonly error: KeyshiftError
      /** False when nothing was written for the item (`outcome: 'not-started'`): safe to run again as it is. */
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

/** Options of `updateApiKeys`: those of `updateApiKey`, plus concurrency, pacing, hooks and stopping. */
export interface BulkOptions<Id extends string = ProviderId> extends Omit<UpdateOptions, 'signal' | 'pacer'> {
  /** Calls in flight at once. Default 4. */
  concurrency?: number
  /**
   * Most requests per minute, per provider: every request counts (a login, a read, the update, each retry).
   * Default: the limit the vendor documents (each client's `requestsPerMinute`, e.g. Partoo 300), else unpaced. `0`
   * or `Infinity`: unpaced. Either way a 429 slows that provider's pace, which then recovers gradually.
   */
  requestsPerMinute?: Partial<Record<ProviderId | (string & {}), number>>
  /** @deprecated Use `requestsPerMinute` (requests were counted as calls before 0.2; now every request counts). */
  callsPerMinute?: Partial<Record<ProviderId | (string & {}), number>>
  /**
   * Items that may already have been applied (an earlier run sent them and lost the answer): where the provider
   * can read a key (`verifyUpdate`), each is read first and, when its change is already in effect, reported
   * `applied` with `verified: true` and not sent; otherwise it is sent as usual (the updates are idempotent).
   */
  verify?: (index: number) => boolean
  /**
   * Called before an item's first request, and awaited: a write-ahead hook (`keyshift apply` records "sending" in
   * its journal here). If it throws, the item is not started and the run stops as with `stop`.
   */
  onStart?: (item: { readonly index: number; readonly provider: Id }) => void | Promise<void>
  /**
   * Called after each item settles. If it throws, the item's outcome stays as it was and the run stops as with
   * `stop` (the items not started say why).
   */
  onProgress?: (progress: BulkProgress<Id>) => void
  /**
   * A graceful stop: once it aborts, no new request starts (waits for a pacing slot end at once); calls whose
   * update is in flight finish. Items with nothing written resolve as `{ ok: false, outcome: 'not-started' }`.
   */
  stop?: AbortSignal
  /** Stops starting new calls and aborts the ones in flight (their outcome is `unknown` if the update went out). */
  signal?: AbortSignal
}

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
 * Updates many keys, on any mix of providers, with a concurrency limit and per-provider pacing that adapts to the
 * server's 429s.
 *
 * Every item is validated first, as `updateApiKey` would: one invalid item rejects the whole call with a
 * `ValidationError` listing every problem (`issues[].path` starts with the item's index) and nothing is sent.
 * After that it never throws: each item settles on its own, `ok` with its key or with its typed error and an
 * `outcome`, in input order; one item's failure never stops the others, and a hook that throws only stops the run.
 */
export async function updateApiKeys<const Items extends readonly { provider: AnyProvider }[]>(
  items: CheckedItems<Items>,
  options: BulkOptions<IdOf<Items>> = {},
): Promise<BulkResult<ApiKey, IdOf<Items>>[]> {
  const { concurrency = 4, requestsPerMinute, callsPerMinute } = options
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError(undefined, [{ path: ['concurrency'], message: 'must be a positive integer' }])
  }
  assertRates({ ...callsPerMinute, ...requestsPerMinute })
  assertSignal(undefined, ['signal'], options.signal)
  assertSignal(undefined, ['stop'], options.stop)
  // The per-call options (`maxRetries`, `headers`, …) are checked with each item; the bulk ones are ignored there.
  const checked = await validateUpdates(items as readonly unknown[], options)
  return runUpdates<IdOf<Items>>(checked, options)
}

/** `updateApiKeys` after validation: the run itself (the CLI validates a plan first, then runs it). */
export async function runUpdates<Id extends string>(
  checked: readonly CheckedItem[],
  options: BulkOptions<Id>,
): Promise<BulkResult<ApiKey, Id>[]> {
  const {
    concurrency = 4,
    requestsPerMinute,
    callsPerMinute,
    verify,
    onStart,
    onProgress,
    signal,
    stop,
    ...callOptions
  } = options
  const limits = { ...callsPerMinute, ...requestsPerMinute }

  // One pacer per provider, shared by its calls; `halt` ends their waits at once when the run stops.
  const halt = new AbortController()
  let haltedBy: unknown
  const haltRun = (cause?: unknown) => {
    if (halt.signal.aborted) return
    haltedBy = cause
    halt.abort()
  }
  if (stop?.aborted) haltRun()
  else stop?.addEventListener('abort', () => haltRun(), { once: true })
  const pacers = new Map<string, Pacer>()
  const pacerFor = (provider: AnyProvider) => {
    let pacer = pacers.get(provider.id)
    if (!pacer) {
      pacer = createPacer({
        requestsPerMinute: limits[provider.id] ?? provider.requestsPerMinute,
        stop: halt.signal,
      })
      pacers.set(provider.id, pacer)
    }
    return pacer
  }

  type Result = BulkResult<ApiKey, Id>
  const results: Result[] = new Array(checked.length)
  let next = 0
  let done = 0
  let failed = 0

  function settle(result: Result) {
    results[result.index] = result
    done++
    if (!result.ok) failed++
    try {
      onProgress?.({ done, total: checked.length, failed, last: result })
    } catch (error) {
      haltRun(hookFailure('onProgress', error))
    }
  }

  function notStarted(index: number, provider: AnyProvider): Result {
    const cause = haltedBy instanceof Error ? haltedBy : undefined
    const error = new AbortError(provider.id, {
      message: `not started: the run was stopped${cause ? ` (${cause.message})` : ''}`,
      ...(cause && { cause: (cause as { cause?: unknown }).cause }),
    })
    return { index, provider: provider.id as Id, ok: false, outcome: 'not-started', error, started: false }
  }

  async function run(index: number, provider: AnyProvider, fields: Record<string, unknown>): Promise<Result> {
    const id = provider.id as Id
    const perCall: UpdateOptions = { ...callOptions, pacer: pacerFor(provider), ...(signal && { signal }) }
    try {
      if (verify?.(index) && provider.verifyUpdate) {
        const key = (await provider.verifyUpdate(fields as never, perCall)) as ApiKey | undefined
        if (key !== undefined)
          return { index, provider: id, ok: true, outcome: 'applied', key, verified: true }
      }
      const key = (await provider.updateApiKey(fields as never, perCall)) as ApiKey
      return { index, provider: id, ok: true, outcome: 'applied', key, verified: false }
    } catch (caught) {
      const error = asKeyshiftError(caught, provider.id)
      if (error.mayHaveBeenApplied)
        return { index, provider: id, ok: false, outcome: 'unknown', error, started: true }
      // Stopped (or aborted) before its update went out: nothing was written.
      if (error instanceof AbortError)
        return { index, provider: id, ok: false, outcome: 'not-started', error, started: false }
      return { index, provider: id, ok: false, outcome: 'failed', error, started: true }
    }
  }

  // Items on the same key run in list order, one at a time: a list that changes a key twice ends at its last change.
  const lastOnKey = new Map<string, Promise<unknown>>()

  async function worker() {
    while (next < checked.length) {
      const index = next++
      const { provider, fields } = checked[index] as CheckedItem
      const key = `${provider.id}\u0000${String(fields.keyId)}`
      const previous = lastOnKey.get(key)
      let finished = () => {}
      lastOnKey.set(key, new Promise<void>((resolve) => (finished = resolve)))
      await previous
      try {
        await runItem(index, provider, fields)
      } finally {
        finished()
      }
    }
  }

  async function runItem(index: number, provider: AnyProvider, fields: Record<string, unknown>) {
    if (halt.signal.aborted || signal?.aborted) return settle(notStarted(index, provider))
    try {
      await onStart?.({ index, provider: provider.id as Id })
    } catch (error) {
      haltRun(hookFailure('onStart', error))
      return settle(notStarted(index, provider))
    }
    settle(await run(index, provider, fields))
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, checked.length) }, worker))
  return results
}

/** Why a run stopped: a hook threw (its error is the cause). */
function hookFailure(hook: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : typeof error
  return new Error(`${hook} threw ${name}`, { cause: error })
}

function assertRates(limits: Partial<Record<string, number>>) {
  for (const [provider, rate] of Object.entries(limits)) {
    if (rate === undefined) continue
    // 0 and Infinity turn pacing off; anything else must be a rate a timer can keep (at least one a day).
    if (rate === 0 || rate === Number.POSITIVE_INFINITY || (Number.isFinite(rate) && rate >= 1 / 1440))
      continue
    throw new ValidationError(undefined, [
      {
        path: ['requestsPerMinute', provider],
        message: 'must be a number of requests per minute (at least 1/1440), 0 or Infinity',
      },
    ])
  }
}

/** An item that passed validation: its client and its fields. */
export interface CheckedItem {
  readonly provider: AnyProvider
  readonly fields: Record<string, unknown>
}

/** Every item checked before anything is sent; all problems in one `ValidationError`. */
export async function validateUpdates(
  items: readonly unknown[],
  callOptions: UpdateOptions,
): Promise<CheckedItem[]> {
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
        issues.push({ ...issue, path: [index, ...issue.path], message: `${issue.message} (${provider.id})` })
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
