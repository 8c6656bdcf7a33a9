// npm run bench — keyshift against fair anchors measured side by side in one run, on the built package as Node
// resolves it: raw fetch and a hand-written client with the same fetch options, openapi-fetch and ky. Prints sizes,
// per-call CPU (stubs with and without content-length), loopback throughput, cold start, and issue #14's targets
// with ✓/✗. A benchmark, not a test: timings vary with the machine, so nothing here fails a build.
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import ky from 'ky'
import createClient from 'openapi-fetch'
import { measureAll } from '../scripts/bundle-size.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
// `keyshift/partoo` as an app in Node resolves it (the `node` export condition: dist/node/).
const { createPartoo } = await import('keyshift/partoo')

const responseBody = JSON.stringify({
  id: 3245,
  label: 'CI deploy',
  description: 'Deploys from CI',
  user_id: '5309c3a237bbc544d8e26737',
  user_role: 'ORG_ADMIN',
  user_type: 'bot',
  disabled: false,
  expiration_date: '2027-06-30',
  created_at: '2019-08-22 11:46:38.914467+00',
  ip_whitelist: ['10.0.0.0/8'],
  has_restricted_permissions: true,
  permissions: ['business_edit'],
})
const apiKey = 'bench-api-key'
const update = { label: 'CI deploy', description: 'Deploys from CI' }
const jsonHeaders = { 'content-type': 'application/json' }
const fmt = (value, digits = 2) => value.toFixed(digits)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function table(title, header, rows) {
  const all = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)))
  console.log(`\n${title}`)
  for (const [index, row] of all.entries()) {
    console.log(`  ${row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ')}`)
    if (index === 0) console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`)
  }
}

// ---- 1. bundle size ----
const sizes = await measureAll()
const floor = sizes.find((row) => row.name.startsWith('floor'))
table(
  'Bundle size (esbuild --minify, gzip -9)',
  ['bundle', 'min kB', 'gzip kB', 'issue target kB', 'enforced kB', '× floor'],
  sizes.map((row) => [
    row.name,
    fmt(row.minified / 1024, 1),
    fmt(row.gzipped / 1024),
    row.target ? row.target / 1024 : '—',
    row.budget ? row.budget / 1024 : '—',
    fmt(row.gzipped / floor.gzipped),
  ]),
)

// ---- 2. per-call CPU with a stub fetch (no I/O: the cost of building, sending and reading one update) ----
// Every anchor sends the same request with the same fetch options keyshift uses (`redirect: 'manual'`) and parses
// the same JSON. Real servers send `content-length`: the main rows do too; a second table shows the stub without.
const bodyBytes = String(Buffer.byteLength(responseBody))
const stubs = {
  'with content-length': async () =>
    new Response(responseBody, { status: 200, headers: { ...jsonHeaders, 'content-length': bodyBytes } }),
  'without content-length': async () => new Response(responseBody, { status: 200, headers: jsonHeaders }),
}

/** A hand-written client, as an app would write without an SDK: ~30 lines, same request, same checks. */
function handWrittenClient(baseUrl, fetchImplementation = globalThis.fetch) {
  return {
    async updateKey(keyId, fields) {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), 30_000)
      try {
        const response = await fetchImplementation(`${baseUrl}/api_keys/${encodeURIComponent(keyId)}`, {
          method: 'PUT',
          headers: { ...jsonHeaders, 'x-APIKey': apiKey },
          body: JSON.stringify(fields),
          redirect: 'manual',
          signal: controller.signal,
        })
        const text = await response.text()
        if (!response.ok) throw new Error(`partoo ${response.status}: ${text}`)
        const body = JSON.parse(text)
        if (typeof body.id !== 'number') throw new Error('unexpected response')
        return body
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

function callersFor(fetchImplementation, baseUrl) {
  const client = createClient({ baseUrl, fetch: fetchImplementation })
  const hand = handWrittenClient(baseUrl, fetchImplementation)
  const kyClient = ky.create({ prefixUrl: baseUrl, fetch: fetchImplementation, retry: 0, redirect: 'manual' })
  const partoo = createPartoo({ apiKey, baseUrl, fetch: fetchImplementation })
  return {
    "raw fetch(url, init), redirect: 'manual'": async () => {
      const response = await fetchImplementation(`${baseUrl}/api_keys/3245`, {
        method: 'PUT',
        headers: { ...jsonHeaders, 'x-APIKey': apiKey },
        body: JSON.stringify(update),
        redirect: 'manual',
      })
      return response.json()
    },
    'hand-written client (30 lines)': () => hand.updateKey(3245, update),
    'openapi-fetch PUT': () =>
      client.PUT('/api_keys/{key_id}', {
        params: { path: { key_id: 3245 } },
        body: update,
        headers: { 'x-APIKey': apiKey },
        redirect: 'manual',
      }),
    'ky put().json()': () =>
      kyClient.put('api_keys/3245', { json: update, headers: { 'x-APIKey': apiKey } }).json(),
    'keyshift updateApiKey': () =>
      partoo.updateApiKey({ keyId: 3245, name: 'CI deploy', description: 'Deploys from CI' }),
  }
}

async function timePerCall(call, iterations) {
  const started = process.hrtime.bigint()
  for (let index = 0; index < iterations; index++) await call()
  return Number(process.hrtime.bigint() - started) / iterations / 1000
}

const cpuRatios = {}
for (const [stubName, stub] of Object.entries(stubs)) {
  const callers = callersFor(stub, 'https://api.partoo.co/v2')
  const cpu = {}
  for (const call of Object.values(callers)) await timePerCall(call, 3000) // warm up every path first
  for (let round = 0; round < 7; round++) {
    for (const [name, call] of Object.entries(callers)) {
      cpu[name] ??= []
      cpu[name].push(await timePerCall(call, 3000))
    }
  }
  const cpuMedian = Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, median(values)]))
  cpuRatios[stubName] = cpuMedian['keyshift updateApiKey'] / cpuMedian['openapi-fetch PUT']
  table(
    `Per-call CPU, stub fetch ${stubName} (median of 7 rounds × 3 000 calls)`,
    ['client', 'µs/call', '× raw fetch', '× hand-written', '× openapi-fetch'],
    Object.entries(cpuMedian).map(([name, value]) => [
      name,
      fmt(value),
      fmt(value / cpuMedian["raw fetch(url, init), redirect: 'manual'"]),
      fmt(value / cpuMedian['hand-written client (30 lines)']),
      fmt(value / cpuMedian['openapi-fetch PUT']),
    ]),
  )
}

// ---- 3. loopback throughput: node:http on 127.0.0.1, 4 000 requests ----
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () =>
    response.writeHead(200, { ...jsonHeaders, 'content-length': bodyBytes }).end(responseBody),
  )
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}/v2`
const loopCallers = callersFor(globalThis.fetch, base)

async function throughput(call, total, concurrency) {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await call()
    }),
  )
  return total / ((performance.now() - started) / 1000)
}

