import type * as z from 'zod/mini'
import { UnexpectedResponseError } from '../core/errors'
import { isJsonContentType, parseJson } from './json'
import type { Transport } from './transport'

/** What openapi-fetch resolves with when called with `parseAs: 'text'`. */
export interface FetchOutcome {
  data?: string | undefined
  error?: unknown
  response: Response
}

/**
 * The JSON body of a 2xx response, checked against the fields keyshift reads; any other status becomes the
 * matching `ApiError` with the vendor's message (`describeError` reads the vendor's error body).
 */
export function readJson<Schema extends z.ZodMiniType>(
  transport: Transport,
  outcome: FetchOutcome,
  schema: Schema,
  describeError: (body: unknown) => string | undefined,
): z.output<Schema> {
  const { response } = outcome
  if (!response.ok) {
    const body = outcome.error
    const message =
      typeof body === 'object' && body !== null
        ? describeError(body)
        : `${response.statusText || 'error'} (${describeNonJson(response, body)})`
    throw transport.apiError(response, body, message)
  }
  const fail = (message: string, issues: UnexpectedResponseError['issues'] = []) =>
    new UnexpectedResponseError(transport.provider, response.status, transport.redactor.text(message), issues)

  const text = outcome.data ?? ''
  if (text === '') throw fail('expected a JSON body, got an empty response')
  if (!isJsonContentType(response.headers.get('content-type'))) {
    throw fail(`expected a JSON body, got ${response.headers.get('content-type') ?? 'no content type'}`)
  }
  const parsed = parseJson(text)
  if (!parsed.ok) throw fail('the body is not valid JSON')
  const checked = schema.safeParse(parsed.value)
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => ({
      path: issue.path as (string | number)[],
      message: issue.message,
    }))
    const first = issues[0]
    throw fail(
      `the body does not match the spec${first ? ` (${first.path.join('.')}: ${first.message})` : ''}`,
      issues,
    )
  }
  return checked.data
}

function describeNonJson(response: Response, body: unknown): string {
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type'
  return typeof body === 'string' && body.length > 0 ? `${type} body` : 'empty body'
}
