/**
 * The browser build without a browser: the library bundles with readable-stream for
 * node:stream, the buffer package for node:buffer, the process package for node:process, and no
 * other Node built-in; any other
 * built-in fails the build, whether our code or a dependency imports it; package.json sends
 * browsers to the bundle and Node to dist/index.js, where parts stay core node:stream
 * Readables; and the bundle itself decodes and streams.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import t from 'tap'
import { BUNDLE, BUNDLE_GZIP_LIMIT, buildBrowserBundle, buildCharsetsBundle, CHARSETS_BUNDLE } from '../../../build/browser-bundle.js'
import { browserOptions } from '../../../build/bundle.js'
import { STAND_INS } from '../../../build/node-builtins.js'

const ROOT = new URL('../../..', import.meta.url)
const dir = mkdtempSync(join(tmpdir(), 'mmse-browser-build-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

function write (files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

/** Bundles `entry` (in the temp project) for the browser; the error texts, or the bundled inputs. */
async function bundle (entry: string): Promise<{ errors: string[], inputs: string[] }> {
  try {
    const result = await build({ ...browserOptions(), entryPoints: [join(dir, entry)], write: false, metafile: true, logLevel: 'silent' })
    return { errors: [], inputs: Object.keys(result.metafile.inputs) }
  } catch (err) {
    return { errors: (err as { errors: Array<{ text: string }> }).errors.map(e => e.text), inputs: [] }
  }
}

