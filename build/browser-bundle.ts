/**
 * lib/index.ts as one minified ES module for browsers: dist/browser/mmse.js, the target of
 * the `browser` condition in package.json `exports`. Beside it dist/browser/mmse-charsets.js,
 * loaded only by pages that need the charsets the browser's TextDecoder lacks: it registers
 * iconv-lite with the main bundle (lib/text/iconv-browser.ts).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { browserOptions } from './bundle.js'

const ROOT = new URL('..', import.meta.url)
export const LIBRARY_ENTRY = fileURLToPath(new URL('lib/index.ts', ROOT))
export const BUNDLE = fileURLToPath(new URL('dist/browser/mmse.js', ROOT))
export const CHARSETS_ENTRY = fileURLToPath(new URL('build/mmse-charsets.ts', ROOT))
export const CHARSETS_BUNDLE = fileURLToPath(new URL('dist/browser/mmse-charsets.js', ROOT))

/**
 * The most the main bundle may weigh gzipped: what a page pays before it decodes anything. The
 * capture scan (pcap, pcapng, IP, TCP, HTTP framing, and the WAP and SMS dissectors: about 20 KiB
 * of it) is in, so that a page can open a capture.
 */
export const BUNDLE_GZIP_LIMIT = 120 * 1024

export interface BundleReport {
  bytes: number
  gzipped: number
  /** Minified bytes by source: each npm package by name, the library as `lib`. */
  sources: Record<string, number>
}

/** Builds the library bundle at `outfile` and measures it. */
export async function buildBrowserBundle (outfile = BUNDLE): Promise<BundleReport> {
  return bundleOf(LIBRARY_ENTRY, outfile)
}

/** Builds the charsets bundle at `outfile` and measures it. */
export async function buildCharsetsBundle (outfile = CHARSETS_BUNDLE): Promise<BundleReport> {
  return bundleOf(CHARSETS_ENTRY, outfile)
}

async function bundleOf (entry: string, outfile: string): Promise<BundleReport> {
  const result = await build({ ...browserOptions(), entryPoints: [entry], outfile, format: 'esm', minify: true, sourcemap: true, metafile: true })
  const code = readFileSync(outfile)
  const sources: Record<string, number> = {}
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const source = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/')[0] as string
      sources[source] = (sources[source] ?? 0) + bytesInOutput
    }
  }
  return { bytes: code.length, gzipped: gzipSync(code, { level: 9 }).length, sources }
}
