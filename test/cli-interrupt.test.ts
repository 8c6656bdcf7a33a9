/**
 * Ctrl-C during `keyshift apply`: nothing new starts, updates in flight finish, the report says what was
 * applied, failed and not started, exit 130; the journal lets `--resume` finish the run without sending
 * anything twice.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCli, startCli, startSlowPartoo } from './helpers/cli'

const env = { PATH: process.env.PATH ?? '', PARTOO_API_KEY: 'interrupt-test-key' }
let dir: string
let partoo: Awaited<ReturnType<typeof startSlowPartoo>>
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyshift-interrupt-'))
  partoo = await startSlowPartoo(150)
})
afterAll(async () => {
  await partoo.close()
  await rm(dir, { recursive: true, force: true })
})

const plan = Array.from({ length: 20 }, (_, index) => ({
  provider: 'partoo',
  keyId: index + 1,
  changes: { name: `key ${index + 1}` },
}))

it('SIGINT: in-flight updates finish, the rest are reported as not started, exit 130; --resume finishes the run', async () => {
  const file = join(dir, 'plan.json')
  await writeFile(file, JSON.stringify(plan))
  const args = [
    'apply',
    file,
    '--base-url',
    `partoo=${partoo.baseUrl}`,
    '--rate-limit',
    'partoo=0',
    '--concurrency',
    '2',
  ]

  const run = startCli([...args, '--json'], { env })
  // Plain progress lines go to stderr off a TTY; with --json too, so wait on the journal instead.
  const journal = `${file}.journal.jsonl`
  for (let waited = 0; waited < 10_000; waited += 20) {
    const lines = await readFile(journal, 'utf8').catch(() => '')
    if (lines.split('\n').filter(Boolean).length >= 4) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  run.child.kill('SIGINT')
  const first = await run.done
  expect(first.code).toBe(130)
  expect(first.stderr).toContain('stopping: no new update starts')
  const report = JSON.parse(first.stdout)
  expect(report.updated).toBeGreaterThanOrEqual(4)
  expect(report.failed).toBe(0)
  expect(report.updated + report.notStarted).toBe(20)
  expect(report.notStarted).toBeGreaterThan(0)
  // Every update the server received was reported as applied: none was cut off mid-flight.
  const sentFirst = [...partoo.received.keys()].sort((a, b) => a - b)
  const applied = report.results
    .filter((result: { outcome: string }) => result.outcome === 'applied')
    .map((result: { keyId: number }) => result.keyId)
    .sort((a: number, b: number) => a - b)
  expect(applied).toEqual(sentFirst)

  const second = await runCli([...args, '--resume'], { env })
  expect(second.code).toBe(0)
  expect(second.stdout).toContain(
    `20 items: ${report.notStarted} updated, 0 failed, ${report.updated} skipped (applied in an earlier run)`,
  )
  expect([...partoo.received.keys()].sort((a, b) => a - b)).toEqual(plan.map((item) => item.keyId))
  expect([...partoo.received.values()].every((count) => count === 1)).toBe(true)
}, 30_000)

it('--resume without a journal is a usage error', async () => {
  const file = join(dir, 'fresh.json')
  await writeFile(file, JSON.stringify(plan.slice(0, 1)))
  const outcome = await runCli(['apply', file, '--resume'], { env })
  expect(outcome.code).toBe(2)
  expect(outcome.stderr).toContain('no journal at')
})

it('a second SIGINT aborts the updates in flight: they are reported as unknown (sent, answer lost), exit 130', async () => {
  const slow = await startSlowPartoo(5_000)
  try {
    const file = join(dir, 'slow.json')
    await writeFile(file, JSON.stringify(plan.slice(0, 4)))
    const startedAt = Date.now()
    const run = startCli(
      [
        'apply',
        file,
        '--base-url',
        `partoo=${slow.baseUrl}`,
        '--rate-limit',
        'partoo=0',
        '--concurrency',
        '2',
        '--json',
      ],
      { env },
    )
    while (slow.received.size < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    run.child.kill('SIGINT')
    await run.waitForStderr(/stopping/)
    run.child.kill('SIGINT')
    const outcome = await run.done
    expect(outcome.code).toBe(130)
    expect(Date.now() - startedAt).toBeLessThan(4_000)
    const report = JSON.parse(outcome.stdout)
    expect(report).toMatchObject({ updated: 0, failed: 0, unknown: 2, notStarted: 2 })
    const unknown = report.results.filter((result: { outcome: string }) => result.outcome === 'unknown')
    expect(unknown[0].error).toMatchObject({ name: 'AbortError', mayHaveBeenApplied: true })
  } finally {
    await slow.close()
  }
}, 15_000)

it('Ctrl-C ends pacing waits at once: no update is sent after it', async () => {
  const server = await startSlowPartoo(10)
  try {
    const file = join(dir, 'paced.json')
    await writeFile(file, JSON.stringify(plan.slice(0, 5)))
    // 30 a minute: one request every 2 s, so items 2 to 5 wait for their slots.
    const run = startCli(
      [
        'apply',
        file,
        '--base-url',
        `partoo=${server.baseUrl}`,
        '--rate-limit',
        'partoo=30',
        '--concurrency',
        '3',
        '--json',
      ],
      { env },
    )
    while (server.received.size < 1) await new Promise((resolve) => setTimeout(resolve, 10))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const interruptedAt = Date.now()
    run.child.kill('SIGINT')
    const outcome = await run.done
    expect(outcome.code).toBe(130)
    expect(Date.now() - interruptedAt).toBeLessThan(1500)
    expect(server.received.size).toBe(1)
    expect(JSON.parse(outcome.stdout)).toMatchObject({ updated: 1, notStarted: 4, unknown: 0, failed: 0 })
  } finally {
    await server.close()
  }
})
