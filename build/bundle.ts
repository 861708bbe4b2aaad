/**
 * The esbuild settings every browser build of the library shares: the library bundle
 * (build/browser.ts), the web inspector (build/web.ts) and the browser tests. One place, so
 * that what the tests run is what ships.
 */
import type { BuildOptions } from 'esbuild'
import { browserVariants } from './browser-variants.js'
import { nodeBuiltins } from './node-builtins.js'

/** Browsers the bundle targets: the ES2022 the library is written in, no transpiling down. */
export const BROWSER_TARGET = 'es2022'

export function browserOptions (): BuildOptions {
  return {
    bundle: true,
    platform: 'browser',
    target: BROWSER_TARGET,
    plugins: [browserVariants(), nodeBuiltins()],
    logLevel: 'warning',
    legalComments: 'eof',
  }
}
