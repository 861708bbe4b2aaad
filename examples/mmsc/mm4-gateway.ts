/**
 * The MMSC's MM4 side (3GPP TS 23.140 §8.4), beside its MM1 side: an SMTP server (the
 * `smtp-server` package) that takes MM4 messages from configured peers for this MMSC's own
 * subscribers, and the sender (mm4-send.ts) of what goes to peers.
 *
 * - A submission with recipients at a peer's domain is stored as any other (the local
 *   recipients notified as usual), and each recipient at a peer gets an MM4_forward.REQ, sent
 *   again on the schedule while the relay does not take it or the peer answers it with an error
 *   MM4_forward.RES (retries.ts).
 * - An MM4_forward.REQ received is stored and notified as a local submission is, answered with
 *   MM4_forward.RES when it asks (X-Mms-Ack-Request); when its recipient retrieves it and a
 *   delivery report was asked, MM4_delivery_report.REQ goes back to the originator, and when
 *   the recipient reads it and a read report was asked (X-Mms-Read-Reply) and allowed,
 *   MM4_read_reply_report.REQ (§8.4.5), each at most once and retried as reports to phones are.
 * - An MM4_delivery_report.REQ or MM4_read_reply_report.REQ received becomes the local
 *   sender's m-delivery-ind or m-read-orig-ind, once per recipient.
 *
 * Who may send: a peer by its source address or by SMTP AUTH, from its own domain only, to this
 * MMSC's domain only (no open relay), within maxMessageBytes. A delivery report names its
 * message by the Message-ID the forward carried, which is the message's store key (ids.ts), so
 * it finds its message after a restart, and in any process sharing the store.
 */
import type { AddressInfo } from 'node:net'
import type { Readable } from 'node:stream'
import type { MmseHeaders } from 'mmse'
import { fromMime, MM4_HEADERS as H, MM4_MESSAGE_TYPES as TYPES, type MailHeader, type MimeEvent, mm4StatusIsFinal } from 'mmse/mail'
import { SMTPServer, type SMTPServerAddress, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server'
import type { Settings } from './config.js'
import { forwardId, isKey, newKey, newToken, parseForwardId } from './ids.js'
import { domainOf, localPartOf, mailHeader, mm4Address, type Mm4Hooks, type Mm4Options, type Mm4Settings, mm4Settings, plmnOf } from './mm4-config.js'
import { Mm4Sender, systemAddress } from './mm4-send.js'
import type { DeliveryStatus } from './notify.js'
import type { ReadReport } from './read-reports.js'
import { loadRecord, type MessageRecord, RECORD_ENTRY, type Recipient, type StoredPart } from './record.js'
import type { Retries } from './retries.js'
import { servable } from './servable.js'

/** Where a message received over MM4 came from: what its delivery report needs. A store entry beside the record. */
const ORIGIN_ENTRY = 'mm4.json'
const ORIGIN_MAX_BYTES = 64 * 1024

interface Origin {
  /** The originator system: where MM4 answers go (the forward's envelope sender). */
  replyTo: string
  domain: string
  transactionId: string
  messageId: string
}

/** The fields of an MM4_forward.REQ the m-retrieve-conf carries on (as intake.ts carries an m-send-req's). */
const CARRIED: ReadonlyArray<keyof MmseHeaders> = ['to', 'cc', 'subject', 'date', 'messageClass', 'priority', 'readReport', 'contentClass', 'drmContent', 'applicId', 'replyApplicId', 'auxApplicInfo']

/** An SMTP refusal: the reply code and text smtp-server sends. */
function refusal (code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code })
}

export class Mm4Gateway implements Mm4Hooks {
  readonly #settings: Settings
  readonly #mm4: Mm4Settings
  readonly #sender: Mm4Sender
  readonly #server: SMTPServer
  readonly #track: (work: Promise<void>) => void
  readonly #retries: Retries
  /** The peer domains a session may send from: by its source address, or the one it authenticated as. */
  readonly #sessions = new Map<string, string[]>()