const loopRows = []
const loopRatios = {}
for (const concurrency of [1, 16, 64]) {
  const results = {}
  for (const call of Object.values(loopCallers)) await throughput(call, 500, concurrency) // warm up
  for (let round = 0; round < 3; round++) {
    for (const [name, call] of Object.entries(loopCallers)) {
      results[name] ??= []
      results[name].push(await throughput(call, 3000, concurrency))
    }
  }
  const best = Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)]))
  loopRatios[concurrency] = best['keyshift updateApiKey'] / best['hand-written client (30 lines)']
  for (const [name, value] of Object.entries(best)) {
    loopRows.push([
      concurrency,
      name,
      Math.round(value),
      fmt(value / best['hand-written client (30 lines)']),
      fmt(value / best['openapi-fetch PUT']),
    ])
  }
}
server.closeAllConnections()
server.close()
table(
  'Loopback throughput, 3 000 requests (median of 3)',
  ['concurrency', 'client', 'req/s', '× hand-written', '× openapi-fetch'],
  loopRows,
)

// ---- 4. cold start ----
// The commands take turns, round after round, so that a machine that slows down or speeds up during the
// measurement shifts them all alike instead of skewing one. Each first call goes to a loopback server, so that
// every row loads Node's fetch implementation (undici) once, as a real first request does.
const coldServer = createServer((request, response) => {
  request.resume()
  request.on('end', () =>
    response.writeHead(200, { ...jsonHeaders, 'content-length': bodyBytes }).end(responseBody),
  )
})
await new Promise((resolve) => coldServer.listen(0, '127.0.0.1', resolve))
const coldBase = JSON.stringify(`http://127.0.0.1:${coldServer.address().port}/v2`)
const firstRequest = `{ method: 'PUT', headers: { 'content-type': 'application/json', 'x-APIKey': 'bench' }, body: '{"label":"CI deploy"}', redirect: 'manual' }`
const coldCommands = {
  'node -e 0': ['-e', '0'],
  'raw first fetch + json()': [
    '--input-type=module',
    '-e',
    `await (await fetch(${coldBase} + '/api_keys/3245', ${firstRequest})).json()`,
  ],
  'openapi-fetch: import + first PUT': [
    '--input-type=module',
    '-e',
    `const { default: createClient } = await import('openapi-fetch')
     await createClient({ baseUrl: ${coldBase} }).PUT('/api_keys/{key_id}', { params: { path: { key_id: 3245 } }, body: { label: 'CI deploy' }, headers: { 'x-APIKey': 'bench' } })`,
  ],
  "keyshift: import('keyshift') + first call": [
    '--input-type=module',
    '-e',
    `const { createPartoo } = await import('keyshift')
     await createPartoo({ apiKey: 'bench', baseUrl: ${coldBase} }).updateApiKey({ keyId: 3245, name: 'CI deploy' })`,
  ],
  "import('keyshift') alone": ['--input-type=module', '-e', "await import('keyshift')"],
}
const coldRuns = {}
for (let round = 0; round < 15; round++) {
  for (const [name, args] of Object.entries(coldCommands)) {
    const started = performance.now()
    await new Promise((resolve, reject) =>
      execFile(process.execPath, args, { cwd: root }, (error) => (error ? reject(error) : resolve())),
    )
    coldRuns[name] ??= []
    coldRuns[name].push(performance.now() - started)
  }
}
coldServer.closeAllConnections()
coldServer.close()
const cold = Object.fromEntries(Object.entries(coldRuns).map(([name, runs]) => [name, median(runs)]))
table(
  'Cold start (15 processes each, interleaved; Node resolves keyshift to its bundled build)',
  ['command', 'median ms', 'min–max ms', 'above bare node'],
  Object.entries(cold).map(([name, ms]) => [
    name,
    fmt(ms, 1),
    `${fmt(Math.min(...coldRuns[name]), 0)}–${fmt(Math.max(...coldRuns[name]), 0)}`,
    name === 'node -e 0' ? '—' : fmt(ms - cold['node -e 0'], 1),
  ]),
)

