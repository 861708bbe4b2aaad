// Interop: Android's own PduParser (AOSP com.google.android.mms.pdu, built from
// ../shared/interop/aosp with javac) reads what encode() writes by default: the property-test
// messages of the 9 types it reads (seeded, thousands) and the MMSC example's own PDUs. 0
// crashes, 0 rejections, every field Android keeps equal to what was encoded. The other way,
// what PduComposer writes decodes in strict mode, every field equal. Where Android loses a value
// whatever one writes, the exception is named below with its reason, and counted.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import {
  type AssembledUserData, buildSendConf, decode, decodeAssembled, type DecodedPart, encode, type EncodeMessage, encodePush,
  lintPush, type MmseMessage, PushAssembler, segmentPush,
} from '../../../lib/index.js'
import { charsetMib, decodeCharset, encodeText } from '../../../lib/text/transcode.js'
import {
  CANCEL_STATUSES, CONTENT_CLASSES, MESSAGE_CLASSES, MM_STATES, PRIORITIES, READ_STATUSES, REPLY_CHARGING,
  RESPONSE_STATUSES, RETRIEVAL_MODES, RETRIEVE_STATUSES, SENDER_VISIBILITIES, STATUSES, STORE_STATUSES,
} from '../../../lib/tables/mmse-enumerations.js'
import type { CodeTable, Row } from '../../../lib/tables/code-table.js'
import type { MessageType } from '../../../lib/types.js'
import { messageOf } from '../../unit/encode/arbitraries.test.js'
import { AOSP, type AndroidParse, type AndroidPart, type AndroidValue, buildAosp, composeWithAndroid, haveJavac, parseWithAndroid } from '../../support/android.js'
import { notInstalled } from '../../support/missing.js'

/** The 9 message types PduParser.parse() returns a PDU for; it returns null for the other 15. */
const ANDROID_TYPES: readonly MessageType[] = [
  'm-send-req', 'm-send-conf', 'm-notification-ind', 'm-notifyresp-ind', 'm-retrieve-conf',
  'm-delivery-ind', 'm-acknowledge-ind', 'm-read-orig-ind', 'm-read-rec-ind',
]
const PER_TYPE = 400

const skip = !existsSync(join(AOSP, 'build.sh'))
  ? 'Android\'s parser not found at ../shared/interop/aosp'
  : haveJavac() ? false : notInstalled('javac', 'openjdk-17-jdk-headless')

// ---------------------------------------------------------------------------
// Values Android loses whatever one writes: the generated messages are kept to what it can hold,
// each change counted under its reason.
// ---------------------------------------------------------------------------

const adjusted = new Map<string, number>()
function adjust (reason: string): void {
  adjusted.set(reason, (adjusted.get(reason) ?? 0) + 1)
}

const YES_NO = ['deliveryReport', 'readReport', 'reportAllowed', 'store', 'stored', 'totals', 'quotas', 'distributionIndicator', 'drmContent', 'adaptationAllowed']
const ENUMERATIONS: Record<string, CodeTable<Row>> = {
  priority: PRIORITIES, senderVisibility: SENDER_VISIBILITIES, status: STATUSES, readStatus: READ_STATUSES,
  replyCharging: REPLY_CHARGING, mmState: MM_STATES, recommendedRetrievalMode: RETRIEVAL_MODES,
  contentClass: CONTENT_CLASSES, cancelStatus: CANCEL_STATUSES,
}
const STATUS_TABLES: Record<string, CodeTable<Row>> = { responseStatus: RESPONSE_STATUSES, retrieveStatus: RETRIEVE_STATUSES, storeStatus: STORE_STATUSES }
const LONGS = ['messageSize', 'replyChargingSize', 'messageCount', 'start', 'limit']
const TIMES = ['expiry', 'deliveryTime', 'replyChargingDeadline']
const JAVA_LONG_MAX = 2n ** 63n - 1n
const MANDATORY_TEXTS = ['transactionId', 'messageId', 'contentLocation']

