import { ValidationError } from './kit/errors'
import type { UpdateOptions } from './kit/options'
import type { AnyProvider, InputOf, ResultOf } from './kit/provider'

/**
 * `provider` must be a client (`createPartoo(…)`); a provider's name instead is a compile error that says so.
 */
type ProviderArgument<P> = {
  provider: P extends AnyProvider ? P : 'pass a provider client such as createPartoo(…), not a provider name'
}

/**
 * Updates one API key on any provider.
 *
 * ```ts
 * const partoo = createPartoo({ apiKey: process.env.PARTOO_API_KEY })
 * const key = await updateApiKey({ provider: partoo, keyId: 3245, name: 'CI deploy', expiresAt: '2027-06-30' })
 * ```
 *
 * Fields the provider cannot take are compile errors (and `UnsupportedFieldError` at run time); invalid values
 * throw `ValidationError`; nothing is sent in either case.
 */
export function updateApiKey<P extends AnyProvider | string>(
  input: ProviderArgument<P> & (P extends AnyProvider ? InputOf<P> : unknown),
  options?: UpdateOptions,
): Promise<P extends AnyProvider ? ResultOf<P> : never> {
  const candidate: unknown = input
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !isProvider((candidate as { provider?: unknown }).provider)
  ) {
    return Promise.reject(
      new ValidationError(undefined, [
        { path: ['provider'], message: 'must be a provider client, e.g. createPartoo({ apiKey })' },
      ]),
    )
  }
  const { provider, ...fields } = candidate as { provider: AnyProvider }
  return provider.updateApiKey(fields as never, options) as Promise<
    P extends AnyProvider ? ResultOf<P> : never
  >
}

/** A provider client, as `createPartoo()` and its siblings return. */
export function isProvider(value: unknown): value is AnyProvider {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AnyProvider).id === 'string' &&
    typeof (value as AnyProvider).updateApiKey === 'function'
  )
}
