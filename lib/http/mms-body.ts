/**
 * Whether an HTTP body is an MMSE PDU: by its Content-Type, application/vnd.wap.mms-message
 * (OMA-TS-MMS_CTR §8.1), or, when that is missing or wrong, by a valid MMSE start
 * (OMA-TS-MMS_ENC §7.1: X-Mms-Message-Type first with a known type, then X-Mms-Transaction-ID or
 * X-Mms-MMS-Version). The first three octets are held until they tell.
 */
import { MMS_MESSAGE_TYPE } from '../tables/content-types.js'
import { MESSAGE_TYPES } from '../tables/mmse-enumerations.js'
import { MESSAGE_TYPE, MMS_VERSION, TRANSACTION_ID } from '../mmse/table.js'
import type { HttpBody } from './framing.js'

/** Whether a Content-Type field names MMSE. */
export function isMmsContentType (contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(';')[0]?.trim().toLowerCase() === MMS_MESSAGE_TYPE
}

/** Whether three octets start an MMSE PDU. */
export function isMmseStart (start: Uint8Array): boolean {
  return start.length >= 3 && start[0] === MESSAGE_TYPE && MESSAGE_TYPES.row(start[1] as number) !== undefined &&
    (start[2] === TRANSACTION_ID || start[2] === MMS_VERSION)
}

/**
 * A body whose kind its first octets decide, unless its Content-Type did (`trusted`): `open` is
 * called at most once, when they have come, and returns the body they go to (null: nobody
 * wants it, and it is skipped). A body that is not MMSE, or empty, opens nothing; one whose
 * Content-Type names MMSE but whose octets the capture lost opens, to say so.
 */
export class SniffedBody implements HttpBody {
  /** Called once; let go of then, with all it holds (the message's head). */
  #open: (() => HttpBody | null) | null
  readonly #trusted: boolean
  #start: Uint8Array | null = new Uint8Array(0)
  #startFrame = 0
  #target: HttpBody | null = null

  constructor (trusted: boolean, open: () => HttpBody | null) {
    this.#trusted = trusted
    this.#open = open
  }

  data (bytes: Uint8Array, frame: number): void {
    const start = this.#start
    if (start === null) {
      this.#target?.data(bytes, frame)
      return
    }
    if (this.#trusted) {
      this.#decide(bytes, frame)
      return
    }
    if (start.length === 0) this.#startFrame = frame
    const used = Math.min(bytes.length, 3 - start.length)
    const joined = new Uint8Array(start.length + used)
    joined.set(start)
    joined.set(bytes.subarray(0, used), start.length)
    this.#start = joined
    if (joined.length < 3) return
    this.#decide(joined, this.#startFrame)
    // The octets of this chunk that were not part of the start.
    if (used < bytes.length) this.#target?.data(bytes.subarray(used), frame)
  }

  gap (bytes: number, frame: number, why: string): void {
    if (this.#start !== null) this.#decide(this.#start, this.#startFrame, true)
    this.#target?.gap(bytes, frame, why)
  }

  end (frame: number, cut?: string): void {
    if (this.#start !== null) this.#decide(this.#start, this.#startFrame, cut !== undefined)
    this.#target?.end(frame, cut)
  }

  /** `lost`: octets are missing here, so an empty start does not mean an empty body. */
  #decide (start: Uint8Array, frame: number, lost = false): void {
    this.#start = null
    const open = this.#open as () => HttpBody | null
    this.#open = null
    const mms = this.#trusted ? start.length > 0 || lost : isMmseStart(start)
    this.#target = mms ? open() : null
    if (start.length > 0) this.#target?.data(start, frame)
  }
}
