/**
 * `keyshift apply` in-process (src/cli/apply-command.ts through `run`), against the embedded mocks: the report in
 * words and in JSON, invalid plans, resuming from a journal (skipped, re-checked and re-sent items, the order of
 * items on one key), dry runs, Ctrl-C, and the flags' own checks. The test/cli-*.test.ts files run the built
 * binary for what needs a process of its own (signals, kill -9, full disks, two runs on one journal).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { definitionOf, providerIds } from '../../providers/providers'
import { itemFingerprint, planFingerprint } from '../../src/cli/journal'
import { acquireLock } from '../../src/cli/lock'
import { type Io, run } from '../../src/cli/main'

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

let folder: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'keyshift-apply-'))
})

/** Runs `keyshift <args>` in this process; `onStderr` sees each stderr line as it is written. */
async function cli(
  args: string[],
  options: {
    onStderr?: (line: string, interrupt: () => void) => void
    stdin?: string
    noInterrupts?: boolean
  } = {},
): Promise<Outcome> {
  const stdout: string[] = []
  const stderr: string[] = []
  let handler: (() => void) | undefined
  const io: Io = {
    stdout: (text) => stdout.push(text),
    stderr: (text) => {
      stderr.push(text)
      options.onStderr?.(text, () => handler?.())
    },
    isTty: false,
    ...(!options.noInterrupts && {
      onInterrupt: (callback: () => void) => {
        handler = callback
        return () => {
          handler = undefined
        }
      },
    }),
    ...(options.stdin !== undefined && {
      readStdinBytes: async (maxBytes: number) => {
        const bytes = new TextEncoder().encode(options.stdin)
        return bytes.length > maxBytes ? undefined : bytes
      },
    }),
  }
  const code = await run(args, io)
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') }
}

function file(name: string, content: unknown): string {
  const path = join(folder, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const item = (keyId: number, name: string) => ({ provider: 'partoo', keyId, changes: { name } })
/** Partoo keys the mock holds (any other is Partoo's 404). */
const seed = (...ids: number[]) => file('seed.json', { partoo: ids.map((id) => ({ id, label: 'before' })) })

describe('a run', () => {
  it('applies every item and reports it, with a progress line per item', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    const { code, stdout, stderr } = await cli(['apply', plan, '--mock', '--mock-seed', plan])
    expect(code).toBe(0)
    expect(stdout).toBe('2 items: 2 updated, 0 failed')
    expect(stderr.split('\n').sort()).toEqual(
      ['[1/2] ok item 0 (partoo 1)', '[2/2] ok item 1 (partoo 2)'].sort(),
    )
    const journal = readFileSync(`${plan}.mock.journal.jsonl`, 'utf8').trim().split('\n')
    expect(journal).toHaveLength(5)
    expect(JSON.parse(journal[0] as string)).toMatchObject({
      journal: 'keyshift apply',
      items: 2,
      mock: true,
    })
  })

  it('says "1 item" for a plan of one', async () => {
    const plan = file('plan.json', [item(1, 'a')])
    expect((await cli(['apply', plan, '--mock', '--mock-seed', plan])).stdout).toBe(
      '1 item: 1 updated, 0 failed',
    )
  })

  it('--json: the counts and every result on stdout, no progress lines', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    const { code, stdout, stderr } = await cli(['apply', plan, '--mock', '--mock-seed', seed(1), '--json'])
    expect(code).toBe(1)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({
      ok: false,
      updated: 1,
      failed: 1,
      unknown: 0,
      notStarted: 0,
      skipped: 0,
      verified: 0,
      resent: 0,
    })
    expect(report.results).toEqual([
      expect.objectContaining({
        index: 0,
        provider: 'partoo',
        keyId: 1,
        ok: true,
        outcome: 'applied',
        key: expect.objectContaining({ name: 'a' }),
      }),
      expect.objectContaining({
        index: 1,
        keyId: 2,
        ok: false,
        outcome: 'failed',
        error: expect.objectContaining({ name: 'NotFoundError', status: 404 }),
      }),
    ])
    expect(stderr).not.toMatch(/\[\d\/2\]/)
    expect(stderr).toContain('error: 1 of 2 items failed')
  })

  it('a failed item: exit 1, named with its error, and how to finish the run', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    const { code, stdout, stderr } = await cli(['apply', plan, '--mock', '--mock-seed', seed(1)])
    expect(code).toBe(1)
    expect(stdout).toBe('2 items: 1 updated, 1 failed')
    expect(stderr).toContain('[2/2] failed item 1 (partoo 2)')
    expect(stderr).toMatch(/error: 1 of 2 items failed\n {2}item 1 \(partoo 2\): partoo 404: /)
    expect(stderr).toContain(
      'hint: fix or retry the failed items (run again with --resume to finish: applied items are skipped)',
    )
  })

  it('--resume sends only what is left: applied items are skipped', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    await cli(['apply', plan, '--mock', '--mock-seed', seed(1)])
    const { code, stdout } = await cli(['apply', plan, '--mock', '--mock-seed', seed(1, 2), '--resume'])
    expect(code).toBe(0)
    expect(stdout).toBe('2 items: 1 updated, 0 failed, 1 skipped (applied in an earlier run)')
  })

  it('--resume --json names the journal flag in the hint when the journal was given', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    const journal = join(folder, 'run.jsonl')
    const { stderr } = await cli(['apply', plan, '--mock', '--mock-seed', seed(1), '--journal', journal])
    expect(stderr).toContain(`run again with --resume --journal ${journal} to finish`)
    const again = await cli([
      'apply',
      plan,
      '--mock',
      '--mock-seed',
      seed(1, 2),
      '--journal',
      journal,
      '--resume',
      '--json',
    ])
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, updated: 1, skipped: 1 })
  })

  it('without a journal, the hint says to run the items again', async () => {
    const plan = file('plan.json', [item(2, 'b')])
    const { stderr } = await cli(['apply', plan, '--mock', '--no-journal'])
    expect(stderr).toContain(
      'hint: fix or retry the failed items (run the items not started again: applied items are skipped)',
    )
  })
})

