/**
 * The apply journal in-process (src/cli/journal.ts): fingerprints, the checks that refuse another plan's or mode's
 * journal, what an earlier run left for each item, and how records reach the file. test/cli-journal.test.ts drives
 * the same journal through the built CLI (full disks, concurrent runs).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  itemFingerprint,
  Journal,
  type JournalOptions,
  JournalWriteError,
  planFingerprint,
} from '../../src/cli/journal'
import { UsageError } from '../../src/cli/report'

describe('fingerprints', () => {
  const item = { provider: 'partoo', keyId: 3245, changes: { name: 'a', permissions: ['x', 'y'] } }

  it('an item is its provider, key id and changes; the order of object keys does not matter', () => {
    expect(itemFingerprint(item)).toMatch(/^[0-9a-f]{32}$/)
    expect(itemFingerprint({ ...item, changes: { permissions: ['x', 'y'], name: 'a' } })).toBe(
      itemFingerprint(item),
    )
    expect(itemFingerprint({ ...item, keyId: '3245' })).toBe(itemFingerprint(item))
  })

  it('any change of provider, key, value, list order or nesting is another item', () => {
    const others = [
      { ...item, provider: 'plumaa' },
      { ...item, keyId: 3246 },
      { ...item, changes: { name: 'b', permissions: ['x', 'y'] } },
      { ...item, changes: { name: 'a', permissions: ['y', 'x'] } },
      { ...item, changes: { name: 'a', permissions: [['x'], 'y'] } },
      { ...item, changes: { name: 'a' } },
      { ...item, changes: { name: 'a', permissions: ['x', 'y'], expiresAt: null } },
      { ...item, changes: { nested: { a: 1, b: 2 } } },
      { ...item, changes: { nested: { a: 1, b: 3 } } },
      { ...item, changes: 'a' },
      { ...item, changes: { name: 'a', permissions: { 0: 'x', 1: 'y' } } },
      { ...item, changes: { name: 'a', permissions: ['x,y'] } },
      { ...item, changes: { 'name:"a"': true } },
      { ...item, changes: { metadata: { n: [1, 2] } } },
      { ...item, changes: { metadata: { n: [12] } } },
    ]
    const prints = new Set([item, ...others].map(itemFingerprint))
    expect(prints.size).toBe(others.length + 1)
    expect(itemFingerprint({ ...item, changes: { nested: { b: 2, a: 1 } } })).toBe(
      itemFingerprint({ ...item, changes: { nested: { a: 1, b: 2 } } }),
    )
    // A missing value and null are the same change (JSON has no undefined).
    expect(itemFingerprint({ ...item, changes: undefined })).toBe(itemFingerprint({ ...item, changes: null }))
  })

  it('any order of many keys gives one fingerprint', () => {
    const keys = ['name', 'description', 'expiresAt', 'permissions', 'ipAllowlist', 'metadata', 'enabled']
    const changesIn = (order: string[]) => Object.fromEntries(order.map((key) => [key, key.length]))
    const prints = new Set(
      [
        keys,
        [...keys].reverse(),
        [...keys.slice(3), ...keys.slice(0, 3)],
        [keys[4], keys[1], keys[6], keys[0], keys[5], keys[2], keys[3]],
      ].map((order) => itemFingerprint({ ...item, changes: changesIn(order as string[]) })),
    )
    expect(prints.size).toBe(1)
  })

  it('a plan is its items in order', () => {
    expect(planFingerprint(['a', 'b'])).not.toBe(planFingerprint(['b', 'a']))
    expect(planFingerprint(['a', 'b'])).toBe(planFingerprint(['a', 'b']))
    expect(planFingerprint(['ab'])).not.toBe(planFingerprint(['a', 'b']))
  })
})

describe('Journal', () => {
  let folder: string
  let path: string
  const items = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5']
  const options = (overrides: Partial<JournalOptions> = {}): JournalOptions => ({
    path,
    planFingerprint: 'plan-1',
    itemFingerprints: items,
    mock: false,
    resume: false,
    allowChangedPlan: false,
    ...overrides,
  })
  const header = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      journal: 'keyshift apply',
      version: 2,
      plan: 'plan-1',
      items: 6,
      mock: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      ...overrides,
    })
  const line = (index: number, state: string, item = items[index]) =>
    JSON.stringify({ index, item, state, at: 'now' })
  const refusal = (make: () => unknown) => {
    try {
      make()
    } catch (error) {
      return error as Error
    }
    throw new Error('expected a refusal')
  }

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'keyshift-journal-'))
    path = join(folder, 'plan.journal.jsonl')
  })

  it('a new journal: nothing to resume; --resume without one is a usage error', () => {
    expect(new Journal(options()).priorState(0)).toBe('to-run')
    const error = refusal(() => new Journal(options({ resume: true })))
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toBe(`--resume: there is no journal at ${path}`)
  })

  it('refuses what is not a regular file', () => {
    const error = refusal(() => new Journal(options({ path: folder })))
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toContain('is not a regular file')
  })

  it('writes the header first, then one line per record, in a file only its owner can read', () => {
    const journal = new Journal(options())
    journal.record({ index: 0, item: 'i0', state: 'sending', at: 't0' })
    journal.record({ index: 0, item: 'i0', state: 'applied', at: 't1' })
    journal.close()
    journal.close()
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe('')
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      journal: 'keyshift apply',
      version: 2,
      plan: 'plan-1',
      items: 6,
      mock: false,
    })
    expect(Date.parse(JSON.parse(lines[0] as string).createdAt)).not.toBeNaN()
    expect(JSON.parse(lines[2] as string)).toEqual({ index: 0, item: 'i0', state: 'applied', at: 't1' })
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('what an earlier run left: applied, in doubt (sent or unknown), or to run (failed, not started, changed, absent)', () => {
    writeFileSync(
      path,
      [
        header(),
        line(0, 'sending'),
        line(0, 'applied'),
        line(1, 'sending'),
        line(2, 'unknown'),
        line(3, 'failed'),
        line(4, 'applied', 'another item'),
        line(5, 'not-started'),
        '',
      ].join('\n'),
    )
    const journal = new Journal(options({ resume: true }))
    expect([0, 1, 2, 3, 4, 5, 6].map((index) => journal.priorState(index))).toEqual([
      'applied',
      'in-doubt',
      'in-doubt',
      'to-run',
      'to-run',
      'to-run',
      'to-run',
    ])
  })

  it('a resumed journal is appended to, its header kept; a line torn by a crash is ended first', () => {
    writeFileSync(path, `${header()}\n${line(0, 'sending')}\n{"index":1,"item":"i1","sta`)
    const journal = new Journal(options({ resume: true }))
    expect(journal.priorState(1)).toBe('to-run')
    journal.record({ index: 0, item: 'i0', state: 'applied', at: 't' })
    journal.close()
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines[0]).toBe(header())
    expect(lines[2]).toBe('{"index":1,"item":"i1","sta')
    expect(JSON.parse(lines[3] as string)).toMatchObject({ index: 0, state: 'applied' })
    expect(new Journal(options({ resume: true })).priorState(0)).toBe('applied')
  })

  it('a journal whose last line is whole gets no extra line', () => {
    writeFileSync(path, `${header()}\n${line(0, 'sending')}\n`)
    const journal = new Journal(options({ resume: true }))
    journal.record({ index: 0, item: 'i0', state: 'applied', at: 't' })
    journal.close()
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4)
  })

  it('a journal no item was written to starts over, whatever its header said', () => {
    writeFileSync(path, `${header({ plan: 'another plan', mock: true })}\n`)
    const journal = new Journal(options())
    journal.record({ index: 0, item: 'i0', state: 'sending', at: 't' })
    journal.close()
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(JSON.parse(lines[0] as string)).toMatchObject({ plan: 'plan-1', mock: false })
    expect(lines).toHaveLength(3)
  })

  it('an empty file is a new journal: the header is its first line', () => {
    writeFileSync(path, '')
    const journal = new Journal(options())
    journal.record({ index: 0, item: 'i0', state: 'sending', at: 't' })
    journal.close()
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(JSON.parse(lines[0] as string)).toMatchObject({ journal: 'keyshift apply' })
    expect(lines).toHaveLength(3)
  })

  it('resuming a journal that holds only its header: every item still runs', () => {
    writeFileSync(path, `${header()}\n`)
    const journal = new Journal(options({ resume: true }))
    expect(items.map((_, index) => journal.priorState(index))).toEqual(items.map(() => 'to-run'))
    writeFileSync(path, `${header({ plan: 'plan-0' })}\n`)
    expect(() => new Journal(options({ resume: true }))).toThrow(/is the journal of another plan/)
  })

  it('lines that are not records are skipped: no index, an index that is not a number, no state, blank', () => {
    writeFileSync(
      path,
      [
        header(),
        JSON.stringify({ item: 'i0', state: 'applied' }),
        JSON.stringify({ index: '1', item: 'i1', state: 'applied' }),
        JSON.stringify({ index: 2, item: 'i2' }),
        '',
        '   ',
        line(3, 'applied'),
        '',
      ].join('\n'),
    )
    const journal = new Journal(options({ resume: true }))
    expect([0, 1, 2, 3].map((index) => journal.priorState(index))).toEqual([
      'to-run',
      'to-run',
      'to-run',
      'applied',
    ])
  })

  it('a header-only journal whose lines are not records starts over when not resuming', () => {
    writeFileSync(path, `${header({ plan: 'another plan' })}\n${JSON.stringify({ index: 0, item: 'i0' })}\n`)
    const journal = new Journal(options())
    journal.record({ index: 0, item: 'i0', state: 'sending', at: 't' })
    journal.close()
    expect(JSON.parse(readFileSync(path, 'utf8').split('\n')[0] as string)).toMatchObject({ plan: 'plan-1' })
  })

  it('a journal whose first line is torn or missing is refused with a usage error', () => {
    for (const first of ['{"journal":"keyshift ap', '']) {
      writeFileSync(path, `${first}\n${line(0, 'applied')}\n`)
      const error = refusal(() => new Journal(options({ resume: true })))
      expect(error).toBeInstanceOf(UsageError)
      expect(error.message).toContain('is not a journal this keyshift can read')
    }
  })

  it('closing releases the file: no descriptor stays open', () => {
    const open = () => readdirSync('/proc/self/fd').length
    const before = open()
    const journal = new Journal(options())
    journal.record({ index: 0, item: 'i0', state: 'sending', at: 't' })
    expect(open()).toBe(before + 1)
    journal.close()
    expect(open()).toBe(before)
  })

  it('the latest record of an item wins', () => {
    writeFileSync(path, [header(), line(0, 'applied'), line(0, 'sending'), ''].join('\n'))
    expect(new Journal(options({ resume: true })).priorState(0)).toBe('in-doubt')
  })

  it('refuses a journal of another version, mode or plan, and a run that neither resumes nor starts over', () => {
    const cases: [string, Partial<JournalOptions>, string][] = [
      [header({ version: 1 }), { resume: true }, 'is not a journal this keyshift can read'],
      [header({ journal: 'other' }), { resume: true }, 'is not a journal this keyshift can read'],
      [
        header({ mock: true }),
        { resume: true },
        'is the journal of a run against the embedded mocks (--mock): a real run keeps a journal of its own',
      ],
      [
        header(),
        { resume: true, mock: true },
        'is the journal of a run against the real providers: a --mock run keeps a journal of its own',
      ],
      [header(), {}, 'holds a run of this plan from 2026-01-01T00:00:00.000Z: pass --resume to finish it'],
      [header({ plan: 'plan-0' }), { resume: true }, 'is the journal of another plan'],
    ]
    for (const [first, overrides, message] of cases) {
      writeFileSync(path, `${first}\n${line(0, 'applied')}\n`)
      const error = refusal(() => new Journal(options(overrides)))
      expect(error).toBeInstanceOf(UsageError)
      expect(error.message).toContain(message)
    }
    writeFileSync(path, `${header({ plan: 'plan-0' })}\n${line(0, 'applied')}\n`)
    expect(new Journal(options({ resume: true, allowChangedPlan: true })).priorState(0)).toBe('applied')
  })

  it('a journal that cannot be written fails with JournalWriteError, naming the file', () => {
    const missing = join(folder, 'no such folder', 'plan.jsonl')
    const journal = new Journal(options({ path: missing }))
    const error = refusal(() => journal.record({ index: 0, item: 'i0', state: 'sending', at: 't' }))
    expect(error).toBeInstanceOf(JournalWriteError)
    expect(error.name).toBe('JournalWriteError')
    expect(error.message).toContain(`cannot write the journal ${missing}`)
  })
})
