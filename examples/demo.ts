/**
 * `npm run demo`: keyshift against the embedded mock providers (keyshift/msw), in-process — no credentials, no
 * network. Updates one key on each provider, shows a rejected unsupported field and a retried 503, and prints
 * each key before → after.
 */
import { setupServer } from 'msw/node'
import {
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  type ProviderId,
  UnsupportedFieldError,
  updateApiKey,
} from '../src'
import { createMockProviders, pulseCrmMockBaseUrl } from '../src/msw'

const mock = createMockProviders()
const server = setupServer(...mock.handlers)
server.listen({ onUnhandledRequest: 'error' })

const plumaaKeyId = '64b7f0c2a1d3e4f5a6b7c8d9'
const theAuthApiKeyValue = 'live_demo_9f8e7d6c5b4a'
mock.seed('partoo', [{ id: 3245, label: 'legacy integration', ip_whitelist: [], expiration_date: null }])
mock.seed('pulsecrm', [{ id: 'key_7', description: 'reporting', flatPermissionsList: ['readApplications'] }])
mock.seed('theauthapi', [{ key: theAuthApiKeyValue, name: 'mobile app', expiresAt: null }])
mock.seed('plumaa', [{ id: plumaaKeyId, name: 'signer', enabled: true }])

const onRetry = (event: { provider: string; reason: unknown; delayMs: number; attempt: number }) =>
  console.log(
    `  ↻ ${event.provider}: attempt ${event.attempt} got ${event.reason}, retrying in ${Math.round(event.delayMs)} ms`,
  )

const partoo = createPartoo({ apiKey: 'demo-partoo-key', onRetry })
const pulseCrm = createPulseCrm({
  baseUrl: pulseCrmMockBaseUrl,
  email: 'admin@example.com',
  password: 'demo-password',
  onRetry,
})
const theAuthApi = createTheAuthApi({ accessKey: 'demo-access-key', onRetry })
const plumaa = createPlumaa({ apiKey: 'demo-plumaa-key', onRetry })

/** The fields worth showing, read from the mock's store (the provider's own view of the key). */
function snapshot(provider: ProviderId): Record<string, unknown> {
  const stored = mock.keys(provider)[0] as Record<string, unknown>
  const fields: Record<ProviderId, string[]> = {
    partoo: ['label', 'expiration_date', 'ip_whitelist', 'has_restricted_permissions', 'permissions'],
    pulsecrm: ['description', 'flatPermissionsList', 'expiresAt'],
    theauthapi: ['name', 'expiresAt', 'rateLimitConfigs'],
    plumaa: ['name', 'enabled'],
  }
  return Object.fromEntries(fields[provider].map((field) => [field, stored[field]]))
}

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value))
const nextMonth = new Date(Date.now() + 30 * 86_400_000)
  .toISOString()
  .slice(0, 10) as `${number}-${number}-${number}`

async function main() {
  const providers: ProviderId[] = ['partoo', 'pulsecrm', 'theauthapi', 'plumaa']
  const before = Object.fromEntries(providers.map((provider) => [provider, snapshot(provider)]))

  console.log('keyshift demo — against the embedded mock providers (no network)\n')
  console.log('1. An unsupported field is refused before anything is sent:')
  const loose: Record<string, unknown> = { provider: partoo, keyId: 3245, enabled: false }
  try {
    await updateApiKey(loose as never)
  } catch (error) {
    if (!(error instanceof UnsupportedFieldError)) throw error
    console.log(`  ✗ ${error.name}: ${error.message}  (requests sent: ${mock.calls.length})\n`)
  }

  console.log('2. One update per provider (The Auth API answers 503 once first):')
  mock.fail('theauthapi', { status: 503, times: 1 })
  const results = [
    await updateApiKey({
      provider: partoo,
      keyId: 3245,
      name: 'CI deploy',
      expiresAt: nextMonth,
      permissions: ['business_edit'],
      ipAllowlist: ['203.0.113.0/24'],
    }),
    await updateApiKey({ provider: pulseCrm, keyId: 'key_7', expiresAt: `${nextMonth}T00:00:00Z` }),
    await updateApiKey({
      provider: theAuthApi,
      keyId: theAuthApiKeyValue,
      name: 'mobile app (rotating)',
      expiresAt: nextMonth,
      rateLimit: { limit: 100, windowSeconds: 60 },
    }),
    await updateApiKey({ provider: plumaa, keyId: plumaaKeyId, name: 'signer (paused)', enabled: false }),
  ]
  for (const key of results) {
    console.log(
      `  ✓ ${key.provider.padEnd(10)} ${key.id}${key.readBeforeWrite ? '  (read the key first: the provider requires unchanged fields)' : ''}`,
    )
  }

  console.log('\n3. Before → after, as each provider now stores the key:\n')
  const header = ['provider', 'field', 'before', 'after']
  const rows: string[][] = [header]
  for (const provider of providers) {
    const after = snapshot(provider)
    for (const [field, value] of Object.entries(after)) {
      const previous = before[provider]?.[field]
      if (JSON.stringify(previous) !== JSON.stringify(value))
        rows.push([provider, field, show(previous), show(value)])
    }
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  for (const [index, row] of rows.entries()) {
    console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  │  ')}`)
    if (index === 0) console.log(`  ${widths.map((width) => '─'.repeat(width)).join('──┼──')}`)
  }
  const statuses = mock.calls.map((call) => `${call.provider} ${call.method} ${call.status}`)
  console.log(`\n${mock.calls.length} requests reached the mocks: ${statuses.join(', ')}`)
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => server.close())