describe('the journal of a run', () => {
  it('holds, per item, "sending" before its outcome; a failure keeps its message; nothing verified', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    await cli(['apply', plan, '--mock', '--mock-seed', seed(1), '--concurrency', '1'])
    const records = readFileSync(`${plan}.mock.journal.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line))
    expect(records.map((record) => [record.index, record.state])).toEqual([
      [0, 'sending'],
      [0, 'applied'],
      [1, 'sending'],
      [1, 'failed'],
    ])
    expect(records[1]).toMatchObject({
      provider: 'partoo',
      keyId: 1,
      item: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    expect(records.some((record) => 'verified' in record)).toBe(false)
    expect(records[3].error).toMatch(/^partoo 404: /)
    expect('error' in records[1]).toBe(false)
  })

  it('a run whose journal another run holds is refused; a dry run of it is not (it writes nothing)', async () => {
    const plan = file('plan.json', [item(1, 'a')])
    const lock = acquireLock(`${plan}.mock.journal.jsonl`)
    try {
      const held = await cli(['apply', plan, '--mock', '--mock-seed', plan])
      expect(held.code).toBe(2)
      expect(held.stdout).toBe('')
      const dry = await cli(['apply', plan, '--mock', '--dry-run'])
      expect(dry.code).toBe(0)
    } finally {
      lock.release()
    }
    expect((await cli(['apply', plan, '--mock', '--mock-seed', plan])).code).toBe(0)
  })

  it('a plan from standard input: no journal unless one is named, and its limits name it', async () => {
    const plan = JSON.stringify([item(1, 'a')])
    const seedFile = file('seed.json', { partoo: [{ id: 1 }] })
    const piped = await cli(['apply', '-', '--mock', '--mock-seed', seedFile], { stdin: plan })
    expect(piped.code).toBe(0)
    expect(piped.stdout).toBe('1 item: 1 updated, 0 failed')
    const resume = await cli(['apply', '-', '--mock', '--resume'], { stdin: plan })
    expect(resume.stderr).toContain('--resume needs the journal of the earlier run: pass --journal <file>')
    const journal = join(folder, 'stdin.jsonl')
    const named = await cli(['apply', '-', '--mock', '--mock-seed', seedFile, '--journal', journal], {
      stdin: plan,
    })
    expect(named.code).toBe(0)
    expect(readFileSync(journal, 'utf8')).toContain('"state":"applied"')
    const big = await cli(['apply', '-', '--mock', '--max-plan-bytes', '10'], { stdin: plan })
    expect(big.code).toBe(2)
    expect(big.stderr).toContain('standard input')
  })

  it('runs without a way to be interrupted (no terminal signals)', async () => {
    const plan = file('plan.json', [item(1, 'a')])
    const { code } = await cli(['apply', plan, '--mock', '--mock-seed', plan], { noInterrupts: true })
    expect(code).toBe(0)
  })
})

describe('resuming a crashed run', () => {
  /** `keyshift apply <plan> --mock --resume` on `journal`, the mock holding the keys of `seedFile`. */
  const resume = (path: string, journal: string, seedFile: string, ...extra: string[]) =>
    cli(['apply', path, '--mock', '--mock-seed', seedFile, '--journal', journal, '--resume', ...extra])

  /** A journal as a run that crashed would leave it: `states[i]` is the last record of item i (or none). */
  function journalOf(plan: ReturnType<typeof item>[], states: (string | undefined)[]) {
    const prints = plan.map(itemFingerprint)
    const lines = [
      {
        journal: 'keyshift apply',
        version: 2,
        plan: planFingerprint(prints),
        items: plan.length,
        mock: true,
        createdAt: 'then',
      },
      ...states.flatMap((state, index) => (state ? [{ index, item: prints[index], state, at: 'then' }] : [])),
    ]
    const path = join(folder, 'crashed.jsonl')
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`)
    return path
  }

  it('an item sent without an answer is re-checked: already applied → nothing sent', async () => {
    const plan = [item(1, 'before'), item(2, 'b')]
    const path = file('plan.json', plan)
    const journal = journalOf(plan, ['sending', 'applied'])
    const { code, stdout, stderr } = await resume(path, journal, seed(1, 2))
    expect(code).toBe(0)
    expect(stderr).toContain('[1/1] ok (already applied) item 0 (partoo 1)')
    expect(stdout).toBe(
      '2 items: 0 updated, 0 failed, 1 skipped (applied in an earlier run), 1 re-checked after an interrupted run: 1 already applied (nothing sent), 0 re-sent',
    )
    const last = JSON.parse(readFileSync(journal, 'utf8').trim().split('\n').at(-1) as string)
    expect(last).toMatchObject({ index: 0, state: 'applied', verified: true, provider: 'partoo', keyId: 1 })
  })

  it('an item in doubt that is not there yet is sent again, and the report says so', async () => {
    const plan = [item(1, 'after')]
    const path = file('plan.json', plan)
    const journal = journalOf(plan, ['unknown'])
    const { stdout } = await resume(path, journal, seed(1), '--json')
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, updated: 1, verified: 0, resent: 1 })
  })

  it('a key ends at its last change: items after an unfinished one on the same key run again', async () => {
    // Item 0 failed; items 1 and 2 (the same key) were applied after it; item 3 is another key.
    const plan = [item(1, 'A'), item(1, 'B'), item(1, 'C'), item(2, 'D')]
    const path = file('plan.json', plan)
    const journal = journalOf(plan, ['failed', 'applied', 'applied', 'applied'])
    const { stdout } = await resume(path, journal, seed(1, 2), '--json')
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({ updated: 3, skipped: 1 })
    expect(report.results.map((result: { index: number }) => result.index)).toEqual([0, 1, 2])
    expect(report.results.at(-1).key.name).toBe('C')
  })

  it('--dry-run --resume counts what a resume would send, re-check and skip, and writes nothing', async () => {
    const plan = [item(1, 'a'), item(2, 'b'), item(3, 'c')]
    const path = file('plan.json', plan)
    const journal = journalOf(plan, ['applied', 'sending'])
    const before = readFileSync(journal, 'utf8')
    const text = await cli(['apply', path, '--dry-run', '--journal', journal, '--resume', '--mock'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(
      '(dry run: 1 item to send, 1 to re-check first (sent by the interrupted run, outcome unknown), 1 skipped (applied in an earlier run); nothing was sent.',
    )
    const json = await cli(['apply', path, '--dry-run', '--journal', journal, '--resume', '--mock', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      dryRun: true,
      toSend: 1,
      toVerify: 1,
      skipped: 1,
    })
    expect(readFileSync(journal, 'utf8')).toBe(before)
  })
})