// ---- 5. the targets (issue #14), from this run ----
const sizeOf = (prefix) => sizes.find((row) => row.name.startsWith(prefix)).gzipped / 1024
const targets = [
  [
    'bundle, updateApiKey + createPartoo',
    `${fmt(sizeOf('keyshift/partoo'))} kB`,
    '≤ 12.5 kB',
    sizeOf('keyshift/partoo') <= 12.5,
  ],
  ['bundle, all providers', `${fmt(sizeOf('all '))} kB`, '≤ 15 kB', sizeOf('all ') <= 15],
  [
    'CPU per call vs openapi-fetch PUT (content-length)',
    `${fmt(cpuRatios['with content-length'])} ×`,
    '≤ 1.00 ×',
    cpuRatios['with content-length'] <= 1,
  ],
  ...[1, 16, 64].map((concurrency) => [
    `loopback c=${concurrency} vs hand-written client`,
    `${fmt(loopRatios[concurrency])} ×`,
    '≥ 0.90 ×',
    loopRatios[concurrency] >= 0.9,
  ]),
  [
    'import + first call vs raw first fetch',
    `+${fmt(cold["keyshift: import('keyshift') + first call"] - cold['raw first fetch + json()'], 1)} ms`,
    '≤ +30 ms',
    cold["keyshift: import('keyshift') + first call"] - cold['raw first fetch + json()'] <= 30,
  ],
]
table(
  'Targets (issue #14), this run',
  ['measure', 'keyshift', 'target', 'met'],
  targets.map(([measure, value, target, met]) => [measure, value, target, met ? '✓' : '✗']),
)
