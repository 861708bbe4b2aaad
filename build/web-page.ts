/**
 * The web inspector as a static page (index.html, inspector.css, inspector.js). The script is
 * a classic one (an IIFE), not an ES module, so that the page also works opened from disk,
 * where browsers refuse module scripts.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { browserOptions } from './bundle.js'

const ROOT = new URL('..', import.meta.url)
const STATIC = fileURLToPath(new URL('web/static/', ROOT))
const WEB_ENTRY = fileURLToPath(new URL('web/src/main.ts', ROOT))
export const WEB_DIST = fileURLToPath(new URL('web/dist/', ROOT))

/** Builds the page into `outdir`; returns the path of its index.html. */
export async function buildWeb (outdir = WEB_DIST): Promise<string> {
  mkdirSync(outdir, { recursive: true })
  await build({ ...browserOptions(), entryPoints: [WEB_ENTRY], outfile: join(outdir, 'inspector.js'), format: 'iife', minify: true, sourcemap: true })
  for (const file of readdirSync(STATIC)) copyFileSync(join(STATIC, file), join(outdir, file))
  return join(outdir, 'index.html')
}
