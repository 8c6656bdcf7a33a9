/**
 * The arrows point one way: public API (src/, src/cli/) → providers (built on the kit) → kit (src/kit/) → nothing
 * of ours. Checked by reading every import of every non-test source file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Tests and a provider's testkit (what it gives the central tests) are test code: they may import test helpers. */
function isTestCode(name: string): boolean {
  return /\.test(-d)?\.ts$/.test(name) || name.endsWith('-testkit.ts')
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !isTestCode(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
}

/** Every relative import (static, dynamic, type-only, re-export) of a file, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']*)'/g)].map(
    (match) => match[1] as string,
  )
  return specifiers.map((specifier) => toFile(relative(root, resolve(root, dirname(file), specifier))))
}

/** `src/kit` → `src/kit/index.ts`, `./partoo-provider` → `….ts`. */
function toFile(path: string): string {
  if (path.endsWith('.ts')) return path
  return existsSync(join(root, `${path}.ts`)) ? `${path}.ts` : `${path}/index.ts`
}

/** The layer a file belongs to. */
function layerOf(file: string): string {
  if (file.startsWith('src/kit/')) return 'kit'
  if (file.startsWith('generated/')) return 'generated'
  if (/^providers\/[^/]+\//.test(file)) return `provider:${file.split('/')[1]}`
  if (file.startsWith('providers/')) return 'registry'
  return 'public'
}

const files = [...sourceFiles('src'), ...sourceFiles('providers')]
const edges = files.flatMap((file) => importsOf(file).map((target) => ({ file, target })))

describe('layers', () => {
  it('finds the imports it checks (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(40)
    expect(
      edges.some(({ file, target }) => file.startsWith('providers/partoo/') && target === 'src/kit/index.ts'),
    ).toBe(true)
  })

  it('the kit imports nothing of keyshift outside src/kit/', () => {
    const outside = edges.filter(({ file, target }) => layerOf(file) === 'kit' && layerOf(target) !== 'kit')
    expect(outside).toEqual([])
  })

  it("a provider folder imports only itself, its generated types and the kit's public modules", () => {
    const allowedKit = new Set(['src/kit/index.ts', 'src/kit/schemas.ts', 'src/kit/mock.ts'])
    const wrong = edges.filter(({ file, target }) => {
      const layer = layerOf(file)
      if (!layer.startsWith('provider:')) return false
      const id = layer.slice('provider:'.length)
      return !(
        target.startsWith(`providers/${id}/`) ||
        target === `generated/${id}.ts` ||
        allowedKit.has(target)
      )
    })
    expect(wrong).toEqual([])
  })

  it('nothing below the public API imports it, and the kit never imports a provider', () => {
    const rank: Record<string, number> = { public: 3, registry: 2, provider: 1, generated: 0, kit: 0 }
    const rankOf = (file: string) => rank[layerOf(file).split(':')[0] as string] as number
    const upward = edges.filter(({ file, target }) => rankOf(target) > rankOf(file))
    expect(upward).toEqual([])
  })

  it('no folder-level import cycle', () => {
    const folderOf = (file: string) => dirname(file)
    const graph = new Map<string, Set<string>>()
    for (const { file, target } of edges) {
      const from = folderOf(file)
      const to = folderOf(target)
      if (from === to) continue
      graph.set(from, (graph.get(from) ?? new Set()).add(to))
    }
    const cycles: string[] = []
    const visit = (folder: string, path: string[]) => {
      for (const next of graph.get(folder) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '))
        else visit(next, [...path, next])
      }
    }
    for (const folder of graph.keys()) visit(folder, [folder])
    expect(cycles).toEqual([])
  })
})
