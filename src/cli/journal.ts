/**
 * `keyshift apply`'s journal: one JSON line per finished item, appended as it happens, so that an interrupted or
 * crashed run can be finished with `--resume` without sending anything twice. Items are recognized by a
 * fingerprint of what they change (provider, key id, changes), not by their position, so a plan edited between
 * runs never skips an item that was not applied.
 */
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import type { ProviderId } from '../../providers/providers'

export type Outcome = 'applied' | 'failed' | 'not-started'

export interface JournalEntry {
  readonly fingerprint: string
  readonly index: number
  readonly provider: ProviderId
  /** As the CLI shows it: The Auth API key ids are masked. */
  readonly keyId: string | number
  readonly outcome: Outcome
  readonly error?: string
  readonly at: string
}

/** A stable hash of one plan item (keys sorted, so `{a, b}` and `{b, a}` are the same change). */
export function fingerprint(item: { provider: string; keyId: string | number; changes: unknown }): string {
  const text = canonicalJson([item.provider, String(item.keyId), item.changes])
  // 128 bits: unique enough for any plan, and no usable trace of a key id that is a secret.
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

export class Journal {
  constructor(readonly path: string) {}

  /** Fingerprints of the items an earlier run applied. */
  applied(): Set<string> {
    if (!existsSync(this.path)) return new Set()
    const applied = new Set<string>()
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      try {
        const entry = JSON.parse(line) as Partial<JournalEntry>
        if (entry.outcome === 'applied' && typeof entry.fingerprint === 'string')
          applied.add(entry.fingerprint)
      } catch {
        // A line cut short by a crash: the item it was about was not recorded as applied, so it runs again.
      }
    }
    return applied
  }

  /** Appends one entry, synchronously: it is on disk before the next item is reported. */
  record(entry: JournalEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`)
  }
}
