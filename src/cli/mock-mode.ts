/**
 * `--mock`: runs against keyshift/msw in-process. msw is an optional peer dependency, loaded only here.
 *
 * `--mock` means mock credentials and mock hosts, whatever the environment says: each provider's credential
 * variables are set to what its mock accepts (a real token exported in the shell is never used), its base URL
 * variable is ignored, and requests go to the hosts the mocks answer. The mocks hold each provider's example keys
 * (any other key is the vendor's 404, as in a real account); `--mock-seed <file>` adds keys: a seed file
 * (`{"partoo": [{"id": 3245, "label": "CI"}], …}`, JSON or YAML) or a plan, whose keys are all seeded.
 */
import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { definitionOf, type ProviderId, providerIds } from '../../providers/providers'
import { baseUrlVariable } from './clients'
import { describeFsError } from './plan'
import { UsageError } from './report'

export async function startMock(options: { seedFile?: string | undefined }) {
  let modules: [typeof import('msw/node'), typeof import('../msw'), typeof import('../../generated/mocks')]
  try {
    modules = await Promise.all([import('msw/node'), import('../msw'), import('../../generated/mocks')])
  } catch {
    throw new UsageError('--mock needs msw installed next to keyshift: npm install --save-dev msw')
  }
  const [{ setupServer }, { createMockProviders }, { providerMocks }] = modules
  const mock = createMockProviders()
  const seeds = new Map<ProviderId, unknown[]>()
  for (const id of providerIds) seeds.set(id, [providerMocks[id].seedFor(definitionOf(id).example.keyId)])
  if (options.seedFile !== undefined) {
    for (const [id, more] of await readSeedFile(options.seedFile, (id, keyId) =>
      providerMocks[id].seedFor(keyId),
    ))
      seeds.get(id)?.push(...more)
  }
  for (const [id, list] of seeds) mock.seed(id, list as never[])

  // The mock's own options win over anything the environment holds (a credential, a base URL).
  for (const id of providerIds) {
    for (const name of definitionOf(id).credentialVariables) delete process.env[name]
    delete process.env[baseUrlVariable(id)]
  }
  const server = setupServer(...mock.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  return {
    /** The options that make a client of `provider` talk to its mock (credentials, and a base URL if needed). */
    optionsFor: (provider: ProviderId): Readonly<Record<string, unknown>> =>
      providerMocks[provider].clientOptions,
    close: () => server.close(),
  }
}

/** A seed file: `{provider: [seed, …]}` (JSON or YAML), or a plan (`[{provider, keyId, …}]`) whose keys are seeded. */
export async function readSeedFile(
  path: string,
  seedFor: (provider: ProviderId, keyId: string | number) => unknown,
): Promise<Map<ProviderId, unknown[]>> {
  let value: unknown
  try {
    value = parse(await readFile(path, 'utf8'), { maxAliasCount: 100 })
  } catch (error) {
    throw new UsageError(
      `--mock-seed ${path}: ${(error as { code?: unknown }).code ? describeFsError(error) : 'not JSON or YAML'}`,
    )
  }
  const seeds = new Map<ProviderId, unknown[]>()
  const add = (provider: unknown, seed: unknown) => {
    if (typeof provider !== 'string' || !providerIds.includes(provider as ProviderId))
      throw new UsageError(
        `--mock-seed ${path}: unknown provider ${JSON.stringify(provider)} (one of ${providerIds.join(', ')})`,
      )
    const list = seeds.get(provider as ProviderId) ?? []
    list.push(seed)
    seeds.set(provider as ProviderId, list)
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const { provider, keyId } = (item ?? {}) as { provider?: unknown; keyId?: unknown }
      if (typeof keyId !== 'string' && typeof keyId !== 'number')
        throw new UsageError(`--mock-seed ${path}: a plan's items need a keyId`)
      add(provider, seedFor(provider as ProviderId, keyId))
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [provider, list] of Object.entries(value)) {
      if (!Array.isArray(list))
        throw new UsageError(`--mock-seed ${path}: ${provider} must be a list of keys`)
      for (const seed of list) add(provider, seed)
    }
  } else throw new UsageError(`--mock-seed ${path}: expected {provider: [keys]} or a plan`)
  return seeds
}
