/**
 * `keyshift apply <plan>`: many keys from a JSON or YAML plan. Every item is validated before anything is sent;
 * then the plan runs with a concurrency limit and per-provider pacing, under a journal that makes it exactly-once
 * across crashes (see journal.ts): Ctrl-C stops starting new items and reports what was applied, failed, in doubt
 * and not started; `--resume` finishes the run, re-checking the items whose outcome was lost.
 */
import { resolve } from 'node:path'
import { SingleBar } from 'cli-progress'
import type { ProviderId } from '../../providers/providers'
import { ValidationError } from '../kit/errors'
import type { ClientOptions } from '../kit/options'
import type { AnyProvider } from '../kit/provider'
import { updateApiKey } from '../update-api-key'
import { type BulkResult, type CheckedItem, runUpdates, validateUpdates } from '../update-api-keys'
import { createProviderClient, credentialVariables, displayKeyId, isProviderId } from './clients'
import { DryRun, fillCredentialPlaceholders, formatRequest, placeholderNote } from './dry-run'
import type { Io } from './io'
import { itemFingerprint, Journal, JournalWriteError, type PriorState, planFingerprint } from './journal'
import { acquireLock, type Lock } from './lock'
import { startMock } from './mock-mode'
import { defaultMaxPlanBytes, type PlanItem, parsePlan, readPlanBytes } from './plan'
import { errorJson, exitCodes, inCliWords, UsageError } from './report'
import { assertMockFlags, type CommonFlags, clientFlags } from './shared-flags'

export interface ApplyFlags extends CommonFlags {
  concurrency: number
  rateLimit?: string[]
  baseUrl?: string[]
  /** A path, `false` for `--no-journal`, or undefined for the default next to the plan. */
  journal?: string | false
  resume?: boolean
  allowChangedPlan?: boolean
  maxPlanBytes?: number
}

/** Exit code after an interrupt, as shells report a process ended by SIGINT (128 + 2). */
const interruptedExitCode = 130

function parseRateLimits(values: readonly string[]): Partial<Record<ProviderId, number>> {
  const limits: Partial<Record<ProviderId, number>> = {}
  for (const value of values) {
    const match = /^([a-z0-9-]+)=(\d+)(\/min)?$/.exec(value)
    if (!match || !isProviderId(match[1] ?? ''))
      throw new UsageError(
        `--rate-limit ${value}: expected <provider>=<requests per minute>, e.g. partoo=300`,
      )
    limits[match[1] as ProviderId] = Number(match[2])
  }
  return limits
}

function parseBaseUrls(values: readonly string[]): Partial<Record<ProviderId, string>> {
  const urls: Partial<Record<ProviderId, string>> = {}
  for (const value of values) {
    const [provider, ...rest] = value.split('=')
    if (!provider || !isProviderId(provider) || rest.length === 0)
      throw new UsageError(`--base-url ${value}: expected <provider>=<url>`)
    urls[provider] = rest.join('=')
  }
  return urls
}

/** The journal's path: `--journal`, else next to the plan (`.mock.journal.jsonl` for --mock runs); never the plan. */
function journalPathFor(source: string, flags: ApplyFlags): string | undefined {
  if (flags.journal === false) return undefined
  const path =
    typeof flags.journal === 'string'
      ? flags.journal
      : source === '-'
        ? undefined
        : `${source}${flags.mock ? '.mock' : ''}.journal.jsonl`
  if (path !== undefined && source !== '-' && resolve(path) === resolve(source))
    throw new UsageError(`--journal ${path} is the plan itself: the journal needs a file of its own`)
  return path
}

/** One line naming an item, with its key id as the CLI may print it. */
function itemLabel(index: number, item: PlanItem | undefined): string {
  return item
    ? `item ${index} (${item.provider} ${displayKeyId(item.provider, item.keyId)})`
    : `item ${index}`
}

