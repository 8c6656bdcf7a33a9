import type { UpdateOptions } from './options'

/**
 * What `createPartoo()` and its siblings return: a configured client for one provider. `updateApiKey` only
 * needs its `id` and its own `updateApiKey`; the types carry what the provider accepts and returns.
 */
export interface Provider<Id extends string, Input, Result> {
  readonly id: Id
  /**
   * Checks an update exactly as `updateApiKey` does before its first request (fields, values, credentials,
   * options) and sends nothing: resolves when the update could be sent, rejects with a `ValidationError` when not.
   */
  validateUpdate(input: Input, options?: UpdateOptions): Promise<void>
  /** The same as `updateApiKey({ provider: this, ...input }, options)`. */
  updateApiKey(input: Input, options?: UpdateOptions): Promise<Result>
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
