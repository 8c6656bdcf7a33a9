// npm run bench:bulk — updateApiKeys against loopback servers that enforce a token bucket (429 + Retry-After) with
// 30–50 ms of latency, beside a naive anchor: a p-limit loop of fetch at the same concurrency. Prints the achieved
// rate against the server's limit, 429s, round trips per key and lost items (items that did not end applied), with
// issue #18's targets. A benchmark, not a test: nothing here fails a build.
import { spawn } from 'node:child_process'
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startVendorServer } from '../test/helpers/vendor-server.mjs'

const { updateApiKeys } = await import('keyshift')
const { createPartoo } = await import('keyshift/partoo')
const { createPulseCrm } = await import('keyshift/pulsecrm')

const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—')
const quick = process.argv.includes('--quick')
const latencyMs = [30, 50]

function table(title, header, rows) {
  const all = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)))
  console.log(`\n${title}`)
  for (const [index, row] of all.entries()) {
    console.log(`  ${row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ')}`)
    if (index === 0) console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`)
  }
}

/** One row: what the server saw and what the client reported. */
function row(name, client, server, items, lost, wallMs, limitPerSecond) {
  const { requests, rateLimited, writes } = server.stats
  const rate = server.achievedRate()
  return {
    cells: [
      name,
      client,
      items,
      requests,
      `${rateLimited} (${fmt((100 * rateLimited) / Math.max(1, requests))} %)`,
      `${fmt(rate)} / ${limitPerSecond} (${fmt((100 * rate) / limitPerSecond, 0)} %)`,
      fmt(requests / items, 2),
      fmt((requests - writes) / items, 3),
      lost,
      fmt(wallMs / 1000),
    ],
    rate: rate / limitPerSecond,
    rateLimitedShare: rateLimited / Math.max(1, requests),
    extraPerKey: (requests - writes) / items,
    lost,
  }
}

async function bulkWithKeyshift(server, makeClient, itemsFor, options) {
  const provider = makeClient(server.baseUrl)
  const items = itemsFor(provider)
  const started = performance.now()
  const results = await updateApiKeys(items, options)
  const wallMs = performance.now() - started
  return { lost: results.filter((result) => !result.ok).length, wallMs, items: items.length }
}

/** The anchor: N workers each sending one fetch after another; a 429 is a lost item (no retries, no pacing). */
async function runNaive(server, items, concurrency) {
  let next = 0
  let lost = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items) {
        const id = ++next
        const response = await fetch(`${server.baseUrl}/api_keys/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-APIKey': 'bench' },
          body: JSON.stringify({ label: `renamed ${id}` }),
        })
        await response.arrayBuffer()
        if (!response.ok) lost++
      }
    }),
  )
  return { lost, wallMs: performance.now() - started, items }
}

const partooItems = (count) => (provider) =>
  Array.from({ length: count }, (_, index) => ({ provider, keyId: index + 1, name: `renamed ${index + 1}` }))
const makePartoo = (baseUrl) => createPartoo({ apiKey: 'bench', baseUrl, retryBaseDelayMs: 500 })

const rows = []
const limit = 50
const perMinute = (perSecond) => ({ partoo: perSecond * 60, pulsecrm: perSecond * 60 })
const pacing = (perSecond) => ({
  requestsPerMinute: perMinute(perSecond),
  callsPerMinute: perMinute(perSecond),
})
const count = quick ? 300 : 2000

// (a) pacing equal to the server's limit.
{
  const server = await startVendorServer({ shape: 'partoo', requestsPerSecond: limit, latencyMs })
  const outcome = await bulkWithKeyshift(server, makePartoo, partooItems(count), {
    concurrency: 4,
    ...pacing(limit),
  })
  rows.push({
    id: 'a',
    ...row(
      '(a) pacing = limit',
      'keyshift, concurrency 4',
      server,
      outcome.items,
      outcome.lost,
      outcome.wallMs,
      limit,
    ),
  })
  await server.close()
}
// (b) pacing at twice the limit, concurrency 16; and the naive anchor at the same concurrency.
{
  const server = await startVendorServer({ shape: 'partoo', requestsPerSecond: limit, latencyMs })
  const outcome = await bulkWithKeyshift(server, makePartoo, partooItems(count), {
    concurrency: 16,
    ...pacing(2 * limit),
  })
  rows.push({
    id: 'b',
    ...row(
      '(b) pacing = 2 × limit',
      'keyshift, concurrency 16',
      server,
      outcome.items,
      outcome.lost,
      outcome.wallMs,
      limit,
    ),
  })
  await server.close()
}
{
  const server = await startVendorServer({ shape: 'partoo', requestsPerSecond: limit, latencyMs })
  const outcome = await runNaive(server, count, 16)
  rows.push({
    id: 'anchor',
    ...row(
      '(b) anchor',
      'p-limit loop of fetch, 16',
      server,
      outcome.items,
      outcome.lost,
      outcome.wallMs,
      limit,
    ),
  })
  await server.close()
}
// (c) PulseCRM read-before-write on an account of 10 000 keys: each item changes only the expiry, so the description
// and permissions PulseCRM requires must be read.
{
  const keys = 10_000
  const updated = quick ? 2000 : keys
  const pulseLimit = 500
  const server = await startVendorServer({
    shape: 'pulsecrm',
    requestsPerSecond: pulseLimit,
    burst: 50,
    latencyMs,
    keys,
  })
  const outcome = await bulkWithKeyshift(
    server,
    (baseUrl) => createPulseCrm({ baseUrl, token: 'bench', retryBaseDelayMs: 500 }),
    (provider) =>
      Array.from({ length: updated }, (_, index) => ({
        provider,
        keyId: String(index + 1),
        expiresAt: '2030-01-01T00:00:00Z',
      })),
    { concurrency: 16, ...pacing(pulseLimit) },
  )
  rows.push({
    id: 'c',
    ...row(
      `(c) PulseCRM, ${keys} keys`,
      'keyshift, concurrency 16',
      server,
      outcome.items,
      outcome.lost,
      outcome.wallMs,
      pulseLimit,
    ),
    readMb: server.stats.bytesOut / 1e6,
  })
  await server.close()
}

