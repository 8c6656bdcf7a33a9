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
export type AnyProvider = Provider<string, never, unknown>

export type InputOf<P extends AnyProvider> = Parameters<P['updateApiKey']>[0]
export type ResultOf<P extends AnyProvider> = Awaited<ReturnType<P['updateApiKey']>>

/** The argument of `updateApiKey`: the provider plus the fields (and key id) that provider accepts. */
export type UpdateApiKeyInput<P extends AnyProvider> = { provider: P } & InputOf<P>

/** `UpdateApiKeyInput` of each provider in a union (so a list may mix providers, each item checked on its own). */
export type UpdateApiKeyInputOf<P> = P extends AnyProvider ? UpdateApiKeyInput<P> : never