describe('dry runs', () => {
  it('print every request and what would be sent, needing no credentials', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    const { code, stdout } = await cli(['apply', plan, '--dry-run'])
    expect(code).toBe(0)
    expect(stdout.match(/^PUT https:\/\/\S+\/api_keys\/\d$/gm)).toHaveLength(2)
    expect(stdout).toContain('\n\n(dry run: 2 items to send; nothing was sent.')
    expect(stdout).not.toContain('"dryRun"')
    const json = JSON.parse((await cli(['apply', plan, '--dry-run', '--json'])).stdout)
    expect(json).toMatchObject({ ok: true, dryRun: true, toSend: 2, toVerify: 0, skipped: 0 })
    expect(json.requests).toHaveLength(2)
    expect(json.requests[1]).toMatchObject({ method: 'PUT' })
  })

  it('refuse an invalid plan as a real run does', async () => {
    const plan = file('plan.json', [item(1, 'a'), { provider: 'partoo', keyId: 2, changes: { name: 7 } }])
    const { code, stderr } = await cli(['apply', plan, '--dry-run'])
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /^error: 1 of 2 plan items are invalid; nothing was sent\n {2}item 1 \(partoo 2\): name: /,
    )
  })
})

describe('invalid plans and flags', () => {
  it('lists every invalid item with its problems; --json gets the same list', async () => {
    const plan = file('plan.json', [
      { provider: 'partoo', keyId: 1, changes: { name: 7 } },
      item(2, 'fine'),
      { provider: 'partoo', keyId: 3, changes: { enabled: false } },
    ])
    const { code, stdout, stderr } = await cli(['apply', plan, '--mock', '--json'])
    expect(code).toBe(2)
    const { ok, invalid } = JSON.parse(stdout.split('\n')[0] as string)
    expect(ok).toBe(false)
    expect(invalid).toHaveLength(2)
    expect(invalid[0]).toMatch(/^item 0 \(partoo 1\): name: /)
    expect(invalid[1]).toMatch(/^item 2 \(partoo 3\): enabled: not supported by partoo/)
    expect(stderr).toMatch(/^error: 2 of 3 plan items are invalid; nothing was sent\n/)
    expect(stderr).toContain('hint: fix the plan and run again')
  })

  it('in words: one line per invalid item, its problems joined, a path only where there is one', async () => {
    const plan = file('plan.json', [
      { provider: 'partoo', keyId: 1, changes: { name: 7, ipAllowlist: ['10.0.0.1', 'nope'] } },
      { provider: 'partoo', keyId: 2, changes: { colour: 'red' } },
    ])
    const { code, stdout, stderr } = await cli(['apply', plan, '--mock'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const lines = stderr.split('\n')
    expect(lines[0]).toBe('error: 2 of 2 plan items are invalid; nothing was sent')
    expect(lines[1]).toMatch(/^ {2}item 0 \(partoo 1\): name: .+; ipAllowlist\.1: /)
    expect(lines[2]).toBe('  item 1 (partoo 2): unknown field(s): colour (partoo)')
    expect(lines[3]).toBe('hint: fix the plan and run again')
  })

  it('a provider with no public host needs --base-url, and the error says the flag', async () => {
    const id = providerIds.find((candidate) => {
      const { environments, baseUrlsFrom } = definitionOf(candidate)
      return !environments && !baseUrlsFrom
    })
    expect(id).toBeDefined()
    const { keyId, ...changes } = definitionOf(id as (typeof providerIds)[number]).example
    const plan = file('plan.json', [{ provider: id, keyId, changes }])
    const { code, stderr } = await cli(['apply', plan, '--dry-run'])
    expect(code).toBe(2)
    expect(stderr).toContain(`--base-url ${id}=<url>`)
  })

  it('missing credentials are named once per provider, by their variables', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b')])
    const saved = process.env.PARTOO_API_KEY
    delete process.env.PARTOO_API_KEY
    try {
      const { code, stderr } = await cli(['apply', plan, '--no-journal'])
      expect(code).toBe(2)
      expect(stderr).toBe(
        'error: credentials are missing; nothing was sent\n  partoo: no credentials: set PARTOO_API_KEY\nhint: set them, or run with --mock to rehearse against the mock providers',
      )
    } finally {
      if (saved !== undefined) process.env.PARTOO_API_KEY = saved
    }
  })

  it.each([
    [
      ['--rate-limit', 'partoo'],
      '--rate-limit partoo: expected <provider>=<requests per minute>, e.g. partoo=300',
    ],
    [['--rate-limit', 'nobody=3'], '--rate-limit nobody=3: expected <provider>=<requests per minute>'],
    [['--rate-limit', 'partoo=3/hour'], '--rate-limit partoo=3/hour: expected'],
    [['--rate-limit', 'partoo=-3'], '--rate-limit partoo=-3: expected'],
    [['--rate-limit', 'xpartoo=3'], '--rate-limit xpartoo=3: expected'],
    [['--rate-limit', 'partoo=3x'], '--rate-limit partoo=3x: expected'],
    [['--rate-limit', '!partoo=3'], '--rate-limit !partoo=3: expected'],
    [['--base-url', 'partoo'], '--base-url partoo: expected <provider>=<url>'],
    [['--base-url', 'nobody=https://x.test'], '--base-url nobody=https://x.test: expected <provider>=<url>'],
    [['--base-url', '=https://x.test'], '--base-url =https://x.test: expected'],
  ])('%j → a usage error, nothing sent', async (flags, message) => {
    const plan = file('plan.json', [item(1, 'a')])
    const { code, stderr } = await cli(['apply', plan, '--dry-run', ...flags])
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })

  it("--rate-limit takes every provider of the registry, per minute with or without /min (each one's example, dry run)", async () => {
    for (const id of providerIds) {
      const { example, environments, baseUrlsFrom } = definitionOf(id)
      const { keyId, ...changes } = example
      const plan = file('plan.json', [{ provider: id, keyId, changes }])
      // A provider with no public host needs one named.
      const host = environments || baseUrlsFrom ? [] : ['--base-url', `${id}=https://api.example.com`]
      for (const limit of [`${id}=120`, `${id}=120/min`]) {
        const { code, stderr } = await cli(['apply', plan, '--dry-run', '--rate-limit', limit, ...host])
        expect(stderr, `${id}: ${limit}`).toBe('')
        expect(code, `${id}: ${limit}`).toBe(0)
      }
    }
  })

  it('--base-url keeps every = after the first', async () => {
    const plan = file('plan.json', [item(1, 'a')])
    const { code, stdout } = await cli([
      'apply',
      plan,
      '--dry-run',
      '--allow-insecure-http',
      '--base-url',
      'partoo=http://127.0.0.1:9/a=b/v2',
    ])
    expect(code).toBe(0)
    expect(stdout).toContain('PUT http://127.0.0.1:9/a=b/v2/api_keys/1')
  })

  it('the journal cannot be the plan; --resume needs a journal, and one that exists', async () => {
    const plan = file('plan.json', [item(1, 'a')])
    expect((await cli(['apply', plan, '--mock', '--journal', plan])).stderr).toContain(
      `--journal ${plan} is the plan itself: the journal needs a file of its own`,
    )
    expect((await cli(['apply', plan, '--mock', '--no-journal', '--resume'])).stderr).toContain(
      '--resume needs the journal of the earlier run: pass --journal <file>',
    )
    const missing = await cli(['apply', plan, '--mock', '--resume'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`--resume: there is no journal at ${plan}.mock.journal.jsonl`)
    // A real run keeps its journal apart from a --mock run's.
    expect((await cli(['apply', plan, '--resume'])).stderr).toContain(
      `there is no journal at ${plan}.journal.jsonl`,
    )
  })
})

describe('Ctrl-C', () => {
  it('the first starts nothing new (pacing waits end at once), reports, and exits 130; resume finishes', async () => {
    const plan = file('plan.json', [item(1, 'a'), item(2, 'b'), item(3, 'c')])
    const startedAt = Date.now()
    const { code, stdout, stderr } = await cli(
      ['apply', plan, '--mock', '--mock-seed', plan, '--rate-limit', 'partoo=1', '--concurrency', '1'],
      { onStderr: (line, interrupt) => line.startsWith('[1/3]') && interrupt() },
    )
    expect(Date.now() - startedAt).toBeLessThan(10_000)
    expect(code).toBe(130)
    expect(stderr).toContain(
      'keyshift: stopping: no new update starts; updates in flight finish (Ctrl-C again aborts them)',
    )
    expect(stdout).toBe('3 items: 1 updated, 0 failed, 2 not started')
    expect(stderr).toContain(
      '2 items were not started (nothing was sent for them): run again with --resume to finish',
    )
    const resumed = await cli(['apply', plan, '--mock', '--mock-seed', plan, '--resume'])
    expect(resumed.stdout).toBe('3 items: 2 updated, 0 failed, 1 skipped (applied in an earlier run)')
  })
})
