/**
 * From SMS user data to the WAP Pushes it carries (WAP-259 WDP over SMS; 3GPP TS 23.040
 * §9.2.3.24): segments reassembled by `PushAssembler`, kept only when their destination port is
 * WAP Push's, unwrapped by `decodeAssembled`. The frames of every segment go with the message.
 */
import { MmseError } from '../errors.js'
import type { CaptureWarning, CarriedMessage, Endpoint, PacketContext } from '../net/carried.js'
import type { TransportWarnings } from '../net/transport-warnings.js'
import { PushAssembler } from '../push/assembler.js'
import { parseUserData, WAP_PUSH_PORT, WAP_PUSH_SECURE_PORT } from '../push/udh.js'
import { decodeAssembled, isPduStart, type PartialPush } from '../push/wsp-push.js'
import { MMS_MESSAGE_TYPE } from '../tables/content-types.js'

/** How one SMS travelled, for the push it completes. */
export interface SmsCarriage {
  path: string[]
  src: Endpoint
  dst: Endpoint
  packet: PacketContext
  /** The frames that carried this SMS. */
  frames: number[]
  /** 'submit_sm', 'deliver_sm', 'data_sm', 'MESSAGE'. */
  kind: string
  uri?: string
  warnings: CaptureWarning[]
}

export interface SmsPushLimits {
  maxSmsPending: number
  maxSmsBytes: number
  maxSmsSegmentBytes: number
}

export class SmsPushes {
  readonly #assembler: PushAssembler
  readonly #warnings: TransportWarnings
  /** The frames of the segments held, by originator, reference and count. */
  readonly #frames = new Map<string, number[]>()

  constructor (limits: SmsPushLimits, warnings: TransportWarnings) {
    this.#assembler = new PushAssembler({ maxPending: limits.maxSmsPending, maxBytes: limits.maxSmsBytes, maxSegmentBytes: limits.maxSmsSegmentBytes })
    this.#warnings = warnings
  }

  /**
   * One SMS's user data, UDH first (TP-UDHI); `originator` keys its segments (the sender and
   * the recipient, as the phone that reassembles would). The push it completes, if any.
   */
  add (userData: Uint8Array, originator: string, carriage: SmsCarriage): CarriedMessage[] {
    const frame = carriage.packet.frame
    try {
      const parsed = parseUserData(userData)
      const concat = parsed.header.concat
      const dropped = this.#assembler.dropped
      // A message in one piece is not held: only segments are bounded by maxSmsSegmentBytes (SMPP's message_payload holds up to 64 KiB).
      const assembled = concat === undefined || concat.total === 1
        ? { originator, header: parsed.header, payload: parsed.payload, segments: 1 }
        : this.#assembler.add(userData, originator)
      if (this.#assembler.dropped > dropped) this.#forgetDropped(frame)
      const key = concat === undefined ? '' : `${originator}\u0000${concat.reference}:${concat.total}`
      // Each frame once, in order of arrival: segments may share a packet.
      const frames = [...new Set([...(this.#frames.get(key) ?? []), ...carriage.frames])]
      if (assembled === null) {
        this.#frames.set(key, frames)
        return []
      }
      this.#frames.delete(key)
      const ports = assembled.header.ports
      if (ports === undefined || (ports.destination !== WAP_PUSH_PORT && ports.destination !== WAP_PUSH_SECURE_PORT)) return []
      return this.#push(decodePushOf(assembled), { ...carriage, frames })
    } catch (err) {
      /* c8 ignore next */
      if (!(err instanceof MmseError)) throw err
      this.#warnings.add('WARN_CAPTURE_BAD_PDU', `${err.code} at offset ${err.offset} of the SMS user data: ${err.message}`, frame)
      return []
    }
  }

  /** Says which messages never got all their segments, and forgets them. */
  flush (frame: number): void {
    for (const pending of this.#assembler.pendingMessages()) {
      this.#warnings.add('WARN_CAPTURE_INCOMPLETE', `SMS ${pending.reference} from ${pending.originator.replace('\u0000', ' to ')}: ${pending.received} of its ${pending.total} segments came; it is dropped`, frame)
      this.#assembler.discard(pending.originator, pending.reference)
    }
    this.#frames.clear()
  }

  #push (push: PartialPush, carriage: SmsCarriage): CarriedMessage[] {
    const body = push.body as Uint8Array
    const contentType = push.contentType?.mediaType
    const carrier: CarriedMessage['carrier'] = { kind: carriage.kind }
    if (carriage.uri !== undefined) carrier.uri = carriage.uri
    if (contentType !== undefined) carrier.contentType = contentType
    if (push.applicationId !== undefined) carrier.applicationId = String(push.applicationId)
    return [{
      path: carriage.path,
      src: carriage.src,
      dst: carriage.dst,
      frames: carriage.frames,
      time: carriage.packet.time,
      interface: carriage.packet.interface,
      carrier,
      mms: contentType === MMS_MESSAGE_TYPE || isPduStart(body, 0),
      body,
      warnings: carriage.warnings,
    }]
  }

  /** The assembler dropped messages to stay within its limits: their frames go too, with a warning each. */
  #forgetDropped (frame: number): void {
    const live = new Set(this.#assembler.pendingMessages().map((pending) => `${pending.originator}\u0000${pending.reference}:${pending.total}`))
    for (const key of this.#frames.keys()) {
      if (live.has(key)) continue
      this.#frames.delete(key)
      this.#warnings.add('WARN_CAPTURE_LIMIT', `SMS segments held for ${key.replace('\u0000', ' ref ')} dropped: maxSmsPending or maxSmsBytes reached`, frame)
    }
  }
}

/** The push in reassembled user data; when only the MMSE PDU inside fails, the push with its body (its reader finds the fault again). */
function decodePushOf (assembled: Parameters<typeof decodeAssembled>[0]): PartialPush {
  try {
    return decodeAssembled(assembled)
  } catch (err) {
    const partial = (err as MmseError<PartialPush>).partial
    if (partial?.body === undefined) throw err
    return partial
  }
}
