/**
 * `keyshift apply`'s journal, in the cases that used to skip or double-apply items: a key changed twice in one plan,
 * two runs on one journal, a journal that cannot be written, a journal of another plan or of a --mock run, a torn
 * last line, and the plan's own path as the journal.
 */
import { spawn } from 'node:child_process'
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliPath, runCli, startCli } from './helpers/cli'
import { startVendorServer } from './helpers/vendor-server.mjs'

const env = { PATH: process.env.PATH ?? '', PARTOO_API_KEY: 'journal-test-key' }
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyshift-journal-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

type Server = Awaited<ReturnType<typeof startVendorServer>>
/** A server option: the first write to key `id` answers 503. */
function failFirstWriteTo(id: string) {
  let failed = false
  return (write: { id: string }) => {
    if (write.id !== id || failed) return undefined
    failed = true
    return 503
  }
}
const partooPlan = (count: number, name = (index: number) => `v${index}`) =>
  Array.from({ length: count }, (_, index) => ({
    provider: 'partoo',
    keyId: index + 1,
    changes: { name: name(index) },
  }))

async function withServer(
  test: (server: Server) => Promise<void>,
  options: Partial<Parameters<typeof startVendorServer>[0]> = {},
) {
  const server = await startVendorServer({ shape: 'partoo', ...options })
  try {
    await test(server)
  } finally {
    await server.close()
  }
}

async function planFile(name: string, plan: unknown): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, typeof plan === 'string' ? plan : JSON.stringify(plan))
  return file
}

const apply = (file: string, server: Server, ...extra: string[]) =>
  runCli(['apply', file, '--base-url', `partoo=${server.baseUrl}`, '--rate-limit', 'partoo=0', ...extra], {
    env,
  })

describe('items are positions in one plan', () => {
  it('A, B, A on one key with the last one failing: --resume ends the key at A (it was "skipped" before)', async () => {
    await withServer(
      async (server) => {
        const plan = [1, 2, 3].map((step) => ({
          provider: 'partoo',
          keyId: 7,
          changes: { name: step === 2 ? 'B' : 'A' },
        }))
        const file = await planFile('aba.json', plan)
        const first = await apply(file, server, '--max-retries', '0', '--concurrency', '4')
        expect(first.code).toBe(1)
        expect(server.store.get('7')?.label).toBe('B')
        const second = await apply(file, server, '--resume')
        expect(second.code).toBe(0)
        expect(second.stdout).toContain('3 items: 1 updated, 0 failed, 2 skipped (applied in an earlier run)')
        expect(server.store.get('7')?.label).toBe('A')
        expect(server.writes.map((write) => write.body.label)).toEqual(['A', 'B', 'A'])
      },
      { failWrite: ({ index }) => (index === 2 ? 500 : undefined) },
    )
  })

  it('a journal of another plan is refused; --allow-changed-plan reruns only the items whose content changed', async () => {
    await withServer(async (server) => {
      const file = await planFile('edited.json', partooPlan(4))
      expect((await apply(file, server)).code).toBe(0)
      await writeFile(file, JSON.stringify(partooPlan(4, (index) => (index === 2 ? 'edited' : `v${index}`))))
      const refused = await apply(file, server, '--resume')
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain('is the journal of another plan')
      const resumed = await apply(file, server, '--resume', '--allow-changed-plan')
      expect(resumed.code).toBe(0)
      expect(resumed.stdout).toContain('4 items: 1 updated, 0 failed, 3 skipped')
      expect(server.writes.map((write) => write.body.label)).toEqual(['v0', 'v1', 'v2', 'v3', 'edited'])
    })
  })

  it('a finished journal without --resume is refused: nothing is applied twice by accident', async () => {
    await withServer(async (server) => {
      const file = await planFile('twice.json', partooPlan(2))
      expect((await apply(file, server)).code).toBe(0)
      const again = await apply(file, server)
      expect(again.code).toBe(2)
      expect(again.stderr).toContain('pass --resume to finish it, or --journal <new file> to start over')
      expect(server.stats.writes).toBe(2)
    })
  })
})

