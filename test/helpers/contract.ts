/**
 * Contract checks: a recorded HTTP request (or a response) against a provider's OpenAPI spec, with a real
 * JSON-Schema validator (Ajv, draft 2020-12, which OpenAPI 3.1 uses and our 3.0 spec is compatible with).
 */
import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'
import type { ProviderId } from '../../providers/providers'
import { effectiveSpec } from '../../scripts/openapi.mjs'

/** A shipped provider's id (its providers/<id>/openapi.yaml and overlay), or the URL of any spec (a fixture provider's). */
export type SpecSource = ProviderId | URL

type Schema = Record<string, unknown>
interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema?: Schema
  content?: Record<string, { schema: Schema }>
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
  security?: Record<string, string[]>[]
}
interface Spec {
  servers: { url: string }[]
  security?: Record<string, string[]>[]
  paths: Record<string, Record<string, Operation> & { parameters?: Parameter[] }>
  components: {
    securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>
  }
}

const specs = new Map<string, Spec>()
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
addFormats.default(ajv)
const compiled = new WeakMap<Schema, ReturnType<typeof ajv.compile>>()

export function loadSpec(source: SpecSource): Spec {
  const path = source instanceof URL ? source : new URL(`../../providers/${source}/`, import.meta.url)
  let spec = specs.get(path.href)
  if (!spec) {
    const validator = new Validator()
    // A provider's effective document (its openapi.yaml with its overlay.yaml applied), or any spec file.
    const document = source instanceof URL ? parse(readFileSync(path, 'utf8')) : effectiveSpec(path.pathname)
    if (String(document.openapi).startsWith('3.0')) nullableToTypeArrays(document)
    spec = validator.resolveRefs({ specification: document }) as unknown as Spec
    specs.set(path.href, spec)
  }
  return spec
}

/** OpenAPI 3.0's `nullable: true` is not JSON Schema: rewrite it as a type array for Ajv (3.1 style). */
function nullableToTypeArrays(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) nullableToTypeArrays(item)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const schema = node as Schema
  if (schema.nullable === true && typeof schema.type === 'string') {
    schema.type = [schema.type, 'null']
    delete schema.nullable
  }
  for (const value of Object.values(schema)) nullableToTypeArrays(value)
}

