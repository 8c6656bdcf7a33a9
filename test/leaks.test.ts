/**
 * Secrets never leak, for every provider in the registry (each declares its secrets and cases in its testkit): for
 * each failure kind, every secret is searched in the thrown error (message, stack, cause, JSON, inspect), every log
 * line and every hook payload. The stub provider is hostile on purpose: it echoes the request's URL and auth headers
 * back in its error bodies and messages, and its successes echo every secret too.
 */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { definitionOf, providerIds } from '../providers/providers'
import type { AnyProvider } from '../src'
import { failures, findLeaks, genericSecrets, hostileFetch, outputsOf } from './helpers/leaks'
import { json } from './helpers/observed-fetch'
import { testkitOf } from './helpers/testkit'

const cases = providerIds.flatMap((id) => testkitOf(id).leakCases)

describe.each(cases)(
  '$name never leaks a secret',
  ({ make, input, success, reads, secrets, recovers = [] }) => {
    it.each(failures)('when the outcome is %s', async (failure) => {
      const { outputs, failed } = await outputsOf(make, input, success, failure, reads)
      expect(failed).toBe(failure !== 'ok' && !recovers.includes(failure))
      expect(outputs.length).toBeGreaterThan(1)
      expect(findLeaks(outputs, secrets)).toEqual([])
    })

    it('when a success echoes every secret in its body: raw and the result are redacted', async () => {
      const echoing = async () => {
        const body = (await success().json()) as Record<string, unknown>
        return json({
          ...body,
          echoed: { values: Object.values(secrets), note: `copy: ${Object.values(secrets).join(' ')}` },
        })
      }
      const { outputs, failed } = await outputsOf(
        make,
        input,
        await echoing().then((response) => () => response.clone()),
        'ok',
        reads,
      )
      expect(failed).toBe(false)
      expect(findLeaks(outputs, secrets)).toEqual([])
    })
  },
)

describe('credentials read from the environment are redacted too', () => {
  it.each(providerIds)('%s, when the server echoes them back in a 401', async (id) => {
    const definition = definitionOf(id)
    const testkit = testkitOf(id)
    const [first] = testkit.leakCases
    const [variable] = definition.credentialVariables
    if (!first || !variable) throw new Error(`${id}: a leak case and a credential variable are needed`)
    const secret = `ENV-"SECRET"\\${id}-7731`
    // The other variables a client needs together (a second key), with their placeholders.
    const others = Object.keys(definition.dryRunPlaceholders ?? {}).filter((name) => name !== variable)
    const saved = Object.fromEntries([variable, ...others].map((name) => [name, process.env[name]]))
    process.env[variable] = secret
    for (const name of others) process.env[name] = definition.dryRunPlaceholders?.[name] as string
    try {
      const outputs: string[] = []
      const provider = definition.create({
        ...testkit.settings,
        fetch: hostileFetch('401', first.success, () => undefined, first.reads),
        onRequest: (event: unknown) => outputs.push(JSON.stringify(event)),
      } as never) as AnyProvider
      const error = (await provider
        .updateApiKey(first.input as never)
        .catch((caught: unknown) => caught)) as Error
      outputs.push(
        error.message,
        String(error.stack),
        JSON.stringify(error),
        inspect(error, { depth: 20, showHidden: true }),
      )
      expect(error.name).toBe('AuthenticationError')
      expect(findLeaks(outputs, { secret })).toEqual([])
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})

describe('the leak search itself', () => {
  it('finds a secret in any of its forms, and only a secret', () => {
    const { credential } = genericSecrets
    expect(findLeaks([`oops ${credential}`], genericSecrets)).toHaveLength(1)
    expect(findLeaks([`/keys/${encodeURIComponent(credential)}`], genericSecrets)).toHaveLength(1)
    expect(findLeaks([JSON.stringify({ password: credential })], genericSecrets)).toHaveLength(1)
    expect(findLeaks([JSON.stringify(JSON.stringify({ key: credential }))], genericSecrets)).toHaveLength(1)
    expect(findLeaks(['[REDACTED] and nothing else'], genericSecrets)).toEqual([])
  })
})