export async function runApply(source: string, flags: ApplyFlags, io: Io): Promise<number> {
  const label = source === '-' ? 'standard input' : source
  const plan = parsePlan(await readPlanBytes(source, flags.maxPlanBytes ?? defaultMaxPlanBytes, io), label)
  assertMockFlags(flags)
  const baseUrls = parseBaseUrls(flags.baseUrl ?? [])
  const requestsPerMinute = parseRateLimits(flags.rateLimit ?? [])
  const journalPath = journalPathFor(source, flags)
  if (flags.resume && !journalPath)
    throw new UsageError('--resume needs the journal of the earlier run: pass --journal <file>')

  // The lock first: nobody else may write the journal between reading it and finishing the run. A dry run writes
  // nothing and takes no lock.
  const lock: Lock | undefined = journalPath && !flags.dryRun ? acquireLock(journalPath) : undefined
  let journal: Journal | undefined
  const mock = flags.mock ? await startMock({ seedFile: flags.mockSeed }) : undefined
  try {
    const itemFingerprints = plan.map(itemFingerprint)
    journal =
      journalPath === undefined
        ? undefined
        : new Journal({
            path: journalPath,
            planFingerprint: planFingerprint(itemFingerprints),
            itemFingerprints,
            mock: Boolean(flags.mock),
            resume: Boolean(flags.resume),
            allowChangedPlan: Boolean(flags.allowChangedPlan),
          })
    const prior = keepOrderOnEachKey(
      plan,
      plan.map((_, index) => (flags.resume ? journal?.priorState(index) : undefined) ?? 'to-run'),
    )
    // Plan indices still to run, and those an earlier run sent without learning the outcome.
    const pending = plan.flatMap((_, index) => (prior[index] === 'applied' ? [] : [index]))
    const inDoubt = new Set(pending.filter((index) => prior[index] === 'in-doubt'))
    const skipped = plan.length - pending.length

    const clientsFor = (optionsFor: (provider: ProviderId) => ClientOptions) =>
      new Map(
        [...new Set(plan.map((item) => item.provider))].map((provider) => [
          provider,
          createProviderClient(
            provider,
            { ...clientFlags(flags, baseUrls[provider]), baseUrlFlag: `--base-url ${provider}=<url>` },
            { ...mock?.optionsFor(provider), ...optionsFor(provider) },
          ),
        ]),
      )
    const itemsWith = (clients: Map<ProviderId, AnyProvider>) =>
      pending.map((index) => {
        const item = plan[index] as PlanItem
        return { ...item.changes, provider: clients.get(item.provider), keyId: item.keyId }
      })

    if (flags.dryRun)
      return await dryRunPlan(plan, pending, { flags, io, skipped, inDoubt, clientsFor, itemsWith })

    // Every item is validated before anything is sent: one bad item stops the plan.
    let checked: CheckedItem[]
    try {
      checked = await validateUpdates(itemsWith(clientsFor(() => ({}))), {})
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reportInvalid(error, plan, pending, io, flags)
    }

    // First Ctrl-C (or SIGTERM): start nothing new, let updates in flight finish. Second: abort them too.
    const stop = new AbortController()
    const abort = new AbortController()
    let interrupted = false
    const unsubscribe = io.onInterrupt?.(() => {
      interrupted = true
      if (!stop.signal.aborted) {
        stop.abort()
        io.stderr(
          'keyshift: stopping: no new update starts; updates in flight finish (Ctrl-C again aborts them)',
        )
      } else abort.abort()
    })
    let journalError: JournalWriteError | undefined
    /** Appends a record; the first failure stops the run (no item may start without its record). */
    const record = (entry: Parameters<Journal['record']>[0]) => {
      if (!journal || journalError) return
      try {
        journal.record(entry)
      } catch (error) {
        journalError = error instanceof JournalWriteError ? error : new JournalWriteError(String(error))
        stop.abort()
      }
    }
    const bar =
      io.isTty && !flags.json
        ? new SingleBar({
            format: 'keyshift apply [{bar}] {value}/{total} · {failed} failed',
            stream: process.stderr,
          })
        : undefined
    bar?.start(pending.length, 0, { failed: 0 })
    let results: BulkResult[]
    try {
      results = await runUpdates(checked, {
        concurrency: flags.concurrency,
        requestsPerMinute,
        stop: stop.signal,
        signal: abort.signal,
        verify: (position) => inDoubt.has(pending[position] as number),
        onStart: ({ index: position }) => {
          const index = pending[position] as number
          record({
            index,
            item: itemFingerprints[index] as string,
            state: 'sending',
            at: new Date().toISOString(),
          })
          // Write-ahead: an item whose "sending" could not be recorded must not be sent.
          if (journalError) throw journalError
        },
        onProgress: ({ done, total, failed, last }) => {
          const index = pending[last.index] as number
          const item = plan[index] as PlanItem
          record({
            index,
            item: itemFingerprints[index] as string,
            state: last.outcome,
            at: new Date().toISOString(),
            provider: item.provider,
            keyId: displayKeyId(item.provider, item.keyId),
            ...(last.ok && last.verified && { verified: true as const }),
            ...(last.ok && last.key.responseIssues && { issues: last.key.responseIssues.length }),
            ...(!last.ok && { error: last.error.message }),
          })
          if (bar) bar.update(done, { failed })
          else if (!flags.json)
            io.stderr(`[${done}/${total}] ${progressWord(last)} ${itemLabel(index, item)}`)
        },
      })
    } finally {
      bar?.stop()
      unsubscribe?.()
    }
    const code = printReport(plan, pending, results, { flags, io, journal, skipped, inDoubt, journalError })
    if (journalError) return exitCodes.failed
    return interrupted ? interruptedExitCode : code
  } finally {
    journal?.close()
    lock?.release()
    mock?.close()
  }
}

