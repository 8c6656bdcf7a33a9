/**
 * A mock of the Cloud API Keys API for msw: `GET`/`PATCH /v2/projects/{project}/locations/global/keys/{key}` and
 * `GET /v2/operations/{id}`. `Authorization: Bearer` required; a PATCH applies the fields its `updateMask` names (all
 * fields set on the wire without one, every mutable field for `*`), refuses two kinds of client restriction, answers
 * 409 ABORTED when the `etag` sent is stale, and returns a long-running operation that is done at its first poll.
 * Errors are Google's `{error: {code, message, status}}`.
 */
import type { components } from '../../generated/google-apikeys'
import { bearerToken, type MockReply, nowIso, type ProviderMock, readJsonBody } from '../../src/kit/mock'
import { googleApiKeysEnvironments } from './google-apikeys-provider'

type StoredKey = components['schemas']['V2Key'] & {
  /** The key's id (the last segment of its name). */
  uid: string
  /** The project id or number the key belongs to. */
  project: string
}
/** A key to seed: its `uid` (the key id) plus any fields to override the defaults (`project` moves it). */
export type GoogleApiKeysSeed = Partial<StoredKey> & { uid: string }

/** The project the mock's keys belong to unless seeded otherwise. */
export const googleApiKeysMockProject = '123456867718'

const statuses: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
}

function googleError(status: number, message: string): MockReply {
  return { status, body: { error: { code: status, message, status: statuses[status] ?? 'UNKNOWN' } } }
}

const clientKinds = [
  'browserKeyRestrictions',
  'serverKeyRestrictions',
  'androidKeyRestrictions',
  'iosKeyRestrictions',
]
const masks: Record<string, 'displayName' | 'restrictions' | 'annotations'> = {
  display_name: 'displayName',
  restrictions: 'restrictions',
  annotations: 'annotations',
}

/** What is wrong with a PATCH body, or nothing. */
function problemOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The request body must be a Key'
  const key = body as Record<string, unknown>
  if (key.displayName !== undefined && (typeof key.displayName !== 'string' || key.displayName.length > 63))
    return 'displayName must be a string of at most 63 characters'
  if (key.etag !== undefined && typeof key.etag !== 'string') return 'etag must be a string'
  if (key.annotations !== undefined) {
    const annotations = key.annotations
    if (
      typeof annotations !== 'object' ||
      annotations === null ||
      Array.isArray(annotations) ||
      Object.values(annotations).some((value) => typeof value !== 'string')
    )
      return 'annotations must map strings to strings'
  }
  if (key.restrictions !== undefined) {
    const restrictions = key.restrictions as Record<string, unknown> | null
    if (typeof restrictions !== 'object' || restrictions === null || Array.isArray(restrictions))
      return 'restrictions must be an object'
    for (const [kind, list, item] of [
      ['browserKeyRestrictions', 'allowedReferrers', 'string'],
      ['serverKeyRestrictions', 'allowedIps', 'string'],
      ['iosKeyRestrictions', 'allowedBundleIds', 'string'],
      ['androidKeyRestrictions', 'allowedApplications', 'object'],
    ] as const) {
      const part = restrictions[kind] as Record<string, unknown> | undefined
      if (part === undefined) continue
      if (typeof part !== 'object' || part === null || Array.isArray(part)) return `${kind} must be an object`
      const values = part[list]
      if (
        values !== undefined &&
        !(
          Array.isArray(values) &&
          values.every((value) => typeof value === item && value !== null && !Array.isArray(value))
        )
      )
        return `${kind}.${list} must be an array of ${item}s`
    }
    const targets = restrictions.apiTargets
    if (
      targets !== undefined &&
      !(
        Array.isArray(targets) &&
        targets.every((target) => typeof target === 'object' && target !== null && !Array.isArray(target))
      )
    )
      return 'apiTargets must be an array of targets'
  }
  return undefined
}

