/**
 * The warnings a transport dissector keeps for its caller about what is not part of any message
 * it returns (a PDU skipped, segments that never came, a limit reached), in order, until taken.
 * Bounded: past `max` they are counted, and one last warning says how many were dropped.
 */
import type { CaptureWarning, CaptureWarningCode, Endpoint } from './carried.js'

export class TransportWarnings {
  readonly #max: number
  #list: CaptureWarning[] = []
  #dropped = 0

  constructor (max: number) {
    this.#max = max
  }

  add (code: CaptureWarningCode, message: string, frame: number): void {
    if (this.#list.length < this.#max) this.#list.push({ code, message, frame })
    else this.#dropped++
  }

  /** The warnings kept so far, oldest first, and forgets them. */
  take (): CaptureWarning[] {
    const list = this.#list
    if (this.#dropped > 0) list.push({ code: 'WARN_CAPTURE_WARNINGS_DROPPED', message: `${this.#dropped} more warnings were dropped (maxWarnings ${this.#max})`, frame: (list[list.length - 1] as CaptureWarning).frame })
    this.#list = []
    this.#dropped = 0
    return list
  }
}

/** An endpoint as text: the address and the port, e.g. `10.0.0.1:9201`, `[::1]:5060`. */
export function endpointText (endpoint: Endpoint): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`
}

/** The key of one direction of a flow, `src>dst`. */
export function directionKey (src: Endpoint, dst: Endpoint): string {
  return `${endpointText(src)}>${endpointText(dst)}`
}
