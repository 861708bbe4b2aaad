/**
 * Relaying what phones send: PDUs that lack fields the specification makes mandatory can be
 * written (`checkMandatory: false`), and lenient decoding recovers four quirks of real senders
 * (docs/wire-format.md Q29-Q32), each with a warning, while strict mode still refuses them.
 */
import t from 'tap'
import { buildNotificationInd, decode, decodePush, encode, MmseError } from '../../../lib/index.js'
import { bytes, cat, field, lengthPrefixed, valueLength } from '../../support/wire.js'
import { decodeOutcome, sameOutcome, streamOutcome } from '../../support/fuzz.js'

function codeOf (run: () => unknown): string | undefined {
  try {
    run()
  } catch (err) {
    return (err as MmseError).code
  }
  return undefined
}

t.test('relaying PDUs that lack mandatory fields', async (t) => {
  const noExpiry = { headers: { messageType: 'm-notification-ind', transactionId: 't', mmsVersion: '1.2', messageClass: 'personal', messageSize: 10, contentLocation: 'http://x/1' } } as const
  t.equal(codeOf(() => encode(noExpiry)), 'ERR_MMSE_MISSING_FIELD', 'checked by default')
  t.same(decode(encode(noExpiry, { checkMandatory: false }), { strict: true }).headers.contentLocation, 'http://x/1', 'written when asked')
  const noContentType = { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), subject: 'Hi' } } as const
  t.equal(codeOf(() => encode(noContentType)), 'ERR_MMSE_MISSING_FIELD')
  const relayed = decode(encode(noContentType, { checkMandatory: false }))
  t.same(relayed.headers.subject, { text: 'Hi' })
  t.same(relayed.warnings, [])
})

/** The From of a published notification: a Value-length of 25 where its text ends after 18 octets (Q30). */
const overrun = bytes(
  0x8c, 0x82, 0x98, 'T1', 0x8d, 0x92,
  0x89, 25, 0x80, '+15551234567/TYPE', // the text and its NUL: 18 octets after the token, not 24
  0x8a, 0x80, 0x8e, 0x02, 0x0b, 0xb8, 0x88, 0x05, 0x81, 0x03, 0x09, 0x3a, 0x80,
  0x83, 'http://mmsc.example/abc',
)

t.test('Q30: a Value-length that runs past the NUL of its text', async (t) => {
  const message = decode(overrun)
  t.same(message.headers.from, { address: '+15551234567/TYPE', type: 'unknown', raw: '+15551234567/TYPE' }, 'the From is kept')
  t.same(Object.keys(message.headers), ['messageType', 'transactionId', 'mmsVersion', 'from', 'messageClass', 'messageSize', 'expiry', 'contentLocation'], 'every header after it too')
  t.match(message.warnings, [{ code: 'WARN_MMSE_BAD_VALUE', field: 'From', message: /Value-length 25 runs past/ }])
  t.equal(codeOf(() => decode(overrun, { strict: true })), 'ERR_MMSE_BAD_VALUE', 'strict mode refuses it')
  // Streamed in two chunks cut anywhere, just after the NUL too, where what follows is not there
  // yet: a Date whose Value-length (30) is no Long-integer's is read to its NUL once the next field is seen.
  const date = bytes(0x8c, 0x82, 0x98, 'T1', 0x8d, 0x92, 0x85, 0x1e, 0x41, 0x42, 0x00, 0x8a, 0x80, 0x83, 'http://mmsc.example/abc', 0x01, 0x02, 0x03)
  for (const pdu of [overrun, date]) {
    const whole = decodeOutcome(pdu)
    for (let cut = 1; cut < pdu.length; cut++) {
      if (!sameOutcome(await streamOutcome([pdu.subarray(0, cut), pdu.subarray(cut)]), whole)) t.fail(`cut at ${cut}: a different outcome`)
    }
  }
  t.match(decode(date).warnings, [{ code: 'WARN_MMSE_BAD_VALUE', field: 'Date', message: /read to its NUL/ }])
  // When what follows the NUL does not read as a header, the value is skipped by its length, as before.
  const garbage = bytes(0x8c, 0x82, 0x98, 'T1', 0x8d, 0x92, 0x89, 8, 0x80, 'ab', 0x01, 0x02, 0x03, 0x04, 0x05, 0x83, 'u')
  const skipped = decode(garbage)
  t.equal(skipped.headers.from, undefined)
  t.match(skipped.warnings, [{ code: 'WARN_MMSE_BAD_VALUE', field: 'From', message: /value skipped/ }], 'never silently')
})

