/**
 * A provider is one folder: besides its folder and what `npm run generate` derives from it, only the registry line
 * and the README's rows (and the CHANGELOG's) name it. Searched in every file of the repository, so that a provider
 * special-cased in the kit, the CLI, a central test or a script is caught. The four seed providers predate the rule:
 * the central tests and docs use them as their worked examples.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { providerIds } from '../providers/providers'

const root = fileURLToPath(new URL('..', import.meta.url))
const seeds = ['partoo', 'pulsecrm', 'theauthapi', 'plumaa']
const skipped = new Set(['node_modules', 'dist', '.git', 'generated', 'coverage', 'reports', '.stryker-tmp'])
const allowed = ['providers/registry.ts', 'README.md', 'CHANGELOG.md']

function files(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    if (skipped.has(name)) return []
    const path = join(folder, name)
    return statSync(join(root, path)).isDirectory() ? files(path) : [path]
  })
}

const texts = files('')
  .filter((path) => !/\.(png|jpg|tgz|gz|lock)$/.test(path) && path !== 'package-lock.json')
  .map((path) => ({ path: relative('', path), text: readFileSync(join(root, path), 'utf8').toLowerCase() }))

describe.each(providerIds.filter((id) => !seeds.includes(id)))('the %s provider', (id) => {
  it('is named outside its folder only by the registry, the README and the CHANGELOG', () => {
    const naming = texts
      .filter(({ path }) => !path.startsWith(`providers/${id}/`))
      // Another vendor's own published text may name it (a vendor owned by another).
      .filter(({ path }) => !/^providers\/[^/]+\/openapi\.yaml$/.test(path))
      .filter(({ text }) => text.includes(id))
      .map(({ path }) => path)
    expect(naming.filter((path) => !allowed.includes(path))).toEqual([])
    expect(naming).toContain('providers/registry.ts')
  })
})

it('the search finds what it looks for (a seed provider is named in many files)', () => {
  expect(texts.filter(({ text }) => text.includes('partoo')).length).toBeGreaterThan(10)
})
