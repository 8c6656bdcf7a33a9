/** The package in an edge runtime (@edge-runtime/vm: no Node APIs, web-standard globals only). */
import { EdgeVM } from '@edge-runtime/vm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bundleForRuntime } from './helpers/bundle'
import { startMockHttpServer } from './helpers/mock-http-server'
import { scenarioKeys } from './runtime/scenario'

let server: Awaited<ReturnType<typeof startMockHttpServer>>
beforeAll(async () => {
  server = await startMockHttpServer()
})
afterAll(() => server.close())

it('updateApiKey works for all four providers in an edge VM', async () => {
  server.mock.seed('partoo', [{ id: scenarioKeys.partoo }])
  server.mock.seed('pulsecrm', [{ id: scenarioKeys.pulsecrm }])
  server.mock.seed('theauthapi', [{ key: scenarioKeys.theauthapi }])
  server.mock.seed('plumaa', [{ id: scenarioKeys.plumaa }])
  const code = await bundleForRuntime(new URL('./runtime/scenario.ts', import.meta.url).pathname, 'neutral')
  const vm = new EdgeVM()
  expect(vm.evaluate('typeof process')).toBe('undefined')
  vm.evaluate(code)
  const results = await vm.evaluate(`runScenario(${JSON.stringify(server.baseUrls)})`)
  expect(JSON.parse(JSON.stringify(results))).toEqual([
    { provider: 'partoo', name: 'from a runtime', description: '', enabled: true },
    { provider: 'pulsecrm', description: 'from a runtime' },
    { provider: 'theauthapi', name: 'from a runtime', enabled: true },
    { provider: 'plumaa', name: 'from a runtime', enabled: false },
  ])
  expect(server.mock.calls.map((call) => `${call.provider} ${call.status}`)).toEqual([
    'partoo 200',
    'pulsecrm 200',
    'pulsecrm 200',
    'pulsecrm 200',
    'theauthapi 200',
    'plumaa 200',
  ])
})
