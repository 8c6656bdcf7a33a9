/**
 * `--mock`: runs against keyshift/msw in-process. msw is an optional peer dependency, loaded only here.
 * Every key the command names is seeded first (with the mock's defaults), and mock credentials are used
 * where the environment has none.
 */
import type { ProviderId } from '../../providers/providers'
import type { ClientFlags } from './clients'
import { UsageError } from './report'

const mockCredentials: Record<string, string> = {
  PARTOO_API_KEY: 'mock-partoo-key',
  PULSECRM_EMAIL: 'admin@example.com',
  PULSECRM_PASSWORD: 'mock-password',
  THEAUTHAPI_ACCESS_KEY: 'mock-access-key',
  PLUMAA_API_KEY: 'mock-plumaa-key',
}

export async function startMock(keys: readonly { provider: ProviderId; keyId: string | number }[]) {
  let modules: [
    typeof import('msw/node'),
    typeof import('../msw'),
    typeof import('../../providers/mock-registry'),
  ]
  try {
    modules = await Promise.all([
      import('msw/node'),
      import('../msw'),
      import('../../providers/mock-registry'),
    ])
  } catch {
    throw new UsageError('--mock needs msw installed next to keyshift: npm install --save-dev msw')
  }
  const [{ setupServer }, { createMockProviders, pulseCrmMockBaseUrl }, { providerMocks }] = modules
  const mock = createMockProviders()
  for (const { provider, keyId } of keys)
    mock.seed(provider, [providerMocks[provider].seedFor(keyId) as never])
  for (const [name, value] of Object.entries(mockCredentials)) process.env[name] ??= value
  const server = setupServer(...mock.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  return {
    flagsFor: (provider: ProviderId): ClientFlags =>
      provider === 'pulsecrm' ? { baseUrl: pulseCrmMockBaseUrl } : {},
    close: () => server.close(),
  }
}
