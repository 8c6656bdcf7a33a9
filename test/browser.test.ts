/**
 * The package in real headless Chromium (the system's, else @sparticuz/chromium's; driven by playwright-core):
 * a page on one loopback origin calls the mock providers on another, through CORS — but Partoo, which refuses
 * browser origins as the real one does.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bundleForRuntime } from './helpers/bundle'
import { chromiumToLaunch } from './helpers/chromium'
import { startMockHttpServer } from './helpers/mock-http-server'
import { scenarioKeys } from './runtime/scenario'

let api: Awaited<ReturnType<typeof startMockHttpServer>>
let page: Server
let pageOrigin: string
let browser: Browser

beforeAll(async () => {
  const launch = await chromiumToLaunch()
  api = await startMockHttpServer()
  const files: Record<string, string> = {
    '/scenario.js': await bundleForRuntime(new URL('./runtime/scenario.ts', import.meta.url).pathname),
    '/worker-scenario.js': await bundleForRuntime(
      new URL('./runtime/worker-scenario.ts', import.meta.url).pathname,
    ),
    '/mockServiceWorker.js': await readFile(
      new URL('../node_modules/msw/lib/mockServiceWorker.js', import.meta.url),
      'utf8',
    ),
  }
  page = createServer((request, response) => {
    const file = files[request.url ?? '']
    if (file !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(file)
      return
    }
    // `/` runs the scenario against the loopback API; `/worker` against msw's service worker.
    const script = request.url === '/worker' ? '/worker-scenario.js' : '/scenario.js'
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><script src="${script}"></script>`)
  })
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve))
  pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: launch.executablePath,
    headless: true,
    args: launch.args,
  })
}, 60_000)

afterAll(async () => {
  // Each step only if beforeAll got that far: a missing browser must fail with its own message, not a hang here.
  await browser?.close()
  if (page) {
    page.closeAllConnections()
    await new Promise((resolve) => page.close(resolve))
  }
  await api?.close()
})

it('updateApiKey works for all four providers in headless Chromium, across origins', async () => {
  api.mock.seed('partoo', [{ id: scenarioKeys.partoo }])
  api.mock.seed('pulsecrm', [{ id: scenarioKeys.pulsecrm }])
  api.mock.seed('theauthapi', [{ key: scenarioKeys.theauthapi }])
  api.mock.seed('plumaa', [{ id: scenarioKeys.plumaa }])
  const tab = await browser.newPage()
  const errors: string[] = []
  tab.on('pageerror', (error) => errors.push(error.message))
  await tab.goto(pageOrigin)
  const results = await tab.evaluate(
    (baseUrls) =>
      (globalThis as unknown as { runScenario: (urls: unknown) => Promise<unknown> }).runScenario(baseUrls),
    api.baseUrls,
  )
  expect(errors).toEqual([])
  expect(await tab.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
  // Partoo refuses browser origins (no CORS headers, as its mock here): the error says so, the others work.
  expect(results).toEqual([
    { provider: 'partoo', error: 'ConnectionError', saysCors: false },
    { provider: 'pulsecrm', description: 'from a runtime' },
    { provider: 'theauthapi', name: 'from a runtime', enabled: true },
    { provider: 'plumaa', name: 'from a runtime', enabled: false },
  ])
  expect(api.mock.keys('plumaa')[0]).toMatchObject({ enabled: false })
  expect(api.mock.keys('partoo')[0]).toMatchObject({ label: 'Key 3245' })
}, 60_000)

it('keyshift/msw answers from a service worker (setupWorker): all four providers on their own URLs', async () => {
  const tab = await browser.newPage()
  const errors: string[] = []
  tab.on('pageerror', (error) => errors.push(error.message))
  await tab.goto(`${pageOrigin}/worker`)
  const outcome = await tab.evaluate(() =>
    (globalThis as unknown as { runWorkerScenario: () => Promise<unknown> }).runWorkerScenario(),
  )
  expect(errors).toEqual([])
  // Toward Partoo's own host, the page sees what production shows ("Failed to fetch": Partoo refuses CORS), and
  // keyshift's error says why.
  expect(outcome).toEqual({
    results: [
      { provider: 'partoo', error: 'ConnectionError', saysCors: true },
      { provider: 'pulsecrm', description: 'from a runtime' },
      { provider: 'theauthapi', name: 'from a runtime', enabled: true },
      { provider: 'plumaa', name: 'from a runtime', enabled: false },
    ],
    statuses: ['pulsecrm 200', 'pulsecrm 200', 'pulsecrm 200', 'theauthapi 200', 'plumaa 200'],
  })
}, 60_000)
