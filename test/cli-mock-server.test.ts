/**
 * `keyshift mock-server`: the embedded mocks over HTTP. Started as users start it (the built binary), then driven by
 * the SDK, the CLI and the admin route, for every provider in the registry.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definitionOf, type ProviderId, providerIds } from '../providers/providers'
import type { AnyProvider } from '../src'
import { cliPath, startCli } from './helpers/cli'

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }

/** Starts the server and resolves with its JSON announcement once it listens. */
function startServer(args: string[]) {
  const child = spawn(process.execPath, [cliPath, 'mock-server', '--port', '0', '--json', ...args], {
    env,
    stdio: 'pipe',
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const ready = new Promise<{ origin: string; baseUrls: Record<ProviderId, string> }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0] as string))
    })
    child.on('close', (code) => reject(new Error(`mock-server exited (${code}): ${stderr}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return { child, ready, exited, stderr: () => stderr }
}

async function postJson(url: string, body: unknown) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: answer.status, body: await answer.json() }
}

describe('keyshift mock-server', () => {
  let server: ReturnType<typeof startServer>
  let announced: { origin: string; baseUrls: Record<ProviderId, string> }
  beforeAll(async () => {
    server = startServer([])
    announced = await server.ready
  }, 30_000)
  afterAll(async () => {
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('serves every provider of the registry under its own base URL: the SDK updates each example key', async () => {
    const { providers } = (await (await fetch(`${announced.origin}/__keyshift`)).json()) as {
      providers: Record<string, { baseUrl: string; options: Record<string, unknown>; example: unknown }>
    }
    expect(Object.keys(providers).sort()).toEqual([...providerIds].sort())
    for (const id of providerIds) {
      const definition = definitionOf(id)
      expect(providers[id]?.baseUrl).toBe(announced.baseUrls[id])
      expect(providers[id]?.example).toEqual(JSON.parse(JSON.stringify(definition.example)))
      const client = definition.create({ ...providers[id]?.options, maxRetries: 0 } as never) as AnyProvider
      const key = (await client.updateApiKey(providers[id]?.example as never)) as { provider: string }
      expect(key.provider).toBe(id)
    }
    const calls = (await (await fetch(`${announced.origin}/__keyshift/calls`)).json()) as unknown[]
    expect(calls.length).toBeGreaterThanOrEqual(providerIds.length)
  }, 30_000)

  it('the admin route seeds, scripts failures, shows keys and resets, as keyshift/msw does', async () => {
    const seeded = await postJson(`${announced.origin}/__keyshift/seed`, {
      plumaa: [{ id: '5e5677d71bdc2ae76344968c', name: 'seeded' }],
    })
    expect(seeded.status).toBe(200)
    const keys = (await (await fetch(`${announced.origin}/__keyshift/keys/plumaa`)).json()) as {
      id: string
      name: string
    }[]
    expect(keys.find((key) => key.id === '5e5677d71bdc2ae76344968c')?.name).toBe('seeded')
    expect(
      (await postJson(`${announced.origin}/__keyshift/fail`, { provider: 'plumaa', status: 503 })).status,
    ).toBe(200)
    const failed = await fetch(
      `${announced.baseUrls.plumaa}/api-key?input=${encodeURIComponent('{"id":"5e5677d71bdc2ae76344968c"}')}`,
      {
        method: 'PUT',
        headers: { authorization: 'Bearer any-token', 'content-type': 'application/json' },
        body: JSON.stringify({ input: { id: '5e5677d71bdc2ae76344968c' } }),
      },
    )
    expect(failed.status).toBe(503)
    expect(
      (await postJson(`${announced.origin}/__keyshift/fail`, { provider: 'nope', status: 503 })).status,
    ).toBe(400)
    expect((await postJson(`${announced.origin}/__keyshift/reset`, {})).status).toBe(200)
    const afterReset = (await (await fetch(`${announced.origin}/__keyshift/keys/plumaa`)).json()) as unknown[]
    expect(afterReset).toHaveLength(1)
  })

  it('the printed <PROVIDER>_BASE_URL points the CLI at it', async () => {
    const { example } = definitionOf('partoo')
    const outcome = await startCli(
      ['update', 'partoo', String(example.keyId), '--name', 'via the mock server', '--json'],
      {
        env: { ...env, PARTOO_BASE_URL: announced.baseUrls.partoo, PARTOO_API_KEY: 'any-key' },
      },
    ).done
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout).key.name).toBe('via the mock server')
  })

  it('answers a path no provider serves with a 404 that says where the providers are', async () => {
    const answer = await fetch(`${announced.origin}/nowhere`)
    expect(answer.status).toBe(404)
    expect(((await answer.json()) as { error: string }).error).toContain('/<provider>')
  })
})

describe('keyshift mock-server refuses to start', () => {
  it('with a bad seed file: a clear error, exit 2, nothing listening', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'keyshift-seed-'))
    const seed = join(folder, 'seed.json')
    writeFileSync(seed, JSON.stringify({ nosuchprovider: [{ id: 1 }] }))
    const outcome = await startCli(['mock-server', '--port', '0', '--seed', seed], { env }).done
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('unknown provider "nosuchprovider"')
    expect(outcome.stdout).not.toContain('listening')
    const missing = await startCli(['mock-server', '--port', '0', '--seed', join(folder, 'absent.yaml')], {
      env,
    }).done
    expect(missing.code).toBe(2)
    expect(missing.stdout).toBe('')
  })

  it('on a port in use: says so, exit 2', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as { port: number }
    try {
      const outcome = await startCli(['mock-server', '--port', String(port)], { env }).done
      expect(outcome.code).toBe(2)
      expect(outcome.stderr).toContain(`port ${port} is in use`)
    } finally {
      blocker.close()
    }
  })
})