const googleApiKeysMock: ProviderMock<StoredKey, GoogleApiKeysSeed> = {
  id: 'google-apikeys',
  defaultBaseUrl: googleApiKeysEnvironments.production,
  seedFor: (keyId) => {
    const match = /^projects\/([^/]+)\/locations\/[^/]+\/keys\/([^/]+)$/.exec(String(keyId))
    return match ? { uid: match[2] as string, project: match[1] as string } : { uid: String(keyId) }
  },
  clientOptions: { accessToken: 'mock-google-access-token', project: googleApiKeysMockProject },
  fromSeed: (seed) => {
    const project = seed.project ?? googleApiKeysMockProject
    return {
      project,
      name: `projects/${project}/locations/global/keys/${seed.uid}`,
      displayName: 'Mock key',
      restrictions: {},
      annotations: {},
      etag: 'W/"mock-etag-0"',
      createTime: '2024-01-01T00:00:00Z',
      updateTime: '2024-01-01T00:00:00Z',
      ...seed,
    }
  },
  keyOf: (stored) => stored.uid,
  errorBody: (status, message) => googleError(status, message).body,
  rateLimitHeaders: () => ({}),

  handlers: (context) => {
    const operations = () => context.state.store<unknown>('google-apikeys (operations)')
    const shown = ({ project: _, ...key }: StoredKey) => key
    const find = (request: Request, params: Record<string, string>) => {
      if (!context.acceptsCredential(bearerToken(request)))
        return { reply: googleError(401, 'Request had invalid authentication credentials.') }
      const stored = params.keysId === undefined ? undefined : context.store.get(params.keysId)
      if (!stored || stored.project !== params.projectsId || params.locationsId !== 'global')
        return { reply: googleError(404, `Key ${new URL(request.url).pathname.slice(4)} not found.`) }
      return { key: stored }
    }
    const keyPath = '/v2/projects/:projectsId/locations/:locationsId/keys/:keysId'
    return [
      context.route('get', keyPath, (request, params): MockReply => {
        const found = find(request, params)
        return 'reply' in found ? found.reply : { status: 200, body: shown(found.key) }
      }),
      context.route('patch', keyPath, async (request, params): Promise<MockReply> => {
        const found = find(request, params)
        if ('reply' in found) return found.reply
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return googleError(400, 'Invalid JSON payload received.')
        const problem = problemOf(parsed.value)
        if (problem) return googleError(400, problem)
        const body = parsed.value as Record<string, unknown>
        const restrictions = body.restrictions as Record<string, unknown> | undefined
        if (restrictions && clientKinds.filter((kind) => restrictions[kind] !== undefined).length > 1)
          return googleError(400, 'You can specify only one type of client restrictions per key.')
        if (body.etag !== undefined && body.etag !== found.key.etag)
          return googleError(409, 'The etag does not match: the key was changed since it was read.')
        const mask = new URL(request.url).searchParams.get('updateMask')
        const fields =
          mask === null || mask === ''
            ? Object.values(masks).filter((field) => body[field] !== undefined)
            : mask === '*'
              ? Object.values(masks)
              : mask.split(',').map((path) => masks[path.trim()])
        if (fields.some((field) => field === undefined))
          return googleError(400, `Invalid update mask: ${mask}`)
        const changed: Record<string, unknown> = { ...found.key }
        for (const field of fields) {
          if (field === undefined) continue
          if (body[field] === undefined) delete changed[field]
          else changed[field] = body[field]
        }
        const updated = { ...changed, updateTime: nowIso(), etag: `W/"mock-etag-${Date.now()}"` } as StoredKey
        context.store.set(updated.uid, updated)
        const name = `operations/akmf.mock-${operations().size + 1}`
        operations().set(name, {
          name,
          done: true,
          response: { '@type': 'type.googleapis.com/google.api.apikeys.v2.Key', ...shown(updated) },
        })
        // Running at first; done at the first poll.
        return { status: 200, body: { name, done: false } }
      }),
      context.route('get', '/v2/operations/:operationsId', (request, params): MockReply => {
        if (!context.acceptsCredential(bearerToken(request)))
          return googleError(401, 'Request had invalid authentication credentials.')
        const operation = operations().get(`operations/${params.operationsId}`)
        return operation ? { status: 200, body: operation } : googleError(404, 'Operation not found.')
      }),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default googleApiKeysMock
