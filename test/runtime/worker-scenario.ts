/**
 * keyshift/msw in a real service worker (msw's `setupWorker`): the page calls the vendors' own URLs and the
 * worker answers with the mock providers. Bundled for the browser by test/browser.test.ts.
 */
import { setupWorker } from 'msw/browser'
import { createMockProviders, pulseCrmMockBaseUrl } from '../../src/msw'
import { runScenario, scenarioKeys } from './scenario'

async function runWorkerScenario() {
  const mock = createMockProviders()
  mock.seed('partoo', [{ id: scenarioKeys.partoo }])
  mock.seed('pulsecrm', [{ id: scenarioKeys.pulsecrm }])
  mock.seed('theauthapi', [{ key: scenarioKeys.theauthapi }])
  mock.seed('plumaa', [{ id: scenarioKeys.plumaa }])
  const worker = setupWorker(...mock.handlers)
  await worker.start({ quiet: true, onUnhandledRequest: 'error' })
  try {
    const results = await runScenario({
      partoo: 'https://api.partoo.co/v2',
      pulsecrm: pulseCrmMockBaseUrl,
      theauthapi: 'https://api.theauthapi.com',
      plumaa: 'https://api.plumaa.id/rest/v1',
    })
    return { results, statuses: mock.calls.map((call) => `${call.provider} ${call.status}`) }
  } finally {
    worker.stop()
  }
}

;(globalThis as { runWorkerScenario?: typeof runWorkerScenario }).runWorkerScenario = runWorkerScenario
