import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import {
  ApiError,
  BadRequestError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
} from '../../src/kit/errors'
import { Redactor } from '../../src/kit/redactor'
import { type ReadContext, readLenient, readStrict, withoutSecret } from '../../src/kit/response'
import { ReadResponse } from '../../src/kit/transport'

const warnings: string[] = []
const context: ReadContext = {
  provider: 'demo',
  redactor: new Redactor().add('SECRET-123'),
  warn: (message) => warnings.push(message),
}
const describeError = (body: unknown) => (body as { message?: string }).message
const schema = z.looseObject({ id: z.optional(z.number()), name: z.optional(z.string()) })

function response(status: number, body: string, headers: Record<string, string> = {}, statusText = '') {
  return new ReadResponse(
    { status, statusText, headers: new Headers({ 'content-type': 'application/json', ...headers }) },
    body,
  )
}

describe('error statuses', () => {
  it.each<[number, new (...args: never[]) => ApiError]>([
    [400, BadRequestError],
    [404, NotFoundError],
    [429, RateLimitError],
    [503, ServerError],
    [418, ApiError],
  ])('%s → its ApiError subclass, with the vendor message redacted', (status, type) => {
    const read = () =>
      readStrict(context, response(status, '{"message":"no SECRET-123 here"}'), schema, describeError)
    expect(read).toThrow(type)
    expect(read).toThrow(`demo ${status}: no [REDACTED] here`)
  })

  it('an empty vendor message falls back to the status text; a non-JSON body says what it was', () => {
    expect(() =>
      readStrict(context, response(400, '{"message":""}', {}, 'Bad Request'), schema, describeError),
    ).toThrow('demo 400: Bad Request')
    expect(() =>
      readStrict(
        context,
        response(502, '<html>', { 'content-type': 'text/html' }, 'Bad Gateway'),
        schema,
        describeError,
      ),
    ).toThrow('demo 502: Bad Gateway (text/html body)')
  })

  it('carries Retry-After and the request id', () => {
    try {
      readStrict(
        context,
        response(429, '{}', { 'retry-after': '7', 'x-request-id': 'req_1' }),
        schema,
        describeError,
      )
    } catch (error) {
      expect(error).toMatchObject({ retryAfterMs: 7000, requestId: 'req_1' })
    }
  })
})

describe('readStrict', () => {
  it('returns the checked body, and refuses one that does not match', () => {
    expect(readStrict(context, response(200, '{"id":1,"x":2}'), schema, describeError)).toEqual({
      id: 1,
      x: 2,
    })
    expect(() => readStrict(context, response(200, '{"id":"1"}'), schema, describeError)).toThrow(
      /does not match the spec \(id: /,
    )
  })
})

describe('readLenient', () => {
  it('keeps a drifted body: raw as received, readable without the drifted fields, issues listed and logged', () => {
    warnings.length = 0
    const read = readLenient(
      context,
      response(200, '{"id":"seven","name":"n","extra":true}'),
      schema,
      describeError,
    )
    expect(read.raw).toEqual({ id: 'seven', name: 'n', extra: true })
    expect(read.readable).toEqual({ name: 'n', extra: true })
    expect(read.issues?.map((issue) => issue.path)).toEqual([['id']])
    expect(warnings).toHaveLength(1)
  })

  it('redacts a secret in the path of an issue (a server key), in the result and the warning', () => {
    warnings.length = 0
    const withRecord = z.looseObject({ meta: z.optional(z.record(z.string(), z.number())) })
    const read = readLenient(
      context,
      response(200, '{"meta":{"SECRET-123":"x"},"keep":1}'),
      withRecord,
      describeError,
    )
    expect(read.readable).toEqual({ keep: 1 })
    expect(read.issues?.[0]?.path).toEqual(['meta', '[REDACTED]'])
    expect(JSON.stringify(read.issues)).not.toContain('SECRET-123')
    expect(warnings.join(' ')).not.toContain('SECRET-123')
  })

  it.each([
    ['[]', /expected a JSON object/],
    ['', /empty response/],
    ['{"id":', /not valid JSON/],
  ])('%j → UnexpectedResponseError saying the update was probably applied', (body, message) => {
    const read = () => readLenient(context, response(200, body), schema, describeError)
    expect(read).toThrow(UnexpectedResponseError)
    expect(read).toThrow(message)
    if (body !== '[]') expect(read).toThrow(/probably applied/)
  })
})

describe('withoutSecret', () => {
  it('takes the secret out of raw and redacts its echoes; no secret when the response has none', () => {
    const redactor = new Redactor()
    const { secret, raw, readable } = withoutSecret(
      redactor,
      { raw: { token: 'tok-9999', note: 'tok-9999' }, readable: { token: 'tok-9999' }, issues: undefined },
      'token',
    )
    expect(secret).toBe('tok-9999')
    expect(raw).toEqual({ note: '[REDACTED]' })
    expect(readable).toEqual({ token: '[REDACTED]' })
    // No echo: raw is returned without the field, uncopied; the readable field is still redacted.
    const clean = withoutSecret(
      new Redactor(),
      { raw: { token: 'tok/9 9', note: 'fine' }, readable: { token: 'tok/9 9' }, issues: undefined },
      'token',
    )
    expect(clean).toEqual({
      secret: 'tok/9 9',
      raw: { note: 'fine' },
      readable: { token: '[REDACTED]' },
      issues: undefined,
    })
    // An echo in another encoding (URL-encoded in a link) still takes the redacting path.
    const encoded = withoutSecret(
      new Redactor(),
      {
        raw: { token: 'tok/9 9', link: 'https://x.test/k/tok%2F9%209' },
        readable: { token: 'tok/9 9' },
        issues: undefined,
      },
      'token',
    )
    expect(encoded.raw).toEqual({ link: 'https://x.test/k/[REDACTED]' })
    const missing = withoutSecret(
      new Redactor(),
      { raw: {}, readable: {} as { token?: string }, issues: undefined },
      'token',
    )
    expect(missing.secret).toBeUndefined()
  })
})
