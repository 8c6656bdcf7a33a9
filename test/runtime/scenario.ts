/**
 * One update per provider in the registry — the one its docs show (its definition's `example`) — bundled on its own
 * (esbuild, IIFE) and run inside other runtimes: an edge VM and headless Chromium. Web-standard APIs only, like the
 * package itself. The runtime's test passes each provider's client options (credentials, the host its mock answers
 * on) as JSON.
 */
import { providerDefinitions } from '../../providers/providers'
import { type AnyProvider, updateApiKey } from '../../src'

export type ScenarioOptions = Record<string, Record<string, unknown>>

/** Each provider's outcome: updated, or the error's name and whether its message says CORS. */
export type ScenarioOutcome = { provider: string; updated: boolean; error?: string; saysCors?: boolean }

export async function runScenario(optionsByProvider: ScenarioOptions): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = []
  for (const definition of providerDefinitions) {
    const provider = definition.create(optionsByProvider[definition.id] as never) as AnyProvider
    try {
      await updateApiKey({ ...definition.example, provider } as never)
      outcomes.push({ provider: definition.id, updated: true })
    } catch (error) {
      const { name, message } = error as Error
      outcomes.push({ provider: definition.id, updated: false, error: name, saysCors: /CORS/.test(message) })
    }
  }
  return outcomes
}

;(globalThis as { runScenario?: typeof runScenario }).runScenario = runScenario
