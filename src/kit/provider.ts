import type { UpdateOptions } from './options'

/**
 * What `createPartoo()` and its siblings return: a configured client for one provider. `updateApiKey` only
 * needs its `id` and its own `updateApiKey`; the types carry what the provider accepts and returns.
 */
export interface Provider<Id extends string, Input, Result> {
  readonly id: Id
  /** The rate limit the vendor documents, in requests per minute, when it documents one (Partoo: 300). */
  readonly requestsPerMinute?: number
  /**
   * Checks an update exactly as `updateApiKey` does before its first request (fields, values, credentials,
   * options) and sends nothing: resolves when the update could be sent, rejects with a `ValidationError` when not.
   */
  validateUpdate(input: Input, options?: UpdateOptions): Promise<void>
  /** The same as `updateApiKey({ provider: this, ...input }, options)`. */
  updateApiKey(input: Input, options?: UpdateOptions): Promise<Result>
  /**
   * Present on providers that can read a key: reads it and resolves with the key when every change in `input` is
   * already in effect (nothing is written), or `undefined` when not. `updateApiKeys` uses it to re-check items whose
   * outcome an interrupted run lost (`verify`).
   */
  verifyUpdate?(input: Input, options?: UpdateOptions): Promise<Result | undefined>
}

// `never` input: any provider's `updateApiKey` is assignable here (parameters are checked bivariantly for
// methods), so this is the widest provider type without `any`.
/** Any provider client (`createPartoo()` and its siblings, or a provider of your own). */
export type AnyProvider = Provider<string, never, unknown>

/** The update input a provider client takes. */
export type InputOf<P extends AnyProvider> = Parameters<P['updateApiKey']>[0]
/** The result a provider client's `updateApiKey` resolves with. */
export type ResultOf<P extends AnyProvider> = Awaited<ReturnType<P['updateApiKey']>>

/** The argument of `updateApiKey`: the provider plus the fields (and key id) that provider accepts. */
export type UpdateApiKeyInput<P extends AnyProvider> = { provider: P } & InputOf<P>

/** `UpdateApiKeyInput` of each provider in a union (so a list may mix providers, each item checked on its own). */
export type UpdateApiKeyInputOf<P> = P extends AnyProvider ? UpdateApiKeyInput<P> : never
