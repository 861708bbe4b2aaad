/**
 * The body of a POST to the MM1 endpoint, streamed through MmseParser as it arrives. Its
 * headers say what it is (OMA-TS-MMS_ENC 1.3 §6): an m-send-req has each part streamed into a
 * store transaction, with backpressure (the parser holds the request while the store is
 * slower); an m-notifyresp-ind, m-acknowledge-ind or m-read-rec-ind is a report, decoded and
 * handed back.
 *
 * The first failure decides the outcome and stops everything: the request is no longer read,
 * the parser and every part are destroyed, and the store transaction is aborted, so nothing is
 * left behind. Every promise gets its handler when it is made: a part whose write fails while
 * the body is still arriving cannot become an unhandled rejection.
 */
import type { IncomingMessage } from 'node:http'
import { MmseParser, type MmseHeader, type MmseHeaders, type MmsePart } from 'mmse'
import { planSend, type SendPlan } from './accept.js'
import { decodeOptions, type Settings } from './config.js'
import { newKey, newToken } from './ids.js'
import { type MessageRecord, RECORD_ENTRY, type StoredPart } from './record.js'
import { servable } from './servable.js'
import { type Refused, refusalOf } from './statuses.js'
import type { StoreWriter } from 'mmse/store'

export type Intake =
  | { kind: 'stored', transactionId: string, key: string, record: MessageRecord }
  | { kind: 'refused', transactionId: string, mmsVersion: string | undefined, refused: Refused, bodyRead: boolean }
  | { kind: 'report', headers: MmseHeaders }
  | { kind: 'aborted', reason: string }

/** The m-retrieve-conf carries these fields of the m-send-req as they were sent (§6.3; Bcc never). */
const CARRIED: ReadonlyArray<keyof MmseHeaders> = [
  'to', 'cc', 'subject', 'date', 'messageClass', 'priority', 'deliveryReport', 'readReport',
  'contentClass', 'drmContent', 'applicId', 'replyApplicId', 'auxApplicInfo', 'applicationHeaders',
]

/** A media type fit for an object store's Content-Type header; a sender's stranger text is not passed on. */
const PLAIN_MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/

type Failure = { refused: Refused } | { aborted: string }

export function intake (request: IncomingMessage, settings: Settings): Promise<Intake> {
  return new PostIntake(request, settings).run()
}

class PostIntake {
  readonly #request: IncomingMessage
  readonly #settings: Settings
  readonly #parser: MmseParser
  readonly #declared: number
  #transactionId = ''
  #mmsVersion: string | undefined
  #mode: 'unknown' | 'send' | 'report' = 'unknown'
  #headers: MmseHeaders | undefined
  #plan: SendPlan | undefined
  #key = ''
  #writer: StoreWriter | undefined
  readonly #parts: Array<Promise<StoredPart>> = []
  #bytes = 0
  #failure: Failure | undefined
  /** Aborted by the first failure: the body is no longer awaited. */
  readonly #stopped = new AbortController()

  constructor (request: IncomingMessage, settings: Settings) {
    this.#request = request
    this.#settings = settings
    this.#declared = Number(request.headers['content-length'])
    this.#parser = new MmseParser(decodeOptions(settings.limits))
  }

