/**
 * The browser build's charsets, run in Node (which has TextDecoder with full ICU) against the
 * built bundles: the charset test vectors through lib/text/transcode.ts bundled for browsers, and
 * the corpus through dist/browser/mmse.js, each compared with the Node build, first alone, where
 * what TextDecoder lacks comes out undecoded and inexact (so decode() keeps the raw bytes and
 * warns) and text in charsets it cannot write is refused, then with mmse-charsets.js loaded,
 * where everything is as in Node. browser.test.ts does the same in Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import * as lib from '../../../lib/index.js'
import * as charsets from '../../../lib/text/transcode.js'
import { buildBrowserBundle, buildCharsetsBundle } from '../../../build/browser-bundle.js'
import { describeInput } from '../../support/browser-harness.js'
import { buildCharsetsModule, CORPUS, corpusFiles, decodedWithoutIconv, textDecoderKnows, undecoded } from '../../support/browser-charsets.js'
import { CHARSET_VECTORS } from '../../support/charset-vectors.js'
import { hex } from '../../support/wire.js'

const dir = mkdtempSync(join(tmpdir(), 'mmse-charsets-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Node 20's TextDecoder reads windows-1252 as Latin-1, unlike the Encoding Standard's index
 * (§9.1) that browsers follow: there the browser build's windows-1252 is left to Chromium.
 */
const LATIN1_FOR_WINDOWS_1252 = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '€'
const judged = CHARSET_VECTORS.filter(([mib]) => !(LATIN1_FOR_WINDOWS_1252 && mib === 2252))

const modules = join(dir, 'charsets.mjs')
const bundle = join(dir, 'mmse.mjs')
const charsetsBundle = join(dir, 'mmse-charsets.mjs')
await buildCharsetsModule(modules)
await buildBrowserBundle(bundle)
await buildCharsetsBundle(charsetsBundle)
const browser = await import(pathToFileURL(modules).href) as typeof charsets
const bundled = await import(pathToFileURL(bundle).href) as typeof lib

/**
 * `actual` without the undecoded octets (`raw`, an address's `bytes`) that `expected` lacks at
 * the same place: a build that cannot write a text's charset keeps them, so the text is written
 * back as it came. Returns how many it took away.
 */
function withoutKeptOctets (actual: unknown, expected: unknown): number {
  if (typeof actual !== 'object' || actual === null || typeof expected !== 'object' || expected === null) return 0
  let taken = 0
  for (const key of Object.keys(actual)) {
    const a = (actual as Record<string, unknown>)[key]
    const e = (expected as Record<string, unknown>)[key]
    if ((key === 'raw' || key === 'bytes') && e === undefined) {
      Reflect.deleteProperty(actual, key)
      taken++
    } else {
      taken += withoutKeptOctets(a, e)
    }
  }
  return taken
}

async function compareCorpus (t: Test, loaded: boolean): Promise<void> {
  let refused = 0
  let kept = 0
  for (const { file, push } of corpusFiles()) {
    const bytes = new Uint8Array(readFileSync(new URL(file, CORPUS)))
    const expected = await describeInput(lib, bytes, push) as Record<string, unknown>
    const actual = await describeInput(bundled, bytes, push) as Record<string, unknown>
    if (!loaded && JSON.stringify(actual.encoded) !== JSON.stringify(expected.encoded)) {
      t.match(actual.encoded, { error: 'ERR_MMSE_BAD_INPUT' }, `${file}: text in a charset only mmse-charsets.js writes`)
      refused++
      actual.encoded = expected.encoded
    }
    if (!loaded) kept += withoutKeptOctets(actual, expected)
    t.same(actual, expected, file)
  }
  if (!loaded) t.comment(`${refused} corpus inputs need mmse-charsets.js to be written back; ${kept} texts kept as octets, in a charset the build cannot write`)
}

t.test('without mmse-charsets.js', async t => {
  for (const [mib, bytes] of judged) {
    const expected = decodedWithoutIconv(mib, textDecoderKnows) ? charsets.decodeCharset(hex(bytes), mib) : undecoded(hex(bytes))
    t.same(browser.decodeCharset(hex(bytes), mib), expected, `${charsets.charsetName(mib) ?? mib}: ${bytes}`)
  }
  t.throws(() => bundled.encode({ headers: { messageType: 'm-send-conf', transactionId: 'T1', mmsVersion: '1.2', responseStatus: 'ok', responseText: { text: 'こんにちは', charset: 'shift_jis' } } }),
    { code: 'ERR_MMSE_BAD_INPUT', message: /no encoder for charset shift_jis/ })
  if (existsSync(CORPUS)) await compareCorpus(t, false)
})

t.test('with mmse-charsets.js: as in Node', async t => {
  await import(pathToFileURL(charsetsBundle).href)
  for (const [mib, bytes] of judged) {
    t.same(browser.decodeCharset(hex(bytes), mib), charsets.decodeCharset(hex(bytes), mib), `${charsets.charsetName(mib) ?? mib}: ${bytes}`)
  }
  if (existsSync(CORPUS)) await compareCorpus(t, true)
})
