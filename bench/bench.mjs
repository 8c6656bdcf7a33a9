// npm run bench — keyshift against raw fetch and openapi-fetch, measured side by side in one run, on the built
// package (dist/). Prints tables of sizes, per-call CPU, loopback throughput and cold import time, with ratios.
// A benchmark, not a test: timings vary with the machine, so nothing here fails a build.
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import createClient from 'openapi-fetch'
import { measureAll } from '../scripts/bundle-size.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { createPartoo } = await import(`${root}dist/partoo.js`)

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
const stubResponse = () => new Response(responseBody, { status: 200, headers: jsonHeaders })
const stubFetch = async () => stubResponse()
const url = 'https://api.partoo.co/v2/api_keys/3245'
const client = createClient({ baseUrl: 'https://api.partoo.co/v2', fetch: stubFetch })
const partoo = createPartoo({ apiKey, fetch: stubFetch })
const callers = {
  'raw fetch(url, init)': async () => {
    const response = await stubFetch(url, {
      method: 'PUT',
      headers: { ...jsonHeaders, 'x-APIKey': apiKey },
      body: JSON.stringify(update),
    })
    return response.json()
  },
  'openapi-fetch PUT': () =>
    client.PUT('/api_keys/{key_id}', {
      params: { path: { key_id: 3245 } },
      body: update,
      headers: { 'x-APIKey': apiKey },
    }),
  'keyshift updateApiKey': () =>
    partoo.updateApiKey({ keyId: 3245, name: 'CI deploy', description: 'Deploys from CI' }),
}

async function timePerCall(call, iterations) {
  const started = process.hrtime.bigint()
  for (let index = 0; index < iterations; index++) await call()
  return Number(process.hrtime.bigint() - started) / iterations / 1000
}

const cpu = {}
for (const call of Object.values(callers)) await timePerCall(call, 3000) // warm up every path first
for (let round = 0; round < 7; round++) {
  for (const [name, call] of Object.entries(callers)) {
    cpu[name] ??= []
    cpu[name].push(await timePerCall(call, 4000))
  }
}
const cpuMedian = Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, median(values)]))
table(
  'Per-call CPU, stub fetch (median of 7 rounds × 4 000 calls)',
  ['client', 'µs/call', '× raw fetch', '× openapi-fetch'],
  Object.entries(cpuMedian).map(([name, value]) => [
    name,
    fmt(value),
    fmt(value / cpuMedian['raw fetch(url, init)']),
    fmt(value / cpuMedian['openapi-fetch PUT']),
  ]),
)

// ---- 3. loopback throughput: node:http on 127.0.0.1, 4 000 requests ----
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => response.writeHead(200, jsonHeaders).end(responseBody))
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}/v2`
const loopClient = createClient({ baseUrl: base })
const loopPartoo = createPartoo({ apiKey, baseUrl: base })
const loopCallers = {
  'raw fetch(url, init)': async () => {
    const response = await fetch(`${base}/api_keys/3245`, {
      method: 'PUT',
      headers: { ...jsonHeaders, 'x-APIKey': apiKey },
      body: JSON.stringify(update),
    })
    return response.json()
  },
  'openapi-fetch PUT': () =>
    loopClient.PUT('/api_keys/{key_id}', {
      params: { path: { key_id: 3245 } },
      body: update,
      headers: { 'x-APIKey': apiKey },
    }),
  'keyshift updateApiKey': () =>
    loopPartoo.updateApiKey({ keyId: 3245, name: 'CI deploy', description: 'Deploys from CI' }),
}

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
for (const concurrency of [1, 16, 64]) {
  const results = {}
  for (const call of Object.values(loopCallers)) await throughput(call, 500, concurrency) // warm up
  for (let round = 0; round < 3; round++) {
    for (const [name, call] of Object.entries(loopCallers)) {
      results[name] ??= []
      results[name].push(await throughput(call, 4000, concurrency))
    }
  }
  const best = Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)]))
  for (const [name, value] of Object.entries(best)) {
    loopRows.push([
      concurrency,
      name,
      Math.round(value),
      fmt(value / best['raw fetch(url, init)']),
      fmt(value / best['openapi-fetch PUT']),
    ])
  }
}
server.closeAllConnections()
server.close()
table(
  'Loopback throughput, 4 000 requests (median of 3)',
  ['concurrency', 'client', 'req/s', '× raw fetch', '× openapi-fetch'],
  loopRows,
)

// ---- 4. cold import ----
// The commands take turns, round after round, so that a machine that slows down or speeds up during the
// measurement shifts them all alike instead of skewing one.
const dist = (file) => JSON.stringify(`${root}dist/${file}`)
const coldCommands = {
  'node -e 0': ['-e', '0'],
  "import('openapi-fetch')": ['--input-type=module', '-e', "await import('openapi-fetch')"],
  "import('keyshift')": ['--input-type=module', '-e', `await import(${dist('index.js')})`],
  // zod and openapi-fetch load on a provider's first call: the next two rows show where that cost went. A first
  // `Response` loads Node's fetch implementation (undici), so the raw row is the fair baseline for the last one.
  'raw: first stub fetch + json()': [
    '--input-type=module',
    '-e',
    `await new Response(${JSON.stringify(responseBody)}, { headers: ${JSON.stringify(jsonHeaders)} }).json()`,
  ],
  "import('keyshift') + first call": [
    '--input-type=module',
    '-e',
    `const { createPartoo } = await import(${dist('index.js')})
     const fetch = async () => new Response(${JSON.stringify(responseBody)}, { headers: ${JSON.stringify(jsonHeaders)} })
     await createPartoo({ apiKey: 'bench', fetch }).updateApiKey({ keyId: 3245, name: 'CI deploy' })`,
  ],
}
const coldRuns = {}
for (let round = 0; round < 15; round++) {
  for (const [name, args] of Object.entries(coldCommands)) {
    const started = performance.now()
    execFileSync(process.execPath, args, { cwd: root })
    coldRuns[name] ??= []
    coldRuns[name].push(performance.now() - started)
  }
}
const cold = Object.fromEntries(Object.entries(coldRuns).map(([name, runs]) => [name, median(runs)]))
table(
  'Cold start (median of 15 processes each, interleaved)',
  ['command', 'ms', 'above bare node'],
  Object.entries(cold).map(([name, ms]) => [
    name,
    fmt(ms, 1),
    name === 'node -e 0' ? '—' : fmt(ms - cold['node -e 0'], 1),
  ]),
)
console.log(
  '\nBudgets: partoo bundle ≤ 10 kB, all four ≤ 12 kB; CPU ≤ 1.10 × openapi-fetch (≤ 1.25 × raw target);',
)
console.log('throughput ≥ 0.95 × openapi-fetch; cold import ≤ 25 ms above bare node.')
