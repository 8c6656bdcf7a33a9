/**
 * Secrets never leak: for each provider and each failure kind, every secret string is searched in the thrown
 * error (message, stack, cause, JSON, inspect), every log line and every hook payload. The stub provider is
 * hostile on purpose: it echoes the request's URL and auth headers back in its error bodies and messages.
 */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  type AnyProvider,
  type ClientOptions,
  createPartoo,
  createPlumaa,
  createPulseCrm,
  createTheAuthApi,
  type FetchLike,
} from '../src'
import { partooKey, plumaaKey, plumaaSecret, theAuthApiKey, theAuthApiSecret } from './helpers/fixtures'
import { json, type ObservedRequest, observedFetch } from './helpers/observed-fetch'

// Several secrets hold `"` and `\`, which JSON escaping changes (`\"`, `\\`): redaction must catch those forms too.
const secrets = {
  partooApiKey: 'PARTOO-SECRET-4f1c9a"q\\',
  pulseToken: 'PULSE-TOKEN-SECRET-77aa',
  pulsePassword: 'PULSE-PASSWORD-"SECRET"\\19',
  pulseLoginToken: 'PULSE-LOGIN-TOKEN-SECRET-02',
  authAccessKey: 'AUTH-ACCESS-SECRET-88e2',
  authKey: theAuthApiSecret,
  authNewKey: 'live_NEW-"CUSTOM"\\SECRET-5d',
  plumaaApiKey: 'PLUMAA-SECRET-c0ffee',
  plumaaKeySecret: plumaaSecret,
}

type Failure =
  | 'ok'
  | '400-echo'
  | '401'
  | '404'
  | '500-retried'
  | '429-over-cap'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'abort'
const failures: Failure[] = [
  'ok',
  '400-echo',
  '401',
  '404',
  '500-retried',
  '429-over-cap',
  'timeout',
  'network',
  'malformed',
  'abort',
]

function echo(request: ObservedRequest) {
  const auth = [...request.headers.entries()].map(([name, value]) => `${name}=${value}`).join(' ')
  return `rejected ${request.method} ${request.url} with ${auth} and body ${request.body}`
}

function hostileFetch(
  failure: Failure,
  success: () => Response,
  onHang: (signal: AbortSignal) => void,
): FetchLike {
  return observedFetch(async (request) => {
    if (request.url.endsWith('/auth/login')) return json({ token: secrets.pulseLoginToken })
    if (request.method === 'GET')
      return json({
        apiKeys: [{ id: 'key_01', description: 'd', flatPermissionsList: [] }],
        ...theAuthApiKey,
      })
    const message = echo(request)
    switch (failure) {
      case 'ok':
        return success()
      case '400-echo':
        return json(
          { errors: { json: message }, error: message, message: [message], statusCode: 400 },
          { status: 400 },
        )
      case '401':
        return json(
          { errors: { authentication: message }, error: message, message, statusCode: 401 },
          { status: 401, headers: { 'www-authenticate': message } },
        )
      case '404':
        return json({ errors: { json: message }, error: message, message }, { status: 404 })
      case '500-retried':
        return json(
          { errors: [{ message }] },
          { status: 500, headers: { 'retry-after-ms': '1', 'x-debug': message } },
        )
      case '429-over-cap':
        return json({ message }, { status: 429, headers: { 'retry-after': '3600' } })
      case 'malformed':
        return new Response(`{"broken": "${message}`, { headers: { 'content-type': 'application/json' } })
      case 'network':
        throw new TypeError(`fetch failed: ${message}`, {
          cause: new Error(`socket hang up at ${request.url}`),
        })
      case 'timeout':
      case 'abort':
        return new Promise<Response>((_resolve, reject) => {
          const signal = request.signal
          if (signal) onHang(signal)
          signal?.addEventListener('abort', () =>
            reject(new DOMException(`aborted ${message}`, 'AbortError')),
          )
        })
    }
  }).fetch
}

interface Case {
  provider: string
  make: (options: ClientOptions) => AnyProvider
  input: Record<string, unknown>
  success: () => Response
}

const cases: Case[] = [
  {
    provider: 'partoo',
    make: (options) => createPartoo({ apiKey: secrets.partooApiKey, ...options }),
    input: { keyId: 3245, name: 'n' },
    success: () => json(partooKey),
  },
  {
    provider: 'pulsecrm (token)',
    make: (options) =>
      createPulseCrm({ baseUrl: 'https://crm.example.com', token: secrets.pulseToken, ...options }),
    input: { keyId: 'key_01', description: 'd', permissions: [] },
    success: () => json({ success: true }),
  },
  {
    provider: 'pulsecrm (login)',
    make: (options) =>
      createPulseCrm({
        baseUrl: 'https://crm.example.com',
        email: 'admin@example.com',
        password: secrets.pulsePassword,
        ...options,
      }),
    input: { keyId: 'key_01', expiresAt: null },
    success: () => json({ success: true }),
  },
  {
    provider: 'theauthapi',
    make: (options) => createTheAuthApi({ accessKey: secrets.authAccessKey, ...options }),
    input: { keyId: secrets.authKey, newKeyValue: secrets.authNewKey },
    success: () => json({ ...theAuthApiKey, key: secrets.authNewKey }),
  },
  {
    provider: 'plumaa',
    make: (options) => createPlumaa({ apiKey: secrets.plumaaApiKey, ...options }),
    input: { keyId: plumaaKey.id, enabled: false },
    success: () => json(plumaaKey),
  },
]

