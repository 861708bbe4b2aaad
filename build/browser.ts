/**
 * `npm run build:browser`: builds dist/browser/mmse.js and dist/browser/mmse-charsets.js and
 * prints their sizes, minified and gzipped, and what they are made of; fails when the main
 * bundle outgrows BUNDLE_GZIP_LIMIT.
 */
import { BUNDLE, BUNDLE_GZIP_LIMIT, type BundleReport, buildBrowserBundle, buildCharsetsBundle, CHARSETS_BUNDLE } from './browser-bundle.js'

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`

function print (file: string, { bytes, gzipped, sources }: BundleReport): void {
  console.log(`${file}: ${kib(bytes)} minified, ${kib(gzipped)} gzipped`)
  for (const [source, size] of Object.entries(sources).sort((a, b) => b[1] - a[1])) console.log(`  ${source.padEnd(24)} ${kib(size)}`)
}

const main = await buildBrowserBundle()
print(BUNDLE, main)
print(CHARSETS_BUNDLE, await buildCharsetsBundle())
if (main.gzipped > BUNDLE_GZIP_LIMIT) {
  console.error(`${BUNDLE} is ${kib(main.gzipped)} gzipped, over the ${kib(BUNDLE_GZIP_LIMIT)} limit`)
  process.exitCode = 1
}
