// NestJS envelope: {statusCode, message: string | string[], error?} — https://docs.theauthapi.com

/** A readable message from The Auth API's error body; validation messages (an array) are joined. */
export function describeTheAuthApiError(body: unknown): string | undefined {
  const { message } = body as { message?: unknown }
  if (typeof message === 'string') return message
  return Array.isArray(message) && message.every((item) => typeof item === 'string')
    ? message.join('; ')
    : undefined
}