describe('one run per journal', () => {
  it('a second run on the same journal exits 2 and sends nothing while the first holds the lock', async () => {
    await withServer(
      async (server) => {
        const file = await planFile('locked.json', partooPlan(12))
        const args = ['apply', file, '--base-url', `partoo=${server.baseUrl}`, '--rate-limit', 'partoo=0']
        const first = startCli([...args, '--concurrency', '2'], { env })
        await first.waitForStderr(/\[1\/12\]/)
        const second = await runCli([...args, '--resume'], { env })
        expect(second.code).toBe(2)
        expect(second.stderr).toMatch(/another keyshift apply \(pid \d+, since .*\) is using the journal/)
        expect((await first.done).code).toBe(0)
        expect(server.stats.writes).toBe(12)
        // The lock went with the first run: the next one may resume.
        expect((await apply(file, server, '--resume')).stdout).toContain('12 skipped')
      },
      { latencyMs: [60, 60] },
    )
  })

  it('a lock left by a killed run is taken over', async () => {
    await withServer(async (server) => {
      const file = await planFile('stale.json', partooPlan(2))
      await writeFile(
        `${file}.journal.jsonl.lock`,
        JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname(), since: 'then' }),
      )
      expect((await apply(file, server)).code).toBe(0)
    })
  })
})

