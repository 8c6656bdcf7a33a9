/** The package in an edge runtime (@edge-runtime/vm: no Node APIs, web-standard globals only), every provider. */
import { EdgeVM } from '@edge-runtime/vm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { providerDefinitions } from '../providers/providers'
import { bundleForRuntime } from './helpers/bundle'
import { startMockHttpServer } from './helpers/mock-http-server'

let server: Awaited<ReturnType<typeof startMockHttpServer>>
beforeAll(async () => {
  server = await startMockHttpServer()
})
afterAll(() => server.close())

it('updateApiKey works for every provider in an edge VM', async () => {
  const code = await bundleForRuntime(new URL('./runtime/scenario.ts', import.meta.url).pathname, 'neutral')
  const vm = new EdgeVM()
  expect(vm.evaluate('typeof process')).toBe('undefined')
  vm.evaluate(code)
  const outcomes = await vm.evaluate(`runScenario(${JSON.stringify(server.scenarioOptions)})`)
  expect(JSON.parse(JSON.stringify(outcomes))).toEqual(
    providerDefinitions.map(({ id }) => ({ provider: id, updated: true })),
  )
  // Every provider's mock received its update, and answered it with success.
  for (const { id } of providerDefinitions)
    expect(server.mock.calls.filter((call) => call.provider === id).at(-1)?.status).toBe(200)
})
