/**
 * `keyshift apply <plan>`: many keys from a JSON or YAML plan. Every item is validated before anything is sent;
 * then the plan runs with a concurrency limit and per-provider pacing. Each finished item goes to a journal as it
 * happens; Ctrl-C stops starting new items, lets those in flight finish and reports what was applied, failed and
 * not started; `--resume` finishes a run without sending anything twice.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { SingleBar } from 'cli-progress'
import type { ProviderId } from '../../providers/providers'
import type { ClientOptions } from '../kit/options'
import type { AnyProvider } from '../kit/provider'
import { updateApiKey } from '../update-api-key'
import { type BulkResult, updateApiKeys } from '../update-api-keys'
import { createProviderClient, displayKeyId, isProviderId } from './clients'
import { DryRun, fillCredentialPlaceholders, formatRequest, placeholderNote } from './dry-run'
import type { Io } from './io'
import { fingerprint, Journal, type Outcome } from './journal'
import { startMock } from './mock-mode'
import { type PlanItem, parsePlan } from './plan'
import { describeError, errorJson, exitCodes, UsageError } from './report'
import { type CommonFlags, clientFlags } from './shared-flags'

export interface ApplyFlags extends CommonFlags {
  concurrency: number
  rateLimit?: string[]
  baseUrl?: string[]
  /** A path, `false` for `--no-journal`, or undefined for the default next to the plan. */
  journal?: string | false
  resume?: boolean
}

/** Exit code after an interrupt, as shells report a process ended by SIGINT (128 + 2). */
const interruptedExitCode = 130

