/**
 * `keyshift apply`'s journal: a JSON-lines file that makes a run of a plan exactly-once across crashes.
 *
 * - An item is its position in one plan: the first line names the plan by a fingerprint of its whole content, and
 *   a journal of another plan is refused (unless `--allow-changed-plan`: then an item counts as done only if its
 *   own content is unchanged at that position).
 * - Write-ahead: `sending` is appended before an item's first request, its outcome after. An item with `sending`
 *   and no outcome (the run crashed), or with outcome `unknown`, may or may not have been applied: `--resume`
 *   re-checks it where the provider can read keys, and re-sends it otherwise (the updates are idempotent).
 * - Each record is one `write(2)` of one line (no buffer in keyshift): a crash of the process loses nothing it
 *   reported. A line torn by a crash mid-write is skipped when read, and never swallows the next record.
 * - The file is created 0600; key ids a provider treats as secrets are masked in it.
 */
import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import type { ProviderId } from '../../providers/providers'
import type { BulkOutcome } from '../update-api-keys'
import { UsageError } from './report'

export interface JournalHeader {
  readonly journal: 'keyshift apply'
  readonly version: 2
  /** The fingerprint of the whole plan. */
  readonly plan: string
  readonly items: number
  /** Runs against the embedded mocks keep journals of their own. */
  readonly mock: boolean
  readonly createdAt: string
}

export interface JournalRecord {
  readonly index: number
  /** The fingerprint of this item's content. */
  readonly item: string
  readonly state: 'sending' | BulkOutcome
  readonly at: string
  readonly provider?: ProviderId
  /** As the CLI shows it: key ids that are secrets are masked. */
  readonly keyId?: string | number
  /** Found already applied by a read: nothing was sent. */
  readonly verified?: true
  /** How many ways the provider's 2xx answer drifted from its spec (applied, with issues). */
  readonly issues?: number
  readonly error?: string
}

/** What an earlier run left for an item. */
export type PriorState = 'applied' | 'in-doubt' | 'to-run'

interface PlanItemLike {
  readonly provider: string
  readonly keyId: string | number
  readonly changes: unknown
}

/** A stable hash of one plan item (keys sorted: `{a, b}` and `{b, a}` are the same change). */
export function itemFingerprint(item: PlanItemLike): string {
  return hash(canonicalJson([item.provider, String(item.keyId), item.changes]))
}

/** A stable hash of a whole plan: its items' fingerprints, in order. */
export function planFingerprint(itemFingerprints: readonly string[]): string {
  return hash(itemFingerprints.join('\n'))
}

// 128 bits: unique enough for any plan, and no usable trace of a key id that is a secret.
function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** The journal could not be written (a full disk, a size limit): the run must not start another item. */
export class JournalWriteError extends Error {
  override readonly name = 'JournalWriteError'
}

export interface JournalOptions {
  readonly path: string
  readonly planFingerprint: string
  readonly itemFingerprints: readonly string[]
  readonly mock: boolean
  readonly resume: boolean
  readonly allowChangedPlan: boolean
}

export class Journal {
  readonly path: string
  readonly #options: JournalOptions
  /** The latest record of each item an earlier run wrote. */
  readonly #last = new Map<number, JournalRecord>()
  #fd: number | undefined
  #hasRecords = false
  /** False when the last line was torn by a crash mid-write. */
  #endsWithNewline = true

  /** Reads what an earlier run wrote, and refuses a journal that is not this plan's (or not this mode's). */
  constructor(options: JournalOptions) {
    this.path = options.path
    this.#options = options
    const found = statSync(this.path, { throwIfNoEntry: false })
    if (!found) {
      if (options.resume) throw new UsageError(`--resume: there is no journal at ${this.path}`)
      return
    }
    // A device or a pipe could not be read back by --resume (and /dev/full would be read forever).
    if (!found.isFile()) throw new UsageError(`--journal ${this.path} is not a regular file`)
    const text = readFileSync(this.path, 'utf8')
    // Consulted only when a record was read (an empty file starts over).
    this.#endsWithNewline = text.endsWith('\n')
    const lines = text.split('\n')
    const header = parseLine(lines[0] ?? '') as Partial<JournalHeader> | undefined
    for (const line of lines.slice(1)) {
      const record = parseLine(line) as Partial<JournalRecord> | undefined
      if (typeof record?.index === 'number' && typeof record.state === 'string') {
        this.#last.set(record.index, record as JournalRecord)
        this.#hasRecords = true
      }
    }
    if (!this.#hasRecords && !options.resume) return // a journal no item was ever written to: start it over
    this.#check(header)
  }

  #check(header: Partial<JournalHeader> | undefined) {
    const { path, resume, mock, allowChangedPlan, planFingerprint } = this.#options
    if (header?.journal !== 'keyshift apply' || header.version !== 2) {
      throw new UsageError(
        `${path} is not a journal this keyshift can read (written by an older version, or not a journal): pass --journal <new file> to start a new run`,
      )
    }
    if (header.mock !== mock) {
      throw new UsageError(
        `${path} is the journal of a run ${header.mock ? 'against the embedded mocks (--mock)' : 'against the real providers'}: ${mock ? 'a --mock' : 'a real'} run keeps a journal of its own (pass another --journal)`,
      )
    }
    if (!resume) {
      throw new UsageError(
        `${path} holds a run of this plan from ${header.createdAt}: pass --resume to finish it, or --journal <new file> to start over`,
      )
    }
    if (header.plan !== planFingerprint && !allowChangedPlan) {
      throw new UsageError(
        `${path} is the journal of another plan (the plan changed since that run): pass --allow-changed-plan to resume by position (an item whose content changed runs again), or --journal <new file> to start over`,
      )
    }
  }

  /** What an earlier run left for item `index`: applied, in doubt (sent, answer lost), or still to run. */
  priorState(index: number): PriorState {
    const record = this.#last.get(index)
    if (!record || record.item !== this.#options.itemFingerprints[index]) return 'to-run'
    if (record.state === 'applied') return 'applied'
    return record.state === 'sending' || record.state === 'unknown' ? 'in-doubt' : 'to-run'
  }

  /** Appends one record (the header first, on the first record of a new journal); throws `JournalWriteError`. */
  record(record: JournalRecord): void {
    try {
      this.#fd ??= this.#open()
      writeSync(this.#fd, `${JSON.stringify(record)}\n`)
    } catch (error) {
      throw new JournalWriteError(`cannot write the journal ${this.path}: ${(error as Error).message}`)
    }
  }

  #open(): number {
    const fresh = !this.#hasRecords
    // A new journal, or one no item was written to, starts over with this plan's header.
    const fd = openSync(this.path, fresh ? 'w' : 'a', 0o600)
    if (fresh) {
      const { planFingerprint, itemFingerprints, mock } = this.#options
      const header: JournalHeader = {
        journal: 'keyshift apply',
        version: 2,
        plan: planFingerprint,
        items: itemFingerprints.length,
        mock,
        createdAt: new Date().toISOString(),
      }
      writeSync(fd, `${JSON.stringify(header)}\n`)
    } else if (!this.#endsWithNewline) {
      // The last line was torn by a crash: end it, so that it does not swallow the next record.
      writeSync(fd, '\n')
    }
    return fd
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined // a line torn by a crash, or the empty text after the last newline
  }
}
