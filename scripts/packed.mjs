// The package tarball, as `npm publish` would ship it, packed once for the checks that install it (check:package,
// check:readme): a tarball newer than everything it holds is reused. `npm test` builds first; packing here skips the
// `prepack` build (--ignore-scripts), which `npm pack` and `npm publish` run by themselves.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const destination = join(root, 'node_modules/.cache/keyshift-pack')

/** The newest modification time among a path's files (recursively). */
function newest(path) {
  const stats = statSync(path)
  if (!stats.isDirectory()) return stats.mtimeMs
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))))
}

/** The path of a tarball of the current build. */
export function packedTarball() {
  if (!existsSync(join(root, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const tarball = join(destination, `${name}-${version}.tgz`)
  const inputs = ['dist', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].map((path) =>
    join(root, path),
  )
  if (existsSync(tarball) && statSync(tarball).mtimeMs >= Math.max(...inputs.filter(existsSync).map(newest)))
    return tarball
  mkdirSync(destination, { recursive: true })
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return tarball
}
