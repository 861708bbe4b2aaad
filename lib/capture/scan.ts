/**
 * The capture scan: a pure state machine from the bytes of a capture file to the MMS in it.
 * Records (reader.ts) go down the link and IP layers (lib/net), IP fragments are reassembled,
 * UDP datagrams go to the datagram dissectors, TCP segments to a reassembled stream per
 * direction and, for a flow whose first bytes are HTTP/1.x (or that `decodeAs` gives to HTTP),
 * to the HTTP framing (lib/http); every body that is MMSE is fed to the decoding machine as it
 * arrives (message.ts). The stream shell is scanner.ts; `decodeCapture` runs it over a buffer.
 */
import { HttpConnection } from '../http/connection.js'
import type { HttpBody } from '../http/framing.js'
import type { HttpHead } from '../http/head.js'
import { httpStart } from '../http/head.js'
import { concatBytes, copyBytes } from '../bytes/octets.js'
import { isMmsContentType, SniffedBody } from '../http/mms-body.js'
import type { CaptureWarning, CaptureWarningCode, CarriedMessage, Datagram, Dissectors, Endpoint, PacketContext, StreamDissector } from '../net/carried.js'
import { flowKey } from '../net/carried.js'
import { FragmentTable } from '../net/fragments.js'
import { endpointsKey, type IpPacket, readIp, sourceFirst } from '../net/ip.js'
import { ipOffset, LINK_TYPE_NOT_READ, linkSkip } from '../net/link.js'
import { type Budget, type StreamSink, TcpDirection } from '../net/tcp-stream.js'
import { readTcp, readUdp, TCP, type TcpHeader, UDP } from '../net/transport.js'
import type { DecodeAsProtocol, ResolvedCaptureOptions } from '../options.js'
import type { CaptureEvent, MmsContext } from './events.js'
import { ScannedMessage } from './message.js'
import { CaptureReader } from './reader.js'
import type { CaptureRecord } from './record.js'

/** What reads a connection's two directions (0: the way its first packet went). */
interface FlowReader {
  data (index: number, bytes: Uint8Array, frame: number): void
  gap (index: number, bytes: number, frame: number, why: string): void
  end (frame: number): void
}

/** A TCP connection followed: its two directions (the first is the one its first packet went), and what reads them. */
interface Flow {
  /** Its two ends in text, for what is said about it. */
  key: string
  /** Its two ends in binary (endpointsKey), for looking it up. */
  lookup: string
  /** sourceFirst of its first packet: a packet that says the same goes the way the first went. */
  first: boolean
  /** Its neighbours in the order of activity (the scan's #oldest to #newest). */
  older: Flow | undefined
  newer: Flow | undefined
  ip: 'ipv4' | 'ipv6'
  ends: [Endpoint, Endpoint]
  directions: [TcpDirection, TcpDirection]
  /** What reads it: undecided until its first octets tell (an HTTP line, a stream dissector's claim), then a reader or nothing. */
  app: FlowReader | 'undecided' | 'ignored'
  /** While undecided, the first octets of each direction (copied). */
  opening: [Uint8Array[], Uint8Array[]]
}

export class CaptureScan {
  readonly #options: ResolvedCaptureOptions
  readonly #emit: (event: CaptureEvent) => void
  readonly #reader: CaptureReader
  readonly #fragments: FragmentTable
  /** The flows followed, by their lookup key. */
  readonly #flows = new Map<string, Flow>()
  /**
   * The same flows from the least recently active to the most: a list through the flows
   * themselves, so that a packet moves its flow to the end without touching the map.
   */
  #oldest: Flow | undefined
  #newest: Flow | undefined
  readonly #budget: Budget
  readonly #dissectors: Required<Dissectors>
  /** The record being read. */
  #record: CaptureRecord | undefined
  #messages = 0
  /** Warnings said once per capture (a link type not read), by their text. */
  readonly #said = new Set<string>()

  constructor (options: ResolvedCaptureOptions, emit: (event: CaptureEvent) => void, dissectors: Dissectors = {}) {
    this.#options = options
    this.#emit = emit
    this.#dissectors = { datagram: dissectors.datagram ?? [], stream: dissectors.stream ?? [] }
    const { limits } = options
    this.#reader = new CaptureReader(limits.maxRecordBytes, (record) => this.#packet(record))
    this.#fragments = new FragmentTable(limits.maxFragmentGroups, limits.maxFragmentBytes, (message, frame, limit) =>
      this.#warn(limit ? 'WARN_CAPTURE_LIMIT' : 'WARN_CAPTURE_FRAGMENTS', message, frame))
    this.#budget = { held: 0, max: limits.maxBufferedBytes }
  }

  /** Scans the records a chunk completes. Throws MmseError when the file breaks its format. */
  write (chunk: Uint8Array): void {
    this.#reader.write(chunk)
  }