/** The message as Android can hold it. */
function androidDomain (message: EncodeMessage): EncodeMessage {
  const headers = { ...message.headers } as Record<string, unknown>
  for (const key of YES_NO) {
    if (typeof headers[key] === 'number') {
      headers[key] = true
      adjust('a Yes/No octet other than 0x80/0x81: PduHeaders.setOctet refuses it, and the PDU with it')
    }
  }
  for (const [key, table] of Object.entries(ENUMERATIONS)) {
    if (typeof headers[key] === 'number') {
      headers[key] = table.rows[0]?.[1]
      adjust('an enumeration code no table assigns: PduHeaders.setOctet refuses it, and the PDU with it')
    }
  }
  for (const [key, table] of Object.entries(STATUS_TABLES)) {
    const value = headers[key] as { code: number } | undefined
    if (value !== undefined && table.name(value.code) === undefined) {
      headers[key] = table.rows[0]?.[1]
      adjust('an unassigned status code: PduHeaders.setOctet turns it into the failure of its class (OMA-TS-MMS_ENC §7.3.48, .50, .58)')
    }
  }
  if (typeof headers['messageClass'] === 'number') {
    headers['messageClass'] = 'personal'
    adjust('an unassigned Class-identifier: PduParser drops it')
  }
  if (headers['mmsVersion'] !== undefined && !['1.0', '1.1', '1.2', '1.3'].includes(headers['mmsVersion'] as string)) {
    headers['mmsVersion'] = '1.3'
    adjust('an MMS version past 1.3: PduHeaders.setOctet refuses it, and the PDU with it')
  }
  for (const key of LONGS) {
    if (typeof headers[key] === 'bigint' && (headers[key] as bigint) > JAVA_LONG_MAX) {
      headers[key] = Number.MAX_SAFE_INTEGER
      adjust('an integer of 2^63 or more: Java\'s long is signed, PduParser reads it negative')
    }
  }
  for (const key of TIMES) {
    const relative = (headers[key] as { relative?: unknown } | undefined)?.relative
    if (typeof relative === 'bigint' || (typeof relative === 'number' && relative > 2 ** 40)) {
      headers[key] = { relative: 2 ** 40 }
      adjust('a relative time past 2^40 s: PduParser adds the clock to it, in a signed long')
    }
  }
  for (const key of MANDATORY_TEXTS) {
    if (headers[key] === '') {
      headers[key] = 'x'
      adjust('an empty Text-string: PduParser reads no value, and refuses a PDU without its mandatory X-Mms-Transaction-Id, Message-ID or Content-Location')
    }
  }
  const descriptor = headers['elementDescriptor'] as { contentReference: string } | undefined
  if (descriptor?.contentReference === '') {
    headers['elementDescriptor'] = { ...descriptor, contentReference: 'x' }
    adjust('an X-Mms-Element-Descriptor with an empty Content-Reference: PduParser finds no text there, gives up on the value and reads the rest of it as header fields')
  }
  if (headers['attributes'] !== undefined) {
    delete headers['attributes']
    adjust('X-Mms-Attributes (m-mbox-view-req only): PduParser reads no value for it and takes its value octet for the next field')
  }
  const result: EncodeMessage = { headers: headers as EncodeMessage['headers'] }
  if (message.parts !== undefined) result.parts = message.parts
  return result
}

// ---------------------------------------------------------------------------
// What Android should hold, from what was encoded (decode() of the bytes, which the round-trip
// tests show is the message given), in XdecDump's shapes.
// ---------------------------------------------------------------------------

/** Fields PduParser reads past and keeps nothing of. */
const DROPPED: Record<string, string> = {
  mmFlags: 'X-Mms-MM-Flags: read and dropped ("NOT REALLY SUPPORTED")',
  mboxTotals: 'X-Mms-Mbox-Totals: read and dropped (PduHeaders has no slot for it)',
  mboxQuotas: 'X-Mms-Mbox-Quotas: read and dropped (PduHeaders has no slot for it)',
  elementDescriptor: 'X-Mms-Element-Descriptor: read and dropped (PduHeaders has no slot for it)',
  content: 'X-Mms-Content: an attribute name, no field PduParser keeps',
  additionalHeaders: 'X-Mms-Additional-headers: an attribute name, no field PduParser keeps',
  applicationHeaders: 'Application-headers: PduParser skips textual headers',
}
const dropped = new Map<string, number>()
const partExceptions = new Map<string, number>()
function except (map: Map<string, number>, reason: string): void {
  map.set(reason, (map.get(reason) ?? 0) + 1)
}

const OCTETS = new Set([...YES_NO, ...Object.keys(ENUMERATIONS), ...Object.keys(STATUS_TABLES), 'messageType'])
const TEXTS = new Set(['transactionId', 'replyChargingId', 'auxApplicInfo', 'applicId', 'replyApplicId', 'messageId', 'replaceId', 'cancelId', 'contentLocation'])
const ESVS = new Set(['subject', 'recommendedRetrievalModeText', 'retrieveText', 'statusText', 'storeStatusText', 'responseText'])
const ADDRESS_LISTS = new Set(['to', 'cc', 'bcc'])

