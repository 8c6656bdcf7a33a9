/**
 * The provider kit's entry point. A provider folder describes its provider once, with `defineProvider`, and the
 * kit turns that description into a client that runs the same steps for every provider:
 *
 *   check the input (schema, unsupported fields, something to change, the provider's own checks)
 *   → load the credential → start the call (per-call options, the secrets to redact)
 *   → the provider's `update`, whose requests go through `call.read` / `call.write`.
 *
 * The steps before `update` are also what `validateUpdate` runs, so "valid" means the same thing everywhere.
 */
import type * as z from 'zod/mini'
import { assertSomethingToUpdate, startCall } from './call'
import type { FieldName } from './fields'
import { type HttpMethod, openApiSender, type PathsWith, type RequestParts } from './openapi-fetch-adapter'
import type { ClientOptions, UpdateOptions } from './options'
import { parseInput } from './parse-input'
import type { Provider } from './provider'
import type { Redactor } from './redactor'
import { type DescribeError, readLenient, readStrict, type UpdateResponse } from './response'
import { resolveSettings } from './settings'

/** The types a provider declares up front: its generated `paths`, its client options and its update input. */
export interface ProviderTypes {
  paths: object
  options: ClientOptions & { environment?: string | undefined; readBeforeWrite?: boolean | undefined }
  update: object
}

type InputSchemas = { input: z.ZodMiniObject }

/** Everything a provider folder says about its provider. */
export interface ProviderDefinition<
  T extends ProviderTypes,
  Id extends string,
  Schemas extends InputSchemas,
  Credential,
  Result,
  Session,
> {
  readonly id: Id
  /** The vendor's name, for help texts: `Partoo`. */
  readonly name: string
  /** Named base URLs for the `environment` option; none when the vendor publishes no public base URL. */
  readonly environments?: Readonly<Record<string, string>>
  readonly defaultEnvironment?: string
  /** Where credentials come from, for help texts and hints: `PARTOO_API_KEY`. */
  readonly credentialHelp: string
  /** True when the key id is the key's secret value (The Auth API): it is masked wherever it is shown. */
  readonly keyIdIsSecret?: boolean
  /** The normalized fields the provider takes (its input schema's, besides `keyId`): for help texts and tables. */
  readonly fields: readonly FieldName[]
  /** For each normalized field the provider cannot take, why (and what to do instead). */
  readonly unsupportedHints: Partial<Record<FieldName, string>>
  /** Input fields that pick the key or its account rather than change it. Default: `keyId`. */
  readonly selectors?: readonly string[]
  /** Builds the provider's zod/mini schemas; called once, on the provider's first call. */
  buildSchemas(): Schemas
  /** Reads the credential at call time (an option, else its environment variable); missing → ValidationError. */
  loadCredential(options: T['options']): Credential
  /** This call's secrets: the credential, and secrets that travel in the input (redacted from everything). */
  secretsOf(credential: Credential, input: z.output<Schemas['input']>): readonly (string | undefined)[]
  /** Headers that authenticate every request (providers whose auth varies per request set it per request). */
  authHeaders?(credential: Credential): Record<string, string>
  /** Checks beyond the schema, before anything is sent (e.g. a field required when readBeforeWrite is off). */
  check?(input: z.output<Schemas['input']>, call: { readBeforeWrite: boolean }): void
  /** The vendor's error body → a readable message. */
  describeError: DescribeError
  /** The environment variables `loadCredential` reads, the first being the usual one (the CLI's dry run fills it). */
  readonly credentialVariables: readonly string[]
  /**
   * What a request that only reads (a GET, a login) answers in a dry run, so that the dry run can go on to show the
   * update too: placeholders for the current values. Undefined for a request that writes, where a dry run stops.
   */
  dryRunReply?(request: { method: string; url: string }, keyId: string): unknown
  /** State kept by one client across its calls (PulseCRM's login session). */
  createSession?(): Session
  /** The update itself: its requests (`call.read`, `call.write`) and the normalized result. */
  update(call: Call<T, Schemas, Credential, Session>): Promise<Result>
}

/** A provider definition plus the factory the kit builds from it. */
export type ProviderKit<
  T extends ProviderTypes,
  Id extends string,
  Schemas extends InputSchemas,
  Credential,
  Result,
  Session,
> = ProviderDefinition<T, Id, Schemas, Credential, Result, Session> & {
  /** A client for this provider: what `createPartoo()` and its siblings return. */
  create(options: T['options']): Provider<Id, T['update'], Result>
}

