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
  /** The header the vendor names its request id in, when not `x-request-id` or `request-id`. */
  readonly requestIdHeader?: string | undefined
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
  const { value } = readSuccessBody(context, response, describeError, '')
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

/** What a result says of the HTTP response it was read from (as openai-node's `withResponse()` and Stripe's `lastResponse`). */
export interface ResponseInfo {
  readonly status: number
  /** Response headers (lower-case names), secrets redacted. */
  readonly headers: Readonly<Record<string, string>>
  /** The provider's request id (its own header, `x-request-id` or `request-id`), redacted, when it sent one. */
  readonly requestId?: string
}

/** The answer to an update: the body as received, the part of it keyshift could read, and what did not match. */
export interface UpdateResponse<Readable> {
  /** The body as received (secrets a server echoed are redacted). */
  readonly raw: Record<string, unknown>
  readonly readable: Readable
  /**
   * Present when the body drifted from the spec: required fields missing, fields that did not match (left out of
   * `readable`), keys dropped because they would pollute prototypes.
   */
  readonly issues: readonly Issue[] | undefined
}

/**
 * The JSON body of a 2xx response to an update, read liberally: the write has happened, so a body that drifts
 * from the spec (a `null` where a string was documented, a missing field, a renamed one) must not turn a success
 * into an error the caller would retry or report as a failure. Fields the spec requires (`required`) that are
 * missing, fields that do not match `schema` (whose fields should all be optional: they are left out of `readable`)
 * and keys dropped as prototype pollution are listed in `issues` and logged as a warning; only a body that is not a
 * JSON object at all is an `UnexpectedResponseError`. A secret the server echoes is redacted from `raw`.
 */
export function readLenient<Schema extends z.ZodMiniType>(
  context: ReadContext,
  response: ReadResponse,
  schema: Schema,
  describeError: DescribeError,
  options: LenientOptions = {},
): UpdateResponse<z.output<Schema>> {
  const { required = [], secretField } = options
  const applied = ' (the provider answered 2xx: the update was probably applied)'
  const { value, dropped } = readSuccessBody(context, response, describeError, applied)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
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
  const body = value as Record<string, unknown>
  const issues: Issue[] = required
    .filter((field) => !Object.hasOwn(body, field))
    .map((field) => ({ path: [field], message: 'missing, though the spec requires it' }))
  if (dropped > 0) {
    issues.push({
      path: [],
      message: `${dropped} key(s) named __proto__ (or constructor.prototype) dropped: they would pollute prototypes`,
    })
  }
  let readable: z.output<Schema>
  const checked = schema.safeParse(body)
  if (checked.success) readable = checked.data
  else {
    issues.push(...toIssues(context, checked.error))
    // The fields as the server named them (the issues' paths are redacted copies).
    const drifted = new Set(checked.error.issues.map((issue) => issue.path[0]))
    const again = schema.safeParse(
      Object.fromEntries(Object.entries(body).filter(([field]) => !drifted.has(field))),
    )
    if (!again.success) {
      throw new UnexpectedResponseError(
        context.provider,
        response.status,
        `the body does not match the spec${describeFirst(issues)}${applied}`,
        issues,
        { mayHaveBeenApplied: true },
      )
    }
    readable = again.data
  }
  if (issues.length > 0) {
    context.warn(`the response does not match the spec${describeFirst(issues)}; result fields left out`, {
      issues: issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    })
  }
  const read = { raw: body, readable, issues: issues.length > 0 ? issues : undefined }
  if (secretField !== undefined) return withoutSecret(context.redactor, read, secretField)
  // A server may echo a credential in any field: a redacting copy, only when it did (most bodies hold none).
  if (!context.redactor.finds(response.bodyText)) return read
  return {
    ...read,
    raw: context.redactor.value(body) as Record<string, unknown>,
    readable: context.redactor.value(readable) as z.output<Schema>,
  }
}