/**
 * A key changed by several items must end at the last change: when an item on a key still has to run (it failed,
 * say) after a later item on that key was applied, the later one runs again after it.
 */
function keepOrderOnEachKey(plan: readonly PlanItem[], prior: PriorState[]): PriorState[] {
  const unfinished = new Set<string>()
  return prior.map((state, index) => {
    const item = plan[index] as PlanItem
    const key = `${item.provider}\u0000${String(item.keyId)}`
    if (state !== 'applied') unfinished.add(key)
    return state === 'applied' && unfinished.has(key) ? 'to-run' : state
  })
}

function progressWord(result: BulkResult): string {
  if (result.ok) return result.verified ? 'ok (already applied)' : 'ok'
  return result.outcome
}

interface DryRunContext {
  flags: ApplyFlags
  io: Io
  skipped: number
  inDoubt: ReadonlySet<number>
  clientsFor: (optionsFor: (provider: ProviderId) => ClientOptions) => Map<ProviderId, AnyProvider>
  itemsWith: (clients: Map<ProviderId, AnyProvider>) => Record<string, unknown>[]
}

/**
 * `--dry-run`: validates every item, then prints each item's requests as it builds them (never all of them held in
 * memory). A dry run needs no credentials: placeholders stand in for the missing ones.
 */
async function dryRunPlan(plan: PlanItem[], pending: number[], context: DryRunContext): Promise<number> {
  const { flags, io, skipped, inDoubt, clientsFor, itemsWith } = context
  const placeholders = fillCredentialPlaceholders(plan.map((item) => item.provider))
  const dryRun = new DryRun()
  const items = itemsWith(clientsFor((provider) => dryRun.clientOptions(provider)))
  try {
    await validateUpdates(items, {})
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return reportInvalid(error, plan, pending, io, flags)
  }
  // Printed in blocks of about 64 kB: one write per request made most of the time of a 50 000-item dry run.
  let block: string[] = []
  let blockLength = 0
  const print = (text: string, flush = false) => {
    block.push(text)
    blockLength += text.length
    if (flush || blockLength > 65_536) {
      io.stdout(block.join('\n'))
      block = []
      blockLength = 0
    }
  }
  if (flags.json) print('{"ok":true,"dryRun":true,"requests":[')
  let printed = 0
  for (const [position, item] of items.entries()) {
    const index = pending[position] as number
    const before = dryRun.requests.length
    await updateApiKey(item as never, { signal: dryRun.nextSignal(plan[index]?.keyId ?? '') }).catch(
      () => undefined,
    )
    for (const request of dryRun.requests.splice(before)) {
      print(
        flags.json ? `${printed > 0 ? ',' : ''}${JSON.stringify(request)}` : `${formatRequest(request)}\n`,
      )
      printed++
    }
  }
  const toRun = pending.length - inDoubt.size
  const summary = [
    `${toRun} ${toRun === 1 ? 'item' : 'items'} to send`,
    inDoubt.size > 0 && `${inDoubt.size} to re-check first (sent by the interrupted run, outcome unknown)`,
    skipped > 0 && `${skipped} skipped (applied in an earlier run)`,
  ].filter(Boolean)
  if (flags.json) print(`],"toSend":${toRun},"toVerify":${inDoubt.size},"skipped":${skipped}}`, true)
  else print(`(dry run: ${summary.join(', ')}; nothing was sent.${placeholderNote(placeholders)})`, true)
  return exitCodes.ok
}

/** One invalid item or more: each listed with what is wrong with it; exit 2, nothing sent. */
function reportInvalid(
  error: ValidationError,
  plan: PlanItem[],
  pending: number[],
  io: Io,
  flags: ApplyFlags,
): number {
  const byItem = new Map<number, string[]>()
  // A missing credential is said once per provider, in the CLI's words, not once per item in the SDK's.
  const withoutCredentials = new Set<ProviderId>()
  for (const issue of error.issues) {
    const [position, ...path] = issue.path
    const index = pending[position as number] as number
    if (issue.code === 'missing-credential') {
      withoutCredentials.add((plan[index] as PlanItem).provider)
      continue
    }
    const problems = byItem.get(index) ?? []
    problems.push(`${path.length > 0 ? `${path.join('.')}: ` : ''}${inCliWords(issue.message)}`)
    byItem.set(index, problems)
  }
  const invalid = [
    ...[...withoutCredentials].map(
      (provider) => `${provider}: no credentials: set ${credentialVariables[provider]}`,
    ),
    ...[...byItem].map(([index, problems]) => `${itemLabel(index, plan[index])}: ${problems.join('; ')}`),
  ]
  const what =
    byItem.size > 0 ? `${byItem.size} of ${pending.length} plan items are invalid` : 'credentials are missing'
  io.stderr(
    `error: ${what}; nothing was sent\n${invalid.map((line) => `  ${line}`).join('\n')}\nhint: ${byItem.size > 0 ? 'fix the plan and run again' : 'set them, or run with --mock to rehearse against the mock providers'}`,
  )
  if (flags.json) io.stdout(JSON.stringify({ ok: false, invalid }))
  return exitCodes.usage
}

