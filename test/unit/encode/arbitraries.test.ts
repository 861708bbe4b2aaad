// fast-check arbitraries of valid typed MMSE messages: all 24 message types, every one of the
// 63 header fields, values in exactly the shapes the decoder outputs. Shared by
// encode-roundtrip.test.ts and encode-tshark.test.ts; run on its own it checks its own reach.
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import type { CodeTable, Row } from '../../../lib/tables/code-table.js'
import t from 'tap'
import {
  CANCEL_STATUSES, CONTENT_CLASSES, MESSAGE_TYPES as MESSAGE_TYPE_TABLE, MM_STATES, PRIORITIES, READ_STATUSES,
  REPLY_CHARGING, RESPONSE_STATUSES, RETRIEVAL_MODES, RETRIEVE_STATUSES, SENDER_VISIBILITIES, STATUSES,
  STORE_STATUSES, type StatusTable,
} from '../../../lib/tables/mmse-enumerations.js'
import { HEADERS } from '../../../lib/mmse/table.js'
import { MANDATORY } from '../../../lib/mmse/mandatory.js'
import type { EncodeMessage, EncodePart } from '../../../lib/encode/input.js'
import type { MessageType } from '../../../lib/types.js'

export const MESSAGE_TYPES = MESSAGE_TYPE_TABLE.rows.map((row) => row[1]) as MessageType[]
const BODY_TYPES = new Set<string>(MESSAGE_TYPE_TABLE.rows.filter((row) => row[3] === 'body').map((row) => row[1]))
const DELETE_CONFS = new Set<string>(['m-mbox-delete-conf', 'm-delete-conf'])

/**
 * Strings of `chars`, `min` to `max` long: what a regular expression of one character class says,
 * at a fraction of the cost of fc.stringMatching (which parses the expression for every value).
 */
function charsOf (chars: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max })
}
const DIGITS = '0123456789'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'

/** Text without NUL (a Text-string cannot hold one), as UTF-8. */
const text = fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => !s.includes('\0'))
const asciiText = fc.string({ unit: 'grapheme-ascii', maxLength: 12 })
const latin1Text = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 10 })

/** Encoded-string-values: plain ASCII, or the charset form (which the decoder reports with charset and MIBenum). */
const encodedText = fc.oneof(
  asciiText.map((s) => ({ text: s })),
  text.map((s) => ({ text: s, charset: 'utf-8', mib: 106 })),
  latin1Text.map((s) => ({ text: s, charset: 'iso-8859-1', mib: 4 })),
)

const integer = fc.oneof(
  fc.integer({ min: 0, max: 127 }),
  fc.integer({ min: 128, max: 2 ** 31 }),
  fc.maxSafeNat(),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
)

const date = fc.integer({ min: 0, max: 2 ** 40 }).map((s) => new Date(s * 1000))
const time = fc.oneof(date.map((d) => ({ absolute: d })), integer.map((n) => ({ relative: n })))
const yesNo = fc.oneof(fc.boolean(), fc.integer({ min: 0x82, max: 0xff }))

const address = fc.oneof(
  fc.tuple(fc.constantFrom('', '+'), charsOf(DIGITS, 1, 15)).map(([plus, digits]) => plus + digits).map((a) => ({ address: a, type: 'PLMN', raw: `${a}/TYPE=PLMN` })),
  fc.ipV4().map((a) => ({ address: a, type: 'IPv4', raw: `${a}/TYPE=IPv4` })),
  fc.emailAddress().map((a) => ({ address: a, type: 'email', raw: a })),
  text.filter((a) => a.length > 0 && !a.includes('@') && !a.includes('/TYPE=')).map((a) => ({ address: a, type: 'unknown', raw: a, charset: 'utf-8', mib: 106 })),
)
const addresses = fc.array(address, { minLength: 1, maxLength: 3 })

