/**
 * `npm run demo`: keyshift against the embedded mock providers (keyshift/msw), in-process — no credentials, no
 * network. For every provider keyshift ships, sends the update its docs show (its definition's `example`); shows a
 * rejected unsupported field and a retried 503 first, and prints each key before → after.
 */
import { setupServer } from 'msw/node'
import { providerMocks } from '../generated/mocks'
import { providerDefinitions } from '../providers/providers'
import { type AnyProvider, type ProviderId, UnsupportedFieldError, updateApiKey } from '../src'
import { createMockProviders } from '../src/msw'

const mock = createMockProviders()
const server = setupServer(...mock.handlers)
server.listen({ onUnhandledRequest: 'error' })

const onRetry = (event: { provider: string; reason: unknown; delayMs: number; attempt: number }) =>
  console.log(
    `  ↻ ${event.provider}: attempt ${event.attempt} got ${event.reason}, retrying in ${Math.round(event.delayMs)} ms`,
  )

/** One client per provider, created with the options its mock accepts (credentials, and a host when needed). */
const clients = new Map<ProviderId, AnyProvider>(
  providerDefinitions.map((definition) => {
    const mockOptions = providerMocks[definition.id].clientOptions
    return [definition.id, definition.create({ ...mockOptions, onRetry } as never) as AnyProvider]
  }),
)
for (const definition of providerDefinitions)
  mock.seed(definition.id, [providerMocks[definition.id].seedFor(definition.example.keyId) as never])

/** The key as the provider's mock stores it. */
const snapshot = (provider: ProviderId) => ({ ...(mock.keys(provider)[0] as Record<string, unknown>) })
const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value))

async function main() {
  const before = new Map(providerDefinitions.map((definition) => [definition.id, snapshot(definition.id)]))
  console.log(
    `keyshift demo — ${providerDefinitions.length} providers, against the embedded mocks (no network)\n`,
  )

  const [first] = providerDefinitions
  const unsupported = first && Object.keys(first.unsupportedHints)[0]
  if (first && unsupported) {
    console.log('1. A field the provider cannot take is refused before anything is sent:')
    try {
      await updateApiKey({ ...first.example, provider: clients.get(first.id), [unsupported]: true } as never)
    } catch (error) {
      if (!(error instanceof UnsupportedFieldError)) throw error
      console.log(`  ✗ ${error.name}: ${error.message}  (requests sent: ${mock.calls.length})\n`)
    }
  }

  const retried = providerDefinitions.at(-1)
  console.log(
    `2. The update each provider's docs show${retried ? ` (${retried.name} answers 503 once first)` : ''}:`,
  )
  if (retried) mock.fail(retried.id, { status: 503, times: 1 })
  for (const definition of providerDefinitions) {
    const key = (await updateApiKey({
      ...definition.example,
      provider: clients.get(definition.id),
    } as never)) as {
      provider: string
      id: string
      readBeforeWrite: boolean
    }
    console.log(
      `  ✓ ${key.provider.padEnd(10)} ${key.id}${key.readBeforeWrite ? '  (read the key first: the provider requires unchanged fields)' : ''}`,
    )
  }

  console.log('\n3. Before → after, as each provider now stores the key (timestamps left out):\n')
  const header = ['provider', 'field', 'before', 'after']
  const rows: string[][] = [header]
  for (const definition of providerDefinitions) {
    const previous = before.get(definition.id) ?? {}
    for (const [field, value] of Object.entries(snapshot(definition.id))) {
      if (/updated|_at$|At$/.test(field) && field !== 'expiresAt') continue
      if (JSON.stringify(previous[field]) !== JSON.stringify(value))
        rows.push([definition.id, field, show(previous[field]), show(value)])
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