interface ReportContext {
  flags: ApplyFlags
  io: Io
  journal: Journal | undefined
  /** Items an earlier run applied (`--resume`), not run again. */
  skipped: number
  /** Plan indices re-checked because an earlier run lost their outcome. */
  inDoubt: ReadonlySet<number>
  journalError: JournalWriteError | undefined
}

function printReport(
  plan: PlanItem[],
  pending: number[],
  results: BulkResult[],
  context: ReportContext,
): number {
  const { flags, io, journal, skipped, inDoubt, journalError } = context
  const count = (outcome: BulkResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length
  const verified = results.filter((result) => result.ok && result.verified).length
  const updated = count('applied') - verified
  const failures = results.filter((result) => result.outcome === 'failed')
  const unknown = results.filter((result) => result.outcome === 'unknown')
  const notStarted = count('not-started')
  // Items in doubt that went out again (those verified were not sent).
  const resent = results.filter(
    (result) =>
      inDoubt.has(pending[result.index] as number) &&
      !(result.ok && result.verified) &&
      result.outcome !== 'not-started',
  ).length
  if (flags.json) {
    io.stdout(
      JSON.stringify({
        ok: failures.length === 0 && unknown.length === 0 && notStarted === 0 && !journalError,
        updated,
        failed: failures.length,
        unknown: unknown.length,
        notStarted,
        skipped,
        verified,
        resent,
        ...(journalError && { journalError: journalError.message }),
        results: results.map((result) => {
          const index = pending[result.index] as number
          const item = plan[index] as PlanItem
          return {
            index,
            provider: result.provider,
            keyId: displayKeyId(item.provider, item.keyId),
            ok: result.ok,
            outcome: result.outcome,
            ...(result.ok
              ? { key: result.key, ...(result.verified && { verified: true }) }
              : { error: errorJson(result.error) }),
          }
        }),
      }),
    )
  } else {
    const items = plan.length === 1 ? '1 item' : `${plan.length} items`
    const extra = [
      unknown.length > 0 && `${unknown.length} unknown (sent, answer lost)`,
      notStarted > 0 && `${notStarted} not started`,
      skipped > 0 && `${skipped} skipped (applied in an earlier run)`,
      inDoubt.size > 0 &&
        `${inDoubt.size} re-checked after an interrupted run: ${verified} already applied (nothing sent), ${resent} re-sent`,
    ].filter(Boolean)
    io.stdout(
      `${items}: ${updated} updated, ${failures.length} failed${extra.map((part) => `, ${part}`).join('')}`,
    )
  }
  const resumeHint = journal
    ? `run again with --resume${flags.journal ? ` --journal ${journal.path}` : ''} to finish`
    : 'run the items not started again'
  const lines = (list: BulkResult[]) =>
    list.map((result) => {
      const index = pending[result.index] as number
      return `  ${itemLabel(index, plan[index])}: ${result.ok ? '' : result.error.message}`
    })
  if (failures.length > 0) {
    io.stderr(
      `error: ${failures.length} of ${results.length} items failed\n${lines(failures).join('\n')}\nhint: fix or retry the failed items (${resumeHint}: applied items are skipped)`,
    )
  }
  if (unknown.length > 0) {
    io.stderr(
      `${unknown.length} items were sent and their answer was lost (they may or may not be applied)\n${lines(unknown).join('\n')}\nhint: ${resumeHint}: they are re-checked first`,
    )
  }
  if (journalError) {
    io.stderr(
      `error: ${journalError.message}\nhint: no item started after the failure; the updates in flight finished and are reported above, not in the journal. Free the space (or pick another --journal) and run again with --resume`,
    )
  } else if (notStarted > 0)
    io.stderr(`${notStarted} items were not started (nothing was sent for them): ${resumeHint}`)
  return failures.length > 0 || unknown.length > 0 || notStarted > 0 ? exitCodes.failed : exitCodes.ok
}
