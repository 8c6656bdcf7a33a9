// The spec documents `{errors: {...}}`, the errors guide `{error: {...}}`; both arrive in the wild.
// https://developers.partoo.co/guides/api/getting-started/api-fundamentals/errors
type Detail = { json?: unknown; authentication?: unknown; authorization?: unknown }

/** A readable message from a Partoo error body, e.g. `expiration_date: Must be at least the day after today`. */
export function describePartooError(body: unknown): string | undefined {
  const { errors, error } = body as { errors?: Detail; error?: Detail }
  const found = errors ?? error
  if (typeof found !== 'object' || found === null) return undefined
  for (const text of [found.authentication, found.authorization, found.json])
    if (typeof text === 'string') return text
  if (typeof found.json === 'object' && found.json !== null) {
    // marshmallow style: {field: [messages]}
    return Object.entries(found.json)
      .map(
        ([field, messages]) =>
          `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`,
      )
      .join('; ')
  }
  return undefined
}