/** The names of an enumeration, and some codes it does not name (the decoder keeps those as numbers). */
function enumerated (values: CodeTable<Row>): fc.Arbitrary<string | number> {
  const codes = Array.from({ length: 128 }, (_, i) => 0x80 + i)
  const names = codes.flatMap((code) => values.name(code) ?? [])
  return fc.oneof(fc.constantFrom(...names), fc.constantFrom(...codes.filter((code) => values.name(code) === undefined)))
}

/** Status values as decoded: the name of the code or of its reserved range, `unknown` otherwise. */
function status (values: StatusTable) {
  return fc.integer({ min: 0x80, max: 0xff }).map((code) => ({ name: values.meaning(code) ?? 'unknown', code }))
}

const counted = <T>(key: string, value: fc.Arbitrary<T>) => fc.array(fc.record({ statusCount: integer, [key]: value }), { minLength: 1, maxLength: 3 })

const contentType = fc.oneof(
  fc.constant({ mediaType: 'application/vnd.wap.multipart.mixed', params: {} }),
  fc.record({
    mediaType: fc.constant('application/vnd.wap.multipart.related'),
    params: fc.record({ type: fc.constantFrom('application/smil', 'text/plain'), start: fc.constantFrom('<smil>', '<a>') }),
  }),
)

const part: fc.Arbitrary<EncodePart> = fc.record({
  contentType: fc.record({
    mediaType: fc.constantFrom('text/plain', 'image/jpeg', 'application/smil', 'audio/amr', 'application/octet-stream'),
    params: fc.oneof(fc.constant({}), fc.record({ charset: fc.constantFrom('utf-8', 'us-ascii', 'big5') }), fc.record({ name: text })),
  }),
  headers: fc.record({
    'content-id': charsOf(`${LOWER}${DIGITS}.`, 1, 8).map((id) => `<${id}>`),
    'content-location': text,
    'content-transfer-encoding': fc.constantFrom('base64', 'quoted-printable', '8bit'),
  }, { requiredKeys: ['content-id'] }),
  data: fc.uint8Array({ maxLength: 300 }),
})