/**
 * Describes a provider. Called twice — `defineProvider<Types>()({ … })` — so that the declared types (`paths`,
 * options, update input) are given once and everything else is inferred from the definition.
 */
export function defineProvider<T extends ProviderTypes>() {
  return <Id extends string, Schemas extends InputSchemas, Credential, Result, Session = undefined>(
    definition: ProviderDefinition<T, Id, Schemas, Credential, Result, Session>,
  ): ProviderKit<T, Id, Schemas, Credential, Result, Session> => {
    let schemas: Schemas | undefined

    function create(options: T['options']): Provider<Id, T['update'], Result> {
      const settings = resolveSettings(
        definition.id,
        options,
        definition.environments,
        definition.defaultEnvironment,
      )
      const send = openApiSender<T['paths']>(settings)
      const session = definition.createSession?.() as Session

      async function prepare(update: T['update'], callOptions: UpdateOptions | undefined) {
        schemas ??= definition.buildSchemas()
        const loaded = schemas
        const input = parseInput<Schemas['input']>(
          definition.id,
          loaded.input,
          update,
          definition.unsupportedHints,
        )
        assertSomethingToUpdate(definition.id, input, definition.selectors ?? ['keyId'])
        const readBeforeWrite = callOptions?.readBeforeWrite ?? options.readBeforeWrite ?? true
        definition.check?.(input, { readBeforeWrite })
        const credential = definition.loadCredential(options)
        const { transport, headers } = startCall(
          settings,
          callOptions,
          definition.secretsOf(credential, input),
        )
        Object.assign(headers, definition.authHeaders?.(credential))
        const { describeError } = definition
        // Every request of the call: the call's headers (client, per call, auth) under the request's own.
        const sendStep = <Method extends HttpMethod, Path extends PathsWith<T['paths'], Method>>(
          step: RequestParts<T['paths'], Method, Path>,
        ) => send(transport, { ...step, headers: { ...headers, ...step.headers } })
        const call: Call<T, Schemas, Credential, Session> = {
          redactor: transport.redactor,
          input,
          schemas: loaded,
          credential,
          session,
          readBeforeWrite,
          read: async (step) =>
            readStrict(transport, await sendStep(step), step.responseSchema, describeError),
          write: async (step) =>
            readLenient(transport, await sendStep(step), step.responseSchema, describeError),
        }
        return call
      }

      return {
        id: definition.id,
        async validateUpdate(update, callOptions) {
          await prepare(update, callOptions)
        },
        async updateApiKey(update, callOptions) {
          return definition.update(await prepare(update, callOptions))
        },
      }
    }

    return { ...definition, create }
  }
}

/** One request of a call: typed by the provider's generated `paths`, and how to read its answer. */
export type Step<
  Paths,
  Method extends HttpMethod,
  Path extends PathsWith<Paths, Method>,
  Schema extends z.ZodMiniType,
> = RequestParts<Paths, Method, Path> & { responseSchema: Schema }

/** One `updateApiKey` call, as a provider's `update` sees it: the checked input, and a way to send requests. */
export interface Call<T extends ProviderTypes, Schemas extends InputSchemas, Credential, Session> {
  /** This call's redactor: register secrets learned during the call (a session token, a returned secret). */
  readonly redactor: Redactor
  /** The caller's input, checked by the provider's schema. */
  readonly input: z.output<Schemas['input']>
  readonly schemas: Schemas
  readonly credential: Credential
  /** The client's state across calls (see `createSession`). */
  readonly session: Session
  /** Whether fields the provider requires may be read from the server when the caller leaves them out. */
  readonly readBeforeWrite: boolean
  /** Sends a request that writes nothing yet (a read, a login) and checks its answer strictly. */
  read<Method extends HttpMethod, Path extends PathsWith<T['paths'], Method>, Schema extends z.ZodMiniType>(
    step: Step<T['paths'], Method, Path, Schema>,
  ): Promise<z.output<Schema>>
  /** Sends the update and reads its answer liberally: the write has happened (see `readLenient`). */
  write<Method extends HttpMethod, Path extends PathsWith<T['paths'], Method>, Schema extends z.ZodMiniType>(
    step: Step<T['paths'], Method, Path, Schema>,
  ): Promise<UpdateResponse<z.output<Schema>>>
}
