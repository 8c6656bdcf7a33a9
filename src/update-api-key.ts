import { ValidationError } from './kit/errors'
import type { UpdateOptions } from './kit/options'
import type { AnyProvider, ResultOf, UpdateApiKeyInput } from './kit/provider'

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
export function updateApiKey<P extends AnyProvider>(
  input: UpdateApiKeyInput<P>,
  options?: UpdateOptions,
): Promise<ResultOf<P>> {
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
  const { provider, ...fields } = candidate as { provider: P }
  return provider.updateApiKey(fields as never, options) as Promise<ResultOf<P>>
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
