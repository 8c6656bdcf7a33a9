// SOFA reports every failure as GraphQL errors: {errors: [{message, path?, extensions?}]}.
// Urigo/SOFA src/router.ts (default errorHandler)

/** A readable message from a SOFA error body; several errors are joined. */
export function describePlumaaError(body: unknown): string | undefined {
  const { errors } = body as { errors?: unknown }
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const messages = errors.map((error) => (error as { message?: unknown } | null)?.message)
  return messages.every((message) => typeof message === 'string') ? messages.join('; ') : undefined
}
