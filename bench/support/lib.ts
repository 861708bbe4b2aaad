/**
 * The library under test. By default the TypeScript sources in lib/ (through tsx); with
 * `--dist` on the command line, the compiled dist/ that `npm run build` writes: the code
 * users install. tsx compiles with esbuild's keepNames, which wraps every function created
 * at run time in a `__name()` call; dist/ has no such calls.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

type Library = typeof import('../../lib/index.js')

export const USE_DIST = process.argv.includes('--dist')

/** MMSE_BENCH_DIST names another build to load with --dist (an earlier dist/ copied aside, to compare). */
const DIST = process.env.MMSE_BENCH_DIST === undefined ? new URL('../../dist/index.js', import.meta.url) : pathToFileURL(join(process.env.MMSE_BENCH_DIST, 'index.js'))
if (USE_DIST && !existsSync(fileURLToPath(DIST))) throw new Error('--dist: dist/index.js is missing; run `npm run build` first')

const specifier: string = USE_DIST ? DIST.href : '../../lib/index.js'
const library = await import(specifier) as Library

export const { decode, DEFAULT_LIMITS, MmseParser, CaptureScanner } = library
/** Where the library came from, for the banner. */
export const LIBRARY = USE_DIST ? 'dist/ (compiled by tsc)' : 'lib/ (TypeScript through tsx)'
