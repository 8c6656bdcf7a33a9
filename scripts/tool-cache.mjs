// Tools some checks need in several versions or sizes the project's own node_modules should not carry (an older
// TypeScript, other runtimes): each installed once from the npm registry into a cache outside the repository
// ($KEYSHIFT_TOOL_CACHE, else ~/.cache/keyshift-tools), one folder per exact version, and reused by later runs.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const toolCache = process.env.KEYSHIFT_TOOL_CACHE ?? join(homedir(), '.cache', 'keyshift-tools')

/**
 * The folder holding `name@version` (its package at `node_modules/<name>`, with `withPackages` beside it: Next.js
 * and its React), installed on first use. Install scripts run only when `scripts` is true (a runtime that links its
 * binary from npm in one, such as Bun's or Deno's).
 */
export function cachedPackage(name, version, { scripts = false, withPackages = [] } = {}) {
  const folder = join(toolCache, `${name.replace('/', '+')}@${version}`)
  if (existsSync(join(folder, '.installed'))) return folder
  // Installed beside, then moved in place: a run killed halfway leaves no half-installed folder behind.
  const staging = `${folder}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'keyshift-tool', private: true }))
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      ...(scripts ? ['--foreground-scripts'] : ['--ignore-scripts']),
      `${name}@${version}`,
      ...withPackages,
    ],
    { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  writeFileSync(join(staging, '.installed'), `${name}@${version}\n`)
  rmSync(folder, { recursive: true, force: true })
  renameSync(staging, folder)
  return folder
}
