/**
 * The provider kit's entry point. A provider folder describes its provider once, with `defineProvider`, and the
 * kit turns that description into a client that runs the same steps for every provider:
 *
 *   check the input (schema, unsupported fields, something to change, the provider's own checks)
 *   → load the credential → start the call (per-call options, the secrets to redact)
 *   → the provider's `update`, whose requests go through `call.read` / `call.write`.
 *
 * The steps before `update` are also what `validateUpdate` runs, so "valid" means the same thing everywhere.
 *
 * A provider that can read a key also defines `verify`: whether an update is already in effect. `updateApiKeys`
 * uses it to re-check an item whose outcome a crashed run lost, and the kit uses it here when a write that must
 * not be repeated blindly (a key rotation) loses its response: it reads whether the write happened before sending
 * it again.
 */
import type * as z from 'zod/mini'
import { assertSomethingToUpdate, startCall } from './call'
import { KeyshiftError, ServerError } from './errors'
import type { FieldName } from './fields'
import { type HttpMethod, openApiSender, type PathsWith, type RequestParts } from './openapi-fetch-adapter'
import type { ClientOptions, UpdateOptions } from './options'
import { parseInput } from './parse-input'
import type { Provider } from './provider'
import type { Redactor } from './redactor'
import { type DescribeError, readLenient, readStrict, responseInfo, type UpdateResponse } from './response'
import { resolveSettings } from './settings'
import type { SendOptions } from './transport'

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
  /**
   * Base URLs derived from the client's options, when the vendor's hosts depend on them (one host per customer
   * account): used when neither `baseUrl` nor `environment` is given. The first is the base URL; the others are
   * fallbacks a retry moves to when a host fails (a connection error, a timeout, a 5xx). Throws a ValidationError
   * when the options cannot name a host.
   */
  baseUrlsFrom?(options: T['options']): readonly string[]
  /**
   * The rate limit the vendor documents for these requests, per minute (cite where): `updateApiKeys` paces each
   * provider at it by default. Leave it out when the vendor documents none.
   */
  readonly requestsPerMinute?: number
  /**
   * Set when the vendor refuses browser origins (CORS): why, and what to do instead. A request that fails without a
   * response in a browser then says so (a browser only says "Failed to fetch"), and the mock refuses browser origins.
   */
  readonly refusesBrowsers?: string
  /**
   * An update as the vendor's docs show one: the key the CLI's `--mock` holds (and its help names), what
   * `npm run demo` sends, and what the runtime tests send in other runtimes.
   */
  readonly example: T['update'] & { keyId: string | number }
  /** The response header that carries the vendor's request id, when not `x-request-id` or `request-id`. */
  readonly requestIdHeader?: string
  /** Where credentials come from, for help texts and hints: `PARTOO_API_KEY`. */
  readonly credentialHelp: string
  /** True when the key id is the key's secret value (The Auth API): it is masked wherever it is shown. */
  readonly keyIdIsSecret?: boolean
  /** The normalized fields the provider takes (its input schema's, besides `keyId`): for help texts and tables. */
  readonly fields: readonly FieldName[]
  /**
   * Fields only this vendor has (a search API's `indexes`), typed in its update input beside the normalized ones: no other
   * vendor shares the concept, so they are not normalized. The CLI takes them as `--field <name>=<json>`.
   */
  readonly vendorFields?: readonly string[]
  /** For each normalized field the provider cannot take, why (and what to do instead). */
  readonly unsupportedHints: Partial<Record<FieldName, string>>
  /** Input fields that pick the key or its account rather than change it. Default: `keyId`. */
  readonly selectors?: readonly string[]
  /** Builds the provider's zod/mini schemas; called once, on the provider's first call. */
  buildSchemas(): Schemas
  /** Checks the provider's own client options (the kit checks the common ones), when the client is created. */
  checkOptions?(options: T['options']): void
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
   * The variables a client needs together (an account id and an API key), when more than the usual one, each
   * with a placeholder a dry run fills in when it is not set (a value the provider's checks accept: an account id may
   * have a format).
   */
  readonly dryRunPlaceholders?: Readonly<Record<string, string>>
  /**
   * What a request that only reads (a GET, a login) answers in a dry run, so that the dry run can go on to show the
   * update too: placeholders for the current values. Undefined for a request that writes, where a dry run stops.
   */
  dryRunReply?(request: { method: string; url: string }, keyId: string): unknown
  /** State kept by one client across its calls (PulseCRM's login session). */
  createSession?(): Session
  /**
   * Reads the key and compares it with the call's input: the result when every change is already in effect,
   * undefined when not (a key that does not exist throws `NotFoundError`). Only for providers that can read a key.
   */
  verify?(call: Call<T, Schemas, Credential, Session>): Promise<Result | undefined>
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
      const maxRetries = (callOptions: UpdateOptions | undefined) =>
        callOptions?.maxRetries ?? options.maxRetries ?? 2
      definition.checkOptions?.(options)
      const resolved = resolveSettings(
        definition.id,
        options,
        definition.environments,
        definition.defaultEnvironment,
        options.baseUrl === undefined && options.environment === undefined
          ? definition.baseUrlsFrom?.(options)
          : undefined,
      )
      // Only toward the vendor's own hosts: a base URL of the app's own (a proxy) answers its own CORS.
      const vendorHost = Object.values(definition.environments ?? {}).includes(resolved.baseUrl)
      const settings = {
        ...resolved,
        requestIdHeader: definition.requestIdHeader,
        ...(definition.refusesBrowsers &&
          vendorHost &&
          inBrowser() && {
            connectionHint: ` (in a browser this is most often CORS: ${definition.refusesBrowsers})`,
          }),
      }
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
          sendOptions: SendOptions,
        ) => send(transport, { ...step, headers: { ...headers, ...step.headers } }, sendOptions)
        const call: Call<T, Schemas, Credential, Session> & {
          lostWrite: boolean
          withLastResponse: <R>(result: R) => R
        } = {
          redactor: transport.redactor,
          input,
          schemas: loaded,
          credential,
          options,
          session,
          readBeforeWrite,
          pause: (ms) => transport.pause(ms),
          lostWrite: false,
          // Every result says which HTTP response it was read from, whatever the provider.
          withLastResponse: (result) => {
            const last = transport.lastResponse
            if (last && typeof result === 'object' && result !== null)
              Object.defineProperty(result, 'lastResponse', {
                value: responseInfo(transport, last),
                enumerable: true,
              })
            return result
          },
          read: async (step) =>
            readStrict(
              transport,
              await sendStep(step, { maxResponseBytes: step.maxResponseBytes }),
              step.responseSchema,
              describeError,
            ),
          write: async (step) => {
            try {
              const response = await sendStep(step, { write: true, idempotent: step.idempotent })
              return readLenient(transport, response, step.responseSchema, describeError, {
                required: step.requiredFields,
                secretField: step.secretField,
              })
            } catch (error) {
              // A lost answer, or a 5xx (a gateway may have lost the backend's answer): read it back before retrying.
              const unsettled =
                error instanceof ServerError || (error instanceof KeyshiftError && error.mayHaveBeenApplied)
              if (step.idempotent === false && unsettled) call.lostWrite = true
              throw error
            }
          },
        }
        return call
      }

      /**
       * The provider's update; when a write that must not be repeated blindly loses its response, the key is read to
       * learn whether it happened (then its result is returned), and the update is sent again only when it did not.
       */
      async function update(call: Awaited<ReturnType<typeof prepare>>, retries: number): Promise<Result> {
        for (let attempt = 0; ; attempt++) {
          try {
            return call.withLastResponse(await definition.update(call))
          } catch (error) {
            if (!call.lostWrite || !definition.verify) throw error
            call.lostWrite = false
            const applied = await definition.verify(call).catch(() => {
              throw error
            })
            if (applied !== undefined) return call.withLastResponse(applied)
            if (attempt >= retries) throw error
          }
        }
      }

      const client: Provider<Id, T['update'], Result> = {
        id: definition.id,
        ...(definition.requestsPerMinute !== undefined && {
          requestsPerMinute: definition.requestsPerMinute,
        }),
        async validateUpdate(input, callOptions) {
          await prepare(input, callOptions)
        },
        async updateApiKey(input, callOptions) {
          return update(await prepare(input, callOptions), maxRetries(callOptions))
        },
      }
      const { verify } = definition
      if (verify) {
        client.verifyUpdate = async (input, callOptions) => {
          const call = await prepare(input, callOptions)
          return call.withLastResponse(await verify(call))
        }
      }
      return client
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
> = RequestParts<Paths, Method, Path> & {
  responseSchema: Schema
  /** A larger body cap for a read whose answer grows with the account (PulseCRM's key list). */
  maxResponseBytes?: number
  /**
   * The fields the spec requires in the answer to a write (`requiredFieldsOf<Type>()([…])` checks the list against
   * the generated type): one that is missing is listed in the result's `responseIssues`.
   */
  requiredFields?: readonly string[]
  /**
   * A field of the answer that holds a secret (Plumaa's `secret`): taken out of `raw`, redacted wherever else it
   * appears, and returned apart as `secret` for the result's `revealSecret()`.
   */
  secretField?: string
  /**
   * False for a write that must not be repeated blindly (a key rotation changes how the key is addressed): it is
   * then retried only when it provably never arrived, and a lost response is settled by the provider's `verify`.
   */
  idempotent?: boolean
}

