/**
 * A Prism mock server (@stoplight/prism-cli) of one provider's OpenAPI document with its overlay, on loopback: the
 * way the Stainless-generated SDKs test against their spec. Started with `--errors`, so a request the document does
 * not allow (path, parameters, headers, body, security) is answered with a 4xx problem+json instead of a mock answer.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { effectiveSpec } from '../../scripts/openapi.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface PrismServer {
  readonly url: string
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function startPrism(provider: string, timeoutMs = 60_000): Promise<PrismServer> {
  const folder = mkdtempSync(join(tmpdir(), `keyshift-prism-${provider}-`))
  const specPath = join(folder, 'openapi.json')
  writeFileSync(specPath, JSON.stringify(effectiveSpec(join(root, 'providers', provider))))
  const port = await freePort()
  const child: ChildProcess = spawn(
    join(root, 'node_modules/.bin/prism'),
    ['mock', specPath, '--host', '127.0.0.1', '--port', String(port), '--errors'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Prism for ${provider} did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const listen = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Prism is listening')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', listen)
    child.stderr?.on('data', listen)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Prism for ${provider} exited (${code}):\n${output}`))
    })
  })
  child.stdout?.resume()
  child.stderr?.resume()
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit')
        child.once('exit', () => {
          rmSync(folder, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
