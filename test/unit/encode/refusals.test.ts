/**
 * The encoder never writes a PDU it cannot read back: every input it cannot write faithfully is
 * refused with ERR_MMSE_BAD_INPUT naming the field, and for every input it accepts, strict
 * decode() of the output succeeds and encoding what was decoded gives the same bytes.
 */
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { decode, encode, type EncodeMessage, MmseError } from '../../../lib/index.js'
import { anyMessage } from './arbitraries.test.js'

const CONF = { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } as const
const MIXED = 'application/vnd.wap.multipart.mixed'

function refused (t: Test, message: unknown, field: string | RegExp | undefined, name: string): void {
  try {
    encode(message as EncodeMessage)
    t.fail(`${name}: written`)
  } catch (err) {
    t.ok(err instanceof MmseError && err.code === 'ERR_MMSE_BAD_INPUT', `${name}: ERR_MMSE_BAD_INPUT (${(err as Error).message})`)
    if (field !== undefined) t.match((err as MmseError).field, field, `${name}: names the field`)
  }
}

t.test('inputs that used to be written wrong are refused', async (t) => {
  refused(t, { headers: { ...CONF, applicationHeaders: { '': 'x' } } }, '', 'an empty application-header name')
  refused(t, { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: '' } }, 'Content-Type', 'an empty media type')
  refused(t, { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: MIXED, params: { '': 'x' } } } }, 'Content-Type', 'an empty parameter name')
  refused(t, { headers: { ...CONF, responseStatus: {} } }, 'X-Mms-Response-Status', 'a status given as {}')
  refused(t, { headers: { ...CONF, responseStatus: { name: 'ok' } } }, 'X-Mms-Response-Status', 'a status object without its code')
  refused(t, { headers: { ...CONF, responseStatus: { code: -1 } } }, 'X-Mms-Response-Status', 'a status code of -1')
  refused(t, { headers: { ...CONF, responseStatus: { name: 'ok', code: 0x81 } } }, 'X-Mms-Response-Status', 'a name that is not its code\'s')
  refused(t, { headers: { ...CONF, responseText: { text: 'a\u0000b', charset: 'utf-8' } } }, 'X-Mms-Response-Text', 'a NUL in an Encoded-string-value with a charset')
  refused(t, { headers: { ...CONF, messageClass: '€' } as never }, 'X-Mms-Message-Class', "'€' in a token field")
  refused(t, { headers: { ...CONF, responseText: 'x\ud800y' } }, 'X-Mms-Response-Text', 'a lone surrogate')
  refused(t, { headers: { ...CONF, messageId: '\udc00' } }, 'Message-ID', 'a lone surrogate in a Text-string')
  refused(t, { headers: { messageType: 'm-send-req', transactionId: 't', mmsVersion: '1.2', from: { insertAddress: false }, to: '+1/TYPE=PLMN', contentType: MIXED } }, 'From', '{ insertAddress: false }')
  refused(t, { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: MIXED }, parts: [{ contentType: 'text/plain', data: [300, -1] }] }, 'data', 'data: [300, -1]')
  refused(t, { headers: { ...CONF, messageSize: 2n ** 70n } }, 'X-Mms-Message-Size', 'a Long-integer of 9 octets or more')
  refused(t, { headers: { ...CONF, messageSize: 2n ** 64n } }, 'X-Mms-Message-Size', '2^64')
  refused(t, { headers: { ...CONF, messageId: { length: 2, 0: 1, 1: 2 } } }, 'Message-ID', 'an array-like that is not text')
  refused(t, { headers: { ...CONF, applicationHeaders: { 'X-A': 5 } } }, undefined, 'an application header whose value is not text')
  refused(t, { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 5, params: {} } } }, 'Content-Type', 'a media type that is not text')
})

t.test('cyclic and too deeply nested messages are refused, never a RangeError', async (t) => {
  const cyclic: EncodeMessage = { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: MIXED }, parts: [] }
  cyclic.parts?.push({ contentType: 'application/vnd.wap.mms-message', message: cyclic })
  refused(t, cyclic, undefined, 'a message inside itself')
  const part = { contentType: MIXED, parts: [] as unknown[] }
  part.parts.push(part)
  refused(t, { headers: cyclic.headers, parts: [part] }, undefined, 'a multipart inside itself')
  let deep: Record<string, unknown> = { contentType: 'text/plain', data: 'x' }
  for (let i = 0; i < 10_000; i++) deep = { contentType: MIXED, parts: [deep] }
  refused(t, { headers: cyclic.headers, parts: [deep] }, undefined, '10,000 nested multiparts')
  let ok: Record<string, unknown> = { contentType: 'text/plain', data: 'x' }
  for (let i = 0; i < 7; i++) ok = { contentType: MIXED, parts: [ok] }
  t.ok(decode(encode({ headers: cyclic.headers, parts: [ok] } as unknown as EncodeMessage), { strict: true }), 'as deep as decode() reads by default is written')
})

/** A message with some of its values replaced by anything at all. */
const scrambled = anyMessage.chain((message) => fc.record({
  keys: fc.subarray(Object.keys(message.headers), { maxLength: 2 }),
  values: fc.array(fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true }), { minLength: 2, maxLength: 2 }),
}).map(({ keys, values }) => {
  const headers: Record<string, unknown> = { ...message.headers }
  keys.forEach((key, i) => { if (key !== 'messageType') headers[key] = values[i % values.length] })
  return { ...message, headers } as EncodeMessage
}))

t.test('whatever the encoder accepts, strict decode() reads back, and writing that again gives the same bytes', async (t) => {
  let accepted = 0
  let refusedCount = 0
  fc.assert(fc.property(scrambled, (message) => {
    let bytes: Buffer
    try {
      bytes = encode(message)
    } catch (err) {
      if (!(err instanceof MmseError) || !['ERR_MMSE_BAD_INPUT', 'ERR_MMSE_MISSING_FIELD'].includes(err.code)) throw err
      refusedCount++
      return true
    }
    accepted++
    const decoded = decode(bytes, { strict: true })
    return encode(decoded, { checkMandatory: false }).equals(bytes)
  }), { seed: 42, numRuns: 500 })
  t.ok(accepted > 50 && refusedCount > 50, `${accepted} accepted, ${refusedCount} refused`)
})