/** One `updateApiKey` call, as a provider's `update` sees it: the checked input, and a way to send requests. */
export interface Call<T extends ProviderTypes, Schemas extends InputSchemas, Credential, Session> {
  /** This call's redactor: register secrets learned during the call (a session token, a returned secret). */
  readonly redactor: Redactor
  /** The caller's input, checked by the provider's schema. */
  readonly input: z.output<Schemas['input']>
  readonly schemas: Schemas
  readonly credential: Credential
  /** The options the client was created with. */
  readonly options: T['options']
  /** The client's state across calls (see `createSession`). */
  readonly session: Session
  /** Whether fields the provider requires may be read from the server when the caller leaves them out. */
  readonly readBeforeWrite: boolean
  /**
   * Waits `ms` before the next request (polling a long-running operation); the caller's signal and the call's
   * deadline stop it.
   */
  pause(ms: number): Promise<void>
  /** Sends a request that writes nothing yet (a read, a login) and checks its answer strictly. */
  read<Method extends HttpMethod, Path extends PathsWith<T['paths'], Method>, Schema extends z.ZodMiniType>(
    step: Step<T['paths'], Method, Path, Schema>,
  ): Promise<z.output<Schema>>
  /** Sends the update and reads its answer liberally: the write has happened (see `readLenient`). */
  write<Method extends HttpMethod, Path extends PathsWith<T['paths'], Method>, Schema extends z.ZodMiniType>(
    step: Step<T['paths'], Method, Path, Schema>,
  ): Promise<UpdateResponse<z.output<Schema>> & { secret?: string | undefined }>
}

/** Whether this runs in a browser page (where a CORS refusal looks like any network failure). */
function inBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined'
}