/** How an update's answer is read (the step's `requiredFields` and `secretField`). */
export interface LenientOptions {
  /** Fields the spec requires: a missing one is listed in `issues`. */
  readonly required?: readonly string[] | undefined
  /** A field that returns a secret (Plumaa's `secret`): taken apart (see `withoutSecret`). */
  readonly secretField?: string | undefined
}

/** The status, redacted headers and request id of a response, for a result. */
export function responseInfo(context: ReadContext, response: ReadResponse): ResponseInfo {
  const requestId = requestIdOf(context, response)
  return {
    status: response.status,
    headers: context.redactor.headers(response.headers),
    ...(requestId !== undefined && { requestId }),
  }
}

/** The provider's request id header, redacted: a server may echo anything in it, a credential included. */
function requestIdOf(context: ReadContext, response: ReadResponse): string | undefined {
  const value =
    (context.requestIdHeader === undefined ? null : response.headers.get(context.requestIdHeader)) ??
    response.headers.get('x-request-id') ??
    response.headers.get('request-id')
  return value === null ? undefined : context.redactor.text(value)
}

/** A 2xx body parsed as JSON; any other status throws the matching `ApiError` with the vendor's message. */
function readSuccessBody(
  context: ReadContext,
  response: ReadResponse,
  describeError: DescribeError,
  applied: string,
): { value: unknown; dropped: number } {
  const text = response.bodyText
  if (!response.ok && response.discardedOver !== undefined) {
    // The status decides: a 503 with a 2 MB HTML page is a ServerError, its page left unread.
    throw apiError(
      context,
      response,
      undefined,
      `${response.statusText || 'error'} (a body of more than ${response.discardedOver} bytes, discarded)`,
    )
  }
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
  return parsed
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
    requestId: requestIdOf(context, response),
    retryAfterMs: retryAfterMs(response.headers, Date.now(), response.status),
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
 * An answer without its secret field (Plumaa's `secret`, The Auth API's `key`): the secret is returned apart and
 * registered with the call's redactor, which then removes it — and any credential the server echoed — from `raw` and
 * the readable fields, wherever else it appears. A write declares its `secretField`; a read (`verify`) calls this.
 */
export function withoutSecret<Readable>(
  redactor: Redactor,
  response: UpdateResponse<Readable>,
  field: string,
): UpdateResponse<Readable> & { secret: string | undefined } {
  // A dotted field is nested (a JSON:API answer's `data.attributes.key`).
  const [value, raw] = field.includes('.')
    ? takeNested(response.raw, field.split('.'))
    : takeTop(response.raw, field)
  const secret = typeof value === 'string' ? value : undefined
  redactor.add(secret)
  // Usually no other field holds a secret: one search of the serialized rest then spares two deep copies. The
  // readable fields are read from `raw`, so they hold a secret only if `raw` does.
  if (!field.includes('.') && !redactor.finds(JSON.stringify(raw))) {
    const readable = {
      ...response.readable,
      [field]: redactor.value((response.readable as Record<string, unknown>)[field]),
    }
    return { ...response, secret, raw, readable: readable as Readable }
  }
  return {
    ...response,
    secret,
    raw: redactor.value(raw) as Record<string, unknown>,
    readable: redactor.value(response.readable) as Readable,
  }
}

function takeTop(raw: Record<string, unknown>, field: string): [unknown, Record<string, unknown>] {
  const { [field]: value, ...rest } = raw
  return [value, rest]
}

/** The value at `path` and a copy of `raw` without it (the objects along the path copied, the rest shared). */
function takeNested(
  raw: Record<string, unknown>,
  path: readonly string[],
): [unknown, Record<string, unknown>] {
  const [head = '', ...tail] = path
  if (tail.length === 0) return takeTop(raw, head)
  const child = raw[head]
  if (typeof child !== 'object' || child === null || Array.isArray(child)) return [undefined, raw]
  const [value, rest] = takeNested(child as Record<string, unknown>, tail)
  return [value, { ...raw, [head]: rest }]
}