t.test('Q29: a charset octet without its high bit, as Android writes it', async (t) => {
  // Subject: Value-length 7, charset 0x04 (iso-8859-1 as a bare 7-bit octet), 'Héllo', NUL.
  const pdu = bytes(0x8c, 0x81, 0x98, 't', 0x8d, 0x92, 0x92, 0x80, 0x96, 7, 0x04, Buffer.from('H\xe9llo\0', 'latin1'))
  const lenient = decode(pdu)
  t.same(lenient.headers.subject, { text: 'Héllo', mib: 4, charset: 'iso-8859-1' })
  t.match(lenient.warnings, [{ code: 'WARN_MMSE_CHARSET', message: /read as the Short-integer 4/ }])
  const strict = decode(pdu, { strict: true })
  t.not(strict.headers.subject?.charset, 'iso-8859-1', 'strict mode reads the Long-integer it is')
  // 0x6a: 106 without its high bit, no Integer-value at all: utf-8 as Android reads it.
  const utf8 = bytes(0x8c, 0x81, 0x98, 't', 0x8d, 0x92, 0x92, 0x80, 0x96, 7, 0x6a, Buffer.from('\xc3\xa9t\xc3\xa9', 'latin1'), 0x00)
  t.same(decode(utf8).headers.subject, { text: 'été', mib: 106, charset: 'utf-8' })
  t.equal(codeOf(() => decode(utf8, { strict: true })), 'ERR_MMSE_BAD_INTEGER', 'strict: no Integer-value, no charset')
})

t.test('Q31: a push whose HeadersLen is a few octets off', async (t) => {
  const notification = encode(buildNotificationInd({ transactionId: 't1', contentLocation: 'http://mmsc/x', messageSize: 1000 }))
  const push = (headersLen: number): Uint8Array => bytes(0x01, 0x06, headersLen, 0xbe, 0xaf, 0x84, notification)
  t.same(decodePush(push(3)).warnings, [], 'right: no warning')
  for (const wrong of [1, 2, 4, 5]) {
    const decoded = decodePush(push(wrong))
    t.equal(decoded.message?.headers.contentLocation, 'http://mmsc/x', `HeadersLen ${wrong}: the notification is found`)
    t.match(decoded.warnings, [{ code: 'WARN_MMSE_BAD_VALUE', message: new RegExp(`HeadersLen ${wrong} is off by ${3 - wrong}`) }])
    t.ok(codeOf(() => decodePush(push(wrong), { strict: true })) !== undefined, `HeadersLen ${wrong}: strict mode refuses it`)
  }
  t.equal(codeOf(() => decodePush(bytes(0x01, 0x06, 0x01, 0x83, 'not mms'))), undefined, 'a push that is not MMS is left alone')
})

/**
 * Q32: Value-length, the bare MIBenum octet 0x04 (iso-8859-1), the text, and the NUL just past
 * the Value-length, which counts the charset and the text only.
 */
function nulPast (text: string, charset = 0x04): Uint8Array {
  const octets = Buffer.from(text, 'latin1')
  return cat(valueLength(1 + octets.length), charset, octets, 0x00)
}

/** A notification with `fields` between its version and its Message-Class, Size, Expiry and Location. */
const notification = (...fields: Uint8Array[]): Buffer => bytes(
  0x8c, 0x82, 0x98, 'T1', 0x8d, 0x92, ...fields,
  0x8a, 0x80, 0x8e, 0x02, 0x0b, 0xb8, 0x88, 0x05, 0x81, 0x03, 0x09, 0x3a, 0x80, 0x83, 'http://mmsc.example/abc',
)
const AFTER = ['messageClass', 'messageSize', 'expiry', 'contentLocation']
const NUMBER = '+4917012345678/TYPE=PLMN'

