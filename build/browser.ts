/** `npm run build:browser`: builds dist/browser/mmse.js and prints its size, minified and gzipped, and what it is made of. */
import { BUNDLE, buildBrowserBundle } from './browser-bundle.js'

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`
const { bytes, gzipped, sources } = await buildBrowserBundle()
console.log(`${BUNDLE}: ${kib(bytes)} minified, ${kib(gzipped)} gzipped`)
for (const [source, size] of Object.entries(sources).sort((a, b) => b[1] - a[1])) console.log(`  ${source.padEnd(24)} ${kib(size)}`)