  /** The end of the capture: what is still open ends, incomplete where bytes are missing. */
  end (): void {
    const { leftover, offset } = this.#reader.end()
    const frame = this.#record?.frame ?? 0
    if (leftover > 0) this.#warn('WARN_CAPTURE_TRUNCATED', `the capture ends inside a record: ${leftover} octets from offset ${offset} make no whole record`, frame)
    const open: Flow[] = []
    for (let flow = this.#oldest; flow !== undefined; flow = flow.newer) open.push(flow)
    for (const flow of open) this.#close(flow, frame)
    this.#fragments.end()
    // One dissector may read both datagrams and streams (SIP and SMPP): flushed once.
    for (const dissector of new Set([...this.#dissectors.datagram, ...this.#dissectors.stream].map((entry) => entry.dissector))) this.#carried(dissector.flush(), dissector)
  }

  #packet (record: CaptureRecord): void {
    this.#record = record
    const at = ipOffset(record.linkType, record.bytes, record.start, record.end)
    if (at < 0) {
      // Frames that are not IP (ARP, LLDP) are ordinary traffic: only a link type not read is said, once.
      if (at === LINK_TYPE_NOT_READ) this.#once('WARN_CAPTURE_UNREAD', `interface ${record.interface}: ${linkSkip(at, record.linkType)} is not read; its frames are skipped`, record.frame)
      return
    }
    const ip = readIp(record.bytes, at, record.end)
    if ('skip' in ip) {
      this.#warn('WARN_CAPTURE_UNREAD', `${ip.skip}; the frame is skipped`, record.frame)
      return
    }
    if (ip.fragment !== undefined) {
      const whole = this.#fragments.add(ip, record.frame)
      if (whole === undefined) return
      if (ip.protocol === UDP) this.#udp(ip, whole.payload, 0, whole.frames)
      else if (ip.protocol === TCP) this.#tcp(ip, readTcp(whole.payload), 0)
      return
    }
    // A whole packet is read where it lies in the frame: no view of it is made unless it is followed.
    if (ip.protocol === UDP) this.#udp(ip, ip.payload, ip.missing)
    else if (ip.protocol === TCP) this.#tcp(ip, readTcp(ip.data, ip.payloadStart, ip.payloadEnd), ip.missing)
  }

  /** `frames`: those of the fragments it was reassembled from; a whole packet's is its own. */
  #udp (ip: IpPacket, payload: Uint8Array, missing: number, frames?: number[]): void {
    const udp = readUdp(payload, missing)
    if (udp === undefined) return
    const record = this.#record as CaptureRecord
    const datagram: Datagram = {
      ip: ip.ip,
      src: { address: ip.src, port: udp.srcPort },
      dst: { address: ip.dst, port: udp.dstPort },
      payload: udp.payload,
      packet: this.#packetContext(),
      frames: frames ?? [record.frame],
      missing: udp.missing,
    }
    const forced = this.#decodeAs('udp', udp.srcPort, udp.dstPort)
    const entries = this.#dissectors.datagram
    const chosen = forced === undefined
      ? entries.find(({ dissector }) => dissector.claims(datagram))
      : entries.find(({ protocols }) => protocols.includes(forced))
    if (chosen !== undefined) this.#carried(chosen.dissector.datagram(datagram), chosen.dissector)
  }

  #tcp (ip: IpPacket, tcp: TcpHeader | undefined, missing: number): void {
    const record = this.#record as CaptureRecord
    if (tcp === undefined) {
      this.#warn('WARN_CAPTURE_UNREAD', 'a TCP header cut short or malformed; the frame is skipped', record.frame)
      return
    }
    const first = sourceFirst(ip, tcp.srcPort, tcp.dstPort)
    const lookup = endpointsKey(ip, tcp.srcPort, tcp.dstPort, first)
    let flow = this.#flows.get(lookup)
    if (flow === undefined) flow = this.#open(lookup, first, ip, tcp.srcPort, tcp.dstPort)
    else this.#touch(flow)
    if (flow.app === 'ignored') {
      if (tcp.rst || tcp.fin) this.#forget(flow)
      return
    }
    const index = first === flow.first ? 0 : 1
    const direction = flow.directions[index]
    const limit = direction.segment(tcp.seq, tcp.syn, tcp.fin, tcp.payload, missing, record.frame)
    if (tcp.ack !== undefined) flow.directions[index === 0 ? 1 : 0].acknowledged(tcp.ack)
    if (limit !== undefined) this.#warn('WARN_CAPTURE_LIMIT', `captureLimits.${limit} reached on ${flow.key}: the segments it waited for are given up as gaps`, record.frame)
    if (tcp.rst || (flow.directions[0].finished && flow.directions[1].finished)) this.#close(flow, record.frame)
  }

  #open (lookup: string, first: boolean, packet: IpPacket, srcPort: number, dstPort: number): Flow {
    const record = this.#record as CaptureRecord
    const src = { address: packet.src, port: srcPort }
    const dst = { address: packet.dst, port: dstPort }
    const key = flowKey('tcp', src, dst)
    const { limits } = this.#options
    while (this.#flows.size >= limits.maxFlows) {
      const oldest = this.#oldest as Flow
      this.#warn('WARN_CAPTURE_LIMIT', `captureLimits.maxFlows (${limits.maxFlows}) reached: ${oldest.key}, the least recently active, is given up`, record.frame)
      this.#close(oldest, record.frame)
    }
    const forced = this.#decodeAs('tcp', src.port, dst.port)
    const flow: Flow = {
      key,
      lookup,
      first,
      older: undefined,
      newer: undefined,
      ip: packet.ip,
      ends: [src, dst],
      directions: [] as unknown as Flow['directions'],
      app: 'undecided',
      opening: [[], []],
    }
    flow.directions = [0, 1].map((index) => new TcpDirection(this.#streamSink(flow, index), limits.maxFlowBytes, this.#budget)) as Flow['directions']
    if (forced !== undefined) {
      const stream = this.#dissectors.stream.find(({ protocols }) => protocols.includes(forced))?.dissector
      flow.app = forced === 'http' ? this.#http(flow) : stream === undefined ? 'ignored' : this.#streamReader(flow, stream)
    }
    this.#flows.set(lookup, flow)
    this.#append(flow)
    return flow
  }

  /** A packet of `flow`: it becomes the most recently active. */
  #touch (flow: Flow): void {
    if (flow === this.#newest) return
    this.#unlink(flow)
    this.#append(flow)
  }

  #append (flow: Flow): void {
    flow.older = this.#newest
    flow.newer = undefined
    if (this.#newest === undefined) this.#oldest = flow
    else this.#newest.newer = flow
    this.#newest = flow
  }

  #unlink (flow: Flow): void {
    if (flow.older === undefined) this.#oldest = flow.newer
    else flow.older.newer = flow.newer
    if (flow.newer === undefined) this.#newest = flow.older
    else flow.newer.older = flow.older
  }

  /** Stops following `flow`. */
  #forget (flow: Flow): void {
    this.#flows.delete(flow.lookup)
    this.#unlink(flow)
  }

