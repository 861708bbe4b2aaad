/**
 * The browser bundle in a real browser: dist/browser/mmse.js as built by
 * build/browser-bundle.ts, loaded as an ES module in Debian's Chromium, decodes the charset
 * test vectors with the browser's TextDecoder as Node does, those it lacks undecoded until
 * mmse-charsets.js is loaded and as Node does after; then it decodes every PDU of the shared
 * corpus (read from ../shared/corpus, served, never copied) exactly as Node's decode() does,
 * streams it through MmseParser (on readable-stream there) with the same events and part data,
 * and re-encodes it to the same bytes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import t from 'tap'
import * as lib from '../../../lib/index.js'
import { PREFERRED_CHARSETS } from '../../../lib/tables/charsets.js'
import { decodeCharset } from '../../../lib/text/transcode.js'
import { browserOptions } from '../../../build/bundle.js'
import { buildBrowserBundle, buildCharsetsBundle } from '../../../build/browser-bundle.js'
import { launchBrowser, requireBrowser } from '../../support/browser.js'
import { describeInput, smoke } from '../../support/browser-harness.js'
import { serveStatic } from '../../support/browser-server.js'
import { buildCharsetsModule, CORPUS, corpusFiles, decodedWithoutIconv, undecoded } from '../../support/browser-charsets.js'
import { CHARSET_VECTORS } from '../../support/charset-vectors.js'
import { hex } from '../../support/wire.js'

const HARNESS = fileURLToPath(new URL('../../support/browser-harness.ts', import.meta.url))

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>mmse bundle</title>
<script type="module">
import * as lib from './mmse.js'
import { decodeCharset } from './charsets.js'
import { describeInput, smoke } from './harness.js'
const bytes = hex => Uint8Array.from(hex.split(' ').filter(octet => octet !== ''), octet => parseInt(octet, 16))
window.decodeVectors = vectors => vectors.map(([mib, hex]) => decodeCharset(bytes(hex), mib))
window.knownLabels = labels => labels.filter(label => { try { return new TextDecoder(label) !== undefined } catch { return false } })
window.loadCharsets = () => import('./mmse-charsets.js').then(() => true)
window.describe = async (url, push) => describeInput(lib, new Uint8Array(await (await fetch(url)).arrayBuffer()), push)
window.smoke = () => smoke(lib)
window.ready = true
</script>
`

/** Every label the table decodes with, as the browser build hands them to TextDecoder. */
const LABELS = [...new Set(PREFERRED_CHARSETS.flatMap(([, name, decoder]) =>
  decoder === null ? [] : decoder === undefined || decoder === 'text-decoder' ? [name] : [decoder])), 'utf-16be']

if (requireBrowser(t)) {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-bundle-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  t.test('the bundle decodes, streams and encodes in Chromium as Node does', async t => {
    const size = await buildBrowserBundle(join(dir, 'mmse.js'))
    t.comment(`bundle: ${size.bytes} bytes minified, ${size.gzipped} gzipped`)
    await buildCharsetsBundle(join(dir, 'mmse-charsets.js'))
    await buildCharsetsModule(join(dir, 'charsets.js'))
    await build({ ...browserOptions(), entryPoints: [HARNESS], outfile: join(dir, 'harness.js'), format: 'esm', logLevel: 'error' })
    writeFileSync(join(dir, 'index.html'), PAGE)
    const corpus = existsSync(CORPUS)
    const server = await serveStatic(corpus ? { '/': dir, '/corpus/': fileURLToPath(CORPUS) } : { '/': dir })
    t.teardown(() => server.close())
    const browser = await launchBrowser()
    t.teardown(() => browser.close())
    const page = await browser.context.newPage()
    const errors: string[] = []
    page.on('pageerror', err => errors.push(err.message))
    await page.goto(`${server.url}index.html`)
    await page.waitForFunction('window.ready === true')

    const known = new Set(await page.evaluate(`knownLabels(${JSON.stringify(LABELS)})`) as string[])
    t.comment(`TextDecoder lacks ${LABELS.filter(label => !known.has(label)).join(', ')}`)
    const vectors = JSON.stringify(CHARSET_VECTORS)
    t.same(await page.evaluate(`decodeVectors(${vectors})`), CHARSET_VECTORS.map(([mib, bytes]) =>
      decodedWithoutIconv(mib, label => known.has(label)) ? decodeCharset(hex(bytes), mib) : undecoded(hex(bytes))),
    'the charset vectors with TextDecoder alone: as Node, or undecoded')
    t.equal(await page.evaluate('loadCharsets()'), true, 'mmse-charsets.js loads')
    t.same(await page.evaluate(`decodeVectors(${vectors})`), CHARSET_VECTORS.map(([mib, bytes]) => decodeCharset(hex(bytes), mib)),
      'the charset vectors with mmse-charsets.js: as Node')
    t.same(await page.evaluate('smoke()'), smoke(lib), 'a builder and a legacy charset work as in Node')

    if (!corpus) {
      t.comment(`corpus not found at ${CORPUS.pathname}: the corpus comparison is skipped`)
    } else {
      let compared = 0
      for (const { file, push } of corpusFiles()) {
        const bytes = new Uint8Array(readFileSync(new URL(file, CORPUS)))
        const expected = await describeInput(lib, bytes, push)
        const url = `${server.url}corpus/${file.split('/').map(encodeURIComponent).join('/')}`
        const actual = await page.evaluate(`describe(${JSON.stringify(url)}, ${String(push)})`)
        t.same(actual, expected, file)
        compared++
      }
      t.ok(compared >= 90, `${compared} corpus inputs compared`)
    }
    t.same(errors, [], 'no uncaught error in the page')
  })
}
