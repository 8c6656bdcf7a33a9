import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { type ClientOptions, defineProvider } from '../../src/kit'

type Paths = Record<string, never>

describe('defineProvider', () => {
  it('builds the schemas once, on the first call; a build that throws is tried again on the next call', async () => {
    let attempts = 0
    const demo = defineProvider<{
      paths: Paths
      options: ClientOptions & { apiKey?: string }
      update: { keyId: string; name?: string }
    }>()({
      id: 'demo',
      name: 'Demo',
      environments: { production: 'https://demo.invalid' },
      defaultEnvironment: 'production',
      example: { keyId: 'k', name: 'n' },
      credentialHelp: 'DEMO_KEY',
      credentialVariables: ['DEMO_KEY'],
      fields: ['name'],
      unsupportedHints: {},
      buildSchemas: () => {
        attempts++
        if (attempts === 1) throw new Error('schemas failed to build')
        return { input: z.strictObject({ keyId: z.string(), name: z.optional(z.string()) }) }
      },
      loadCredential: (options) => options.apiKey ?? '',
      secretsOf: (key) => [key],
      describeError: () => undefined,
      update: async (call) => ({ id: call.input.keyId }),
    })
    const client = demo.create({ apiKey: 'demo-key' })
    await expect(client.updateApiKey({ keyId: 'k', name: 'n' })).rejects.toThrow('schemas failed to build')
    await expect(client.updateApiKey({ keyId: 'k', name: 'n' })).resolves.toEqual({ id: 'k' })
    await expect(client.updateApiKey({ keyId: 'k', name: 'n' })).resolves.toEqual({ id: 'k' })
    expect(attempts).toBe(2)
  })
})
