import { ValidationError } from './errors'
import type { UpdateOptions } from './options'
import { Redactor } from './redactor'
import { assertCountsAndDurations, assertHeader, assertSignal, type TransportSettings } from './settings'
import { Transport } from './transport'

/**
 * Starts one `updateApiKey` call: checks the per-call options, registers the call's secrets with a fresh
 * redactor, and returns the transport plus the headers every request of the call carries.
 */
export function startCall(
  settings: TransportSettings,
  options: UpdateOptions | undefined,
  secrets: readonly (string | undefined)[],
): { transport: Transport; headers: Record<string, string> } {
  const callOptions = options ?? {}
  const provider = settings.provider
  assertCountsAndDurations(
    provider,
    ['options'],
    { maxRetries: callOptions.maxRetries },
    { timeoutMs: callOptions.timeoutMs, deadlineMs: callOptions.deadlineMs },
  )
  assertSignal(provider, ['options', 'signal'], callOptions.signal)
  if (callOptions.pacer !== undefined && typeof callOptions.pacer?.acquire !== 'function') {
    throw new ValidationError(provider, [
      { path: ['options', 'pacer'], message: 'must be a pacer (createPacer({ requestsPerMinute }))' },
    ])
  }
  const headers = { ...settings.headers }
  for (const [name, value] of Object.entries(callOptions.headers ?? {})) {
    assertHeader(provider, ['options', 'headers'], name, value)
    headers[name] = value
  }
  const transport = new Transport(settings, callOptions, new Redactor().add(...secrets))
  return { transport, headers }
}

/** Refuses an update that changes nothing: sending it would only cost a request (and a rate-limit slot). */
export function assertSomethingToUpdate(provider: string, input: object, ignored: readonly string[]): void {
  const changes = Object.entries(input).filter(
    ([key, value]) => value !== undefined && !ignored.includes(key),
  )
  if (changes.length === 0) {
    throw new ValidationError(provider, [{ path: [], message: 'nothing to update: pass at least one field' }])
  }
}

/** Drops `undefined` properties, so optional result fields are absent rather than present-and-undefined. */
export function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {}
  // for…in rather than Object.entries: no array per call (this runs twice per update); `value` is a plain literal.
  for (const key in value) if (value[key] !== undefined) result[key] = value[key]
  return result as { [K in keyof T]?: Exclude<T[K], undefined> }
}