/**
 * A text's octets as PduParser keeps them: it drops every octet that is no TEXT (WAP-230 §8.4.2.1,
 * RFC 2616 §2.2: the controls but TAB, LF and CR, and DEL), which the encoder writes as given.
 */
function androidOctets (text: string, mib = 106, raw?: Uint8Array): Buffer {
  const octets = raw ?? encodeText(text, mib)
  const kept = octets.filter((octet) => octet >= 0x20 ? octet !== 0x7f : octet === 0x09 || octet === 0x0a || octet === 0x0d)
  if (kept.length !== octets.length) except(dropped, 'a control character or DEL in a text: no TEXT (WAP-230 §8.4.2.1), PduParser drops it')
  return Buffer.from(kept)
}
const hex = (text: string): string => androidOctets(text).toString('hex')
const textOf = (text: string): string => androidOctets(text).toString('utf8')
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000)

/** An address as PduParser keeps it: cut at the first '/' past the start (the /TYPE= suffix goes). */
function addressText (value: { raw?: string, address?: string, insertAddress?: boolean }): string {
  if (value.insertAddress === true) return 'insert-address-token'
  const raw = value.raw as string
  const slash = raw.indexOf('/')
  return slash > 0 ? raw.slice(0, slash) : raw
}

interface Text { text: string, mib?: number, raw?: Uint8Array }

/** Compares one decoded header with Android's value; undefined when equal, else the difference. */
function compareHeader (key: string, value: unknown, octet: number, android: AndroidValue | undefined, parsedAt: number): string | undefined {
  const got = JSON.stringify(android)
  const want = (expected: unknown): string | undefined => JSON.stringify(expected) === got ? undefined : `${key}: Android ${got}, encoded ${JSON.stringify(expected)}`
  if (OCTETS.has(key)) return want({ octet })
  if (key === 'mmsVersion') return want({ octet: octet & 0x7f })
  if (key === 'date') return want({ long: seconds(value as Date) })
  if (LONGS.includes(key)) return want({ long: Number(value) })
  if (TIMES.includes(key)) {
    const time = value as { absolute?: Date, relative?: number }
    if (time.absolute !== undefined) return want({ long: seconds(time.absolute) })
    // Android stores the clock plus the delta, read a moment after parsedAt.
    const long = (android as { long?: number } | undefined)?.long ?? NaN
    const base = parsedAt + Number(time.relative)
    return long >= base && long <= base + 1 ? undefined : `${key}: Android ${got}, encoded now + ${String(time.relative)}`
  }
  if (key === 'previouslySentDate') return want({ long: seconds((value as Array<{ date: Date }>).at(-1)?.date as Date) })
  if (key === 'previouslySentBy') {
    // The last one (PduHeaders holds one), its forward count dropped, the address whole: no /TYPE= cut here.
    const last = (value as Array<{ address: { raw: string, mib?: number } }>).at(-1)?.address as { raw: string, mib?: number }
    return want({ esv: esv({ text: last.raw, mib: last.mib ?? 106 }) })
  }
  if (TEXTS.has(key) || key === 'messageClass') return want({ bytes: { text: textOf(value as string), hex: hex(value as string) } })
  if (key === 'contentType') {
    const media = (value as { mediaType: string }).mediaType
    const text = (android as { bytes?: { text: string } } | undefined)?.bytes?.text
    return text?.toLowerCase() === media ? undefined : `contentType: Android ${got}, encoded ${media}`
  }
  if (ESVS.has(key)) return want({ esv: esv(value as Text) })
  if (key === 'from') return want({ esv: esv({ text: addressText(value as { raw: string }), mib: (value as { mib?: number }).mib ?? 106 }) })
  if (ADDRESS_LISTS.has(key)) return want({ esvList: (value as Array<{ raw: string, mib?: number }>).map((address) => esv({ text: addressText(address), mib: address.mib ?? 106 })) })
  return `${key}: no comparison for this field`
}

function esv (value: Text): { charset: number, string: string, hex: string } {
  const mib = value.mib ?? 106
  const bytes = androidOctets(value.text, mib, value.raw)
  // Octets that are no valid text in their charset: both decoders put U+FFFD where they fail.
  return { charset: mib, string: value.raw === undefined ? decodeCharset(bytes, mib).text : value.text, hex: bytes.toString('hex') }
}

