/** What a capture scan reports: for each MMS found, its context, then the events of its PDU. */
import type { MmseError } from '../errors.js'
import type { CaptureWarning, CarriedMessage, Endpoint } from '../net/carried.js'
import type { MmseHeader, MmseHeaders, MmseWarning, NestedInfo, PartInfo } from '../types.js'

/** How an MMS travelled, as far as the capture tells. */
export interface MmsContext {
  /** 1-based, in the order the messages began in the capture. */
  id: number
  /** Capture time of `frame` (ns since the epoch). */
  time: bigint
  interface: number
  src: Endpoint
  dst: Endpoint
  /** The layers below the PDU, e.g. ['ipv4', 'tcp', 'http']. */
  path: string[]
  /** 'request' or 'response' for HTTP; the carrier's kind otherwise. */
  direction: string
  carrier: CarriedMessage['carrier']
  /** The frame its carrier's head ended in (an HTTP head, the first datagram of a push). */
  frame: number
}

/** The end of one MMS: how much came, from which frames, and whether it decoded. */
export interface MmsEnd {
  /** Octets of the PDU received. */
  size: number
  /** Frames that carried its bytes, in order; the last completed it. */
  frames: number[]
  /** False when bytes are missing (a gap, a connection that ended early). */
  complete: boolean
  /** The decode error that ended it, if any: its `offset` is into the PDU. */
  error?: MmseError
}

export type CaptureEvent =
  | { type: 'mms', id: number, context: MmsContext }
  | { type: 'header', id: number, path: number[], header: MmseHeader }
  | { type: 'headers', id: number, path: number[], headers: MmseHeaders, headerList: MmseHeader[] }
  | { type: 'nested', id: number, path: number[], info: NestedInfo }
  | { type: 'part', id: number, path: number[], info: PartInfo }
  /** Part data, in order, as it arrives: a view valid until the next event is read (copy to keep it). */
  | { type: 'data', id: number, path: number[], data: Uint8Array }
  | { type: 'partEnd', id: number, path: number[] }
  /** The PDU's own octets as they arrive, with options.raw. */
  | { type: 'raw', id: number, data: Uint8Array }
  /** A finding inside an MMS (`id`), or in the capture (`id` null). */
  | { type: 'warning', id: number | null, warning: MmseWarning | CaptureWarning }
  | { type: 'end', id: number, end: MmsEnd }
  /** An application message that is not MMS (a WAP Push for another application), listed as such. */
  | { type: 'carried', message: CarriedMessage }
