/**
 * The mock providers over real HTTP on 127.0.0.1, for runtimes where msw cannot patch `fetch` (an edge VM, a browser
 * page on another origin): the same server as `keyshift mock-server` (src/cli/mock-server.ts), on a free port.
 */
import { providerIds } from '../../providers/providers'
import { startMockServer } from '../../src/cli/mock-server'
import type { ScenarioOptions } from '../runtime/scenario'

export async function startMockHttpServer() {
  const server = await startMockServer({ port: 0 })
  /** Each provider's client options toward this server: its mock's credentials, and its base URL here. */
  const scenarioOptions: ScenarioOptions = Object.fromEntries(
    providerIds.map((id) => [id, server.clientOptions(id)]),
  )
  return { mock: server.mock, baseUrls: server.baseUrls, scenarioOptions, close: server.close }
}
