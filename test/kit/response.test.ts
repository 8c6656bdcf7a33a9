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
import {
  type ReadContext,
  readLenient,
  readStrict,
  responseInfo,
  withoutSecret,
} from '../../src/kit/response'
import { ReadResponse } from '../../src/kit/transport'

const warnings: string[] = []
const warningDetails: Record<string, unknown>[] = []
const context: ReadContext = {
  provider: 'demo',
  redactor: new Redactor().add('SECRET-123'),
  warn: (message, details) => {
    warnings.push(message)
    warningDetails.push(details)
  },
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

  const thrown = (read: () => unknown) => {
    try {
      read()
    } catch (error) {
      return error as ApiError
    }
    throw new Error('expected an error')
  }

  it('carries the status, Retry-After, the request id and the redacted headers and body', () => {
    const error = thrown(() =>
      readStrict(
        context,
        response(429, '{"message":"slow down","echo":"SECRET-123"}', {
          'retry-after': '7',
          'x-request-id': 'req_1',
          'x-note': 'SECRET-123',
        }),
        schema,
        describeError,
      ),
    )
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error).toMatchObject({
      provider: 'demo',
      status: 429,
      retryAfterMs: 7000,
      requestId: 'req_1',
      body: { message: 'slow down', echo: '[REDACTED]' },
    })
    expect(error.headers).toMatchObject({ 'x-note': '[REDACTED]', 'x-request-id': 'req_1' })
  })

  it.each([
    [{ 'x-vendor-id': 'v1', 'x-request-id': 'x1', 'request-id': 'r1' }, 'v1'],
    [{ 'x-request-id': 'x1', 'request-id': 'r1' }, 'x1'],
    [{ 'request-id': 'r1' }, 'r1'],
    [{ 'request-id': 'r-SECRET-123' }, 'r-[REDACTED]'],
    [{}, undefined],
  ])('the request id of %j is %s (the vendor header first), redacted', (headers, requestId) => {
    const vendorContext = { ...context, requestIdHeader: 'x-vendor-id' }
    const error = thrown(() => readStrict(vendorContext, response(500, '{}', headers), schema, describeError))
    expect(error.requestId).toBe(requestId)
    const info = responseInfo(vendorContext, response(200, '{}', headers))
    expect(info.requestId).toBe(requestId)
    expect('requestId' in info).toBe(requestId !== undefined)
  })

  it('the status decides when an error body was past the size cap: the body is not read', () => {
    const over = new ReadResponse(
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: new Headers({ 'content-type': 'text/html' }),
      },
      '',
      1_048_576,
    )
    const error = thrown(() => readStrict(context, over, schema, describeError))
    expect(error).toBeInstanceOf(ServerError)
    expect(error.message).toBe('demo 503: Service Unavailable (a body of more than 1048576 bytes, discarded)')
    expect(error.body).toBeUndefined()
    const noText = new ReadResponse({ status: 502, statusText: '', headers: new Headers() }, '', 10)
    expect(thrown(() => readStrict(context, noText, schema, describeError)).message).toBe(
      'demo 502: error (a body of more than 10 bytes, discarded)',
    )
  })

  it('says what an error body was when it holds no message', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['', {}, 'demo 500: error (empty body)'],
      ['"just a string"', {}, 'demo 500: error (JSON body)'],
      ['[1,2]', {}, 'demo 500: request failed'],
      ['null', {}, 'demo 500: error (JSON body)'],
      [`${'['.repeat(200)}${']'.repeat(200)}`, {}, 'demo 500: error (a JSON body nested too deeply'],
      ['oops', { 'content-type': 'text/plain; charset=utf-8' }, 'demo 500: error (text/plain body)'],
    ]
    for (const [body, headers, message] of cases) {
      const error = thrown(() => readStrict(context, response(500, body, headers), schema, describeError))
      expect(error).toBeInstanceOf(ServerError)
      expect(error.message).toContain(message)
    }
    const bare = new ReadResponse({ status: 500, statusText: '', headers: new Headers() }, 'oops')
    expect(thrown(() => readStrict(context, bare, schema, describeError)).message).toContain(
      '(no content type body)',
    )
    // The body a non-object error carried is kept (redacted) for the caller.
    const text = thrown(() =>
      readStrict(
        context,
        response(500, 'down: SECRET-123', { 'content-type': 'text/plain' }),
        schema,
        describeError,
      ),
    )
    expect(text.body).toBe('down: [REDACTED]')
    expect(thrown(() => readStrict(context, response(500, '[1,2]'), schema, describeError)).body).toEqual([
      1, 2,
    ])
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
    ['null', /expected a JSON object/],
    ['"applied"', /expected a JSON object/],
    ['7', /expected a JSON object/],
    ['', /empty response/],
    ['{"id":', /not valid JSON/],
  ])('%j → UnexpectedResponseError saying the update was probably applied', (body, message) => {
    const read = () => readLenient(context, response(200, body), schema, describeError)
    expect(read).toThrow(UnexpectedResponseError)
    expect(read).toThrow(message)
    expect(read).toThrow(/probably applied/)
    expect(read).toThrow(expect.objectContaining({ mayHaveBeenApplied: true, status: 200, issues: [] }))
  })

  it('a 2xx that is not JSON says what it was; a read (strict) does not claim anything was applied', () => {
    const html = response(200, '<html>', { 'content-type': 'text/html' })
    expect(() => readLenient(context, html, schema, describeError)).toThrow(
      'expected a JSON body, got text/html (the provider answered 2xx',
    )
    const strict = () => readStrict(context, html, schema, describeError)
    expect(strict).toThrow(expect.objectContaining({ mayHaveBeenApplied: false, issues: [] }))
    expect(strict).toThrow(/expected a JSON body, got text\/html$/)
    const untyped = new ReadResponse({ status: 200, statusText: '', headers: new Headers() }, '{}')
    expect(() => readStrict(context, untyped, schema, describeError)).toThrow(
      'expected a JSON body, got no content type',
    )
  })

  it('lists each required field that is missing, and keys dropped as prototype pollution', () => {
    warnings.length = 0
    const read = readLenient(context, response(200, '{"id":1,"__proto__":{"x":1}}'), schema, describeError, {
      required: ['id', 'name', 'secret'],
    })
    expect(read.readable).toEqual({ id: 1 })
    expect(read.issues).toEqual([
      { path: ['name'], message: 'missing, though the spec requires it' },
      { path: ['secret'], message: 'missing, though the spec requires it' },
      { path: [], message: expect.stringMatching(/^1 key\(s\) named __proto__/) },
    ])
    expect(warnings).toEqual([expect.stringContaining('(name: missing, though the spec requires it)')])
  })

  it('an issue inside a list names its index as a number, in the result and the warning', () => {
    warnings.length = 0
    warningDetails.length = 0
    const withTags = z.looseObject({ tags: z.optional(z.array(z.string())) })
    const read = readLenient(context, response(200, '{"tags":["a",1]}'), withTags, describeError)
    expect(read.issues?.[0]?.path).toEqual(['tags', 1])
    expect(warnings[0]).toMatch(
      /^the response does not match the spec \(tags\.1: .+\); result fields left out$/,
    )
    expect(warningDetails[0]).toEqual({ issues: [expect.stringMatching(/^tags\.1: /)] })
  })

  it('a body that matches has no issues and logs nothing', () => {
    warnings.length = 0
    const read = readLenient(context, response(200, '{"id":1,"name":"n"}'), schema, describeError, {
      required: ['id'],
    })
    expect(read).toEqual({ raw: { id: 1, name: 'n' }, readable: { id: 1, name: 'n' }, issues: undefined })
    expect(warnings).toEqual([])
  })

  it('a body that still does not match without its drifted fields is an error that says it was probably applied', () => {
    const strictSchema = z.object({ id: z.number() })
    const read = () => readLenient(context, response(200, '{"id":"x"}'), strictSchema, describeError)
    expect(read).toThrow(UnexpectedResponseError)
    expect(read).toThrow(/the body does not match the spec \(id: .*probably applied/)
    expect(read).toThrow(expect.objectContaining({ mayHaveBeenApplied: true }))
  })

  it('redacts a credential the server echoed in raw and readable', () => {
    const read = readLenient(
      context,
      response(200, '{"id":1,"name":"SECRET-123","deep":{"k":"SECRET-123"}}'),
      schema,
      describeError,
    )
    expect(read.raw).toEqual({ id: 1, name: '[REDACTED]', deep: { k: '[REDACTED]' } })
    expect(read.readable).toEqual({ id: 1, name: '[REDACTED]', deep: { k: '[REDACTED]' } })
  })

  it('takes the secret field apart when the step declares one (a nested one too)', () => {
    const top = readLenient(context, response(200, '{"id":1,"name":"key-value-1"}'), schema, describeError, {
      secretField: 'name',
    })
    expect(top).toMatchObject({ secret: 'key-value-1', raw: { id: 1 } })
    const nested = readLenient(
      { ...context, redactor: new Redactor() },
      response(200, '{"data":{"attributes":{"key":"key-value-2","n":1},"id":"a"}}'),
      z.looseObject({}),
      describeError,
      { secretField: 'data.attributes.key' },
    )
    expect(nested).toMatchObject({ secret: 'key-value-2', raw: { data: { attributes: { n: 1 }, id: 'a' } } })
    expect(JSON.stringify(nested.readable)).not.toContain('key-value-2')
  })

  it('a secret field that is not a string, or a path through something not an object, gives no secret', () => {
    const fresh = () => ({ ...context, redactor: new Redactor() })
    const numeric = readLenient(
      fresh(),
      response(200, '{"id":1,"name":"n","token":12345}'),
      schema,
      describeError,
      {
        secretField: 'token',
      },
    )
    expect(numeric).toMatchObject({ secret: undefined })
    for (const data of ['"text"', 'null', '[1,2]', '7']) {
      const body = `{"data":${data},"id":1}`
      const read = readLenient(fresh(), response(200, body), z.looseObject({}), describeError, {
        secretField: 'data.attributes.key',
      })
      expect(read).toMatchObject({ secret: undefined })
      expect(read.raw).toEqual(JSON.parse(body))
    }
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
