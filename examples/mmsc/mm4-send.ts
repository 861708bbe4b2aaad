/**
 * What this MMSC sends over MM4 (3GPP TS 23.140 §8.4), through the operator's mail relay with
 * nodemailer's SMTP transport: MM4_forward.REQ, a message for a peer's subscribers, streamed
 * from the store as MIME (mmse/mail toMime, the MMS fields as X-Mms-* headers);
 * MM4_forward.RES, the answer to one received; MM4_delivery_report.REQ, a recipient's
 * retrieval told back to the originating MMSC; MM4_read_reply_report.REQ, a recipient's read
 * report told back the same way.
 */
import type { MmsAddress, MmseHeaders, PartHeaders } from 'mmse'
import { MM4_HEADERS as H, MM4_MESSAGE_TYPES as TYPES, toMime } from 'mmse/mail'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Settings } from './config.js'
import { mailHeader as field, type Mm4Settings } from './mm4-config.js'
import type { ReadReport } from './read-reports.js'
import type { MessageRecord } from './record.js'

/** A connection, greeting and idle time well inside the schedule's first retry delay (retries.ts: one attempt ends before the next). */
const SMTP_TIMEOUT_MS = 10_000

/** The 3GPP release whose MM4 this is (TS 23.140 V6.x). */
export const MM4_VERSION = '6.16.0'

/** The system address of an MMSC: the envelope sender of its MM4 messages, where answers go. */
export const systemAddress = (domain: string): string => `mmsc@${domain}`

export class Mm4Sender {
  readonly #settings: Settings
  readonly #mm4: Mm4Settings
  readonly #transport: Transporter

  constructor (settings: Settings, mm4: Mm4Settings) {
    this.#settings = settings
    this.#mm4 = mm4
    this.#transport = nodemailer.createTransport({
      host: mm4.relay.host,
      port: mm4.relay.port,
      secure: false,
      ignoreTLS: true,
      name: mm4.domain,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    })
  }

  /**
   * MM4_forward.REQ (§8.4.1) of a stored message to one recipient at a peer, `to` its MM4
   * address (`number/TYPE=PLMN@peer`) in the envelope only, as MM4 carries a Bcc recipient;
   * `mailForm` gives an address of To and Cc its MM4 form (a peer's subscriber as that e-mail
   * address), the MMSC's own subscribers get its domain. `transactionId` names the attempt.
   */
  async forward (key: string, record: MessageRecord, to: string, transactionId: string, mailForm: (address: MmsAddress) => MmsAddress): Promise<void> {
    const carried = record.headers as MmseHeaders
    const headers: MmseHeaders = {
      ...carried,
      ...(carried.to === undefined ? {} : { to: carried.to.map(mailForm) }),
      ...(carried.cc === undefined ? {} : { cc: carried.cc.map(mailForm) }),
      ...(record.senderVisible ? { from: { address: record.sender, type: 'PLMN', raw: `${record.sender}/TYPE=PLMN` } } : {}),
      date: record.receivedAt,
      messageId: record.messageId,
      expiry: { absolute: record.expiresAt },
      deliveryReport: record.deliveryReport,
      contentType: record.contentType,
    }
    const parts = record.parts.map((part) => ({ contentType: part.contentType, headers: part.headers as PartHeaders, data: this.#settings.store.read(key, part.entry) }))
    const raw = toMime({ headers, parts }, {
      domain: this.#mm4.domain,
      headers: {
        [H.version]: MM4_VERSION,
        [field('messageType')]: TYPES.forwardReq,
        [field('transactionId')]: transactionId,
        [H.ackRequest]: 'Yes',
        [H.originatorSystem]: systemAddress(this.#mm4.domain),
        [H.forwardCounter]: '1',
      },
    })
    await this.#transport.sendMail({ envelope: { from: systemAddress(this.#mm4.domain), to: [to] }, raw })
  }

  /** MM4_forward.RES (§8.4.2) to the originator system of a forward. */
  async forwardRes (to: string, transactionId: string, messageId: string, status: 'Ok' | 'Error-unspecified', text: string): Promise<void> {
    await this.#answer(to, {
      [field('messageType')]: TYPES.forwardRes,
      [field('transactionId')]: transactionId,
      [field('messageId')]: messageId,
      [H.requestStatus]: status,
      [field('statusText')]: text,
    })
  }

  /** MM4_delivery_report.REQ (§8.4.3): `recipient` retrieved (or rejected) the message `messageId` from `sender`. */
  async deliveryReport (to: string, transactionId: string, messageId: string, sender: string, recipient: string, status: string): Promise<void> {
    await this.#answer(to, {
      [field('messageType')]: TYPES.deliveryReportReq,
      [field('transactionId')]: transactionId,
      [field('messageId')]: messageId,
      [field('status')]: capitalized(status),
      [H.ackRequest]: 'No',
    }, { from: recipient, to: sender })
  }

  /**
   * MM4_read_reply_report.REQ (§8.4.5): `recipient` read (or deleted unread) the message
   * `messageId` from `sender`; Date is when, as the recipient's m-read-rec-ind said.
   */
  async readReply (to: string, transactionId: string, messageId: string, sender: string, recipient: string, report: ReadReport): Promise<void> {
    await this.#answer(to, {
      [field('messageType')]: TYPES.readReplyReportReq,
      [field('transactionId')]: transactionId,
      [field('messageId')]: messageId,
      [field('readStatus')]: capitalized(report.readStatus),
      [H.ackRequest]: 'No',
    }, { from: recipient, to: sender, date: new Date(report.date) })
  }

  async #answer (to: string, headers: Record<string, string>, addresses?: { from: string, to: string, date?: Date }): Promise<void> {
    const from = systemAddress(this.#mm4.domain)
    await this.#transport.sendMail({
      envelope: { from, to: [to] },
      from: addresses?.from ?? from,
      to: addresses?.to ?? to,
      date: addresses?.date ?? new Date(),
      headers: { [H.version]: MM4_VERSION, ...headers },
      text: '',
    })
  }

  close (): void {
    this.#transport.close()
  }
}

/** An MMSE enumeration name as MM4 examples write it (`Retrieved`); read back in any case (mmse/mail). */
function capitalized (name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}
