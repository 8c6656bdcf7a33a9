/**
 * Error classes keep their names in the built package (ESM and CommonJS), where the bundler renames classes
 * (`_ApiError`) and an app's minifier would mangle them: `err.name`, `String(err)` and `instanceof` across the
 * two builds must not depend on `Function.name`.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const errorClasses = [
  'KeyshiftError',
  'ValidationError',
  'UnsupportedFieldError',
  'ApiError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'UnprocessableEntityError',
  'RateLimitError',
  'ServerError',
  'UnexpectedResponseError',
  'ConnectionError',
  'TimeoutError',
  'AbortError',
] as const

type ErrorClass = new (...args: unknown[]) => Error

beforeAll(() => {
  if (!existsSync(`${root}dist/index.cjs`))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)')
})

function construct(errorClass: ErrorClass, name: string): Error {
  if (
    name === 'ApiError' ||
    name.endsWith('RequestError') ||
    /Authentication|Permission|NotFound|Conflict|Unprocessable|RateLimit|Server/.test(name)
  )
    return new errorClass({ provider: 'partoo', status: 418, headers: {}, body: null, message: 'm' })
  if (name === 'ValidationError') return new errorClass('partoo', [{ path: [], message: 'm' }])
  if (name === 'UnsupportedFieldError') return new errorClass('partoo', 'enabled')
  if (name === 'UnexpectedResponseError') return new errorClass('partoo', 200, 'm')
  if (name === 'KeyshiftError') return new errorClass('m')
  return new errorClass('partoo', 'm')
}

it.each(errorClasses)(
  '%s keeps its name in dist/ (ESM and CommonJS), and instanceof works across both',
  async (name) => {
    const esm = (await import(`${root}dist/index.js`)) as Record<string, ErrorClass>
    const cjs = createRequire(import.meta.url)(`${root}dist/index.cjs`) as Record<string, ErrorClass>
    for (const build of [esm, cjs]) {
      const errorClass = build[name] as ErrorClass
      const error = construct(errorClass, name)
      expect(error.name).toBe(name)
      expect(String(error)).toMatch(new RegExp(`^${name}: `))
    }
    expect(construct(esm[name] as ErrorClass, name)).toBeInstanceOf(cjs[name] as ErrorClass)
    expect(construct(cjs[name] as ErrorClass, name)).toBeInstanceOf(esm[name] as ErrorClass)
  },
)