  constructor (settings: Settings, options: Mm4Options, retries: Retries, track: (work: Promise<void>) => void) {
    this.#retries = retries
    this.#settings = settings
    this.#mm4 = mm4Settings(options)
    this.#track = track
    this.#sender = new Mm4Sender(settings, this.#mm4)
    this.#server = new SMTPServer({
      name: this.#mm4.domain,
      size: this.#mm4.maxMessageBytes,
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      // A client that pipelines (RFC 2920) sends QUIT right after the message's final dot, as
      // exim does; smtp-server answers that QUIT and closes before the message is stored and
      // answered, so the sender retries a message already taken. Not offered, QUIT waits.
      hidePIPELINING: true,
      logger: false,
      // close(): the sessions in progress get as long as the MM1 side's exchanges.
      closeTimeout: settings.timeouts.shutdownMs,
      onConnect: (session, callback) => this.#onConnect(session, callback),
      onClose: (session) => this.#sessions.delete(session.id),
      onAuth: (auth, session, callback) => this.#onAuth(auth, session, callback),
      onMailFrom: (address, session, callback) => this.#onMailFrom(address, session, callback),
      onRcptTo: (address, session, callback) => this.#onRcptTo(address, session, callback),
      onData: (stream, session, callback) => { this.#onData(stream, session).then(() => callback(null), (err: Error) => callback(err)) },
    })
  }

  /** Starts the SMTP server; resolves with its address (port 0: a free port). */
  listen (port: number, host?: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.server.once('error', reject)
      this.#server.listen(port, host, () => resolve(this.#server.server.address() as AddressInfo))
    })
  }

  async close (): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
    this.#sender.close()
  }

  /** A recipient at a peer's domain, as the phone wrote it (`+15550002222/TYPE=PLMN@mms.b.example`, or without the type). */
  peerOf (raw: string): { msisdn: string, domain: string } | undefined {
    const domain = domainOf(raw)
    if (domain === undefined || !this.#mm4.peers.some((peer) => peer.domain === domain)) return undefined
    const msisdn = plmnOf(localPartOf(raw))
    return msisdn === undefined ? undefined : { msisdn, domain }
  }

  /** Attempt n of a recipient's MM4_forward.REQ (retries.ts makes and counts the attempts). */
  async forward (key: string, record: MessageRecord, recipient: Recipient, attempt: number): Promise<void> {
    await this.#sender.forward(key, record, mm4Address(recipient as Recipient & { peer: string }), forwardId(key, recipient.token, attempt), (address) => {
      const peer = this.peerOf(address.raw)
      if (peer === undefined) return address
      const mail = `${peer.msisdn}/TYPE=PLMN@${peer.domain}`
      return { address: mail, type: 'email', raw: mail }
    })
  }

  /** The delivery report of a message that came over MM4 goes back over MM4; false for a local one. */
  async reportDelivery (key: string, record: MessageRecord, recipient: Recipient, status: DeliveryStatus): Promise<boolean> {
    const origin = await this.#origin(key)
    if (origin === undefined) return false
    await this.#sender.deliveryReport(origin.replyTo, newKey(), origin.messageId, `${record.sender}/TYPE=PLMN@${origin.domain}`, `${recipient.address}@${this.#mm4.domain}`, status)
    this.#settings.log({ type: 'mm4-reported', key, to: origin.domain, status })
    return true
  }

  /** The read report of a message that came over MM4 goes back over MM4 (§8.4.5); false for a local one. */
  async reportRead (key: string, record: MessageRecord, recipient: Recipient, report: ReadReport): Promise<boolean> {
    const origin = await this.#origin(key)
    if (origin === undefined) return false
    await this.#sender.readReply(origin.replyTo, newKey(), origin.messageId, `${record.sender}/TYPE=PLMN@${origin.domain}`, `${recipient.address}@${this.#mm4.domain}`, report)
    this.#settings.log({ type: 'mm4-reported', key, to: origin.domain, status: report.readStatus })
    return true
  }

  async #origin (key: string): Promise<Origin | undefined> {
    const chunks: Buffer[] = []
    let length = 0
    try {
      for await (const chunk of this.#settings.store.read(key, ORIGIN_ENTRY)) {
        chunks.push(chunk as Buffer)
        length += (chunk as Buffer).length
        if (length > ORIGIN_MAX_BYTES) return undefined
      }
    } catch {
      return undefined
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Origin
  }

  #onConnect (session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const address = session.remoteAddress.replace(/^::ffff:/, '')
    this.#sessions.set(session.id, this.#mm4.peers.filter((peer) => peer.addresses.includes(address)).map((peer) => peer.domain))
    callback()
  }

  #onAuth (auth: SMTPServerAuthentication, _session: SMTPServerSession, callback: (err: Error | null | undefined, response?: { user: string }) => void): void {
    const peer = this.#mm4.peers.find((p) => p.user !== undefined && p.user === auth.username && p.password === auth.password)
    if (peer === undefined) return callback(refusal(535, '5.7.8 Authentication credentials invalid'))
    callback(null, { user: peer.domain })
  }

  #onMailFrom (address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const domain = domainOf(address.address)
    const allowed = typeof session.user === 'string' ? [session.user] : this.#sessions.get(session.id) ?? []
    if (allowed.length === 0) return callback(refusal(530, '5.7.0 Authentication required: not a configured MM4 peer'))
    if (domain === undefined || !allowed.includes(domain)) return callback(refusal(550, `5.7.1 ${address.address} is not of a configured MM4 peer`))
    callback()
  }

  #onRcptTo (address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const local = localPartOf(address.address)
    if (domainOf(address.address) !== this.#mm4.domain) return callback(refusal(550, `5.7.1 relaying denied: ${address.address} is not at ${this.#mm4.domain}`))
    if (plmnOf(local) === undefined && address.address.toLowerCase() !== systemAddress(this.#mm4.domain)) return callback(refusal(550, `5.1.1 no such subscriber: ${address.address}`))
    callback()
  }

  async #onData (stream: Readable, session: SMTPServerSession): Promise<void> {
    const { limits } = this.#settings
    const events = (fromMime(stream, { maxParts: limits.maxParts, maxHeaderBytes: limits.maxHeaderBytes }) as AsyncIterable<MimeEvent>)[Symbol.asyncIterator]()
    const first = await events.next()
    const head = first.done === true || first.value.type !== 'headers' ? undefined : first.value
    const mail = (name: string): string | undefined => head?.mailHeaders.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value
    const type = mail(mailHeader('messageType'))
    // The peer a report or answer comes from: onMailFrom let its domain through.
    const peer = domainOf(session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address) ?? ''
    try {
      if (head !== undefined && type === TYPES.forwardReq) return await this.#takeForward(events, head.headers, head.mailHeaders, session, stream)
      if (head !== undefined && type === TYPES.deliveryReportReq) await this.#takeReport(head.headers, peer)
      else if (head !== undefined && type === TYPES.readReplyReportReq) await this.#takeReadReport(head.headers, peer)
      else if (type === TYPES.forwardRes) await this.#takeAnswer(mail(mailHeader('transactionId')) ?? '', mail(H.requestStatus) ?? '', peer)
      else throw refusal(554, `5.6.0 not an MM4 message this MMSC takes (${type ?? 'no X-Mms-Message-Type'})`)
    } finally {
      await drain(events)
    }
    if (tooLarge(stream)) throw refusal(552, `5.3.4 message exceeds ${this.#mm4.maxMessageBytes} bytes`)
  }

  /** An MM4_forward.REQ: its parts into the store as they arrive, then the record, as intake.ts stores an m-send-req. */
  async #takeForward (events: AsyncIterator<MimeEvent>, headers: MmseHeaders, mailHeaders: MailHeader[], session: SMTPServerSession, stream: Readable): Promise<void> {
    const mail = (name: string): string | undefined => mailHeaders.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value
    const key = newKey()
    const writer = this.#settings.store.begin(key)
    try {
      const parts: StoredPart[] = []
      let size = 0
      for (let next = await events.next(); next.done !== true; next = await events.next()) {
        const event = next.value
        if (event.type === 'nested') throw refusal(554, '5.6.0 a nested multipart is not taken over MM4 here')
        if (event.type !== 'part') continue
        const entry = `part-${parts.length}`
        const written = await writer.write(entry, event.part)
        size += written
        parts.push({ entry, size: written, contentType: event.part.contentType, headers: event.part.headers })
      }
      // smtp-server counts the octets and says so once the data has ended, which it has: the events have.
      if (tooLarge(stream)) throw refusal(552, `5.3.4 message exceeds ${this.#mm4.maxMessageBytes} bytes`)
      const record = this.#record(key, headers, parts, size, session)
      const kept = await servable(this.#settings, key, record)
      if ('refusal' in kept) throw refusal(554, `5.6.0 ${kept.text}`)
      const origin: Origin = {
        replyTo: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
        domain: domainOf(session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address) ?? '',
        transactionId: mail(mailHeader('transactionId')) ?? '',
        messageId: headers.messageId ?? '',
      }
      await writer.write(RECORD_ENTRY, kept.json, { contentType: 'application/json' })
      await writer.write(ORIGIN_ENTRY, JSON.stringify(origin), { contentType: 'application/json' })
      await writer.commit()
      this.#settings.log({ type: 'accepted', key, messageId: record.messageId, parts: parts.length, bytes: size, recipients: record.recipients.length })
      this.#track(this.#retries.deliverAll(key, record))
      if (/^yes$/i.test(mail(H.ackRequest) ?? '')) {
        this.#track(this.#sender.forwardRes(origin.replyTo, origin.transactionId, origin.messageId, 'Ok', 'stored').catch((err: unknown) => {
          this.#settings.log({ type: 'mm4-failed', key, to: origin.domain, error: String(err) })
        }))
      }
    } catch (err) {
      await writer.abort()
      throw err
    }
  }

  #record (key: string, headers: MmseHeaders, parts: StoredPart[], size: number, session: SMTPServerSession): MessageRecord {
    const carried: Record<string, unknown> = {}
    for (const key of CARRIED) if (headers[key] !== undefined) carried[key] = headers[key]
    const numbers = new Set(session.envelope.rcptTo.flatMap(({ address }) => plmnOf(localPartOf(address)) ?? []))
    const from = headers.from !== undefined && 'address' in headers.from && headers.from.type === 'PLMN' ? headers.from.address : undefined
    const now = new Date()
    const { defaultSeconds, maxSeconds } = this.#settings.expiry
    const asked = headers.expiry !== undefined && 'absolute' in headers.expiry ? (headers.expiry.absolute.getTime() - now.getTime()) / 1000 : defaultSeconds
    return {
      messageId: key,
      receivedAt: now,
      expiresAt: new Date(now.getTime() + Math.round(Math.min(Math.max(asked, 60), maxSeconds)) * 1000),
      mmsVersion: '1.2',
      sender: from ?? '',
      senderVisible: from !== undefined && headers.senderVisibility !== 'hide',
      deliveryReport: headers.deliveryReport === true,
      size,
      headers: carried,
      contentType: headers.contentType ?? { mediaType: 'application/vnd.wap.multipart.mixed', params: {} },
      parts,
      recipients: [...numbers].map((msisdn) => ({ address: `${msisdn}/TYPE=PLMN`, msisdn, token: newToken() })),
    }
  }

  /**
   * MM4_forward.RES (§8.4.2): an answer that is not Ok refuses the attempt of the forward it
   * names (by the Transaction-ID the forward carried), which is then made again when due, unless
   * the status is the peer's verdict on the message (mm4StatusIsFinal): then the forward has
   * failed. Only the peer the forward went to can answer for it.
   */
  async #takeAnswer (transactionId: string, status: string, peer: string): Promise<void> {
    this.#settings.log({ type: 'mm4-answer', status })
    if (/^ok$/i.test(status)) return
    const ids = parseForwardId(transactionId)
    const record = ids === undefined ? undefined : await loadRecord(this.#settings.store, ids.key, this.#settings.limits.maxRecordBytes)
    const recipient = record?.recipients.find((candidate) => candidate.token === ids?.token && candidate.peer === peer)
    if (ids === undefined || record === undefined || recipient === undefined) return
    this.#settings.log({ type: 'mm4-refused', key: ids.key, to: peer, attempt: ids.attempt, status })
    this.#track(this.#retries.forwardRefused(ids.key, record, recipient, ids.attempt, mm4StatusIsFinal(status)))
  }

  /** The message a report names (its Message-ID, the store key) and the recipient at `peer` it is about (its From); else undefined. */
  async #reported (headers: MmseHeaders, peer: string): Promise<{ key: string, record: MessageRecord, recipient: Recipient } | undefined> {
    const key = headers.messageId !== undefined && isKey(headers.messageId) ? headers.messageId : undefined
    const record = key === undefined ? undefined : await loadRecord(this.#settings.store, key, this.#settings.limits.maxRecordBytes)
    const from = headers.from !== undefined && 'address' in headers.from ? headers.from.address : undefined
    const recipient = record?.recipients.find((candidate) => candidate.peer === peer && candidate.msisdn === from)
    return key === undefined || record === undefined || recipient === undefined ? undefined : { key, record, recipient }
  }

  /** MM4_delivery_report.REQ: the local sender of the message it names gets its m-delivery-ind, once per recipient. */
  async #takeReport (headers: MmseHeaders, peer: string): Promise<void> {
    const found = await this.#reported(headers, peer)
    const status = headers.status
    if (found === undefined || (status !== 'retrieved' && status !== 'rejected' && status !== 'unrecognised' && status !== 'expired')) {
      this.#settings.log({ type: 'mm4-report-dropped', messageId: headers.messageId ?? '' })
      return
    }
    const { key, record, recipient } = found
    if (record.deliveryReport) this.#track(this.#retries.reportDelivery(key, record, recipient, status).then(() => {}))
  }

  /**
   * MM4_read_reply_report.REQ (§8.4.5): the local sender gets its m-read-orig-ind, as for a
   * recipient of its own (read-reports.ts): when it asked, and at most once per recipient.
   */
  async #takeReadReport (headers: MmseHeaders, peer: string): Promise<void> {
    const found = await this.#reported(headers, peer)
    if (found === undefined) {
      this.#settings.log({ type: 'mm4-report-dropped', messageId: headers.messageId ?? '' })
      return
    }
    const { key, record, recipient } = found
    const readStatus = headers.readStatus === 'deleted-without-being-read' ? headers.readStatus : 'read'
    this.#settings.log({ type: 'read', key, from: recipient.address, status: readStatus })
    if (record.headers.readReport !== true) return
    const date = (headers.date instanceof Date ? headers.date : new Date()).toISOString()
    this.#track(this.#retries.reportRead(key, record, recipient, { readStatus, date }).then(() => {}))
  }
}

function tooLarge (stream: Readable): boolean {
  return (stream as Readable & { sizeExceeded?: boolean }).sizeExceeded === true
}

/** The rest of a mail nobody reads: parts emptied, so that the SMTP transaction ends. */
async function drain (events: AsyncIterator<MimeEvent>): Promise<void> {
  for (let next = await events.next(); next.done !== true; next = await events.next()) if (next.value.type === 'part') next.value.part.resume()
}
