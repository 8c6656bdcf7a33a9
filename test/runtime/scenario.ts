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

export async function runScenario(baseUrls: Record<'partoo' | 'pulsecrm' | 'theauthapi' | 'plumaa', string>) {
  const keys = [
    await updateApiKey({
      provider: createPartoo({ apiKey: 'k', baseUrl: baseUrls.partoo }),
      keyId: scenarioKeys.partoo,
      name: 'from a runtime',
      ipAllowlist: ['10.0.0.0/8'],
    }),
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
      provider: createTheAuthApi({ accessKey: 'a', baseUrl: baseUrls.theauthapi }),
      keyId: scenarioKeys.theauthapi,
      name: 'from a runtime',
    }),
    await updateApiKey({
      provider: createPlumaa({ apiKey: 'p', baseUrl: baseUrls.plumaa }),
      keyId: scenarioKeys.plumaa,
      name: 'from a runtime',
      enabled: false,
    }),
  ]
  return keys.map((key) => ({
    provider: key.provider,
    name: key.name,
    description: key.description,
    enabled: key.enabled,
  }))
}

;(globalThis as { runScenario?: typeof runScenario }).runScenario = runScenario
