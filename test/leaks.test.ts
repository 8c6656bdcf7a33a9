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
} from '../src'
import { partooKey, plumaaKey, plumaaSecret, theAuthApiKey } from './helpers/fixtures'
import { type Failure, failures, findLeaks, hostileFetch, outputsOf, secrets } from './helpers/leaks'
import { json, observedFetch } from './helpers/observed-fetch'

interface Case {
  provider: string
  make: (options: ClientOptions) => AnyProvider
  input: Record<string, unknown>
  success: () => Response
  /** Outcomes after which the call succeeds: a rotation whose answer was lost (or a 5xx) is read back (the stub has it). */
  recovers?: readonly Failure[]
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
    input: { keyId: secrets.authKey, name: 'n', metadata: { note: 'x' } },
    success: () => json({ ...theAuthApiKey, key: secrets.authKey }),
  },
  {
    provider: 'theauthapi (rotation)',
    make: (options) => createTheAuthApi({ accessKey: secrets.authAccessKey, ...options }),
    input: { keyId: secrets.authKey, newKeyValue: secrets.authNewKey },
    success: () => json({ ...theAuthApiKey, key: secrets.authNewKey }),
    recovers: ['500-retried', 'timeout', 'network', 'malformed'],
  },
  {
    provider: 'plumaa',
    make: (options) => createPlumaa({ apiKey: secrets.plumaaApiKey, ...options }),
    input: { keyId: plumaaKey.id, enabled: false },
    success: () => json(plumaaKey),
  },
]

describe.each(cases)('$provider never leaks a secret', ({ make, input, success, recovers = [] }) => {
  it.each(failures)('when the outcome is %s', async (failure) => {
    const { outputs, failed } = await outputsOf(make, input, success, failure)
    expect(failed).toBe(failure !== 'ok' && !recovers.includes(failure))
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