t.test('the library bundles with its stand-ins and no other built-in', async t => {
  const outfile = join(dir, 'dist', 'mmse.js')
  const report = await buildBrowserBundle(outfile)
  t.comment(`${report.bytes} bytes minified, ${report.gzipped} gzipped`)
  t.ok(report.sources['readable-stream'] !== undefined, 'readable-stream is in the bundle, for node:stream')
  t.ok(report.sources.buffer !== undefined, 'the buffer package is in the bundle, for node:buffer')
  t.ok(report.sources.process !== undefined, 'the process package is in the bundle, for node:process')
  const code = readFileSync(outfile, 'utf8')
  t.notMatch(code, /(?:from|import|require)\s*\(?\s*["']node:/, 'no node: import is left in the output')
  t.same(STAND_INS, { 'node:stream': 'readable-stream', 'node:buffer': 'buffer', 'node:process': 'process' })
})

t.test('iconv-lite is left to mmse-charsets.js: the main bundle stays small', async t => {
  const main = await buildBrowserBundle(join(dir, 'small', 'mmse.js'))
  t.equal(main.sources['iconv-lite'], undefined, 'no iconv-lite in the main bundle: TextDecoder decodes')
  t.ok(main.gzipped <= BUNDLE_GZIP_LIMIT, `${main.gzipped} bytes gzipped, at most ${BUNDLE_GZIP_LIMIT}`)
  const charsets = await buildCharsetsBundle(join(dir, 'small', 'mmse-charsets.js'))
  t.ok(charsets.sources['iconv-lite'] !== undefined, 'iconv-lite is in mmse-charsets.js')
  t.ok(charsets.sources.lib !== undefined && charsets.sources.lib < 2048, 'with the little of the library that registers it, and no more')
})

t.test('any other Node built-in fails the build', async t => {
  write({
    'own-node.js': "import 'node:fs'",
    'own-bare.js': "import 'fs'",
    'own-subpath.js': "import 'node:stream/promises'",
    'own-stream.js': "import { Readable } from 'node:stream'\nexport { Readable }",
    'dep-fs.js': "import 'uses-fs'",
    'dep-util.js': "import 'uses-util'",
    'dep-remapped.js': "import 'remaps-events'",
    'dep-allowed.js': "import 'uses-events'\nimport 'disables-stream'",
    'node_modules/uses-fs/index.js': "require('fs')",
    'node_modules/util/index.js': 'module.exports = {}',
    'node_modules/uses-util/index.js': "require('util')",
    'node_modules/remaps-events/package.json': JSON.stringify({ name: 'remaps-events', browser: { events: './events.js' } }),
    'node_modules/remaps-events/index.js': "require('events')",
    'node_modules/remaps-events/events.js': 'module.exports = {}',
    'node_modules/events/index.js': 'module.exports = {}',
    'node_modules/uses-events/index.js': "require('events')",
    'node_modules/disables-stream/package.json': JSON.stringify({ name: 'disables-stream', browser: { stream: false } }),
    'node_modules/disables-stream/index.js': "require('stream')",
  })
  const refused = (what: string) => new RegExp(`^Node built-in "${what}" is not allowed in the browser bundle: `)
  t.match((await bundle('own-node.js')).errors, [refused('node:fs')], 'node:fs from our code')
  t.match((await bundle('own-bare.js')).errors, [refused('fs')], 'bare fs from our code')
  t.match((await bundle('own-subpath.js')).errors, [refused('node:stream/promises')], 'node:stream/promises: only node:stream itself has a stand-in')
  t.match((await bundle('dep-fs.js')).errors, [/"fs" is not allowed .*no package of that name is installed/], 'a dependency importing fs')
  t.match((await bundle('dep-util.js')).errors, [/"util" is not allowed .*resolves to .*node_modules\/util\/index\.js, not to one of the npm packages/], 'a package named like a built-in that is not a known polyfill')
  t.match((await bundle('dep-remapped.js')).errors, [/"events" is not allowed .*resolves to .*remaps-events\/events\.js/], 'a polyfill name mapped elsewhere')
  const stream = await bundle('own-stream.js')
  t.same(stream.errors, [])
  t.ok(stream.inputs.some(input => input.includes('node_modules/readable-stream/')), 'node:stream is readable-stream')
  const allowed = await bundle('dep-allowed.js')
  t.same(allowed.errors, [], 'events from the npm package of that name, and stream disabled by a browser field, are fine')
  t.ok(allowed.inputs.some(input => input.endsWith('node_modules/events/index.js')))
})

t.test('package.json: browsers get the bundle, Node gets dist/index.js with core Readables', async t => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { exports: Record<'.' | './charsets', Record<string, string>> }
  t.same(pkg.exports['./charsets'], { browser: './dist/browser/mmse-charsets.js' }, "browsers alone get 'mmse/charsets': Node has iconv-lite in the library")
  t.equal(new URL(pkg.exports['./charsets'].browser as string, ROOT).pathname, CHARSETS_BUNDLE)
  const conditions = pkg.exports['.']
  t.equal(conditions.browser, './dist/browser/mmse.js')
  t.equal(new URL(conditions.browser as string, ROOT).pathname, BUNDLE, 'the condition names the file build:browser writes')
  t.ok(Object.keys(conditions).indexOf('browser') < Object.keys(conditions).indexOf('import'), 'browser comes before import, so bundlers that know both pick it')
  const script = `
    import { Readable } from 'node:stream'
    import { MmseParser, MmsePart } from 'mmse'
    const parser = new MmseParser()
    parser.on('part', part => console.log(JSON.stringify({ core: part instanceof Readable && MmsePart.prototype instanceof Readable })))
    parser.end(Buffer.from('8c84' + '98543100' + '8d92' + '8483' + '6869', 'hex')) // m-retrieve-conf, text/plain body 'hi'
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('.', ROOT), encoding: 'utf8' })
  t.same(JSON.parse(out), { core: true }, "import from 'mmse' in Node: parts are core node:stream Readables (run npm run build if this fails)")
})

t.test('the bundle decodes and streams (here in Node, where globalThis has what it needs)', async t => {
  const outfile = join(dir, 'run', 'mmse.mjs')
  await buildBrowserBundle(outfile)
  const bundled = await import(pathToFileURL(outfile).href) as typeof import('../../../lib/index.js')
  const sample = new Uint8Array(readFileSync(new URL('examples/sample.mms', ROOT)))
  const message = bundled.decode(sample)
  t.equal(message.headers.messageType, 'm-retrieve-conf')
  t.same(message.parts.map(p => p.filename), ['smil.smil', 'pixel.gif', 'text.txt'])
  const parser = new bundled.MmseParser()
  const texts: Array<Promise<string>> = []
  parser.on('part', part => texts.push(part.text()))
  parser.end(sample)
  t.match(await Promise.all(texts), [/^<smil>/, /^GIF89a/, /^Hallo/])
})
