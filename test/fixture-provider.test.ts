/**
 * "Adding a provider means one folder": a provider that exists only in test/fixture-provider/ (its spec, its
 * generated types, its definition, schemas and mock) works with everything keyshift offers for the providers it
 * ships — `updateApiKey`, `updateApiKeys`, the mock kit, the contract checker and the leak search — and no file
 * outside that folder names it.
 */
import { readFile } from 'node:fs/promises'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { renderProvider } from '../scripts/generate.mjs'
import { NotFoundError, UnsupportedFieldError, updateApiKey, updateApiKeys, ValidationError } from '../src'
import { MockContext, MockState } from '../src/kit/mock'
import { fixtureMock } from './fixture-provider/fixture-mock'
import { createFixture } from './fixture-provider/fixture-provider'
import { requestViolations } from './helpers/contract'
import { failures, findLeaks, genericSecrets, outputsOf } from './helpers/leaks'
import { json, observedFetch } from './helpers/observed-fetch'

const spec = new URL('./fixture-provider/openapi.yaml', import.meta.url)
const state = new MockState()
const server = setupServer(
  ...fixtureMock.handlers(new MockContext(fixtureMock as never, state, fixtureMock.defaultBaseUrl)),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

function seed(...ids: string[]) {
  state.reset()
  for (const id of ids) state.store(fixtureMock.id).set(id, fixtureMock.fromSeed({ id }))
}

describe('a provider defined outside providers/', () => {
  it('its generated types are what openapi-typescript makes of its spec', async () => {
    const generated = await readFile(new URL('./fixture-provider/fixture-paths.ts', import.meta.url), 'utf8')
    expect(await renderProvider('fixture', await readFile(spec, 'utf8'))).toBe(generated)
  })

  it('updateApiKey: maps the input, sends through the kit, reads the result (secret kept out of JSON)', async () => {
    seed('k1')
    const key = await updateApiKey({
      provider: createFixture({ key: 'fixture-credential' }),
      keyId: 'k1',
      name: 'renamed',
    })
    expect(key).toMatchObject({ provider: 'fixture', id: 'k1', name: 'renamed' })
    expect(key.revealSecret()).toBe('fx_token_k1')
    expect(JSON.stringify(key)).not.toContain('fx_token_k1')
    expect(state.store<{ label: string }>('fixture').get('k1')?.label).toBe('renamed')
    expect(state.calls.at(-1)?.headers['x-fixture-key']).toBe('[REDACTED]')
  })

  it('validation comes from the kit: unsupported fields, bad values, nothing sent', async () => {
    const observed = observedFetch(() => json({}))
    const provider = createFixture({ key: 'fixture-credential', fetch: observed.fetch })
    await expect(provider.updateApiKey({ keyId: 'k1', enabled: false } as never)).rejects.toBeInstanceOf(
      UnsupportedFieldError,
    )
    await expect(provider.updateApiKey({ keyId: 'k1', name: '' })).rejects.toBeInstanceOf(ValidationError)
    await expect(provider.updateApiKey({ keyId: 'k1' })).rejects.toThrow(/nothing to update/)
    await expect(
      createFixture({ fetch: observed.fetch }).updateApiKey({ keyId: 'k1', name: 'x' }),
    ).rejects.toThrow(/FIXTURE_KEY/)
    expect(observed.requests).toHaveLength(0)
  })

  it('updateApiKeys: mixed with a shipped provider, each item settled on its own', async () => {
    seed('a', 'b')
    const provider = createFixture({ key: 'fixture-credential' })
    const results = await updateApiKeys([
      { provider, keyId: 'a', name: 'one' },
      { provider, keyId: 'missing', name: 'two' },
      { provider, keyId: 'b', description: 'three' },
    ])
    expect(results.map((result) => result.ok)).toEqual([true, false, true])
    expect(!results[1]?.ok && results[1]?.error).toBeInstanceOf(NotFoundError)
    expect(results[1]?.provider).toBe('fixture')
  })

  it('every request it sends satisfies its own spec (the contract checker)', async () => {
    const observed = observedFetch(() => json({ id: 'k1', label: 'x', token: 't' }))
    const provider = createFixture({ key: 'fixture-credential', fetch: observed.fetch })
    await provider.updateApiKey({ keyId: 'k/1?', name: 'x', description: 'd' })
    expect(observed.requests).toHaveLength(1)
    const request = observed.requests[0] as (typeof observed.requests)[number]
    expect(requestViolations(spec, request, fixtureMock.defaultBaseUrl)).toEqual([])
    // The checker is not blind to this spec: a body field it does not declare is a violation.
    expect(
      requestViolations(spec, { ...request, body: '{"color":"red"}' }, fixtureMock.defaultBaseUrl),
    ).not.toEqual([])
  })

  it.each(failures)('never leaks a secret when the outcome is %s', async (failure) => {
    const { outputs } = await outputsOf(
      (options) => createFixture({ key: genericSecrets.credential, ...options }),
      { keyId: 'k1', name: 'n' },
      () => json({ id: 'k1', label: 'n', token: genericSecrets.returned }),
      failure,
    )
    expect(findLeaks(outputs, genericSecrets)).toEqual([])
  })
})