function check(schema: Schema, value: unknown, where: string): string[] {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  if (validate(value)) return []
  return (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${error.message}`)
}

/** Finds the spec operation for a method and a path (relative to the base URL). */
function findOperation(spec: Spec, method: string, pathname: string) {
  for (const [template, item] of Object.entries(spec.paths)) {
    const names: string[] = []
    const pattern = new RegExp(
      `^${template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name)
        return '([^/]+)'
      })}$`,
    )
    const match = pattern.exec(pathname)
    const operation = item[method.toLowerCase()] as Operation | undefined
    if (match && operation) {
      const pathValues = Object.fromEntries(
        names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
      )
      return { template, operation, pathValues, shared: item.parameters ?? [] }
    }
  }
  return undefined
}

function coerce(schema: Schema | undefined, raw: string): unknown {
  const type = schema?.type
  if (type === 'integer' || type === 'number') return raw.trim() === '' ? raw : Number(raw)
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

export interface RecordedRequest {
  method: string
  url: string
  headers: Headers
  body: string | null
}

/** Every way `request` breaks the provider's spec; `[]` when it conforms. */
export function requestViolations(provider: SpecSource, request: RecordedRequest, baseUrl: string): string[] {
  const spec = loadSpec(provider)
  const url = new URL(request.url)
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  if (url.origin !== base.origin || !url.pathname.startsWith(basePath))
    return [`${request.url} is outside ${baseUrl}`]
  const found = findOperation(spec, request.method, url.pathname.slice(basePath.length))
  if (!found) return [`no operation for ${request.method} ${url.pathname}`]
  const { operation, pathValues, shared } = found
  const problems: string[] = []
  const parameters = [...shared, ...(operation.parameters ?? [])]

  for (const parameter of parameters) {
    const schema = parameter.schema ?? Object.values(parameter.content ?? {})[0]?.schema
    let raw: string | null
    if (parameter.in === 'path') raw = pathValues[parameter.name] ?? null
    else if (parameter.in === 'query') {
      const values = url.searchParams.getAll(parameter.name)
      if (values.length > 1) problems.push(`query ${parameter.name} is repeated`)
      raw = values[0] ?? null
    } else raw = request.headers.get(parameter.name)
    if (raw === null) {
      if (parameter.required) problems.push(`${parameter.in} ${parameter.name} is required`)
      continue
    }
    let value: unknown
    if (parameter.content) {
      try {
        value = JSON.parse(raw)
      } catch {
        problems.push(`${parameter.in} ${parameter.name} is not JSON`)
        continue
      }
    } else value = coerce(schema, raw)
    if (schema) problems.push(...check(schema, value, `${parameter.in} ${parameter.name}`))
  }
  const known = new Set(
    parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
  )
  for (const name of new Set(url.searchParams.keys())) {
    if (!known.has(name)) problems.push(`query ${name} is not in the spec`)
  }

  const security = operation.security ?? spec.security ?? []
  if (security.length > 0) {
    const satisfied = security.some((requirement) =>
      Object.keys(requirement).every((schemeName) => {
        const scheme = spec.components.securitySchemes[schemeName]
        if (!scheme) return false
        if (scheme.type === 'apiKey' && scheme.in === 'header')
          return Boolean(request.headers.get(scheme.name ?? ''))
        if (scheme.type === 'http' && scheme.scheme === 'bearer') {
          return /^Bearer \S+$/.test(request.headers.get('authorization') ?? '')
        }
        if (scheme.type === 'http' && scheme.scheme === 'basic') {
          // base64 of `user:password`, the user without a colon.
          const encoded = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(request.headers.get('authorization') ?? '')?.[1]
          return encoded !== undefined && /^[^:]+:/.test(atob(encoded))
        }
        return false
      }),
    )
    if (!satisfied) problems.push('no credentials as the security scheme requires')
  }

  if (operation.requestBody) {
    const content = operation.requestBody.content
    if (request.body === null || request.body === '') {
      if (operation.requestBody.required) problems.push('body is required')
    } else {
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
      const media = content[contentType]
      if (!media)
        problems.push(`content-type is ${contentType || 'missing'}, not ${Object.keys(content).join(' or ')}`)
      else if (contentType === 'application/x-www-form-urlencoded') {
        // A form's values are strings: each field is checked as the string the server receives.
        problems.push(...check(media.schema, Object.fromEntries(new URLSearchParams(request.body)), 'body'))
      } else {
        try {
          problems.push(...check(media.schema, JSON.parse(request.body), 'body'))
        } catch {
          problems.push('body is not JSON')
        }
      }
    }
  } else if (request.body) problems.push('operation takes no body')
  return problems
}

/** Whether the spec documents `status` (or its class, or a default) for an operation. */
export function documents(provider: SpecSource, method: string, pathname: string, status: number): boolean {
  const found = findOperation(loadSpec(provider), method, pathname)
  const responses = found?.operation.responses ?? {}
  return Boolean(responses[String(status)] ?? responses[`${String(status)[0]}XX`])
}

/** Every way a response body breaks the spec for that operation and status. */
export function responseViolations(
  provider: SpecSource,
  method: string,
  pathname: string,
  status: number,
  body: unknown,
): string[] {
  const spec = loadSpec(provider)
  const found = findOperation(spec, method, pathname)
  if (!found) return [`no operation for ${method} ${pathname}`]
  const responses = found.operation.responses
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default
  if (!response) return [`status ${status} is not documented for ${method} ${found.template}`]
  const schema = response.content?.['application/json']?.schema
  return schema ? check(schema, body, `response ${status}`) : []
}