/** Android's order of parts: each one whose Content-ID is the start parameter (or, with none, whose type is the type parameter) goes first. */
function androidOrder (parts: readonly DecodedPart[], params: Record<string, unknown>): DecodedPart[] {
  const start = params['start']
  const type = params['type']
  const ordered: DecodedPart[] = []
  for (const part of parts) {
    const cid = part.headers['content-id']
    const first = typeof start === 'string' ? cid === start : typeof type === 'string' && part.contentType.mediaType === type
    if (first) ordered.unshift(part)
    else ordered.push(part)
  }
  return ordered
}

function comparePart (part: DecodedPart, android: AndroidPart | undefined, at: string): string[] {
  if (android === undefined) return [`${at}: missing`]
  const diffs: string[] = []
  const same = (what: string, got: unknown, want: unknown): void => {
    if (JSON.stringify(got) !== JSON.stringify(want)) diffs.push(`${at} ${what}: Android ${JSON.stringify(got)}, encoded ${JSON.stringify(want)}`)
    else fieldsCompared++
  }
  const bytesOf = (text: unknown): { text: string, hex: string } | null => typeof text === 'string' ? { text: textOf(text), hex: hex(text) } : null
  same('content type', android.contentType.toLowerCase(), part.contentType.mediaType)
  const charset = part.contentType.params['charset']
  same('charset', android.charset, typeof charset === 'string' ? charsetMib(charset) : charset ?? 0)
  if (part.contentType.params['name'] === '' && android.name === null) except(partExceptions, 'an empty name parameter: PduParser reads it as no value')
  else same('name', android.name, bytesOf(part.contentType.params['name']))
  const disposition = part.headers['content-disposition'] as { disposition: string, params: Record<string, unknown> } | undefined
  same('filename', android.filename, bytesOf(disposition?.params['filename']))
  const cid = part.headers['content-id']
  same('Content-ID', android.contentId, bytesOf(cid))
  const location = part.headers['content-location']
  if (location === undefined && android.name === null && android.filename === null && cid === undefined) {
    except(partExceptions, 'a part with no name, filename, Content-Location or Content-ID: PduParser makes up a Content-Location (the clock, in octal)')
  } else if (location === '' && android.contentLocation === null) {
    except(partExceptions, 'an empty Content-Location: PduParser reads it as no value')
  } else {
    same('Content-Location', android.contentLocation, bytesOf(location))
  }
  same('transfer encoding', android.transferEncoding, null)
  if (part.data.length === 0 && android.dataLength === -1) except(partExceptions, 'a part with no data (DataLen 0): PduParser sets no data at all')
  else same('data', [android.dataLength, android.sha256], [part.data.length, createHash('sha256').update(part.data).digest('hex')])
  return diffs
}

let fieldsCompared = 0

/** A text that is empty once PduParser has dropped what is no TEXT in it. */
function isEmptyText (value: unknown): boolean {
  const text = typeof value === 'string' ? value : (value as { text?: unknown } | null)?.text
  return typeof text === 'string' && androidOctets(text).length === 0
}

/** Every difference between what Android read and what was encoded (`bytes`), but the named exceptions. */
function differences (bytes: Uint8Array, android: AndroidParse): string[] {
  if (android.crash !== undefined) return [`crash: ${android.crash}`]
  if (android.ok !== true) return [`rejected: ${android.reason ?? ''}`]
  const message: MmseMessage = decode(bytes)
  const diffs: string[] = []
  const seen = new Set<string>()
  for (const header of message.headerList) {
    if (header.code === null || DROPPED[header.key] !== undefined) {
      except(dropped, DROPPED[header.code === null ? 'applicationHeaders' : header.key] as string)
      continue
    }
    const code = `0x${header.code.toString(16).toUpperCase()}`
    if (seen.has(code)) continue // repeated: the whole array is compared once
    seen.add(code)
    const value = (message.headers as Record<string, unknown>)[header.key]
    if (android.headers?.[code] === undefined && isEmptyText(value)) {
      except(dropped, 'an empty Text-string (alone, or after a charset): PduParser reads it as no value')
      continue
    }
    const diff = compareHeader(header.key, value, bytes[header.offset + 1] as number, android.headers?.[code], android.parsedAt)
    if (diff === undefined) fieldsCompared++
    else diffs.push(diff)
  }
  const extra = Object.keys(android.headers ?? {}).filter((code) => !seen.has(code))
  if (extra.length > 0) diffs.push(`Android holds fields not encoded: ${extra.join(', ')}`)
  const parts = androidOrder(message.parts, message.headers.contentType?.params ?? {})
  if ((android.parts ?? []).length !== parts.length) diffs.push(`parts: Android ${(android.parts ?? []).length}, encoded ${parts.length}`)
  parts.forEach((part, i) => diffs.push(...comparePart(part, android.parts?.[i], `part ${i}`)))
  return diffs
}

