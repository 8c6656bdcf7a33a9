/** Spawns the built `keyshift` binary as users run it, with standard input and signals when a test needs them. */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { partooKey } from '../../providers/partoo/partoo-fixtures'

export const cliPath = new URL('../../dist/cli.js', import.meta.url).pathname

export interface CliOutcome {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliRun {
  child: ChildProcess
  /** Resolves once stderr holds a line matching `pattern` `times` times. */
  waitForStderr(pattern: RegExp, times?: number): Promise<void>
  done: Promise<CliOutcome>
}

export function startCli(args: string[], options: { env: Record<string, string>; input?: string }): CliRun {
  if (!existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)')
  const child = spawn(process.execPath, [cliPath, ...args], { env: options.env, stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  const waiters: (() => void)[] = []
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    for (const waiter of [...waiters]) waiter()
  })
  // A command may stop reading standard input early (a plan past its size limit): that is not the test's error.
  child.stdin.on('error', () => undefined)
  child.stdin.end(options.input ?? '')
  const done = new Promise<CliOutcome>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return {
    child,
    done,
    waitForStderr: (pattern, times = 1) =>
      new Promise<void>((resolve) => {
        const check = () => {
          const count = stderr.split('\n').filter((line) => pattern.test(line)).length
          if (count >= times) {
            waiters.splice(waiters.indexOf(check), 1)
            resolve()
          }
        }
        waiters.push(check)
        check()
      }),
  }
}

export function runCli(
  args: string[],
  options: { env: Record<string, string>; input?: string },
): Promise<CliOutcome> {
  return startCli(args, options).done
}

/** A Partoo-shaped loopback server that answers each update after `delayMs`, counting requests per key id. */
export async function startSlowPartoo(delayMs: number) {
  const received = new Map<number, number>()
  const server: Server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      const id = Number(/\/api_keys\/(\d+)$/.exec(request.url ?? '')?.[1])
      received.set(id, (received.get(id) ?? 0) + 1)
      setTimeout(() => {
        response.setHeader('content-type', 'application/json')
        response.end(JSON.stringify({ ...partooKey, id }))
      }, delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
    received,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