// Plans of 50 000 items: how long the CLI takes to validate one before its first request, and a --dry-run of it.
const planItems = 50_000
const planFile = join(tmpdir(), `keyshift-bench-plan-${process.pid}.json`)
writeFileSync(
  planFile,
  JSON.stringify(
    Array.from({ length: planItems }, (_, index) => ({
      provider: 'partoo',
      keyId: index + 1,
      changes: { name: `key ${index + 1}`, expiresAt: '2030-01-01', ipAllowlist: ['10.0.0.0/8'] },
    })),
  ),
)
const planMb = statSync(planFile).size / 1e6
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
/** Runs the CLI, sampling its peak RSS (Linux /proc) until `until` resolves or it exits. */
async function measureCli(args, until) {
  const started = performance.now()
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, PARTOO_API_KEY: 'bench' },
    stdio: ['ignore', 'ignore', 'ignore'],
  })
  let peakKb = 0
  const sample = () => {
    try {
      peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? peakKb)
    } catch {}
  }
  const sampler = setInterval(sample, 10)
  const exited = new Promise((resolve) => child.on('exit', resolve))
  await Promise.race([until?.() ?? exited, exited])
  sample()
  const ms = performance.now() - started
  clearInterval(sampler)
  child.kill('SIGKILL')
  await exited
  return { ms, peakMb: peakKb / 1024 }
}
const planServer = await startVendorServer({ shape: 'partoo' })
const firstRequest = await measureCli(
  [
    'apply',
    planFile,
    '--no-journal',
    '--base-url',
    `partoo=${planServer.baseUrl}`,
    '--rate-limit',
    'partoo=0',
  ],
  async () => {
    while (planServer.stats.requests === 0) await new Promise((resolve) => setTimeout(resolve, 2))
  },
)
await planServer.close()
const dryRun = await measureCli(['apply', planFile, '--dry-run'])
const startup = await measureCli(['--version'])
rmSync(planFile)

table(
  `Bulk runs against token-bucket servers (${latencyMs[0]}–${latencyMs[1]} ms latency; Node ${process.version})`,
  [
    'scenario',
    'client',
    'items',
    'requests',
    '429s (% of requests)',
    'achieved req/s / limit',
    'requests per key',
    'beyond the write',
    'lost items',
    'wall s',
  ],
  rows.map((entry) => entry.cells),
)
table(
  `keyshift apply with a plan of ${planItems} items (${fmt(planMb)} MB of JSON)`,
  ['measure', 'time', 'peak RSS'],
  [
    ['the CLI starting (--version)', `${fmt(startup.ms / 1000, 2)} s`, `${fmt(startup.peakMb, 0)} MB`],
    [
      'read + validate the plan, until the first request',
      `${fmt(firstRequest.ms / 1000, 2)} s`,
      `${fmt(firstRequest.peakMb, 0)} MB`,
    ],
    [
      '--dry-run: every request built and printed',
      `${fmt(dryRun.ms / 1000, 2)} s`,
      `${fmt(dryRun.peakMb, 0)} MB`,
    ],
  ],
)
const byId = Object.fromEntries(rows.map((entry) => [entry.id, entry]))
const check = (ok) => (ok ? '✓' : '✗')
table(
  'Issue #18 targets',
  ['scenario', 'target', 'measured', ''],
  [
    [
      '(a)',
      '≥ 95 % of the limit, 0 429s',
      `${fmt(byId.a.rate * 100, 0)} %, ${byId.a.cells[4]}`,
      check(byId.a.rate >= 0.95 && byId.a.rateLimitedShare === 0),
    ],
    [
      '(b)',
      '0 lost, ≥ 85 % of the limit, 429s ≤ 5 % of requests',
      `${byId.b.lost} lost, ${fmt(byId.b.rate * 100, 0)} %, ${fmt(byId.b.rateLimitedShare * 100)} %`,
      check(byId.b.lost === 0 && byId.b.rate >= 0.85 && byId.b.rateLimitedShare <= 0.05),
    ],
    [
      'plan',
      `${planItems} items validated in about 2 s`,
      `${fmt(firstRequest.ms / 1000, 2)} s to the first request`,
      check(firstRequest.ms <= 2000),
    ],
    [
      '(c)',
      '0 lost, ≤ 1.05 requests per key beyond the PATCH',
      `${byId.c.lost} lost, ${fmt(byId.c.extraPerKey, 3)} (${fmt(byId.c.readMb, 1)} MB sent by the server)`,
      check(byId.c.lost === 0 && byId.c.extraPerKey <= 1.05),
    ],
  ],
)