// ---------------------------------------------------------------------------

/** One build of AOSP's parser for the run, in a temporary directory removed at the end. */
const dir = skip === false ? mkdtempSync(join(tmpdir(), 'mmse-android-')) : ''
if (skip === false) t.teardown(() => rmSync(dir, { recursive: true, force: true }))
let built: string | undefined
function classPath (t: Test): string {
  if (built === undefined) {
    const started = Date.now()
    built = buildAosp(join(dir, 'classes'))
    t.comment(`built AOSP's parser in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  return built
}

t.test('Android\'s PduParser reads what encode() writes', { skip }, async (t) => {

  const inputs: Array<{ name: string, bytes: Uint8Array }> = []
  ANDROID_TYPES.forEach((type, i) => {
    fc.sample(messageOf(type), { seed: 0xa0d + i, numRuns: PER_TYPE }).forEach((message, n) => {
      inputs.push({ name: `${type} #${n}`, bytes: encode(withFilenames(androidDomain(message))) })
    })
  })
  inputs.push(...await mmscOutputs())
  const parsedAt = Date.now()
  const results = parseWithAndroid(classPath(t), join(dir, 'pdus'), inputs.map((input) => input.bytes))
  t.comment(`PduParser read ${inputs.length} PDUs in ${((Date.now() - parsedAt) / 1000).toFixed(1)} s (loaded machine)`)

  let crashes = 0
  let rejections = 0
  const failures: string[] = []
  results.forEach((result, i) => {
    if (result.crash !== undefined) crashes++
    else if (result.ok !== true) rejections++
    const input = inputs[i] as { name: string, bytes: Uint8Array }
    const diffs = differences(input.bytes, result)
    if (diffs.length > 0) failures.push(`${input.name}: ${diffs.join('; ')}`)
  })
  for (const failure of failures.slice(0, 20)) t.comment(failure)
  t.equal(crashes, 0, '0 crashes')
  t.equal(rejections, 0, '0 rejections')
  t.equal(failures.length, 0, `every field Android keeps equal to what was encoded (${fieldsCompared} fields compared)`)
  t.equal(results.length, inputs.length)
  for (const [reason, n] of adjusted) t.comment(`generated value changed ${n} times: ${reason}`)
  for (const [reason, n] of dropped) t.comment(`not compared ${n} times: ${reason}`)
  for (const [reason, n] of partExceptions) t.comment(`part field not compared ${n} times: ${reason}`)
  t.comment(`${inputs.length} PDUs, ${fieldsCompared} fields equal, ${adjusted.size + dropped.size + partExceptions.size} named exceptions`)
})

/** A filename (a token) on every other part that has none, so that Content-Disposition is read too. */
function withFilenames (message: EncodeMessage): EncodeMessage {
  if (message.parts === undefined) return message
  return {
    ...message,
    parts: message.parts.map((part, i) => i % 2 === 1 ? part : { ...part, headers: { ...part.headers, 'content-disposition': { disposition: 'attachment', params: { filename: `file-${i}.bin` } } } }),
  }
}

/**
 * A notification as a phone gets it: in the WAP Push the MMSC sends (smpp-notifier.ts), cut into
 * SMS segments, put together again; the push lints clean, and its body is what PduParser reads.
 */
function throughPush (notification: Uint8Array): Uint8Array {
  const assembler = new PushAssembler()
  let whole: AssembledUserData | null = null
  for (const segment of segmentPush(encodePush({ body: notification }))) whole = assembler.add(segment) ?? whole
  const push = decodeAssembled(whole as AssembledUserData)
  if (lintPush(encodePush({ body: notification })).findings.length > 0) throw new Error('the MMSC\'s push has lint findings')
  return push.body
}

