/**
 * A benchmark's child process bundled with esbuild into `dir`, where Node still finds the
 * packages (node_modules above it), so that it runs in a plain Node with nothing beside the
 * code it measures. Every bundled module sees bench/support/lib.ts's own URL as
 * `import.meta.url`, so lib.ts finds dist/ where it is.
 */
import { basename, join } from 'node:path'
import { build } from 'esbuild'

/** Bundles `source` (a .ts file) into `dir`; returns the bundle's path. */
export async function bundleChild (source: string, dir: string): Promise<string> {
  const outfile = join(dir, basename(source).replace(/\.ts$/, '.mjs'))
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': JSON.stringify(new URL('./lib.ts', import.meta.url).href) },
    outfile,
    logLevel: 'warning',
  })
  return outfile
}
