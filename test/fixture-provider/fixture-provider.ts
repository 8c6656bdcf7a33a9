/**
 * Fixture Keys — `PATCH /keys/{id}`, authenticated with `x-fixture-key`. A provider written the way every
 * provider is (one definition on the kit), to prove that adding one needs nothing outside its folder.
 */
import {
  type ApiKeyWithSecret,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  UpdatedApiKey,
  type UpdateFields,
} from '../../src/kit'
import type { components, paths } from './fixture-paths'
import { buildFixtureSchemas } from './fixture-schemas'

export const fixtureEnvironments = { production: 'https://fixture.invalid/v1' } as const

export interface FixtureOptions extends ClientOptions {
  /** Sent as `x-fixture-key`. Default: the `FIXTURE_KEY` environment variable. */
  key?: string | undefined
  environment?: keyof typeof fixtureEnvironments
}

export type FixtureUpdate = { keyId: string } & UpdateFields<'Fixture Keys', 'name' | 'description'>
export type FixtureRaw = Omit<components['schemas']['Key'], 'token'>
export type FixtureApiKey = ApiKeyWithSecret<'fixture', FixtureRaw>
export type FixtureProvider = Provider<'fixture', FixtureUpdate, FixtureApiKey>

export function describeFixtureError(body: unknown): string | undefined {
  const { reason } = body as { reason?: unknown }
  return typeof reason === 'string' ? reason : undefined
}

export const fixture = defineProvider<{ paths: paths; options: FixtureOptions; update: FixtureUpdate }>()({
  id: 'fixture',
  name: 'Fixture Keys',
  environments: fixtureEnvironments,
  defaultEnvironment: 'production',
  example: { keyId: 'k1', name: 'renamed' },
  credentialHelp: 'FIXTURE_KEY',
  credentialVariables: ['FIXTURE_KEY'],
  fields: ['name', 'description'],
  unsupportedHints: { enabled: 'fixture keys cannot be disabled' },
  buildSchemas: buildFixtureSchemas,
  loadCredential: (options) => loadCredential('fixture', 'key', options.key, 'FIXTURE_KEY'),
  secretsOf: (key) => [key],
  authHeaders: (key) => ({ 'x-fixture-key': key }),
  describeError: describeFixtureError,

  async update(call): Promise<FixtureApiKey> {
    const { input, schemas } = call
    const response = await call.write({
      method: 'patch',
      path: '/keys/{id}',
      params: { path: { id: input.keyId } },
      body: definedOnly({ label: input.name, note: input.description }),
      responseSchema: schemas.key,
      secretField: 'token',
    })
    const { secret, raw } = response
    return new UpdatedApiKey<'fixture', FixtureRaw>(
      {
        provider: 'fixture',
        id: response.readable.id ?? input.keyId,
        ...definedOnly({
          name: response.readable.label,
          description: response.readable.note,
          responseIssues: response.issues,
        }),
        readBeforeWrite: false,
        raw: raw as FixtureRaw,
      },
      secret,
    )
  },
})

export function createFixture(options: FixtureOptions = {}): FixtureProvider {
  return fixture.create(options)
}
