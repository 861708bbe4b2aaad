/**
 * The PDUs the micro benchmarks and the tshark peer decode, built here from the
 * specification with the tests' wire builder (WAP-230 §8.4.2 primitives, OMA-TS-MMS_ENC §7
 * header fields, WAP-230 §8.5 multipart): an m-notification-ind, an m-send-conf, and an
 * m-retrieve-conf with a realistic header set and a small two-part body. Nothing is taken from
 * the corpus.
 */
import { syntheticChunks, type SyntheticPart } from '../../test/support/synthetic.js'
import { encodedString, entry, lengthPrefixed, longInteger, partContentId, text, uintvar, valueLength } from '../../test/support/wire.js'

/** From (OMA-TS-MMS_ENC §7.3.21): Value-length, Address-present-token, then the address. */
function from (address: string): Uint8Array {
  return Uint8Array.from([0x89, ...lengthPrefixed(0x80, text(address))])
}

/** Encoded-string-value in UTF-8 (MIBenum 106), as phones write a Subject. */
function utf8String (s: string): Uint8Array {
  return encodedString(s, 106)
}

/** m-notification-ind (OMA-TS-MMS_ENC §6.2, 0x82) as an MMSC pushes it: the message that drives a phone's fetch. */
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

/** m-send-conf (§6.1, 0x81): the MMSC's answer to an m-send-req. */
export function sendConf (): Buffer {
  return Buffer.from([
    0x8c, 0x81, // X-Mms-Message-Type: m-send-conf
    0x98, ...text('T5f3e1c2a9b'), // X-Mms-Transaction-Id
    0x8d, 0x92, // X-Mms-MMS-Version: 1.2
    0x92, 0x80, // X-Mms-Response-Status: Ok
    0x8b, ...text('MSG-20200913-0001@mmsc.example.net'), // Message-ID
  ])
}

/** The header section of an m-retrieve-conf as a handset receives it; Content-Type last (OMA-TS-MMS_ENC §7). */
export function retrieveConfHeaders (partCount: number): Buffer {
  const related = [
    0xb3, // application/vnd.wap.multipart.related (WAP-230 Table 40)
    0x89, ...text('application/smil'), // Type parameter (WAP-230 Table 38)
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
    ...uintvar(partCount), // nEntries (WAP-230 §8.5.2)
  ])
}

/** m-retrieve-conf with the realistic header set and a small body: a SMIL and a text part. */
export function retrieveConf (): Buffer {
  const smil = Buffer.from('<smil><head><layout><root-layout width="320" height="240"/></layout></head>'
    + '<body><par dur="5000ms"><text src="text.txt"/></par></body></smil>', 'latin1')
  const note = Buffer.from('Greetings from the beach.', 'utf8')
  return Buffer.concat([
    retrieveConfHeaders(2),
    entry(text('application/smil'), partContentId('<smil>'), smil),
    entry([0x03, 0x83, 0x81, 0xea], partContentId('<text>'), note), // text/plain; charset=utf-8 (general form, WAP-230 §8.4.2.24)
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