/** The MMSC example's PDUs: the notification it pushes, the m-retrieve-conf it serves, its m-send-confs, its delivery reports. */
async function mmscOutputs (): Promise<Array<{ name: string, bytes: Uint8Array }>> {
  const { notificationInd, deliveryInd, MMS_VERSION } = await import('../../../examples/mmsc/notify.js')
  const { retrieveConf } = await import('../../../examples/mmsc/retrieve.js')
  const { REFUSALS, responseStatus } = await import('../../../examples/mmsc/statuses.js')
  const recipient = { address: '+15550002/TYPE=PLMN', msisdn: '+15550002', token: 'tok' }
  const record = {
    messageId: 'M-1', receivedAt: new Date(1_600_000_000_000), expiresAt: new Date(Date.now() + 7 * 86400_000), mmsVersion: '1.2',
    sender: '+15550001', senderVisible: true, deliveryReport: true, size: 4321,
    headers: { subject: 'Grüße', messageClass: 'personal', priority: 'high', expiry: { relative: 604800 } },
    contentType: { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'application/smil', start: '<smil>' } },
    parts: [], recipients: [recipient],
  }
  const settings = { publicUrl: 'http://mmsc.example', path: '/mms' }
  const parts = [
    { contentType: { mediaType: 'application/smil', params: {} }, headers: { 'content-id': '<smil>', 'content-location': 'smil.xml' }, body: '<smil/>' },
    { contentType: { mediaType: 'image/jpeg', params: { name: 'photo.jpg' } }, headers: { 'content-id': '<img>', 'content-disposition': { disposition: 'attachment', params: { filename: 'photo.jpg' } } }, body: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9) },
    { contentType: { mediaType: 'application/octet-stream', params: {} }, headers: { 'content-location': 'data.bin' }, body: Uint8Array.of(1, 2, 3) },
  ]
  const retrieved: Buffer[] = []
  for await (const chunk of retrieveConf(record as never, 'T-retrieve', parts as never)) retrieved.push(chunk as Buffer)
  return [
    { name: 'MMSC m-notification-ind, from its push', bytes: throughPush(encode(notificationInd(settings as never, 'key', record as never, recipient))) },
    { name: 'MMSC m-notification-ind, hidden sender, from its push', bytes: throughPush(encode(notificationInd(settings as never, 'key', { ...record, senderVisible: false } as never, recipient))) },
    { name: 'MMSC m-retrieve-conf', bytes: Buffer.concat(retrieved) },
    ...(['retrieved', 'rejected', 'unrecognised'] as const).map((status) => ({ name: `MMSC m-delivery-ind ${status}`, bytes: encode(deliveryInd(record as never, recipient, status)) })),
    { name: 'MMSC m-send-conf ok', bytes: encode(buildSendConf({ mmsVersion: MMS_VERSION, transactionId: 'T-1', messageId: 'M-1' })) },
    ...Object.keys(REFUSALS).map((refusal) => ({
      name: `MMSC m-send-conf ${refusal}`,
      bytes: encode(buildSendConf({ mmsVersion: MMS_VERSION, transactionId: 'T-1', responseStatus: responseStatus(refusal as never, MMS_VERSION), responseText: 'refused' })),
    })),
  ]
}

t.test('what PduComposer writes decodes in strict mode, every field as Android reads it', { skip }, async (t) => {
  const files = composeWithAndroid(classPath(t), join(dir, 'composed'))
  t.ok(files.length >= 14, `${files.length} PDUs composed`)
  const pdus = files.map((file) => readFileSync(file))
  const android = parseWithAndroid(classPath(t), join(dir, 'again'), pdus)
  const before = fieldsCompared
  for (const [i, file] of files.entries()) {
    const bytes = pdus[i] as Buffer
    const strict = decode(bytes, { strict: true })
    t.ok(strict, `${basename(file)}: strict decoding`)
    const diffs = differences(bytes, android[i] as AndroidParse)
    if (basename(file) === 'aosp-send-req-utf16-subject.mms') {
      // Named exception: the composer writes UTF-16's MIBenum 1015 as its low 7 bits (0xF7), which
      // Android reads back as charset 119; mmse reads UTF-16 (docs/wire-format.md Q33), the text the composer was given.
      t.same(diffs.map((diff) => diff.split(':')[0]), ['subject'], 'only the UTF-16 subject differs from Android\'s own reading')
      t.same(strict.headers.subject, { text: 'Привет', charset: 'utf-16', mib: 1015 }, 'read as the UTF-16 it is')
      t.match(strict.warnings, [{ code: 'WARN_MMSE_CHARSET', field: 'Subject' }])
      continue
    }
    t.same(diffs, [], `${basename(file)}: every field equal`)
  }
  t.comment(`${files.length} PduComposer PDUs, ${fieldsCompared - before} fields equal, 1 named exception (the UTF-16 subject)`)
})