/** One arbitrary per header key (JS key of the table), for a PDU of `type`. */
export function fieldArbitraries (type: MessageType): Record<string, fc.Arbitrary<unknown>> {
  const deleteConf = DELETE_CONFS.has(type)
  return {
    bcc: addresses,
    cc: addresses,
    contentLocation: deleteConf ? counted('uri', text) : text,
    date,
    deliveryReport: yesNo,
    deliveryTime: time,
    expiry: time,
    from: fc.oneof(fc.constant({ insertAddress: true }), address),
    messageClass: fc.oneof(fc.constantFrom('personal', 'advertisement', 'informational', 'auto'), fc.tuple(charsOf(LOWER, 1, 1), charsOf(`${LOWER}${DIGITS}-`, 0, 10)).map(([first, rest]) => first + rest), fc.integer({ min: 0x84, max: 0xff })),
    messageId: text,
    mmsVersion: fc.constantFrom('1.0', '1.1', '1.2', '1.3', '2.5'),
    messageSize: integer,
    priority: enumerated(PRIORITIES),
    readReport: yesNo,
    reportAllowed: yesNo,
    responseStatus: deleteConf ? counted('status', status(RESPONSE_STATUSES)) : status(RESPONSE_STATUSES),
    responseText: deleteConf ? counted('text', encodedText) : encodedText,
    senderVisibility: enumerated(SENDER_VISIBILITIES),
    status: enumerated(STATUSES),
    subject: encodedText,
    to: addresses,
    transactionId: text,
    retrieveStatus: status(RETRIEVE_STATUSES),
    retrieveText: encodedText,
    readStatus: enumerated(READ_STATUSES),
    replyCharging: enumerated(REPLY_CHARGING),
    replyChargingDeadline: time,
    replyChargingId: text,
    replyChargingSize: integer,
    previouslySentBy: fc.array(fc.record({ forwardCount: integer, address }), { minLength: 1, maxLength: 2 }),
    previouslySentDate: fc.array(fc.record({ forwardCount: integer, date }), { minLength: 1, maxLength: 2 }),
    store: yesNo,
    mmState: enumerated(MM_STATES),
    mmFlags: fc.array(fc.record({ action: fc.constantFrom('add', 'remove', 'filter'), flag: encodedText }), { minLength: 1, maxLength: 2 }),
    storeStatus: status(STORE_STATUSES),
    storeStatusText: encodedText,
    stored: yesNo,
    attributes: fc.array(fc.constantFrom(...HEADERS.map((def) => def.key)), { minLength: 1, maxLength: 4 }),
    totals: yesNo,
    mboxTotals: fc.record({ unit: fc.constantFrom('messages', 'size'), value: integer }),
    quotas: yesNo,
    mboxQuotas: fc.record({ unit: fc.constantFrom('messages', 'size'), value: integer }),
    messageCount: integer,
    content: fc.constant(true),
    start: integer,
    additionalHeaders: fc.constant(true),
    distributionIndicator: yesNo,
    elementDescriptor: fc.record({ contentReference: text, params: fc.record({ type: fc.constantFrom('text/plain', 'image/jpeg', 'application/smil') }) }),
    limit: integer,
    recommendedRetrievalMode: enumerated(RETRIEVAL_MODES),
    recommendedRetrievalModeText: encodedText,
    statusText: encodedText,
    applicId: text,
    replyApplicId: text,
    auxApplicInfo: text,
    contentClass: enumerated(CONTENT_CLASSES),
    drmContent: yesNo,
    adaptationAllowed: yesNo,
    replaceId: text,
    cancelId: text,
    cancelStatus: enumerated(CANCEL_STATUSES),
    applicationHeaders: fc.dictionary(charsOf(`${LOWER}${LOWER.toUpperCase()}${DIGITS}-`, 1, 10).map((name) => `X-${name}`), fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 })), { minKeys: 1, maxKeys: 3 }),
  }
}

/** Messages of `type`: its mandatory fields, any others, and for the body-carrying types a multipart body. */
export function messageOf (type: MessageType): fc.Arbitrary<EncodeMessage> {
  const fields = fieldArbitraries(type)
  const body = BODY_TYPES.has(type)
  // A body needs its Content-Type: required wherever there are parts.
  const required = [...MANDATORY[type].filter((key) => key in fields), ...(body ? ['contentType'] : [])]
  const headers = fc.record({ ...fields, ...(body ? { contentType } : {}) }, { requiredKeys: required as never[] })
  return fc.record({ headers, parts: body ? fc.array(part, { maxLength: 3 }) : fc.constant(undefined) })
    .map(({ headers, parts }) => {
      const message = { headers: { messageType: type, ...headers } } as EncodeMessage
      if (parts !== undefined) message.parts = parts
      return message
    })
}

export const anyMessage = fc.constantFrom(...MESSAGE_TYPES).chain(messageOf)

/** Every field at once, in a PDU of `type`. */
export function everyField (type: MessageType, seed: number): EncodeMessage {
  const fields = fieldArbitraries(type)
  const values = fc.sample(fc.record(fields), { seed, numRuns: 1 })[0] as Record<string, unknown>
  return { headers: { messageType: type, ...values, contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } } as EncodeMessage['headers'], parts: [] }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  t.test('the arbitraries reach all 24 message types and all 63 fields', async (t) => {
    const types = new Set<string>()
    const keys = new Set<string>()
    for (const message of fc.sample(anyMessage, { seed: 1, numRuns: 300 })) {
      types.add(String(message.headers.messageType))
      for (const key of Object.keys(message.headers)) keys.add(key)
    }
    t.equal(types.size, 24)
    for (const def of HEADERS) t.ok(keys.has(def.key), def.key)
    t.equal(Object.keys(everyField('m-send-req', 1).headers).length, 64, '63 fields and the application headers')
  })
}
