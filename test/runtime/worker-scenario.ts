/**
 * keyshift/msw in a real service worker (msw's `setupWorker`): the page calls the vendors' own URLs and the worker
 * answers with the mock providers, each holding its provider's example key. Bundled for the browser by
 * test/browser.test.ts.
 */
import { setupWorker } from 'msw/browser'
import { providerMocks } from '../../generated/mocks'
import { providerDefinitions } from '../../providers/providers'
import { createMockProviders } from '../../src/msw'
import { runScenario } from './scenario'

async function runWorkerScenario() {
  const mock = createMockProviders()
  for (const { id, example } of providerDefinitions)
    mock.seed(id, [providerMocks[id].seedFor(example.keyId) as never])
  const worker = setupWorker(...mock.handlers)
  await worker.start({ quiet: true, onUnhandledRequest: 'error' })
  try {
    const outcomes = await runScenario(
      Object.fromEntries(providerDefinitions.map(({ id }) => [id, { ...providerMocks[id].clientOptions }])),
    )
    return { outcomes, statuses: mock.calls.map((call) => `${call.provider} ${call.status}`) }
  } finally {
    worker.stop()
  }
}

;(globalThis as { runWorkerScenario?: typeof runWorkerScenario }).runWorkerScenario = runWorkerScenario