function parseRateLimits(values: readonly string[]): Partial<Record<ProviderId, number>> {
  const limits: Partial<Record<ProviderId, number>> = {}
  for (const value of values) {
    const match = /^([a-z]+)=(\d+)(\/min)?$/.exec(value)
    if (!match || !isProviderId(match[1] ?? ''))
      throw new UsageError(`--rate-limit ${value}: expected <provider>=<calls per minute>, e.g. partoo=300`)
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

async function readPlanText(source: string, io: Io): Promise<string> {
  if (source === '-') {
    if (!io.readStdin) throw new UsageError('cannot read a plan from standard input here')
    return io.readStdin()
  }
  try {
    return await readFile(source, 'utf8')
  } catch {
    throw new UsageError(`cannot read ${source}`)
  }
}

function journalFor(source: string, flags: ApplyFlags): Journal | undefined {
  if (flags.journal === false) return undefined
  if (typeof flags.journal === 'string') return new Journal(flags.journal)
  return source === '-' ? undefined : new Journal(`${source}.journal.jsonl`)
}

/** One line naming an item, with its key id as the CLI may print it. */
function itemLabel(index: number, item: PlanItem | undefined): string {
  return item
    ? `item ${index} (${item.provider} ${displayKeyId(item.provider, item.keyId)})`
    : `item ${index}`
}

export async function runApply(source: string, flags: ApplyFlags, io: Io): Promise<number> {
  const plan = parsePlan(await readPlanText(source, io), source === '-' ? 'standard input' : source)
  const baseUrls = parseBaseUrls(flags.baseUrl ?? [])
  const callsPerMinute = parseRateLimits(flags.rateLimit ?? [])
  const journal = journalFor(source, flags)
  if (flags.resume && !journal)
    throw new UsageError('--resume needs the journal of the earlier run: pass --journal <file>')
  if (flags.resume && journal && !existsSync(journal.path))
    throw new UsageError(`--resume: there is no journal at ${journal.path}`)

  const fingerprints = plan.map(fingerprint)
  const appliedBefore = flags.resume && journal ? journal.applied() : new Set<string>()
  // Plan indices still to run (all of them, unless resuming).
  const pending = plan.flatMap((_, index) => (appliedBefore.has(fingerprints[index] ?? '') ? [] : [index]))

  const mock = flags.mock ? await startMock(plan) : undefined
  try {
    const baseUrlOf = (provider: ProviderId) => baseUrls[provider] ?? mock?.flagsFor(provider).baseUrl
    const clientsFor = (optionsFor: (provider: ProviderId) => ClientOptions) =>
      new Map(
        [...new Set(plan.map((item) => item.provider))].map((provider) => [
          provider,
          createProviderClient(
            provider,
            { ...clientFlags(flags, baseUrlOf(provider)), baseUrlFlag: `--base-url ${provider}=<url>` },
            optionsFor(provider),
          ),
        ]),
      )
    const itemsWith = (clients: Map<ProviderId, AnyProvider>) =>
      pending.map((index) => {
        const item = plan[index] as PlanItem
        return { ...item.changes, provider: clients.get(item.provider), keyId: item.keyId } as never
      })

    // Every item is validated (and its requests built) before anything is sent: one bad item stops the plan. A dry
    // run needs no credentials: placeholders stand in for the missing ones (a real run still requires them).
    const placeholders = flags.dryRun ? fillCredentialPlaceholders(plan.map((item) => item.provider)) : []
    const dryRun = new DryRun()
    const invalid: string[] = []
    for (const [position, item] of itemsWith(
      clientsFor((provider) => dryRun.clientOptions(provider)),
    ).entries()) {
      const before = dryRun.requests.length
      const index = pending[position] as number
      await updateApiKey(item, { signal: dryRun.nextSignal(plan[index]?.keyId ?? '') }).catch(
        (error: unknown) => {
          if (dryRun.requests.length === before)
            invalid.push(
              `${itemLabel(index, plan[index])}: ${describeError(error)
                .split('\n')[0]
                ?.replace(/^error: /, '')}`,
            )
        },
      )
    }
    if (invalid.length > 0) {
      io.stderr(
        `error: ${invalid.length} of ${pending.length} plan items are invalid; nothing was sent\n${invalid.map((line) => `  ${line}`).join('\n')}\nhint: fix the plan and run again`,
      )
      if (flags.json) io.stdout(JSON.stringify({ ok: false, invalid }))
      return exitCodes.usage
    }
    if (flags.dryRun) {
      io.stdout(
        flags.json
          ? JSON.stringify({ ok: true, dryRun: true, requests: dryRun.requests })
          : `${dryRun.requests.map(formatRequest).join('\n\n')}\n\n(dry run: ${pending.length} items valid, nothing was sent.${placeholderNote(placeholders)})`,
      )
      return exitCodes.ok
    }

    // First Ctrl-C (or SIGTERM): start nothing new, let calls in flight finish. Second: abort them too.
    const stop = new AbortController()
    const abort = new AbortController()
    const unsubscribe = io.onInterrupt?.(() => {
      if (!stop.signal.aborted) {
        stop.abort()
        io.stderr(
          'keyshift: stopping: no new update starts; updates in flight finish (Ctrl-C again aborts them)',
        )
      } else abort.abort()
    })
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
      results = await updateApiKeys(itemsWith(clientsFor(() => ({}))), {
        concurrency: flags.concurrency,
        callsPerMinute,
        stop: stop.signal,
        signal: abort.signal,
        onProgress: ({ done, total, failed, last }) => {
          const index = pending[last.index] as number
          const item = plan[index] as PlanItem
          const outcome = outcomeOf(last)
          journal?.record({
            fingerprint: fingerprints[index] as string,
            index,
            provider: item.provider,
            keyId: displayKeyId(item.provider, item.keyId),
            outcome,
            ...(!last.ok && { error: last.error.message }),
            at: new Date().toISOString(),
          })
          if (bar) bar.update(done, { failed })
          else if (!flags.json)
            io.stderr(
              `[${done}/${total}] ${outcome === 'applied' ? 'ok' : outcome} ${itemLabel(index, item)}`,
            )
        },
      })
    } finally {
      bar?.stop()
      unsubscribe?.()
    }
    const code = printReport(plan, pending, results, {
      flags,
      io,
      journal,
      skipped: plan.length - pending.length,
    })
    return stop.signal.aborted ? interruptedExitCode : code
  } finally {
    mock?.close()
  }
}

function outcomeOf(result: BulkResult): Outcome {
  if (result.ok) return 'applied'
  return result.started ? 'failed' : 'not-started'
}

interface ReportContext {
  flags: ApplyFlags
  io: Io
  journal: Journal | undefined
  /** Items an earlier run applied (`--resume`), not run again. */
  skipped: number
}

function printReport(
  plan: PlanItem[],
  pending: number[],
  results: BulkResult[],
  context: ReportContext,
): number {
  const { flags, io, journal, skipped } = context
  const count = (outcome: Outcome) => results.filter((result) => outcomeOf(result) === outcome).length
  const updated = count('applied')
  const failures = results.filter((result) => outcomeOf(result) === 'failed')
  const notStarted = count('not-started')
  const total = plan.length
  if (flags.json) {
    io.stdout(
      JSON.stringify({
        ok: failures.length === 0 && notStarted === 0,
        updated,
        failed: failures.length,
        notStarted,
        skipped,
        results: results.map((result) => {
          const index = pending[result.index] as number
          const item = plan[index] as PlanItem
          return {
            index,
            provider: result.provider,
            keyId: displayKeyId(item.provider, item.keyId),
            ok: result.ok,
            outcome: outcomeOf(result),
            ...(result.ok ? { key: result.key } : { error: errorJson(result.error) }),
          }
        }),
      }),
    )
  } else {
    const items = total === 1 ? '1 item' : `${total} items`
    const extra = [
      notStarted > 0 && `${notStarted} not started`,
      skipped > 0 && `${skipped} skipped (applied in an earlier run)`,
    ].filter(Boolean)
    io.stdout(
      `${items}: ${updated} updated, ${failures.length} failed${extra.map((part) => `, ${part}`).join('')}`,
    )
  }
  const resumeHint = journal
    ? `run again with --resume${flags.journal ? ` --journal ${journal.path}` : ''} to finish`
    : 'run the items not started again'
  if (failures.length > 0) {
    const lines = failures.map((result) => {
      const index = pending[result.index] as number
      return `  ${itemLabel(index, plan[index])}: ${result.ok ? '' : result.error.message}`
    })
    io.stderr(
      `error: ${failures.length} of ${results.length} items failed\n${lines.join('\n')}\nhint: fix or retry the failed items (${resumeHint}: applied items are skipped)`,
    )
  }
  if (notStarted > 0)
    io.stderr(`${notStarted} items were not started (nothing was sent for them): ${resumeHint}`)
  return failures.length > 0 || notStarted > 0 ? exitCodes.failed : exitCodes.ok
}
