/**
 * The MMS of a capture as the inspector lists them, built from the scan's events as they come:
 * per MMS its context (frames, time, path, addresses, carrier), its message type and
 * transaction id, whether it came whole, its warnings and error; and the capture's own
 * warnings and the application messages it carried that are not MMS.
 *
 * Memory: metadata only, and the octets of the first messages while they total at most
 * KEEP_BYTES, so that selecting one opens it at once. A message past that budget keeps
 * nothing; selecting it reads the capture again for its octets alone (extract.ts), and only
 * the selected message's octets are held then.
 */
import type { CaptureEvent, CaptureWarning, CarriedMessage, MmsContext, MmseWarning } from '../../lib/index.js'
import { findingOf } from './finding.js'
import { formatValue } from './format.js'
import type { Finding } from './model.js'
import { PduCollector } from './pdu-collector.js'

/** The most MMS octets kept from a scan, over all its messages. */
export const KEEP_BYTES = 32 * 1024 * 1024
/** The most messages (and the most capture findings) listed: a hostile capture cannot build an unbounded page. */
export const MAX_LISTED = 10_000

export interface CapturedEntry {
  id: number
  context: MmsContext
  messageType?: string
  transactionId?: string
  /** Octets of the PDU received (with those the capture lost), once it ended. */
  size?: number
  frames: number[]
  /** Undefined when the scan ended before the message did (the capture could not be read on). */
  complete?: boolean
  /** What the capture lost of it, by frame. */
  captureWarnings: Finding[]
  /** What its decoding warned about, by offset in the PDU. */
  warnings: Finding[]
  error?: Finding
  /** Its octets, when kept. */
  pdu?: Blob
}

export interface CaptureListing {
  entries: CapturedEntry[]
  /** Messages found past MAX_LISTED. */
  omitted: number
  warnings: Finding[]
  /** Application messages that are not MMS (a WAP Push for another application). */
  carried: Finding[]
  /** What ended the scan early, if anything. */
  error?: Finding
}

export function captureFinding (warning: CaptureWarning): Finding {
  return { code: warning.code, message: warning.message, frame: warning.frame }
}

function carriedFinding (message: CarriedMessage): Finding {
  const what = [message.carrier.kind, message.carrier.applicationId ?? message.carrier.contentType].filter(v => v !== undefined).join(' ')
  return { code: 'NOT_MMS', message: `${what} (${message.path.join('/')}), not an MMS`, frame: message.frames[message.frames.length - 1] as number }
}

export class CaptureList {
  readonly listing: CaptureListing = { entries: [], omitted: 0, warnings: [], carried: [] }
  readonly #open = new Map<number, { entry?: CapturedEntry, pdu?: PduCollector }>()
  #kept = 0

  event (event: CaptureEvent): void {
    switch (event.type) {
      case 'mms': {
        const listed = this.listing.entries.length < MAX_LISTED
        if (!listed) this.listing.omitted++
        const entry: CapturedEntry | undefined = listed ? { id: event.id, context: event.context, frames: [event.context.frame], captureWarnings: [], warnings: [] } : undefined
        if (entry !== undefined) this.listing.entries.push(entry)
        this.#open.set(event.id, entry === undefined ? {} : { entry, pdu: new PduCollector() })
        break
      }
      case 'header': {
        const entry = this.#open.get(event.id)?.entry
        if (entry === undefined || event.path.length > 0) break
        if (event.header.key === 'messageType') entry.messageType = formatValue(event.header.value)
        if (event.header.key === 'transactionId') entry.transactionId = formatValue(event.header.value)
        break
      }
      case 'raw':
        this.#raw(event.id, event.data)
        break
      case 'warning':
        this.#warning(event.id, event.warning)
        break
      case 'carried':
        this.#note(this.listing.carried, carriedFinding(event.message))
        break
      case 'end': {
        const open = this.#open.get(event.id)
        this.#open.delete(event.id)
        const entry = open?.entry
        if (entry === undefined) break
        entry.size = event.end.size
        entry.frames = event.end.frames.length > 0 ? event.end.frames : entry.frames
        entry.complete = event.end.complete
        if (event.end.error !== undefined) entry.error = findingOf(event.end.error, 0)
        if (open?.pdu !== undefined) entry.pdu = open.pdu.blob()
        break
      }
    }
  }

  /** The gzip stream of the capture broke off (`why`): the scan read what came before it. */
  cut (why: string): void {
    this.#note(this.listing.warnings, { code: 'WARN_CAPTURE_TRUNCATED', message: `the gzip stream ends early (${why}): what came before is read` })
  }

  /** The scan failed: what it failed on is the capture's error; the messages still open stay unfinished. */
  fail (error: Finding): void {
    this.listing.error = error
    this.#open.clear()
  }

  #raw (id: number, data: Uint8Array): void {
    const open = this.#open.get(id)
    const pdu = open?.pdu
    if (open === undefined || pdu === undefined) return
    if (this.#kept + data.length > KEEP_BYTES) {
      // Past the budget: this message keeps nothing, and is read again when selected.
      this.#kept -= pdu.size
      delete open.pdu
      return
    }
    this.#kept += pdu.add(data)
  }

  #warning (id: number | null, warning: MmseWarning | CaptureWarning): void {
    const open = id === null ? undefined : this.#open.get(id)
    if (!('offset' in warning)) {
      // A capture warning: the octets after it are not the message's; decodeCapture() keeps none either.
      open?.pdu?.cut()
      if (open?.entry !== undefined) open.entry.captureWarnings.push(captureFinding(warning))
      else if (open === undefined) this.#note(this.listing.warnings, captureFinding(warning))
      return
    }
    open?.entry?.warnings.push(findingOf(warning, 0))
  }

  #note (list: Finding[], finding: Finding): void {
    if (list.length < MAX_LISTED) list.push(finding)
  }
}
