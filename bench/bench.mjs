// npm run bench — keyshift against fair anchors measured side by side in one run, on the built package as Node
// resolves it: raw fetch and a hand-written client with the same fetch options, openapi-fetch and ky. Prints sizes,
// per-call CPU (stubs with and without content-length; every provider against openapi-fetch), loopback throughput,
// cold start, a consumer's type-check cost, and issue #14's targets with ✓/✗. A benchmark, not a test: timings vary with the machine, so nothing here fails a build.
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ky from 'ky'
import createClient from 'openapi-fetch'
import { measureAll } from './bundle-sizes.mjs'

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
  ['bundle', 'min kB', 'gzip kB', 'issue target kB', '× floor'],
  sizes.map((row) => [
    row.name,
    fmt(row.minified / 1024, 1),
    fmt(row.gzipped / 1024),
    row.target ? row.target / 1024 : '—',
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

// ---- 2b. per-call CPU for every provider: keyshift against openapi-fetch making the same request with the same
// generated types, each stub answering that provider's documented response with a content-length.
const { createPulseCrm } = await import('keyshift/pulsecrm')
const { createTheAuthApi } = await import('keyshift/theauthapi')
const { createPlumaa } = await import('keyshift/plumaa')
const jsonStub = (value) => {
  const text = JSON.stringify(value)
  const length = String(Buffer.byteLength(text))
  return async () =>
    new Response(text, { status: 200, headers: { ...jsonHeaders, 'content-length': length } })
}
const pulseKey = {
  id: 'key_01',
  apiKey: 'apiKey-7f3a',
  description: 'CI deploy',
  flatPermissionsList: ['readApplications'],
  expiresAt: null,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
}
const authKey = {
  key: 'live_bench-key-value',
  name: 'CI deploy',
  customMetaData: { tier: 'gold' },
  customAccountId: 'acct_1',
  customUserId: null,
  env: 'live',
  createdAt: '2022-08-23T14:34:05.330Z',
  updatedAt: '2022-08-23T18:03:26.387Z',
  isActive: true,
  expiresAt: '2027-06-30T00:00:00.000Z',
  rateLimitConfigs: { rateLimit: 200, rateLimitTtl: 60 },
}
const plumaaKey = {
  id: '5e5677d71bdc2ae76344968c',
  enabled: false,
  name: 'CI deploy',
  secret: 'plm_sk_bench-secret',
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-02-01T00:00:00Z',
}
// Partoo's pair is the one the tables above measure.
const partooCallers = callersFor(stubs['with content-length'], 'https://api.partoo.co/v2')
const everyProvider = {
  partoo: {
    keyshift: () => partooCallers['keyshift updateApiKey'],
    openapiFetch: () => partooCallers['openapi-fetch PUT'],
  },
  pulsecrm: {
    keyshift: () => {
      const client = createPulseCrm({
        baseUrl: 'https://crm.example.com/api',
        token: apiKey,
        fetch: jsonStub(pulseKey),
      })
      return () =>
        client.updateApiKey({ keyId: 'key_01', description: 'CI deploy', permissions: ['readApplications'] })
    },
    openapiFetch: () => {
      const client = createClient({ baseUrl: 'https://crm.example.com/api', fetch: jsonStub(pulseKey) })
      return () =>
        client.PATCH('/apikeys/{id}', {
          params: { path: { id: 'key_01' } },
          headers: { authorization: `Bearer ${apiKey}` },
          body: { description: 'CI deploy', flatPermissionsList: ['readApplications'] },
          redirect: 'manual',
        })
    },
  },
  theauthapi: {
    keyshift: () => {
      const client = createTheAuthApi({ accessKey: apiKey, fetch: jsonStub(authKey) })
      return () => client.updateApiKey({ keyId: authKey.key, name: 'CI deploy' })
    },
    openapiFetch: () => {
      const client = createClient({ baseUrl: 'https://api.theauthapi.com', fetch: jsonStub(authKey) })
      return () =>
        client.PATCH('/api-keys/{key}', {
          params: { path: { key: authKey.key } },
          headers: { 'x-api-key': apiKey },
          body: { name: 'CI deploy' },
          redirect: 'manual',
        })
    },
  },
  plumaa: {
    keyshift: () => {
      const client = createPlumaa({ apiKey, fetch: jsonStub(plumaaKey) })
      return () => client.updateApiKey({ keyId: plumaaKey.id, enabled: false })
    },
    openapiFetch: () => {
      const client = createClient({ baseUrl: 'https://api.plumaa.id/rest/v1', fetch: jsonStub(plumaaKey) })
      const input = { id: plumaaKey.id, enabled: false }
      return () =>
        client.PUT('/api-key', {
          params: { query: { input: JSON.stringify(input) } },
          headers: { authorization: `Bearer ${apiKey}` },
          body: { input },
          redirect: 'manual',
        })
    },
  },
}
const providerCpu = {}
for (const [provider, anchors] of Object.entries(everyProvider)) {
  const keyshiftCall = anchors.keyshift()
  const openapiFetchCall = anchors.openapiFetch()
  await timePerCall(keyshiftCall, 3000)
  await timePerCall(openapiFetchCall, 3000)
  const rounds = []
  for (let round = 0; round < 9; round++) {
    const anchor = await timePerCall(openapiFetchCall, 2000)
    const ours = await timePerCall(keyshiftCall, 2000)
    rounds.push({ anchor, ours, ratio: ours / anchor })
  }
  providerCpu[provider] = {
    ours: median(rounds.map((round) => round.ours)),
    anchor: median(rounds.map((round) => round.anchor)),
    ratio: median(rounds.map((round) => round.ratio)),
    min: Math.min(...rounds.map((round) => round.ratio)),
    max: Math.max(...rounds.map((round) => round.ratio)),
  }
}
table(
  'Per-call CPU, every provider, stub with content-length (9 interleaved rounds × 2 000 calls; median of per-round ratios)',
  ['provider', 'keyshift µs', 'openapi-fetch µs', '× openapi-fetch', 'min–max ×'],
  Object.entries(providerCpu).map(([provider, row]) => [
    provider,
    fmt(row.ours),
    fmt(row.anchor),
    fmt(row.ratio),
    `${fmt(row.min)}–${fmt(row.max)}`,
  ]),
)
const worstCpu = Object.entries(providerCpu).sort((a, b) => b[1].ratio - a[1].ratio)[0]

// ---- 3. loopback throughput: node:http on 127.0.0.1 ----
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
// Rounds take turns, and each client is compared with the anchors *within* a round (median of per-round ratios),
// so that this VM's drift between rounds does not decide a ratio.
const perRound = (rounds, name, anchor) => median(rounds.map((round) => round[name] / round[anchor]))
for (const concurrency of [1, 16, 64]) {
  const rounds = []
  for (const call of Object.values(loopCallers)) await throughput(call, 500, concurrency) // warm up
  for (let round = 0; round < 5; round++) {
    const results = {}
    for (const [name, call] of Object.entries(loopCallers))
      results[name] = await throughput(call, 2000, concurrency)
    rounds.push(results)
  }
  loopRatios[concurrency] = perRound(rounds, 'keyshift updateApiKey', 'hand-written client (30 lines)')
  for (const name of Object.keys(loopCallers)) {
    loopRows.push([
      concurrency,
      name,
      Math.round(median(rounds.map((round) => round[name]))),
      fmt(perRound(rounds, name, 'hand-written client (30 lines)')),
      fmt(perRound(rounds, name, 'openapi-fetch PUT')),
    ])
  }
}
server.closeAllConnections()
server.close()
table(
  'Loopback throughput, 5 interleaved rounds × 2 000 requests (median req/s; median of per-round ratios)',
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
const coldRounds = 21
for (let round = 0; round < coldRounds; round++) {
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
// Differences within a round (same machine state), then their median.
const coldAbove = (name, anchor) => median(coldRuns[name].map((ms, round) => ms - coldRuns[anchor][round]))
const firstCallOverRaw = coldAbove("keyshift: import('keyshift') + first call", 'raw first fetch + json()')
table(
  `Cold start (${coldRounds} processes each, interleaved; Node resolves keyshift to its bundled build; differences are medians of per-round differences)`,
  ['command', 'median ms', 'min–max ms', 'above bare node', 'above raw first fetch'],
  Object.entries(cold).map(([name, ms]) => [
    name,
    fmt(ms, 1),
    `${fmt(Math.min(...coldRuns[name]), 0)}–${fmt(Math.max(...coldRuns[name]), 0)}`,
    name === 'node -e 0' ? '—' : fmt(coldAbove(name, 'node -e 0'), 1),
    name.includes('first') && !name.startsWith('raw')
      ? fmt(coldAbove(name, 'raw first fetch + json()'), 1)
      : '—',
  ]),
)

// ---- 4b. type-check cost for a consumer: one update on each provider through keyshift, and the same four
// requests through openapi-fetch with the generated types (bench/typecheck/*.ts), each checked by tsc as an app
// would (strict, NodeNext, skipLibCheck) in its own project. Instantiations are deterministic; check time is not.
const typeCheckProject = (consumer) => {
  const project = join(root, `node_modules/.cache/bench-typecheck-${consumer}`)
  mkdirSync(project, { recursive: true })
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      files: [join(root, `bench/typecheck/${consumer}.ts`)],
    }),
  )
  return project
}
const checkConsumer = (project) => {
  const output = execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', project, '--extendedDiagnostics'], {
    encoding: 'utf8',
  })
  return {
    instantiations: Number(output.match(/Instantiations:\s+(\d+)/)[1]),
    types: Number(output.match(/Types:\s+(\d+)/)[1]),
    checkSeconds: Number(output.match(/Check time:\s+([\d.]+)s/)[1]),
  }
}
const consumers = {
  keyshift: typeCheckProject('keyshift'),
  'openapi-fetch': typeCheckProject('openapi-fetch'),
}
const typeRounds = []
for (let round = 0; round < 5; round++) {
  typeRounds.push(
    Object.fromEntries(Object.entries(consumers).map(([name, project]) => [name, checkConsumer(project)])),
  )
}
const typeCheck = Object.fromEntries(
  Object.keys(consumers).map((name) => [
    name,
    { ...typeRounds[0][name], checkSeconds: median(typeRounds.map((round) => round[name].checkSeconds)) },
  ]),
)
// Instantiations do not vary; check time is compared within each round.
const typeRatio = (field) =>
  median(typeRounds.map((round) => round.keyshift[field] / round['openapi-fetch'][field]))