t.test('Q32: a bare charset octet, and a Value-length that leaves out the NUL', async (t) => {
  const fromValue = (value: Uint8Array): Uint8Array => field(0x89, lengthPrefixed(0x80, value))
  const from = notification(fromValue(nulPast(NUMBER)))
  const message = decode(from)
  t.same(message.headers.from, { address: '+4917012345678', type: 'PLMN', raw: NUMBER, charset: 'iso-8859-1', mib: 4 }, 'From: the address is kept')
  t.same(Object.keys(message.headers), ['messageType', 'transactionId', 'mmsVersion', 'from', ...AFTER], 'and every header after it')
  t.match(message.warnings, [{ code: 'WARN_MMSE_BAD_VALUE', field: 'From', message: /charset octet 0x04 read as the Short-integer 4, and the NUL just past the Value-length/ }])
  t.equal(message.warnings.length, 1, 'one warning')
  t.equal(codeOf(() => decode(from, { strict: true })), 'ERR_MMSE_BAD_VALUE', 'strict mode refuses it')
  t.same(decode(encode(message, { checkMandatory: false })).headers.from, message.headers.from, 'written back in the form the specification gives')

  const to = notification(field(0x97, nulPast(NUMBER)))
  t.same(decode(to).headers.to, [{ address: '+4917012345678', type: 'PLMN', raw: NUMBER, charset: 'iso-8859-1', mib: 4 }], 'To')
  t.same(Object.keys(decode(to).headers).slice(-4), AFTER)
  const subject = notification(field(0x96, nulPast('Gr\xfc\xdfe')))
  t.same(decode(subject).headers.subject, { text: 'Grüße', charset: 'iso-8859-1', mib: 4 }, 'Subject')
  t.same(Object.keys(decode(subject).headers).slice(-4), AFTER)
  t.equal(codeOf(() => decode(subject, { strict: true })), 'ERR_MMSE_BAD_VALUE', 'strict mode refuses the Subject too')

  // The NUL inside the Value-length is Q29 alone, warned about as before.
  const inside = decode(notification(field(0x96, cat(valueLength(1 + 6), 0x04, 'Hallo', 0x00))))
  t.same(inside.headers.subject, { text: 'Hallo', charset: 'iso-8859-1', mib: 4 })
  t.match(inside.warnings, [{ code: 'WARN_MMSE_CHARSET', message: /as Android reads it/ }])
  // An octet that names no charset, bare or as the Long-integer it is: the unknown charset warned about, the NUL left over.
  const unknown = decode(notification(fromValue(nulPast(NUMBER, 0x02))))
  t.equal(unknown.headers.from, undefined, 'no charset: From is skipped, as before')
  t.match(unknown.warnings, [{ code: 'WARN_MMSE_CHARSET', message: /unknown charset/ }, { code: 'WARN_MMSE_BAD_VALUE', field: 'From', message: /value skipped/ }])
})

t.test('Q33: UTF-16 and UCS-2 with only the low 7 bits of their MIBenum, as AOSP writes them', async (t) => {
  const utf16 = Uint8Array.of(0xfe, 0xff, 0x04, 0x1f, 0x04, 0x40)
  const subject = notification(field(0x96, cat(valueLength(1 + utf16.length + 1), 0xf7, utf16, 0x00)))
  for (const strict of [false, true]) {
    const message = decode(subject, { strict })
    t.same(message.headers.subject, { text: 'Пр', charset: 'utf-16', mib: 1015 }, `read as UTF-16 (strict: ${strict})`)
    t.match(message.warnings, [{ code: 'WARN_MMSE_CHARSET', field: 'Subject', message: /charset 119 read as utf-16 \(1015\), whose low 7 bits Android writes alone/ }])
  }
  const ucs2 = decode(notification(field(0x96, cat(valueLength(1 + 4 + 1), 0xe8, 0x00, 0x41, 0x00, 0x42, 0x00))))
  t.same(ucs2.headers.subject, { text: 'AB', charset: 'iso-10646-ucs-2', mib: 1000 }, 'UCS-2: 0xE8')
  // Text that is not UTF-16 (an odd length) stays the unknown charset it says, raw kept.
  const odd = decode(notification(field(0x96, cat(valueLength(1 + 3 + 1), 0xf7, 'ABC', 0x00))))
  t.same(odd.headers.subject, { text: 'ABC', mib: 119, raw: Uint8Array.from([0x41, 0x42, 0x43]) })
  t.match(odd.warnings, [{ code: 'WARN_MMSE_CHARSET', message: /unknown charset 119/ }])
  // A Short-integer that names a charset is that charset.
  t.same(decode(notification(field(0x96, cat(valueLength(1 + 2 + 1), 0xea, 'AB', 0x00)))).headers.subject, { text: 'AB', charset: 'utf-8', mib: 106 })
})
