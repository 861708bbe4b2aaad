/**
 * WAP Push over SMS through an SMSC, as an SMPP 3.4 client (transmitter bind). The MMSE PDU
 * is wrapped in a connectionless WSP Push (WAP-230 §8.2.4, X-Wap-Application-Id mms.ua),
 * split into SMS user data with a User Data Header (3GPP TS 23.040 §9.2.3.24: ports 2948/9200
 * and, above one segment, concatenation), and each segment sent as one submit_sm with
 * esm_class UDHI and data_coding 8-bit binary. One session, bound on first use and bound
 * again after the SMSC closes it; every answer awaited within a timeout.
 */
import { encodePush, segmentPush } from 'mmse'
import { connect, type PDU, type Session } from 'smpp'
import type { Notifier, PushRequest } from './notifier.js'
import { checkUrl, checkWhole, MAX_TIMER_MS, MmscOptionError } from './options.js'

/** SMPP 3.4 §5.2.12 esm_class: UDHI indicator (the user data starts with a UDH). */
const ESM_CLASS_UDHI = 0x40
/** SMPP 3.4 §5.2.19 data_coding: 8-bit binary. */
const DATA_CODING_BINARY = 0x04
/** SMPP 3.4 §5.2.5-6: type of number and numbering plan of an E.164 number. */
const TON_INTERNATIONAL = 0x01
const TON_UNKNOWN = 0x00
const NPI_ISDN = 0x01
const ESME_ROK = 0x00

export interface SmppNotifierOptions {
  /** `smpp://host:port` of the SMSC. */
  url: string
  systemId: string
  password: string
  /** The MMSC's number or short code: the originator of every push. */
  source: string
  /** Longest wait for any answer of the SMSC (default 10 s). */
  timeoutMs?: number
}

export class SmppNotifier implements Notifier {
  readonly #options: SmppNotifierOptions
  readonly #timeoutMs: number
  #session: Promise<Bound> | undefined

  constructor (options: SmppNotifierOptions) {
    checkUrl('smsc.url', options.url, ['smpp:'])
    if (options.timeoutMs !== undefined) checkWhole('smsc.timeoutMs', options.timeoutMs, [1, MAX_TIMER_MS])
    if (typeof options.source !== 'string' || options.source === '') throw new MmscOptionError('smsc.source', 'must name the originator of the pushes')
    this.#options = options
    this.#timeoutMs = options.timeoutMs ?? 10_000
  }

  async push ({ to, pdu }: PushRequest): Promise<void> {
    const bound = await this.#bound()
    const source = address(this.#options.source, 'source')
    const destination = address(to, 'dest')
    for (const segment of segmentPush(encodePush({ body: pdu }))) {
      const answer = await this.#request(bound, 'submit_sm', {
        ...source,
        ...destination,
        esm_class: ESM_CLASS_UDHI,
        data_coding: DATA_CODING_BINARY,
        short_message: Buffer.from(segment),
      })
      if (answer.command_status !== ESME_ROK) throw new Error(`the SMSC refused submit_sm to ${to}: command_status 0x${answer.command_status.toString(16)}`)
    }
  }

  async close (): Promise<void> {
    const connecting = this.#session
    this.#session = undefined
    const bound = await connecting?.catch(() => undefined)
    if (bound === undefined) return
    await this.#request(bound, 'unbind', {}).catch(() => {})
    await new Promise<void>(resolve => bound.session.close(resolve))
  }

  /** The bound session, connecting and binding when there is none (or the last one is gone). */
  #bound (): Promise<Bound> {
    if (this.#session === undefined) {
      const forget = (): void => { if (this.#session === bound) this.#session = undefined }
      const bound: Promise<Bound> = this.#bind(forget)
      bound.catch(forget)
      this.#session = bound
    }
    return this.#session
  }

  async #bind (gone: () => void): Promise<Bound> {
    const session = connect({ url: this.#options.url })
    const bound: Bound = { session, pending: new Set() }
    const fail = (err: Error): void => {
      gone()
      for (const reject of [...bound.pending]) reject(err)
    }
    session.on('error', (err: Error) => fail(err))
    session.on('close', () => fail(new Error('the SMSC closed the connection')))
    // What an SMSC may send a transmitter: keep-alives, and an unbind when it goes away.
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()))
    session.on('unbind', (pdu: PDU) => {
      gone()
      session.send(pdu.response())
      session.close()
    })
    const answer = await this.#request(bound, 'bind_transmitter', { system_id: this.#options.systemId, password: this.#options.password })
    if (answer.command_status !== ESME_ROK) {
      session.destroy()
      throw new Error(`the SMSC refused bind_transmitter: command_status 0x${answer.command_status.toString(16)}`)
    }
    return bound
  }

  /** Sends one request and waits for its answer, the connection's failure, or the timeout. */
  #request ({ session, pending }: Bound, command: 'bind_transmitter' | 'submit_sm' | 'unbind', options: Record<string, unknown>): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        settle()
        reject(err)
      }
      const timer = setTimeout(() => fail(new Error(`${command}: no answer from the SMSC in ${this.#timeoutMs} ms`)), this.#timeoutMs)
      const settle = (): void => {
        clearTimeout(timer)
        pending.delete(fail)
      }
      pending.add(fail)
      const sent = session[command](options, (pdu: PDU) => {
        settle()
        resolve(pdu)
      })
      // node-smpp sends nothing on a socket no longer writable (the SMSC has just hung up; the
      // 'close' that forgets the session is on its way): a window too short to test.
      /* c8 ignore next */
      if (!sent) fail(new Error(`${command}: the connection to the SMSC is not writable`))
    })
  }
}

/** A session and the requests awaiting its answers: all fail when the connection does. */
interface Bound {
  session: Session
  pending: Set<(err: Error) => void>
}

/** An E.164 number (`+` and digits) as SMPP's international TON and ISDN NPI; anything else as it is, unknown. */
function address (number: string, side: 'source' | 'dest'): Record<string, string | number> {
  const international = number.startsWith('+')
  const fields = side === 'source' ? ['source_addr_ton', 'source_addr_npi', 'source_addr'] : ['dest_addr_ton', 'dest_addr_npi', 'destination_addr']
  return {
    [fields[0] as string]: international ? TON_INTERNATIONAL : TON_UNKNOWN,
    [fields[1] as string]: international ? NPI_ISDN : 0,
    [fields[2] as string]: international ? number.slice(1) : number,
  }
}
