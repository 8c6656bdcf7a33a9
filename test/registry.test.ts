/**
 * The registry (providers/registry.ts) is the one list of providers. What cannot import it — package.json's
 * `exports`, the root entry's re-exports, the provider folders tsup builds — must agree with it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { providerMocks } from '../generated/mocks'
import { providerDefinitions, providerIds } from '../providers/providers'
import * as root from '../src'
import { fieldNames } from '../src/kit/fields'

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

  it('package.json maps `keyshift/<id>` to the provider entries by one pattern, so a provider needs no entry of its own', () => {
    expect(Object.keys(packageJson.exports).sort()).toEqual(['.', './*', './msw', './package.json'])
    const targets = JSON.stringify(packageJson.exports['./*'])
    for (const target of targets.match(/"\.\/dist[^"]*"/g) ?? [])
      expect(target).toMatch(/^"\.\/dist\/(node\/)?providers\/\*\./)
    expect(targets.match(/"\.\/dist[^"]*"/g)).toHaveLength(8)
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

  it.each(providerIds)("%s's `fields` and `vendorFields` are exactly what its input schema takes", (id) => {
    const definition = providerDefinitions.find((candidate) => candidate.id === id)!
    const { input } = definition.buildSchemas()
    const shape = Object.keys(input.shape).filter((field) => field !== 'keyId')
    const vendorFields: readonly string[] = definition.vendorFields ?? []
    expect([...definition.fields, ...vendorFields].sort()).toEqual(shape.sort())
    // A vendor's own field never shadows a normalized one.
    expect(vendorFields.filter((field) => (fieldNames as readonly string[]).includes(field))).toEqual([])
  })

  it('ids are unique', () => {
    expect(new Set(providerDefinitions.map((definition) => definition.id)).size).toBe(
      providerDefinitions.length,
    )
  })
})

/** The rows of the markdown table under `heading` (the first table after it), as arrays of cells. */
function tableAfter(markdown: string, heading: string | RegExp): string[][] {
  const start = typeof heading === 'string' ? markdown.indexOf(heading) : markdown.search(heading)
  if (start === -1) throw new Error(`no "${heading}" in the document`)
  const lines = markdown.slice(start).split('\n')
  const first = lines.findIndex((line) => line.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    )
  }
  return rows.slice(2)
}

/** The property names of an exported interface, as the compiler sees them. */
function interfaceFields(file: string, name: string): string[] {
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
  const symbol = checker.getExportsOfModule(module).find((candidate) => candidate.name === name)
  if (!symbol) throw new Error(`no interface ${name} in ${file}`)
  return checker
    .getDeclaredTypeOfSymbol(symbol)
    .getProperties()
    .map((property) => property.name)
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const contributing = readFileSync(new URL('../CONTRIBUTING.md', import.meta.url), 'utf8')
const factoryOf = async (id: string) => {
  const entry = (await import(`../providers/${id}/index.ts`)) as Record<string, unknown>
  const names = Object.keys(entry).filter(
    (name) => /^create[A-Z]/.test(name) && typeof entry[name] === 'function',
  )
  expect(names, `providers/${id}/index.ts exports one create<Name> factory`).toHaveLength(1)
  return names[0]!
}

describe('the docs agree with the registry', () => {
  it("the README's provider table has one row per provider, naming its factory and entry", async () => {
    const rows = tableAfter(readme, '| provider id')
    expect(rows.map((row) => row[0]).sort()).toEqual(providerIds.map((id) => `\`${id}\``).sort())
    for (const id of providerIds) {
      const row = rows.find((cells) => cells[0] === `\`${id}\``)!
      expect(row.at(-1)).toBe(`\`${await factoryOf(id)}\` (\`keyshift/${id}\`)`)
    }
  })

  it("the README's client table has one row per factory, naming each credential variable", async () => {
    const rows = tableAfter(readme, '\n| factory ')
    const factories = await Promise.all(providerIds.map(factoryOf))
    expect(rows.map((row) => row[0]).sort()).toEqual(factories.map((name) => `\`${name}\``).sort())
    for (const definition of providerDefinitions) {
      const row = rows.find((cells) => cells[0] === `\`${factories[providerIds.indexOf(definition.id)]}\``)!
      for (const variable of definition.credentialVariables) expect(row[1]).toContain(variable)
    }
  })

  it("the README's per-provider fields table has one row per provider, naming each field it takes", () => {
    const rows = tableAfter(readme, /\| provider +\| `keyId`/)
    expect(rows.map((row) => row[0]).sort()).toEqual(providerIds.map((id) => `\`${id}\``).sort())
    for (const definition of providerDefinitions) {
      const row = rows.find((cells) => cells[0] === `\`${definition.id}\``)!
      for (const field of [...definition.fields, ...(definition.vendorFields ?? [])])
        expect(row.join(' '), `${definition.id}'s row names ${field}`).toContain(`\`${field}\``)
    }
  })

  it("the README's rate-limit table gives each provider's default pace", () => {
    const rows = tableAfter(readme, /\| provider +\| default pace/)
    expect(rows.map((row) => row[0]).sort()).toEqual(providerIds.map((id) => `\`${id}\``).sort())
    for (const definition of providerDefinitions) {
      const pace = rows.find((cells) => cells[0] === `\`${definition.id}\``)?.[1]
      expect(pace).toBe(
        definition.requestsPerMinute === undefined ? 'unpaced' : `${definition.requestsPerMinute} / min`,
      )
    }
  })

  it.each([
    ['The definition', 'src/kit/define-provider.ts', 'ProviderDefinition'],
    ['The mock', 'src/kit/mock-kit.ts', 'ProviderMock'],
    ['The testkit', 'test/helpers/testkit.ts', 'ProviderTestkit'],
  ])("CONTRIBUTING's table of %s lists exactly the fields of %s's %s", (heading, file, name) => {
    const listed = tableAfter(contributing, `${heading} (`).map((row) => row[0]!.replaceAll('`', ''))
    const declared = interfaceFields(fileURLToPath(new URL(`../${file}`, import.meta.url)), name)
    expect(listed.sort()).toEqual(declared.sort())
  })
})
