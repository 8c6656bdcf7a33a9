/**
 * Which Chromium the browser tests launch: the system's (`CHROMIUM_PATH`, or Debian's /usr/bin/chromium) when
 * there is one, else the one shipped inside the npm package @sparticuz/chromium, unpacked on first use (~2 s). So
 * `npm ci && npm test` needs nothing but Node on Linux x64; a browser is never downloaded at run time.
 */
import { existsSync } from 'node:fs'

// Flags for a machine with no network: no background connections, no first-run work.
const quiet = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

// @sparticuz/chromium's own flags, minus those that would make the tests unable to fail or fight playwright:
// --disable-web-security and --allow-running-insecure-content turn CORS off (the cross-origin test would pass
// for nothing); --single-process breaks service workers; playwright sets --headless itself.
const dropped = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
  "--headless='shell'",
  '--headless=shell',
])

export async function chromiumToLaunch(): Promise<{
  executablePath: string
  args: string[]
  source: string
}> {
  const system = process.env.KEYSHIFT_BUNDLED_CHROMIUM
    ? undefined
    : (process.env.CHROMIUM_PATH ??
      ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)))
  if (system) return { executablePath: system, args: quiet, source: system }
  const { default: bundled } = await import('@sparticuz/chromium')
  const executablePath = await bundled.executablePath()
  const args = [...bundled.args.filter((arg) => !dropped.has(arg)), ...quiet]
  return { executablePath, args, source: '@sparticuz/chromium' }
}