  /** Where a direction's in-order bytes go: the flow's reader, decided by the first octets either direction sends. */
  #streamSink (flow: Flow, index: number): StreamSink {
    return {
      data: (bytes, frame) => {
        if (flow.app === 'undecided') {
          // Most flows tell by their first segment: its octets are copied only to wait for more.
          const opening = flow.opening[index] as Uint8Array[]
          const start = opening.length === 0 ? bytes : concatBytes([...opening, bytes])
          const app = this.#decide(flow, index, start)
          if (app === undefined) {
            opening.push(copyBytes(bytes))
            return
          }
          const other = concatBytes(flow.opening[1 - index] as Uint8Array[])
          flow.app = app
          flow.opening = [[], []]
          // What the other direction sent while this one was undecided goes first.
          if (app !== 'ignored' && other.length > 0) app.data(1 - index, other, frame)
          bytes = start
        }
        if (flow.app !== 'ignored') flow.app.data(index, bytes, frame)
      },
      gap: (bytes, frame, why) => {
        this.#warn('WARN_CAPTURE_GAP', `${flow.key}: ${bytes} octets of the stream from ${endpoint(flow.ends[index] as Endpoint)} are missing: ${why}`, frame)
        // Before its first octets are known, a flow with a hole is not read.
        if (flow.app === 'undecided') flow.app = 'ignored'
        if (flow.app !== 'ignored') flow.app.gap(index, bytes, frame, why)
      },
    }
  }

  /** The reader a connection's first octets (from direction `index`) choose: HTTP by its first line, else a stream dissector that claims them; undefined while the line is not complete. */
  #decide (flow: Flow, index: number, start: Uint8Array): FlowReader | 'ignored' | undefined {
    const verdict = httpStart(start)
    if (verdict === 'more') return undefined
    if (verdict === 'yes') return this.#http(flow)
    const src = flow.ends[index] as Endpoint
    const dst = flow.ends[1 - index] as Endpoint
    const claimed = this.#dissectors.stream.find(({ dissector }) => dissector.claimsStream(start, src, dst))
    return claimed === undefined ? 'ignored' : this.#streamReader(flow, claimed.dissector)
  }

  /** HTTP on a connection. */
  #http (flow: Flow): FlowReader {
    const { key, ip, ends } = flow
    const connection: HttpConnection = new HttpConnection({
      message: (head, request, direction, frame) =>
        this.#httpBody(head, request, ip, ends[direction] as Endpoint, ends[1 - direction] as Endpoint, frame),
      warning: (message, frame) => this.#warn('WARN_CAPTURE_HTTP', `${key}: ${message}`, frame),
    }, this.#options.limits.maxHttpHeaderBytes)
    return {
      data: (index, bytes, frame) => connection.directions[index]?.data(bytes, frame),
      gap: (index, bytes, frame, why) => connection.directions[index]?.gap(bytes, frame, why),
      end: (frame) => { for (const direction of connection.directions) direction.end(frame) },
    }
  }

  /** A stream dissector on a connection: one key per direction. */
  #streamReader (flow: Flow, dissector: StreamDissector): FlowReader {
    const { key, ip, ends } = flow
    return {
      data: (index, bytes) => this.#carried(dissector.stream(`${key} ${index}`, ends[index] as Endpoint, ends[1 - index] as Endpoint, ip, bytes, this.#packetContext()), dissector),
      gap: (index, bytes) => {
        dissector.gap(`${key} ${index}`, bytes, this.#packetContext())
        this.#carried([], dissector)
      },
      end: () => { for (const index of [0, 1]) this.#carried(dissector.end(`${key} ${index}`), dissector) },
    }
  }

  /** The packet being read, as dissectors see it. */
  #packetContext (): PacketContext {
    const record = this.#record as CaptureRecord
    return { frame: record.frame, time: record.time, interface: record.interface }
  }

  #httpBody (head: HttpHead, request: { method: string, uri: string } | undefined, ip: 'ipv4' | 'ipv6', src: Endpoint, dst: Endpoint, frame: number): HttpBody {
    const contentType = head.fields.get('content-type')
    return new SniffedBody(isMmsContentType(contentType), () => {
      const carrier: MmsContext['carrier'] = head.kind === 'request'
        ? { kind: head.method as string, uri: head.uri as string }
        : { kind: request?.method ?? 'response', status: head.status as number }
      if (head.kind === 'response' && request !== undefined) carrier.uri = request.uri
      if (contentType !== undefined) carrier.contentType = contentType
      return this.#message({ src, dst, path: [ip, 'tcp', 'http'], direction: head.kind, carrier }, frame)
    })
  }

  /** A new MMS: its context reported, its body to come. */
  #message (context: Omit<MmsContext, 'id' | 'time' | 'interface' | 'frame'>, frame: number): ScannedMessage {
    const record = this.#record as CaptureRecord
    const id = ++this.#messages
    this.#emit({ type: 'mms', id, context: { id, time: record.time, interface: record.interface, frame, ...context } })
    const message = new ScannedMessage(id, this.#options.decode, this.#options.raw, this.#emit)
    message.frame(frame)
    return message
  }

  /** Messages a dissector found, then the warnings it has besides: an MMS is scanned, anything else listed. */
  #carried (messages: CarriedMessage[], dissector: { takeWarnings?: () => CaptureWarning[] }): void {
    this.#report(messages)
    for (const warning of dissector.takeWarnings?.() ?? []) this.#emit({ type: 'warning', id: null, warning })
  }

  #report (messages: CarriedMessage[]): void {
    for (const carried of messages) {
      for (const warning of carried.warnings) this.#emit({ type: 'warning', id: null, warning })
      if (!carried.mms) {
        this.#emit({ type: 'carried', message: carried })
        continue
      }
      const message = this.#message({
        src: carried.src,
        dst: carried.dst,
        path: carried.path,
        direction: carried.carrier.kind,
        carrier: carried.carrier,
      }, carried.frames[0] as number)
      const last = carried.frames[carried.frames.length - 1] as number
      for (const frame of carried.frames) message.frame(frame)
      message.data(carried.body, last)
      message.end(last)
    }
  }

  /** Ends a flow: the holes before bytes still waiting, and before its FINs and acknowledgments, become gaps, and its reader ends. */
  #close (flow: Flow, frame: number): void {
    this.#forget(flow)
    for (const direction of flow.directions) direction.end('the capture holds none of them', frame)
    if (typeof flow.app === 'object') flow.app.end(frame)
  }

  #decodeAs (transport: 'tcp' | 'udp', src: number, dst: number): DecodeAsProtocol | undefined {
    return this.#options.decodeAs.find((rule) => rule.transport === transport && (rule.port === src || rule.port === dst))?.protocol
  }

  #warn (code: CaptureWarningCode, message: string, frame: number): void {
    const warning: CaptureWarning = { code, message, frame }
    this.#emit({ type: 'warning', id: null, warning })
  }

  #once (code: CaptureWarningCode, message: string, frame: number): void {
    if (this.#said.has(message)) return
    this.#said.add(message)
    this.#warn(code, message, frame)
  }
}

function endpoint (end: Endpoint): string {
  return end.address.includes(':') ? `[${end.address}]:${end.port}` : `${end.address}:${end.port}`
}
