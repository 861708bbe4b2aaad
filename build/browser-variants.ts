/**
 * The esbuild plugin that swaps a library module for its browser variant: when a module under
 * lib/ imports `./x.js` and `x-browser.ts` lies beside `x.ts`, the bundle gets the variant, which
 * has the same exports. Only imports from lib/ are swapped, so a build entry (the charsets
 * bundle, build/mmse-charsets.ts) can still reach the Node module it registers.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'

const LIB = fileURLToPath(new URL('../lib/', import.meta.url))

function insideLib (file: string): boolean {
  const path = relative(LIB, file)
  return !path.startsWith('..') && !isAbsolute(path)
}

export function browserVariants (): Plugin {
  return {
    name: 'browser-variants',
    setup (build) {
      build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, args => {
        if (!insideLib(args.importer)) return undefined
        const variant = join(args.resolveDir, args.path.replace(/\.js$/, '-browser.ts'))
        return existsSync(variant) ? { path: variant } : undefined
      })
    },
  }
}
