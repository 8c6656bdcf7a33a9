import * as z from 'zod/mini'

// SOFA reports every failure as GraphQL errors: {errors: [{message, path?, extensions?}]}.
// Urigo/SOFA src/router.ts (default errorHandler)
const sofaErrorBody = z.looseObject({
  errors: z.array(z.looseObject({ message: z.string() })).check(z.minLength(1)),
})

/** A readable message from a SOFA error body; several errors are joined. */
export function describePlumaaError(body: unknown): string | undefined {
  const parsed = sofaErrorBody.safeParse(body)
  if (!parsed.success) return undefined
  return parsed.data.errors.map((error) => error.message).join('; ')
}
