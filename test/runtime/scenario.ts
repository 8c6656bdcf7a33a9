/**
 * One `updateApiKey` per provider, bundled on its own (esbuild, IIFE) and run inside other runtimes: an edge
 * VM and headless Chromium. Web-standard APIs only, like the package itself.
 */
import { createPartoo, createPlumaa, createPulseCrm, createTheAuthApi, updateApiKey } from '../../src'

export const scenarioKeys = {
  partoo: 3245,
  pulsecrm: 'key_01',
  theauthapi: 'live_runtime-key',
  plumaa: '5e5677d71bdc2ae76344968c',
} as const

/** A result's fields that every runtime can compare, or the error's name and whether it names CORS. */
function summary(key: Awaited<ReturnType<typeof updateApiKey>> | { provider: string; error: unknown }) {
  if ('error' in key) {
    const error = key.error as Error
    return { provider: key.provider, error: error.name, saysCors: /CORS/.test(error.message) }
  }
  return { provider: key.provider, name: key.name, description: key.description, enabled: key.enabled }
}

export async function runScenario(baseUrls: Record<'partoo' | 'pulsecrm' | 'theauthapi' | 'plumaa', string>) {
  const keys = [
    await updateApiKey({
      provider: createPartoo({ apiKey: 'test-key', baseUrl: baseUrls.partoo }),
      keyId: scenarioKeys.partoo,
      name: 'from a runtime',
      ipAllowlist: ['10.0.0.0/8'],
    }).catch((error: unknown) => ({ provider: 'partoo', error })),
    await updateApiKey({
      provider: createPulseCrm({
        baseUrl: baseUrls.pulsecrm,
        email: 'admin@example.com',
        password: 'pw-runtime',
      }),
      keyId: scenarioKeys.pulsecrm,
      description: 'from a runtime',
    }),
    await updateApiKey({
      provider: createTheAuthApi({ accessKey: 'test-access-key', baseUrl: baseUrls.theauthapi }),
      keyId: scenarioKeys.theauthapi,
      name: 'from a runtime',
    }),
    await updateApiKey({
      provider: createPlumaa({ apiKey: 'test-key', baseUrl: baseUrls.plumaa }),
      keyId: scenarioKeys.plumaa,
      name: 'from a runtime',
      enabled: false,
    }),
  ]
  return keys.map(summary)
}

;(globalThis as { runScenario?: typeof runScenario }).runScenario = runScenario
