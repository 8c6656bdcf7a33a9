// A loopback server shaped like a vendor's key endpoints (Partoo, PulseCRM or Plumaa, which has no read), for bulk runs: a token bucket that
// answers 429 + Retry-After past its limit, a latency per request, a store of keys, and a log of every write.
// Plain JavaScript so that both the bench (plain Node) and the tests (vitest) use the same server.
import { createServer } from 'node:http'

/**
 * @param {{
 *   shape: 'partoo' | 'pulsecrm' | 'plumaa',
 *   requestsPerSecond?: number,
 *   burst?: number,
 *   latencyMs?: [number, number],
 *   keys?: number,
 *   failWrite?: (write: { id: string, body: Record<string, unknown>, index: number }) => number | undefined,
 * }} options `failWrite` answers a write with that status instead of applying it (`index` counts writes from 0).
 */
export async function startVendorServer(options) {
  const { shape, requestsPerSecond = Number.POSITIVE_INFINITY, latencyMs = [0, 0], keys = 0 } = options
  const burst = options.burst ?? Math.max(1, Math.ceil(requestsPerSecond / 10))
  const stats = {
    requests: 0,
    rateLimited: 0,
    reads: 0,
    writes: 0,
    logins: 0,
    bytesOut: 0,
    firstAt: 0,
    lastOkAt: 0,
  }
  /** Every write the server applied, in order: `{ id, body }`. */
  const writes = []
  /** @type {Map<string, Record<string, unknown>>} */
  const store = new Map()
  for (let index = 1; index <= keys; index++) {
    const key = initialKey(shape, index)
    store.set(String(key.id), key)
  }

  let attempts = 0
  let tokens = burst
  let refilledAt = performance.now()
  function takeToken() {
    if (!Number.isFinite(requestsPerSecond)) return 0
    const now = performance.now()
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * requestsPerSecond)
    refilledAt = now
    if (tokens >= 1) {
      tokens -= 1
      return 0
    }
    return (1 - tokens) / requestsPerSecond
  }

  const server = createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      stats.requests++
      stats.firstAt ||= performance.now()
      const waitSeconds = takeToken()
      const [low, high] = latencyMs
      setTimeout(
        () => {
          if (waitSeconds > 0) {
            stats.rateLimited++
            return send(
              response,
              429,
              { error: 'Too Many Requests' },
              { 'retry-after': String(Math.ceil(waitSeconds)) },
            )
          }
          const answer = handle(
            request.method ?? 'GET',
            request.url ?? '/',
            Buffer.concat(chunks).toString('utf8'),
          )
          if (answer.status < 300) stats.lastOkAt = performance.now()
          send(response, answer.status, answer.body)
        },
        low + Math.random() * (high - low),
      )
    })
  })

  function send(response, status, body, headers = {}) {
    const text = JSON.stringify(body)
    stats.bytesOut += Buffer.byteLength(text)
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    })
    response.end(text)
  }

  function handle(method, url, bodyText) {
    const path = url.split('?')[0]
    if (shape === 'partoo') {
      const match = /^\/v2\/api_keys\/(\d+)$/.exec(path)
      if (!match) return { status: 404, body: { errors: { json: 'Resource not found' } } }
      const id = match[1]
      const current = store.get(id) ?? initialKey(shape, Number(id))
      if (method === 'GET') {
        stats.reads++
        return { status: 200, body: current }
      }
      const body = JSON.parse(bodyText || '{}')
      const failed = options.failWrite?.({ id, body, index: attempts++ })
      if (failed) return { status: failed, body: { errors: { json: 'Scripted failure' } } }
      stats.writes++
      writes.push({ id, body })
      const updated = { ...current, ...body }
      store.set(id, updated)
      return { status: 200, body: updated }
    }
    if (shape === 'plumaa') {
      if (path !== '/rest/v1/api-key' || method !== 'PUT')
        return { status: 404, body: { errors: [{ message: 'Not found' }] } }
      const { input } = JSON.parse(bodyText || '{}')
      const current = store.get(input.id) ?? initialKey(shape, input.id)
      stats.writes++
      writes.push({ id: input.id, body: input })
      const updated = { ...current, ...input }
      store.set(input.id, updated)
      return { status: 200, body: updated }
    }
    if (path === '/api/auth/login') {
      stats.logins++
      return { status: 200, body: { token: 'bulk-session', primaryAccount: { accountId: 'acct_primary' } } }
    }
    if (path === '/api/apikeys' && method === 'GET') {
      stats.reads++
      return { status: 200, body: { apiKeys: [...store.values()] } }
    }
    const match = /^\/api\/apikeys\/([^/]+)$/.exec(path)
    if (!match || method !== 'PATCH') return { status: 404, body: { error: 'Not Found' } }
    const id = decodeURIComponent(match[1])
    const current = store.get(id)
    if (!current) return { status: 404, body: { error: 'API key not found' } }
    const body = JSON.parse(bodyText || '{}')
    stats.writes++
    writes.push({ id, body })
    store.set(id, { ...current, ...body })
    return { status: 200, body: { success: true } }
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  return {
    baseUrl: { partoo: `${origin}/v2`, pulsecrm: `${origin}/api`, plumaa: `${origin}/rest/v1` }[shape],
    stats,
    writes,
    store,
    /** Successful requests per second, from the first request to the last success. */
    achievedRate() {
      const okRequests = stats.requests - stats.rateLimited
      const seconds = (stats.lastOkAt - stats.firstAt) / 1000
      return seconds > 0 ? okRequests / seconds : 0
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

function initialKey(shape, index) {
  if (shape === 'plumaa') {
    const id = typeof index === 'number' ? index.toString(16).padStart(24, '0') : index
    return {
      id,
      name: `key ${id}`,
      enabled: true,
      secret: `plm_secret_${id}`,
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
    }
  }
  if (shape === 'partoo') {
    return {
      id: index,
      label: `key ${index}`,
      description: 'seeded',
      disabled: false,
      expiration_date: null,
      ip_whitelist: [],
      has_restricted_permissions: false,
      permissions: [],
      created_at: '2019-08-22 11:46:38.914467+00',
    }
  }
  // About 250 bytes a key, as the accounts measured in issue #18 (10 000 keys ≈ 2.5 MB).
  return {
    id: String(index),
    apiKey: `apiKey-${String(index).padStart(8, '0')}-0123456789abcdef0123456789abcdef`,
    description: `Integration key ${index} for the reporting pipeline`,
    flatPermissionsList: ['readApplications', 'readMerchants', 'writeApplications'],
    expiresAt: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  }
}
