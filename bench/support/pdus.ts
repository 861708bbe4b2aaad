/**
 * The PDUs the micro benchmarks and the tshark peer decode, built here from the
 * specification (mmse-tables §1 primitives, §3 message types, §4 header fields, §6 content
 * types, §7 multipart): an m-notification-ind, an m-send-conf, and an m-retrieve-conf with a
 * realistic header set and a small two-part body. Nothing is taken from the corpus.
 */
import { syntheticChunks, type SyntheticPart, uintvarBytes } from '../../test/support/synthetic.js'

/** Text-string: the characters, then End-of-string (§1). */
function text (s: string): number[] {
  return [...Buffer.from(s, 'latin1'), 0]
}

/** Value-length (§1): a short length below 31, else Length-quote and a uintvar. */
function valueLength (length: number): number[] {
  return length < 31 ? [length] : [0x1f, ...uintvarBytes(length)]
}

/** Long-integer (§1): Short-length, then the value big-endian in as few octets as it needs. */
function longInteger (value: number): number[] {
  const octets: number[] = []
  for (let v = value; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256)
  if (octets.length === 0) octets.push(0)
  return [octets.length, ...octets]
}

/** From (§4): Value-length, Address-present-token, then the address as a Text-string. */
function from (address: string): number[] {
  const value = [0x80, ...text(address)]
  return [0x89, ...valueLength(value.length), ...value]
}

/** Encoded-string-value with a charset (§1): Value-length, the MIBenum as Short-integer, the text. */
function utf8String (s: string): number[] {
  const value = [0xea, ...Buffer.from(s, 'utf8'), 0] // 0xEA: MIBenum 106, UTF-8
  return [...valueLength(value.length), ...value]
}

/** m-notification-ind (§3, 0x82) as an MMSC pushes it: the message that drives a phone's fetch. */
export function notificationInd (): Buffer {
  return Buffer.from([
    0x8c, 0x82, // X-Mms-Message-Type: m-notification-ind
    0x98, ...text('T5f3e1c2a9b'), // X-Mms-Transaction-Id
    0x8d, 0x92, // X-Mms-MMS-Version: 1.2
    ...from('+15551234567/TYPE=PLMN'),
    0x96, ...utf8String('Holiday photos'), // Subject
    0x8a, 0x80, // X-Mms-Message-Class: personal
    0x8e, ...longInteger(304_128), // X-Mms-Message-Size
    0x88, 0x05, 0x81, ...longInteger(604_800), // X-Mms-Expiry: relative, 7 days
    0x83, ...text('http://mmsc.example.net/mms/get?id=5f3e1c2a9b'), // X-Mms-Content-Location
  ])
}

/** m-send-conf (§3, 0x81): the MMSC's answer to an m-send-req. */
export function sendConf (): Buffer {
  return Buffer.from([
    0x8c, 0x81, // X-Mms-Message-Type: m-send-conf
    0x98, ...text('T5f3e1c2a9b'), // X-Mms-Transaction-Id
    0x8d, 0x92, // X-Mms-MMS-Version: 1.2
    0x92, 0x80, // X-Mms-Response-Status: Ok
    0x8b, ...text('MSG-20200913-0001@mmsc.example.net'), // Message-ID
  ])
}

/** The header section of an m-retrieve-conf as a handset receives it; Content-Type last (§4). */
export function retrieveConfHeaders (partCount: number): Buffer {
  const related = [
    0xb3, // application/vnd.wap.multipart.related (§6)
    0x89, ...text('application/smil'), // Type parameter (§6.2)
    0x8a, ...text('<smil>'), // Start parameter
  ]
  return Buffer.from([
    0x8c, 0x84, // X-Mms-Message-Type: m-retrieve-conf
    0x98, ...text('T5f3e1c2a9b'), // X-Mms-Transaction-Id
    0x8d, 0x92, // X-Mms-MMS-Version: 1.2
    0x8b, ...text('MSG-20200913-0001@mmsc.example.net'), // Message-ID
    0x85, ...longInteger(1_600_000_000), // Date
    ...from('+15551234567/TYPE=PLMN'),
    0x97, ...text('+15557654321/TYPE=PLMN'), // To
    0x97, ...text('+15550001111/TYPE=PLMN'), // To
    0x82, ...text('friend@example.org'), // Cc
    0x96, ...utf8String('Holiday photos: day 3'), // Subject
    0x8a, 0x80, // X-Mms-Message-Class: personal
    0x8f, 0x81, // X-Mms-Priority: normal
    0x86, 0x81, // X-Mms-Delivery-Report: no
    0x90, 0x81, // X-Mms-Read-Report: no
    0x99, 0x80, // X-Mms-Retrieve-Status: Ok
    0x84, ...valueLength(related.length), ...related, // Content-Type
    ...uintvarBytes(partCount), // nEntries (§7)
  ])
}

/** One multipart entry (§7): HeadersLen, DataLen, Content-Type, Content-ID, then the data. */
function entry (contentType: number[], contentId: string, data: Buffer): Buffer {
  const headers = [...contentType, 0xc0, 0x22, ...text(contentId)] // Content-ID, quoted (§7)
  return Buffer.concat([Buffer.from([...uintvarBytes(headers.length), ...uintvarBytes(data.length), ...headers]), data])
}

/** m-retrieve-conf with the realistic header set and a small body: a SMIL and a text part. */
export function retrieveConf (): Buffer {
  const smil = Buffer.from('<smil><head><layout><root-layout width="320" height="240"/></layout></head>'
    + '<body><par dur="5000ms"><text src="text.txt"/></par></body></smil>', 'latin1')
  const note = Buffer.from('Greetings from the beach.', 'utf8')
  return Buffer.concat([
    retrieveConfHeaders(2),
    entry([...text('application/smil')], '<smil>', smil),
    entry([0x03, 0x83, 0x81, 0xea], '<text>', note), // text/plain; charset=utf-8 (general form, §6)
  ])
}

/** The typical message of the throughput scenarios: about 300 KB in five parts. */
export const TYPICAL_PARTS: SyntheticPart[] = [
  { size: 1_000, contentType: 'application/smil' },
  { size: 200, contentType: 'text/plain' },
  { size: 250_000, contentType: 'image/jpeg' },
  { size: 45_000, contentType: 'audio/amr' },
  { size: 120, contentType: 'text/plain' },
]

/** A synthetic message as one Buffer. */
export function syntheticMessage (parts: SyntheticPart[]): Buffer {
  return Buffer.concat([...syntheticChunks(parts, 1024 * 1024)])
}