describe('the journal itself', () => {
  it('is created 0600 before the first request, with the plan fingerprint first', async () => {
    await withServer(async (server) => {
      const file = await planFile('mode.json', partooPlan(1))
      expect((await apply(file, server)).code).toBe(0)
      const journal = `${file}.journal.jsonl`
      expect((await stat(journal)).mode & 0o777).toBe(0o600)
      const [header, sending, outcome] = (await readFile(journal, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
      expect(header).toMatchObject({ journal: 'keyshift apply', version: 2, items: 1, mock: false })
      expect(sending).toMatchObject({ index: 0, state: 'sending' })
      expect(outcome).toMatchObject({ index: 0, state: 'applied', provider: 'partoo', keyId: 1 })
    })
  })

  it('a line torn by a crash neither breaks --resume nor swallows the next record', async () => {
    await withServer(
      async (server) => {
        const file = await planFile('torn.json', partooPlan(3))
        const journal = `${file}.journal.jsonl`
        expect((await apply(file, server, '--max-retries', '0')).code).toBe(1)
        // As if a later run died in the middle of writing item 1's record.
        await appendFile(journal, '{"index":1,"item":"0123","sta')
        const resumed = await apply(file, server, '--resume')
        expect(resumed.code).toBe(0)
        const lines = (await readFile(journal, 'utf8')).split('\n')
        expect(lines.at(-1)).toBe('')
        expect(lines.filter((line) => line.startsWith('{"index":1,"item":"0123","sta'))).toEqual([
          '{"index":1,"item":"0123","sta',
        ])
        expect(JSON.parse(lines.at(-2) as string)).toMatchObject({ index: 2, state: 'applied' })
        expect(server.store.get('3')?.label).toBe('v2')
      },
      { failWrite: failFirstWriteTo('3') },
    )
  })

  it('the plan itself as the journal is refused, and the plan is left as it was', async () => {
    const text = JSON.stringify(partooPlan(1))
    const file = await planFile('self.json', text)
    const outcome = await runCli(['apply', file, '--journal', file], { env })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('is the plan itself')
    expect(await readFile(file, 'utf8')).toBe(text)
  })

  it('--mock runs keep their own journal: a later real --resume does not skip what the mock applied', async () => {
    await withServer(async (server) => {
      const file = await planFile('rehearsal.json', partooPlan(3))
      expect((await runCli(['apply', file, '--mock', '--mock-seed', file], { env })).code).toBe(0)
      const real = await apply(file, server, '--resume')
      expect(real.code).toBe(2)
      expect(real.stderr).toContain('there is no journal at')
      expect((await apply(file, server)).code).toBe(0)
      expect(server.stats.writes).toBe(3)
      const shared = await runCli(
        ['apply', file, '--mock', '--mock-seed', file, '--journal', `${file}.journal.jsonl`, '--resume'],
        { env },
      )
      expect(shared.code).toBe(2)
      expect(shared.stderr).toContain('is the journal of a run against the real providers')
    })
  })

  it('--resume --dry-run says what would be skipped and sent', async () => {
    await withServer(
      async (server) => {
        const file = await planFile('dry.json', partooPlan(3))
        expect((await apply(file, server, '--max-retries', '0')).code).toBe(1)
        const dry = await apply(file, server, '--resume', '--dry-run')
        expect(dry.code).toBe(0)
        expect(dry.stdout).toContain(
          '(dry run: 1 item to send, 2 skipped (applied in an earlier run); nothing was sent.',
        )
        expect(dry.stdout).toContain(`PUT ${server.baseUrl}/api_keys/2`)
      },
      { failWrite: failFirstWriteTo('2') },
    )
  })
})

describe('a journal that cannot be written', () => {
  it('a device (/dev/full) is refused before anything is sent', async () => {
    await withServer(async (server) => {
      const file = await planFile('full.json', partooPlan(4))
      const outcome = await apply(file, server, '--journal', '/dev/full')
      expect(outcome.code).toBe(2)
      expect(outcome.stderr).toContain('--journal /dev/full is not a regular file')
      expect(server.stats.requests).toBe(0)
    })
  })

  it('from the first record (a full disk): nothing is sent, the report says why, exit 1', async () => {
    await withServer(
      async (server) => {
        const file = await planFile('nospace.json', partooPlan(30))
        expect((await apply(file, server, '--max-retries', '0')).code).toBe(1)
        const before = server.stats.requests
        // The journal already holds more than the 1 KiB the resumed run may write: its first record fails.
        const outcome = await applyWithFileSizeLimit(1, file, server, '--resume', '--json')
        expect(outcome.code).toBe(1)
        expect(server.stats.requests).toBe(before)
        expect(JSON.parse(outcome.stdout)).toMatchObject({ ok: false, updated: 0, notStarted: 15 })
        expect(outcome.stderr).toContain('error: cannot write the journal')
      },
      { failWrite: ({ id }) => (Number(id) > 15 ? 503 : undefined) },
    )
  })

  it('a lock that cannot be written (no space at all) is a usage error, and leaves no lock behind', async () => {
    await withServer(async (server) => {
      const file = await planFile('nolock.json', partooPlan(2))
      const outcome = await applyWithFileSizeLimit(0, file, server)
      expect(outcome.code).toBe(2)
      expect(outcome.stderr).toContain('cannot create the lock')
      expect(server.stats.requests).toBe(0)
      expect((await apply(file, server)).code).toBe(0)
    })
  })

  it('in the middle of a run (a file size limit): no new item starts, those in flight finish and are reported', async () => {
    await withServer(
      async (server) => {
        const file = await planFile('limited.json', partooPlan(60))
        const outcome = await applyWithFileSizeLimit(1, file, server, '--concurrency', '3', '--json')
        expect(outcome.code).toBe(1)
        expect(outcome.stderr).toContain('error: cannot write the journal')
        const report = JSON.parse(outcome.stdout)
        expect(report.journalError).toMatch(/file too large|EFBIG/i)
        // Every write the server received is reported applied; the rest never started.
        expect(report.updated).toBe(server.stats.writes)
        expect(report.updated).toBeGreaterThan(0)
        expect(report.updated + report.notStarted).toBe(60)
        expect(report.notStarted).toBeGreaterThan(40)
      },
      { latencyMs: [10, 10] },
    )
  })
})

/**
 * `keyshift apply` with every file it writes capped at `kib` KiB (`ulimit -f`), so that the journal fills up.
 * SIGXFSZ is ignored: a write past the cap then fails with EFBIG instead of killing the process.
 */
function applyWithFileSizeLimit(kib: number, file: string, server: Server, ...extra: string[]) {
  const args = [file, '--base-url', `partoo=${server.baseUrl}`, '--rate-limit', 'partoo=0', ...extra]
  const command = `trap '' XFSZ; ulimit -f ${kib}; exec "$0" "$@"`
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('sh', ['-c', command, process.execPath, cliPath, 'apply', ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
