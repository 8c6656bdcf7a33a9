/**
 * The registry (providers/registry.ts) is the one list of providers. What cannot import it — package.json's
 * `exports`, the root entry's re-exports, the provider folders tsup builds — must agree with it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { providerMocks } from '../generated/mocks'
import { providerDefinitions, providerIds } from '../providers/providers'
import * as root from '../src'

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>
}
const folders = readdirSync(new URL('../providers', import.meta.url), { withFileTypes: true })
  .filter(
    (entry) =>
      entry.isDirectory() && existsSync(new URL(`../providers/${entry.name}/index.ts`, import.meta.url)),
  )
  .map((entry) => entry.name)

describe('the provider registry', () => {
  it('lists every provider folder, and only those (tsup builds one entry per folder)', () => {
    expect([...providerIds].sort()).toEqual([...folders].sort())
  })

  it("package.json exports one entry per provider, besides '.', './msw' and './package.json'", () => {
    const entries = Object.keys(packageJson.exports).filter(
      (entry) => !['.', './msw', './package.json'].includes(entry),
    )
    expect(entries.sort()).toEqual(providerIds.map((id) => `./${id}`).sort())
  })

  it.each(providerIds)("the root entry re-exports everything %s's own entry exports", async (id) => {
    const entry = (await import(`../providers/${id}/index.ts`)) as Record<string, unknown>
    expect(Object.keys(entry).length).toBeGreaterThan(0)
    for (const [name, value] of Object.entries(entry))
      expect((root as Record<string, unknown>)[name]).toBe(value)
  })

  it('every provider has a mock', () => {
    expect(Object.keys(providerMocks).sort()).toEqual([...providerIds].sort())
    for (const id of providerIds) expect(providerMocks[id].id).toBe(id)
  })

  it.each(providerIds)("%s's `fields` are exactly what its input schema takes", (id) => {
    const definition = providerDefinitions.find((candidate) => candidate.id === id)
    const { input } = definition!.buildSchemas()
    const shape = Object.keys(input.shape).filter((field) => field !== 'keyId')
    expect([...definition!.fields].sort()).toEqual(shape.sort())
  })

  it('ids are unique', () => {
    expect(new Set(providerDefinitions.map((definition) => definition.id)).size).toBe(
      providerDefinitions.length,
    )
  })
})
