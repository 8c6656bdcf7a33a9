/**
 * Reading one response: a 2xx body parsed and checked against the fields keyshift reads, any other status the
 * matching `ApiError` with the vendor's message. Everything that leaves here has been through the call's redactor.
 */
import type * as z from 'zod/mini'
import { ApiError, type Issue, UnexpectedResponseError } from './errors'
import { isJsonContentType, parseJson } from './json'
import type { Redactor } from './redactor'
import { retryAfterMs } from './retry-timing'
import type { ReadResponse } from './transport'

/** A vendor's error body → a readable message (undefined when the body has none). */
export type DescribeError = (body: unknown) => string | undefined

/** What reading a response needs of its call. */
export interface ReadContext {
  readonly provider: string
  readonly redactor: Redactor
  warn(message: string, details: Record<string, unknown>): void
}

/**
 * The JSON body of a 2xx response to a read (a GET, a login), checked strictly against the fields keyshift
 * reads: nothing has been written yet, so failing is safe.
 */
export function readStrict<Schema extends z.ZodMiniType>(
  context: ReadContext,
  response: ReadResponse,
  schema: Schema,
  describeError: DescribeError,
): z.output<Schema> {
  const value = readSuccessBody(context, response, describeError, '')
  const checked = schema.safeParse(value)
  if (checked.success) return checked.data
  const issues = toIssues(context, checked.error)
  throw new UnexpectedResponseError(
    context.provider,
    response.status,
    `the body does not match the spec${describeFirst(issues)}`,
    issues,
  )
}

/** The answer to an update: the body as received, the part of it keyshift could read, and what did not match. */
export interface UpdateResponse<Readable> {
  readonly raw: Record<string, unknown>
  readonly readable: Readable
  /** Present when the body drifted from the spec: the fields that did not match it (left out of `readable`). */
  readonly issues: readonly Issue[] | undefined
}

/**
 * The JSON body of a 2xx response to an update, read liberally: the write has happened, so a body that drifts
 * from the spec (a `null` where a string was documented, a renamed field) must not turn a success into an error
 * the caller would retry or report as a failure. Fields that do not match `schema` (whose fields should all be
 * optional) are left out of `readable`, listed in `issues` and logged as a warning; only a body that is not a
 * JSON object at all is an `UnexpectedResponseError`.
 */
export function readLenient<Schema extends z.ZodMiniType>(
  context: ReadContext,
  response: ReadResponse,
  schema: Schema,
  describeError: DescribeError,
): UpdateResponse<z.output<Schema>> {
  const applied = ' (the provider answered 2xx: the update was probably applied)'
  const raw = readSuccessBody(context, response, describeError, applied)
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UnexpectedResponseError(
      context.provider,
      response.status,
      `expected a JSON object${applied}`,
      [],
      {
        mayHaveBeenApplied: true,
      },
    )
  }
  const body = raw as Record<string, unknown>
  const checked = schema.safeParse(body)
  if (checked.success) return { raw: body, readable: checked.data, issues: undefined }

  const issues = toIssues(context, checked.error)
  // The fields as the server named them (the issues' paths are redacted copies).
  const drifted = new Set(checked.error.issues.map((issue) => issue.path[0]))
  const kept = Object.fromEntries(Object.entries(body).filter(([field]) => !drifted.has(field)))
  const again = schema.safeParse(kept)
  if (!again.success) {
    throw new UnexpectedResponseError(
      context.provider,
      response.status,
      `the body does not match the spec${describeFirst(issues)}${applied}`,
      issues,
      { mayHaveBeenApplied: true },
    )
  }
  context.warn(`the response does not match the spec${describeFirst(issues)}; result fields left out`, {
    issues: issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  })
  return { raw: body, readable: again.data, issues }
}