/**
 * Each secret is searched in its own text, URL-encoded, JSON-escaped once and twice, and by its fragments of 8+
 * plain characters: whatever escaping an output applied, a secret that was not redacted leaves a fragment behind.
 */
function findLeaks(outputs: string[]): string[] {
  const leaks: string[] = []
  for (const output of outputs) {
    for (const [name, secret] of Object.entries(secrets)) {
      const escaped = JSON.stringify(secret).slice(1, -1)
      const forms = [secret, encodeURIComponent(secret), escaped, JSON.stringify(escaped).slice(1, -1)]
      const fragments = secret.split(/[^A-Za-z0-9-]+/).filter((fragment) => fragment.length >= 8)
      if ([...forms, ...fragments].some((form) => output.includes(form)))
        leaks.push(`${name} in: ${output.slice(0, 300)}`)
    }
  }
  return leaks
}

describe.each(cases)('$provider never leaks a secret', ({ make, input, success }) => {
  it.each(failures)('when the outcome is %s', async (failure) => {
    const outputs: string[] = []
    const record = (label: string) => (message: string, details?: unknown) =>
      outputs.push(`${label} ${message} ${JSON.stringify(details)}`)
    const controller = new AbortController()
    const fetch = hostileFetch(failure, success, () => {
      if (failure === 'abort') setTimeout(() => controller.abort(), 5)
    })
    const provider = make({
      fetch,
      timeoutMs: 100,
      logLevel: 'debug',
      logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
      onRequest: (event) => outputs.push(JSON.stringify(event)),
      onResponse: (event) => outputs.push(JSON.stringify(event)),
      onRetry: (event) => outputs.push(JSON.stringify(event)),
    })
    const result = await provider
      .updateApiKey(input as never, { signal: controller.signal })
      .then((value) => ({ value }))
      .catch((error: unknown) => ({ error }))
    if ('error' in result) {
      const error = result.error as Error & { cause?: unknown }
      expect(failure).not.toBe('ok')
      outputs.push(
        error.message,
        String(error.stack),
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 20, showHidden: true }),
        inspect(error.cause, { depth: 20, showHidden: true }),
      )
    } else {
      expect(failure).toBe('ok')
      outputs.push(
        JSON.stringify(result.value),
        inspect(result.value, { depth: 20, showHidden: true }),
        String(result.value),
      )
    }
    expect(outputs.length).toBeGreaterThan(1)
    expect(findLeaks(outputs)).toEqual([])
  })
})

describe('credentials read from the environment are redacted too', () => {
  it.each(['401', '500-retried', 'network'] as const)(
    'PULSECRM_TOKEN, when the outcome is %s',
    async (failure) => {
      const previous = process.env.PULSECRM_TOKEN
      process.env.PULSECRM_TOKEN = secrets.pulseToken
      try {
        const outputs: string[] = []
        const provider = createPulseCrm({
          baseUrl: 'https://crm.example.com',
          fetch: hostileFetch(
            failure,
            () => json({ success: true }),
            () => undefined,
          ),
          onRetry: (event) => outputs.push(JSON.stringify(event)),
        })
        const error = (await provider
          .updateApiKey({ keyId: 'key_01', description: 'd', permissions: [] })
          .catch((caught: unknown) => caught)) as Error
        outputs.push(
          error.message,
          String(error.stack),
          JSON.stringify(error),
          inspect(error, { depth: 20, showHidden: true }),
        )
        expect(findLeaks(outputs)).toEqual([])
      } finally {
        if (previous === undefined) delete process.env.PULSECRM_TOKEN
        else process.env.PULSECRM_TOKEN = previous
      }
    },
  )
})

describe('the leak search itself', () => {
  it('finds a secret when one is there', () => {
    expect(findLeaks([`oops ${secrets.partooApiKey}`])).toHaveLength(1)
    expect(findLeaks([`/api-keys/${encodeURIComponent(secrets.authKey)}`])).toHaveLength(1)
    expect(findLeaks([JSON.stringify({ password: secrets.pulsePassword })])).toHaveLength(1)
    expect(findLeaks([JSON.stringify(JSON.stringify({ key: secrets.authNewKey }))])).toHaveLength(1)
  })
})

describe('a secret a server echoes in other fields of a result', () => {
  it('The Auth API: the key is redacted wherever it appears in raw, and revealSecret() still returns it', async () => {
    const echoing = {
      ...theAuthApiKey,
      key: secrets.authKey,
      customMetaData: { copyOfKey: secrets.authKey, note: `issued ${secrets.authKey}` },
    }
    const provider = createTheAuthApi({
      accessKey: secrets.authAccessKey,
      fetch: observedFetch(() => json(echoing)).fetch,
    })
    const key = await provider.updateApiKey({ keyId: secrets.authKey, name: 'n' })
    expect(
      findLeaks([JSON.stringify(key), inspect(key, { depth: 20, showHidden: true }), String(key)]),
    ).toEqual([])
    expect(key.revealSecret()).toBe(secrets.authKey)
  })

  it('Plumaa: the returned secret is redacted wherever else it appears in raw', async () => {
    const echoing = { ...plumaaKey, name: `key ${plumaaSecret}` }
    const provider = createPlumaa({
      apiKey: secrets.plumaaApiKey,
      fetch: observedFetch(() => json(echoing)).fetch,
    })
    const key = await provider.updateApiKey({ keyId: plumaaKey.id, enabled: false })
    expect(findLeaks([JSON.stringify(key), inspect(key, { depth: 20, showHidden: true })])).toEqual([])
    expect(key.revealSecret()).toBe(plumaaSecret)
  })
})
