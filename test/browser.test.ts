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
import { providerDefinitions } from '../providers/providers'
import { bundleForRuntime } from './helpers/bundle'
import { chromiumToLaunch } from './helpers/chromium'
import { startMockHttpServer } from './helpers/mock-http-server'

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

/** What a page gets: every provider updated, but those that refuse browser origins (CORS), whose error says so. */
const expectedInBrowser = (saysCors: boolean) =>
  providerDefinitions.map(({ id, refusesBrowsers }) =>
    refusesBrowsers
      ? { provider: id, updated: false, error: 'ConnectionError', saysCors }
      : { provider: id, updated: true },
  )

it('updateApiKey works for every provider in headless Chromium, across origins (but those refusing CORS)', async () => {
  const tab = await browser.newPage()
  const errors: string[] = []
  tab.on('pageerror', (error) => errors.push(error.message))
  await tab.goto(pageOrigin)
  const outcomes = await tab.evaluate(
    (options) =>
      (globalThis as unknown as { runScenario: (options: unknown) => Promise<unknown> }).runScenario(options),
    api.scenarioOptions,
  )
  expect(errors).toEqual([])
  expect(await tab.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
  // Toward a host of the app's own (here, the mock server stands for a proxy), keyshift cannot tell it is CORS.
  expect(outcomes).toEqual(expectedInBrowser(false))
  for (const { id, refusesBrowsers } of providerDefinitions)
    expect(api.mock.calls.some((call) => call.provider === id && call.status === 200)).toBe(!refusesBrowsers)
}, 60_000)

it('keyshift/msw answers from a service worker (setupWorker): every provider on its own URLs', async () => {
  const tab = await browser.newPage()
  const errors: string[] = []
  tab.on('pageerror', (error) => errors.push(error.message))
  await tab.goto(`${pageOrigin}/worker`)
  const { outcomes, statuses } = (await tab.evaluate(() =>
    (globalThis as unknown as { runWorkerScenario: () => Promise<unknown> }).runWorkerScenario(),
  )) as { outcomes: unknown; statuses: string[] }
  expect(errors).toEqual([])
  // Toward the vendor's own host, as in production: the page sees "Failed to fetch", and keyshift says why.
  expect(outcomes).toEqual(expectedInBrowser(true))
  expect(statuses.every((status) => status.endsWith(' 200'))).toBe(true)
}, 60_000)
