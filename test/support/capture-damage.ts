/**
 * A real capture damaged one segment at a time: each TCP segment with payload dropped in turn.
 * A segment whose octets other segments carry too (loopback sends a range twice, in one large and
 * one smaller segment) changes nothing; any other is a gap the scan says, and the message it
 * carried says which octets it lost. Returns what went wrong, one line per frame.
 */
import { isDeepStrictEqual } from 'node:util'
import { type CaptureResult, decodeCapture } from '../../lib/index.js'
import { CaptureReader } from '../../lib/capture/reader.js'
import { pcap } from './pcap.js'

/** A record copied out of the reader (its data is a view valid only during the call). */
interface Copied { frame: number, data: Uint8Array, time: bigint }

/** The TCP segment in an Ethernet-framed IPv4 packet (what tcpdump writes on lo): its direction and the sequence numbers of its payload. */
function segmentOf (frame: Uint8Array): { direction: string, seq: number, length: number } {
  const ip = frame.subarray(14)
  const ipHeader = ((ip[0] as number) & 0x0f) * 4
  const tcp = Buffer.from(ip.subarray(ipHeader))
  return {
    direction: `${tcp.readUInt16BE(0)}>${tcp.readUInt16BE(2)}`,
    seq: tcp.readUInt32BE(4),
    length: ((ip[2] as number) << 8 | (ip[3] as number)) - ipHeader - ((tcp[12] as number) >> 4) * 4,
  }
}

type Segment = ReturnType<typeof segmentOf>

/** Whether the other segments carry every octet of segment `i`'s payload too. */
function carriedElsewhere (segments: readonly Segment[], i: number): boolean {
  const own = segments[i] as Segment
  const others = segments.filter((s, j) => j !== i && s.direction === own.direction && s.length > 0)
  for (let octet = own.seq; octet !== (own.seq + own.length) >>> 0;) {
    const cover = others.find((s) => ((octet - s.seq) >>> 0) < s.length)
    if (cover === undefined) return false
    octet = (cover.seq + cover.length) >>> 0
  }
  return true
}

/** What a scan found, frame numbers aside (dropping a record renumbers the ones after it). */
function found (result: CaptureResult): unknown[] {
  return result.messages.map((m) => [m.message?.headers.messageType, m.end.complete, Buffer.from(m.pdu).toString('base64')])
}

export function dropEachSegment (file: Uint8Array): { dropped: number, wrong: string[] } {
  const all: Copied[] = []
  new CaptureReader(1 << 24, (record) => all.push({ frame: record.frame, data: record.data.slice(), time: record.time })).write(file)
  const head = file.subarray(0, 24)
  const rebuild = (list: Copied[]): Uint8Array => Buffer.concat([head, pcap(list.map((r) => ({ data: r.data, time: r.time }))).subarray(24)])
  const original = decodeCapture(file)
  const expected = found(original)
  const whole = new Set(original.messages.map((m) => Buffer.from(m.pdu).toString('base64')))
  const bodyFrames = new Set(original.messages.flatMap((m) => m.end.frames.slice(1)))
  const segments = all.map((r) => segmentOf(r.data))
  let dropped = 0
  const wrong: string[] = []
  all.forEach((record, i) => {
    if ((segments[i] as Segment).length === 0) return
    dropped++
    const damaged = rebuild(all.filter((_, j) => j !== i))
    if (carriedElsewhere(segments, i)) {
      if (!isDeepStrictEqual(found(decodeCapture(damaged)), expected)) wrong.push(`frame ${record.frame}: its octets are in other segments too, yet the messages differ`)
      return
    }
    const result = decodeCapture(damaged)
    const said = (m: typeof result.messages[0]): boolean => m.warnings.some((w) => w.code === 'WARN_CAPTURE_GAP' || w.code === 'WARN_CAPTURE_INCOMPLETE')
    if (!result.warnings.some((w) => w.code === 'WARN_CAPTURE_GAP')) wrong.push(`frame ${record.frame}: no gap said`)
    for (const m of result.messages) {
      if (m.end.complete ? !whole.has(Buffer.from(m.pdu).toString('base64')) : !said(m)) wrong.push(`frame ${record.frame}: a message ${m.end.complete ? 'never sent' : 'cut without saying so'}`)
    }
    if (bodyFrames.has(record.frame) && !result.messages.some((m) => !m.end.complete && said(m))) wrong.push(`frame ${record.frame}: the message it carried does not say it lost octets`)
  })
  return { dropped, wrong }
}