  async run (): Promise<Intake> {
    const request = this.#request
    const parser = this.#parser
    const body = new Promise<void>(resolve => {
      parser.on('finish', resolve)
      this.#stopped.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    parser.on('header', (header: MmseHeader, path: number[]) => { if (path.length === 0) this.#onHeader(header) })
    parser.on('headers', (headers, head) => { if (head.path.length === 0) this.#onHeaders(headers) })
    parser.on('part', (part: MmsePart) => this.#onPart(part))
    parser.on('error', (err: unknown) => this.#fail(refusalOf(err)))
    request.on('error', (err: Error) => this.#abort(err.message))
    request.on('close', () => { if (!request.complete) this.#abort('the client closed the connection mid-request') })
    request.on('data', (chunk: Buffer) => { this.#bytes += chunk.length })
    const watch = this.#watchProgress()
    request.pipe(parser)
    await body
    clearInterval(watch)
    // A write that fails sets the failure by the time its promise settles; once failed, aborting
    // the transaction (in #failed) stops the writes still running.
    if (this.#failure === undefined) await Promise.allSettled(this.#parts)
    if (this.#failure !== undefined) return await this.#failed(this.#failure)
    if (this.#mode === 'report') return { kind: 'report', headers: this.#headers as MmseHeaders }
    // The parser has finished, so it announced the headers: this is an m-send-req.
    return await this.#commit()
  }

  /**
   * The per-request idle timeout: every idleMs, a body still arriving that brought fewer than
   * idleBytes is cut, unless the MMSC held it back (backpressure paused the request) in that window.
   */
  #watchProgress (): NodeJS.Timeout {
    const { idleMs, idleBytes } = this.#settings.timeouts
    let seen = 0
    let held = false
    this.#request.on('pause', () => { held = true })
    return setInterval(() => {
      if (this.#request.complete) return
      if (!held && !this.#request.isPaused() && this.#bytes - seen < idleBytes) this.#abort(`fewer than ${idleBytes} bytes in ${idleMs} ms`)
      seen = this.#bytes
      held = this.#request.isPaused()
    }, idleMs)
  }

  #onHeader (header: MmseHeader): void {
    if (header.key === 'transactionId' && typeof header.value === 'string') this.#transactionId = header.value
    if (header.key === 'mmsVersion' && typeof header.value === 'string') this.#mmsVersion = header.value
  }

  #onHeaders (headers: MmseHeaders): void {
    this.#headers = headers
    const max = this.#settings.limits.maxMessageBytes
    // Read this far (the header section, at most maxHeaderBytes) for the Transaction-Id only.
    if (this.#declared > max) return this.#fail({ refusal: 'content-not-accepted', text: `a body of ${this.#declared} bytes exceeds ${max}` })
    switch (headers.messageType) {
      case 'm-send-req': {
        const plan = planSend(headers, this.#request.headers, this.#settings)
        if ('refusal' in plan) return this.#fail(plan)
        this.#plan = plan
        this.#mode = 'send'
        this.#key = newKey()
        this.#writer = this.#settings.store.begin(this.#key)
        return
      }
      case 'm-notifyresp-ind':
      case 'm-acknowledge-ind':
      case 'm-read-rec-ind':
        this.#mode = 'report'
        return
      default:
        return this.#fail({ refusal: 'unsupported', text: `${String(headers.messageType)} is not taken by POST here` })
    }
  }

  #onPart (part: MmsePart): void {
    const writer = this.#writer
    if (this.#mode !== 'send' || this.#failure !== undefined || writer === undefined) {
      part.destroy()
      return
    }
    const entry = `part-${part.index}`
    const { contentType, headers } = part
    const options = PLAIN_MEDIA_TYPE.test(contentType.mediaType) ? { contentType: contentType.mediaType } : {}
    const write = writer.write(entry, part, options).then(size => ({ entry, size, contentType, headers }))
    write.catch((err: unknown) => this.#fail(refusalOf(err)))
    this.#parts.push(write)
  }

  /** The parts are stored: write the record and commit once the message is known to be servable, or say why not. */
  async #commit (): Promise<Intake> {
    const writer = this.#writer as StoreWriter
    const plan = this.#plan as SendPlan
    const headers = this.#headers as MmseHeaders
    try {
      const parts = await Promise.all(this.#parts)
      const carried: Record<string, unknown> = {}
      for (const key of CARRIED) if (headers[key] !== undefined) carried[key] = headers[key]
      const record: MessageRecord = {
        messageId: this.#key,
        receivedAt: plan.receivedAt,
        expiresAt: plan.expiresAt,
        mmsVersion: headers.mmsVersion as string,
        sender: plan.sender,
        senderVisible: headers.senderVisibility !== 'hide',
        deliveryReport: headers.deliveryReport === true,
        size: this.#bytes,
        headers: carried,
        contentType: headers.contentType as NonNullable<MmseHeaders['contentType']>,
        parts,
        recipients: plan.recipients.map(recipient => ({ ...recipient, token: newToken() })),
      }
      const kept = await servable(this.#settings, this.#key, record)
      if ('refusal' in kept) {
        this.#fail(kept)
        return await this.#failed(this.#failure as Failure)
      }
      await writer.write(RECORD_ENTRY, kept.json, { contentType: 'application/json' })
      await writer.commit()
      return { kind: 'stored', transactionId: this.#transactionId, key: this.#key, record }
    } catch (err) {
      this.#fail(refusalOf(err))
      return await this.#failed(this.#failure as Failure)
    }
  }

  /** Records the first failure and stops reading, parsing and storing. */
  #fail (refused: Refused): void {
    if (this.#failure !== undefined) return
    this.#failure = { refused }
    this.#stop()
  }

  /** The client is gone, or is to be: its connection is closed at once, whatever is left to clean up. */
  #abort (reason: string): void {
    if (this.#failure !== undefined) return
    this.#failure = { aborted: reason }
    this.#stop()
    this.#request.destroy()
  }

  #stop (): void {
    this.#request.unpipe(this.#parser)
    this.#parser.destroy()
    this.#stopped.abort()
  }

  async #failed (failure: Failure): Promise<Intake> {
    await this.#writer?.abort()
    if ('aborted' in failure) return { kind: 'aborted', reason: failure.aborted }
    return { kind: 'refused', transactionId: this.#transactionId, mmsVersion: this.#mmsVersion, refused: failure.refused, bodyRead: this.#request.complete }
  }
}
