/**
 * An HTTP/1.x connection: the framing of both directions, and which request each response
 * answers (RFC 9112 §9.3: responses come in the order of the requests, pipelined or not), since
 * that decides whether a response has a body (none to HEAD, none with 1xx, 204 or 304; RFC 9112
 * §6.3) and tells the method and URI a response belongs to.
 */
import type { HttpHead } from './head.js'
import { type Framing, type HttpBody, HttpFraming } from './framing.js'

export interface HttpRequestLine {
  method: string
  uri: string
}

export interface ConnectionEvents {
  /**
   * A message's head, with the request a response answers and the direction it came in (0 or
   * 1, as `directions`); returns where its body goes (null: skipped).
   */
  message (head: HttpHead, request: HttpRequestLine | undefined, direction: number, frame: number): HttpBody | null
  warning (message: string, frame: number): void
}

export class HttpConnection {
  /** The framing of each direction, in the order the flow's packets named them. */
  readonly directions: [HttpFraming, HttpFraming]
  readonly #events: ConnectionEvents
  /** Requests not yet answered, oldest first. */
  readonly #requests: HttpRequestLine[] = []

  constructor (events: ConnectionEvents, maxHead: number) {
    this.#events = events
    const framing = (direction: number): HttpFraming => new HttpFraming({
      head: (head, frame) => this.#head(head, direction, frame),
      warning: (message, frame) => events.warning(message, frame),
    }, maxHead)
    this.directions = [framing(0), framing(1)]
  }

  #head (head: HttpHead, direction: number, frame: number): { framing: Framing, body: HttpBody | null } {
    let request: HttpRequestLine | undefined
    let framing: Framing
    if (head.kind === 'request') {
      this.#requests.push({ method: head.method as string, uri: head.uri as string })
      framing = declared(head, frame, this.#events) ?? { length: 0 }
    } else {
      const status = head.status as number
      // An interim response (1xx but 101) answers nothing yet; the final one follows.
      if (status >= 100 && status < 200 && status !== 101) return { framing: { length: 0 }, body: null }
      request = this.#requests.shift()
      if (request?.method === 'HEAD' || status === 204 || status === 304) framing = { length: 0 }
      // After 101 the connection speaks another protocol: skipped to its end.
      else if (status === 101) return { framing: 'close', body: null }
      else framing = declared(head, frame, this.#events) ?? 'close'
    }
    return { framing, body: this.#events.message(head, request, direction, frame) }
  }
}

/** The framing a message's fields declare (chunked wins over Content-Length, RFC 9112 §6.3), or undefined when they declare none. */
function declared (head: HttpHead, frame: number, events: ConnectionEvents): Framing | undefined {
  const coding = head.fields.get('transfer-encoding')
  if (coding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(coding)) return 'chunked'
  const length = head.fields.get('content-length')
  if (length === undefined) return undefined
  // Repeated, the same value is one length (RFC 9110 §8.6); anything else cannot be trusted.
  const values = new Set(length.split(',').map((value) => value.trim()))
  const [value] = values
  if (values.size !== 1 || !/^[0-9]{1,15}$/.test(value as string)) {
    events.warning(`HTTP Content-Length ${JSON.stringify(length)} is not a length: the body is read to the end of the connection`, frame)
    return 'close'
  }
  return { length: Number(value) }
}
