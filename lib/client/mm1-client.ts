/**
 * A phone's side of MM1 (OMA-TS-MMS_CTR 1.3 §7, PDUs of OMA-TS-MMS_ENC 1.3 §6), for testing any
 * MMSC: POST an m-send-req and read the m-send-conf (§6.1), GET the message a notification
 * points to (§6.3), POST the phone's answers, m-notifyresp-ind (§6.2) and m-acknowledge-ind
 * (§6.4). Requests carry what phones send: a User-Agent, the `x-wap-profile` that points to
 * the phone's UAProf document (OMA-TS-UAProf: the MMSC adapts content to it), an Accept that
 * names the MMS media type; through the HTTP proxy of the carrier's MMS APN when one is given.
 * Only `http:` URLs: MM1 runs over plain HTTP on carrier APNs (a TLS MMSC would need CONNECT
 * through the proxy, which no carrier APN asks for).
 */
import type { Readable } from 'node:stream'
import { describe, toBytes, toOptions } from '../bytes/argument.js'
import { decode } from '../decode/decode.js'
import { MMS_MESSAGE_TYPE } from '../tables/content-types.js'
import { isToken } from '../tables/token.js'
import type { MmseMessage } from '../types.js'
import { badOption, checkOptions, integer, type OptionRules, rule } from '../options.js'
import { type Answer, exchange, httpError, type Proxy, readBody } from './exchange.js'
import { retrievalUrl } from './location.js'

export interface Mm1ClientOptions {
  /** The HTTP proxy of the MMS APN, `host:port` (`[v6]:port`); default none. */
  proxy?: string
  /** User-Agent (default `mmse`). */
  userAgent?: string
  /** The phone's UAProf URL, sent as `x-wap-profile` (default none). */
  profile?: string
  /** More request headers, e.g. the `x-msisdn` an operator's gateway would add in front of a test MMSC. */
  headers?: Record<string, string>
  /** Longest wait for any byte from the server (default 30 s). */
  timeoutMs?: number
  /** Largest m-send-conf or answer body read (default 1 MiB); a retrieved message streams, unbounded. */
  maxAnswerBytes?: number
}

export interface SendConf {
  /** The m-send-conf as it came. */
  bytes: Uint8Array
  message: MmseMessage
}

export interface Retrieved {
  /** HTTP status: 200, or an error whose body is still an m-retrieve-conf saying why (X-Mms-Retrieve-Status). */
  status: number
  /** Content-Length when the server gave one. */
  size: number | null
  /** The m-retrieve-conf as it arrives. */
  body: Readable
}

const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024
/** Node.js keeps timers up to 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):([0-9]{1,5})$/
/** An HTTP field value: visible characters, spaces and tabs (RFC 9110 §5.5). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

const TEXT = rule('a string of HTTP field characters', value => typeof value === 'string' && FIELD_VALUE.test(value))

const RULES: OptionRules = {
  proxy: rule('host:port', value => typeof value === 'string' && HOST_PORT.test(value) && Number(HOST_PORT.exec(value)?.[2]) <= 0xffff),
  userAgent: TEXT,
  profile: TEXT,
  headers: (value, name) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badOption(name, `${name} must be an object, not ${describe(value)}`)
    for (const [field, text] of Object.entries(value)) {
      if (!isToken(field)) throw badOption(`${name}.${field}`, `${name}: ${JSON.stringify(field)} is not an HTTP field name`)
      TEXT(text, `${name}.${field}`)
    }
  },
  timeoutMs: rule(`an integer from 1 to ${MAX_TIMER_MS}`, value => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TIMER_MS),
  maxAnswerBytes: integer(1),
}

export class Mm1Client {
  readonly #proxy: Proxy | undefined
  readonly #headers: Record<string, string>
  readonly #timeoutMs: number
  readonly #maxAnswerBytes: number

  constructor (options: Mm1ClientOptions = {}) {
    checkOptions(toOptions<Mm1ClientOptions>(options), RULES)
    const proxy = options.proxy === undefined ? undefined : HOST_PORT.exec(options.proxy) as RegExpExecArray
    this.#proxy = proxy === undefined ? undefined : { host: (proxy[1] as string).replace(/^\[|\]$/g, ''), port: Number(proxy[2]) }
    this.#headers = {
      'user-agent': options.userAgent ?? 'mmse',
      accept: `*/*, ${MMS_MESSAGE_TYPE}`,
      ...(options.profile === undefined ? {} : { 'x-wap-profile': options.profile }),
      ...options.headers,
    }
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.#maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES
  }

  /** POSTs an m-send-req to the MMSC's URL; resolves with the m-send-conf (whatever its X-Mms-Response-Status). */
  async send (mmsc: string, pdu: Uint8Array): Promise<SendConf> {
    const answer = await this.#post(mmsc, toBytes(pdu, 'pdu'))
    const body = await readBody(answer, this.#maxAnswerBytes, 'the m-send-conf')
    if (answer.status !== 200 || answer.mediaType !== MMS_MESSAGE_TYPE) throw httpError(`${mmsc} answered HTTP ${answer.status} ${answer.mediaType || '(no Content-Type)'}, not an m-send-conf`)
    const message = decode(body)
    if (message.headers.messageType !== 'm-send-conf') throw httpError(`${mmsc} answered ${String(message.headers.messageType)}, not an m-send-conf`)
    return { bytes: body, message }
  }

  /**
   * GETs a message: the Content-Location of a notification, with its Transaction-Id appended
   * when the location ends in `=` (location.ts). Resolves once the answer is known to be an
   * MMSE PDU; its body streams from there.
   */
  async retrieve (contentLocation: string, transactionId?: string): Promise<Retrieved> {
    const answer = await exchange({ url: this.#url(retrievalUrl(contentLocation, transactionId)), method: 'GET', headers: this.#headers, timeoutMs: this.#timeoutMs, ...this.#via() })
    if (answer.mediaType !== MMS_MESSAGE_TYPE) {
      answer.body.destroy()
      throw httpError(`${contentLocation} answered HTTP ${answer.status} ${answer.mediaType || '(no Content-Type)'}, not an MMS message`)
    }
    return { status: answer.status, size: answer.size, body: answer.body }
  }

  /** POSTs one of the phone's answers (an m-notifyresp-ind, an m-acknowledge-ind, an m-read-rec-ind); resolves with the HTTP status, a 2xx. */
  async answer (mmsc: string, pdu: Uint8Array): Promise<number> {
    const answer = await this.#post(mmsc, toBytes(pdu, 'pdu'))
    await readBody(answer, this.#maxAnswerBytes, 'the answer')
    if (answer.status < 200 || answer.status > 299) throw httpError(`${mmsc} answered HTTP ${answer.status}`)
    return answer.status
  }

  async #post (mmsc: string, body: Uint8Array): Promise<Answer> {
    return await exchange({ url: this.#url(mmsc), method: 'POST', headers: { ...this.#headers, 'content-type': MMS_MESSAGE_TYPE }, body, timeoutMs: this.#timeoutMs, ...this.#via() })
  }

  #via (): { proxy?: Proxy } {
    return this.#proxy === undefined ? {} : { proxy: this.#proxy }
  }

  #url (text: string): URL {
    let url: URL | undefined
    try {
      url = new URL(text)
    } catch {}
    if (url?.protocol !== 'http:') throw badOption('url', `${JSON.stringify(String(text).slice(0, 200))} is not an http: URL`)
    return url
  }
}
