/**
 * The browser bundle in a real browser: dist/browser/mmse.js as built by
 * build/browser-bundle.ts, loaded as an ES module in Debian's Chromium, decodes every PDU
 * of the shared corpus (read from ../shared/corpus, served, never copied) exactly as Node's
 * decode() does, streams it through MmseParser (on readable-stream there) with the same
 * events and part data, and re-encodes it to the same bytes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import t from 'tap'
import * as lib from '../../../lib/index.js'
import { browserOptions } from '../../../build/bundle.js'
import { buildBrowserBundle } from '../../../build/browser-bundle.js'
import { launchBrowser, requireBrowser } from '../../support/browser.js'
import { describeInput, smoke } from '../../support/browser-harness.js'
import { serveStatic } from '../../support/browser-server.js'

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)
const HARNESS = fileURLToPath(new URL('../../support/browser-harness.ts', import.meta.url))

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>mmse bundle</title>
<script type="module">
import * as lib from './mmse.js'
import { describeInput, smoke } from './harness.js'
window.describe = async (url, push) => describeInput(lib, new Uint8Array(await (await fetch(url)).arrayBuffer()), push)
window.smoke = () => smoke(lib)
window.ready = true
</script>
`

/** The corpus inputs the catalog lists: raw PDUs, and WSP pushes. */
function corpusFiles (): Array<{ file: string, push: boolean }> {
  const [head, ...rows] = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').split('\n').filter(line => line !== '')
  const column = (head as string).split('\t').indexOf('file')
  return rows.map(row => row.split('\t')[column] as string).map(file => ({ file, push: file.endsWith('.wsppush') }))
}

if (requireBrowser(t)) {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-bundle-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  t.test('the bundle decodes, streams and encodes in Chromium as Node does', async t => {
    const size = await buildBrowserBundle(join(dir, 'mmse.js'))
    t.comment(`bundle: ${size.bytes} bytes minified, ${size.gzipped} gzipped`)
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