/** A 2xx body parsed as JSON; any other status throws the matching `ApiError` with the vendor's message. */
function readSuccessBody(
  context: ReadContext,
  response: ReadResponse,
  describeError: DescribeError,
  applied: string,
): unknown {
  const text = response.bodyText
  const parsed = text === '' ? undefined : parseJson(text)
  if (!response.ok) {
    if (parsed?.ok && typeof parsed.value === 'object' && parsed.value !== null) {
      // An empty extracted message (Partoo's `{"errors": {"json": {}}}`) says nothing: use the status text.
      throw apiError(context, response, parsed.value, describeError(parsed.value) || response.statusText)
    }
    const what =
      parsed === undefined ? 'empty body' : parsed.ok ? 'JSON body' : describeNonJson(response, parsed)
    const body = parsed?.ok ? parsed.value : text
    throw apiError(context, response, body, `${response.statusText || 'error'} (${what})`)
  }
  const fail = (message: string) =>
    new UnexpectedResponseError(
      context.provider,
      response.status,
      context.redactor.text(message + applied),
      [],
      {
        mayHaveBeenApplied: applied !== '',
      },
    )
  if (parsed === undefined) throw fail('expected a JSON body, got an empty response')
  if (!isJsonContentType(response.headers.get('content-type'))) {
    throw fail(`expected a JSON body, got ${response.headers.get('content-type') ?? 'no content type'}`)
  }
  if (!parsed.ok) throw fail(`the body is ${parsed.message}`)
  return parsed.value
}

/** The `ApiError` subclass for the status, with headers, body and message redacted. */
function apiError(context: ReadContext, response: ReadResponse, body: unknown, message: string): ApiError {
  const { redactor } = context
  return ApiError.fromResponse({
    provider: context.provider,
    status: response.status,
    headers: redactor.headers(response.headers),
    body: redactor.value(body),
    message: redactor.text(message || 'request failed'),
    requestId: response.headers.get('x-request-id') ?? response.headers.get('request-id') ?? undefined,
    retryAfterMs: retryAfterMs(response.headers),
  })
}

/** zod's issues as keyshift's, redacted: a path is made of the server's own keys, which could hold a secret. */
function toIssues(context: ReadContext, error: z.core.$ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((segment) =>
      typeof segment === 'number' ? segment : context.redactor.text(String(segment)),
    ),
    message: context.redactor.text(issue.message),
  }))
}

function describeFirst(issues: readonly Issue[]): string {
  const first = issues[0]
  return first ? ` (${first.path.join('.')}: ${first.message})` : ''
}

function describeNonJson(
  response: ReadResponse,
  parsed: { reason: 'syntax' | 'depth'; message: string },
): string {
  if (parsed.reason === 'depth') return `a JSON body ${parsed.message}`
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type'
  return `${type} body`
}

/**
 * An update's response without its secret field (Plumaa's `secret`, The Auth API's `key`): the secret is returned
 * apart and registered with the call's redactor, which then removes it from `raw` and from the readable fields
 * wherever else a server echoes it. `fallback` is the secret when the response leaves it out.
 */
export function withoutSecret<
  Readable extends Record<string, unknown>,
  Field extends keyof Readable & string,
  Fallback extends string | undefined = undefined,
>(
  redactor: Redactor,
  response: UpdateResponse<Readable>,
  field: Field,
  fallback?: Fallback,
): { secret: string | Fallback; raw: Record<string, unknown>; readable: Readable } {
  const value = response.readable[field]
  const secret = typeof value === 'string' ? value : (fallback as Fallback)
  redactor.add(secret)
  const { [field]: _secret, ...raw } = response.raw
  // Usually no other field holds a secret: one search of the serialized rest then spares two deep copies. The
  // readable fields are read from `raw`, so they hold a secret only if `raw` does.
  if (!redactor.finds(JSON.stringify(raw))) {
    const readable = { ...response.readable, [field]: redactor.value(response.readable[field]) }
    return { secret, raw, readable }
  }
  return {
    secret,
    raw: redactor.value(raw) as Record<string, unknown>,
    readable: redactor.value(response.readable) as Readable,
  }
}
