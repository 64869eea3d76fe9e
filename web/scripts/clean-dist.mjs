// Removes the previous build from dist/ but keeps dist/.keep, which must stay
// so that `//go:embed all:dist` in embed.go compiles without a UI build.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = new URL('../dist/', import.meta.url).pathname
mkdirSync(dist, { recursive: true })
for (const entry of readdirSync(dist)) {
  if (entry !== '.keep') rmSync(join(dist, entry), { recursive: true, force: true })
}
writeFileSync(join(dist, '.keep'), '')
