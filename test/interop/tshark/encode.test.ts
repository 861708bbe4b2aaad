// Interop: every kind of encoder output (all 24 message types, the builders, a sample of the
// property-test messages, the re-encoded corpus) dissected by Wireshark's tshark in one batch:
// none may be flagged malformed, except the tshark defects named below. Skipped without tshark.
import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { decode } from '../../../lib/index.js'
import { encode } from '../../../lib/encode/encode.js'
import type { EncodeMessage } from '../../../lib/encode/input.js'
import { anyMessage } from '../../unit/encode/arbitraries.test.js'
import { builders, everyType } from '../../support/messages.js'
import { contentTypeName, wiresharkNames } from '../../../lib/tables/content-types.js'
import { findTshark, runTshark } from '../../support/tshark.js'
import { notInstalled } from '../../support/missing.js'

const tshark = findTshark()
const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)
function corpus (): Array<{ name: string, bytes: Uint8Array }> {
  if (!existsSync(new URL('CATALOG.tsv', CORPUS))) return []
  const files = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t')[0] as string)
  return files.filter((file) => !file.endsWith('.wsppush')).flatMap((file) => {
    try {
      return [{ name: `corpus ${file}`, bytes: encode(decode(readFileSync(new URL(file, CORPUS))), { checkMandatory: false }) }]
    } catch {
      return [] // not an MMSE PDU, or truncated: nothing to re-encode
    }
  })
}

/**
 * Valid PDUs that tshark 4.0.17 flags malformed (each checked on a minimal PDU below):
 * - an X-Mms-Status of 0x84 (Unrecognised); 0x80-0x83 pass. The corpus m-notifyresp.ind,
 *   byte-identical to its re-encoding, shows it too;
 * - a multipart entry with DataLen 0 (WAP-230 §8.5.3 allows empty data).
 */
function tsharkDefect (headers: { status?: unknown }, parts: ReadonlyArray<{ data?: Uint8Array | string, parts?: unknown[] | undefined }>): string | undefined {
  if (headers.status === 'unrecognised') return 'X-Mms-Status 0x84'
  if (parts.some((part) => part.parts === undefined && (part.data === undefined || part.data.length === 0))) return 'a part with DataLen 0'
  return undefined
}

/**
 * Not tshark's fault, and left out of the property samples: Content (0xAE) and
 * Additional-headers (0xB0) only name attributes, so as bare header codes (the form the decoder
 * accepts) a reader takes the next octet for their value; and random bytes typed
 * application/smil fail tshark's XML dissector (the data, not the MMSE framing).
 */
function avoidingThose (message: EncodeMessage): EncodeMessage {
  const { content, additionalHeaders, ...headers } = message.headers
  const parts = message.parts?.map((part) => typeof part.contentType !== 'string' && part.contentType.mediaType === 'application/smil'
    ? { ...part, contentType: { ...part.contentType, mediaType: 'application/octet-stream' } }
    : part)
  return parts === undefined ? { headers } : { headers, parts }
}

t.test('tshark dissects every encoder output without a malformed flag', { skip: tshark === null ? notInstalled('tshark', 'tshark') : false }, async (t) => {
  const sample = fc.sample(anyMessage, { seed: 7, numRuns: 150 }).map(avoidingThose)
  const inputs = [
    ...everyType().map(({ name, message }) => ({ name, bytes: encode(message) })),
    ...builders().map(({ name, message }) => ({ name, bytes: encode(message) })),
    ...sample.map((message, i) => ({ name: `property sample ${i} (${String(message.headers.messageType)})`, bytes: encode(message) })),
    ...corpus(),
  ].map((input) => {
    const decoded = decode(input.bytes)
    return { ...input, defect: tsharkDefect(decoded.headers, decoded.parts) }
  })
  const started = Date.now()
  const results = await runTshark(inputs.map((input) => input.bytes))
  t.comment(`tshark dissected ${inputs.length} PDUs (${everyType().length} types, ${builders().length} builders, ${sample.length} property samples, ${inputs.length - everyType().length - builders().length - sample.length} re-encoded corpus PDUs) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const flagged = results.filter((result) => result.malformed)
  for (const result of flagged) t.comment(`malformed: ${inputs[result.index]?.name}: ${result.expert.join(' | ')}`)
  const unexpected = flagged.filter((result) => inputs[result.index]?.defect === undefined)
  t.equal(unexpected.length, 0, 'none flagged malformed but the named tshark defects')
  t.comment(`${flagged.length} flagged, all named defects: ${[...new Set(flagged.map((r) => inputs[r.index]?.defect))].join(', ')}`)
  // The defects on minimal PDUs, and the same PDUs without them: a tshark that fixes one shows here.
  const base = { messageType: 'm-notifyresp-ind', transactionId: 'x', mmsVersion: '1.2' } as const
  const related = { messageType: 'm-send-req', transactionId: 'x', mmsVersion: '1.2', from: { insertAddress: true }, contentType: 'application/vnd.wap.multipart.mixed' } as const
  const probes = await runTshark([
    encode({ headers: { ...base, status: 'unrecognised' } }),
    encode({ headers: { ...base, status: 'deferred' } }),
    encode({ headers: related, parts: [{ contentType: 'text/plain', data: '' }] }),
    encode({ headers: related, parts: [{ contentType: 'text/plain', data: 'a' }] }),
  ])
  t.same(probes.map((p) => p.malformed), [true, false, true, false], 'the two tshark defects, and their controls')
  for (const [i, result] of results.slice(0, 24).entries()) {
    t.ok(result.fields.some((field) => field.name === 'mmse.message_type'), `${inputs[i]?.name}: tshark sees the message type`)
  }
})

t.test('the content-type codes tshark names are those the linter says it names', { skip: tshark === null ? notInstalled('tshark', 'tshark') : false }, async (t) => {
  const headers = { messageType: 'm-send-req', transactionId: 't', mmsVersion: '1.2', from: { insertAddress: true }, contentType: 'application/vnd.wap.multipart.mixed' } as const
  const codes = [0x4c, 0x4d, 0x4e, 0x50, 0x52, 0x53, 0x58, 0x5a]
  const results = await runTshark(codes.map((code) => encode({ headers, parts: [{ contentType: contentTypeName(code) as string, data: 'x' }] }, { forms: 'shortest' })))
  for (const [i, result] of results.entries()) {
    const code = codes[i] as number
    const shown = result.fields.filter((field) => field.name === 'wsp.header.content_type').map((field) => field.show)[1]
    t.equal(shown === contentTypeName(code), wiresharkNames(code), `0x${code.toString(16)}: ${String(shown)}`)
  }
})
