// What an editor shows a user of the built package: completions and hovers from TypeScript's language service, on
// a file that imports `keyshift` as an app does (NodeNext, resolved through the package's exports to dist/).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { providerDefinitions } from '../providers/providers'
import { fieldNames } from '../src/kit/fields'

const root = fileURLToPath(new URL('..', import.meta.url))
const file = `${root}editor-probe.ts`
/** Each provider's factory (`createPartoo`), as its own entry exports it. */
const factories = new Map(
  await Promise.all(
    providerDefinitions.map(async ({ id }) => {
      const entry = (await import(`../providers/${id}/index.ts`)) as Record<string, unknown>
      return [id, Object.keys(entry).find((name) => /^create[A-Z]/.test(name))] as const
    }),
  ),
)
const marker = '/*here*/'

function languageService(source: string) {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) =>
      ts.ScriptSnapshot.fromString(name === file ? source : readFileSync(name, 'utf8')),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => ({
      strict: true,
      exactOptionalPropertyTypes: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    }),
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  }
  return ts.createLanguageService(host)
}

describe.each(providerDefinitions.map((definition) => definition.id))('in an editor, %s', (id) => {
  const factory = factories.get(id)
  const keyId = JSON.stringify(providerDefinitions.find((definition) => definition.id === id)?.example.keyId)
  const source = `import { updateApiKey, ${factory} } from 'keyshift'
const key = await updateApiKey({ provider: ${factory}({ baseUrl: 'https://example.com' }), keyId: ${keyId}, ${marker} })
key.raw
export {}
`
  const service = languageService(source)
  const supported: readonly string[] =
    providerDefinitions.find((definition) => definition.id === id)?.fields ?? []
  const unsupported = fieldNames.filter((field) => !supported.includes(field))
  const at = source.indexOf(marker)
  const completions = () => {
    const entries = service.getCompletionsAtPosition(file, at, {})?.entries ?? []
    return entries.filter((entry) => (fieldNames as readonly string[]).includes(entry.name))
  }

  it('the file compiles against the built package', () => {
    const errors = service
      .getSemanticDiagnostics(file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    expect(errors).toEqual([])
  })

  it('completion offers the supported fields first; the others come last, struck through (deprecated)', () => {
    const entries = completions().sort(
      (a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name),
    )
    expect(entries.map((entry) => entry.name)).toEqual([...supported].sort().concat([...unsupported].sort()))
    for (const entry of entries) {
      expect(entry.kindModifiers?.includes('deprecated'), entry.name).toBe(
        unsupported.includes(entry.name as never),
      )
    }
  })

  it('each supported field has its documentation; each unsupported one says why in its type', () => {
    for (const field of fieldNames) {
      const details = service.getCompletionEntryDetails(file, at, field, {}, undefined, undefined, undefined)
      const documentation = ts.displayPartsToString(details?.documentation)
      const signature = ts.displayPartsToString(details?.displayParts)
      if (supported.includes(field)) expect(documentation, field).not.toBe('')
      else expect(signature, field).toMatch(new RegExp(`Unsupported<"\\w[\\w ]* does not take ${field}`))
    }
  })

  it('hovering raw shows real field types, not schema references', () => {
    const hover = service.getQuickInfoAtPosition(file, source.indexOf('key.raw') + 5)
    const text = ts.displayPartsToString(hover?.displayParts)
    expect(text).toMatch(/raw: \{/)
    expect(text).not.toMatch(/components\[|paths\[|operations\[/)
  })
})