table(
  'Type-check cost for a consumer of all four providers (tsc --extendedDiagnostics, 5 interleaved rounds, median check time)',
  ['consumer', 'instantiations', 'types', 'check time s'],
  Object.entries(typeCheck).map(([consumer, row]) => [
    consumer === 'keyshift' ? 'keyshift updateApiKey ×4' : 'openapi-fetch + generated types ×4',
    row.instantiations,
    row.types,
    fmt(row.checkSeconds),
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
    `CPU per call vs openapi-fetch, every provider (worst: ${worstCpu[0]})`,
    `${fmt(worstCpu[1].ratio)} ×`,
    '≤ 1.00 ×',
    worstCpu[1].ratio <= 1,
  ],
  ...[1, 16, 64].map((concurrency) => [
    `loopback c=${concurrency} vs hand-written client`,
    `${fmt(loopRatios[concurrency])} ×`,
    '≥ 0.90 ×',
    loopRatios[concurrency] >= 0.9,
  ]),
  [
    'type-check instantiations vs openapi-fetch',
    `${fmt(typeRatio('instantiations'))} ×`,
    '≤ 0.20 ×',
    typeRatio('instantiations') <= 0.2,
  ],
  [
    'type-check time vs openapi-fetch',
    `${fmt(typeRatio('checkSeconds'))} ×`,
    '≤ 0.50 ×',
    typeRatio('checkSeconds') <= 0.5,
  ],
  [
    'import + first call vs raw first fetch',
    `+${fmt(firstCallOverRaw, 1)} ms`,
    '≤ +30 ms',
    firstCallOverRaw <= 30,
  ],
]
table(
  'Targets (issue #14), this run',
  ['measure', 'keyshift', 'target', 'met'],
  targets.map(([measure, value, target, met]) => [measure, value, target, met ? '✓' : '✗']),
)
