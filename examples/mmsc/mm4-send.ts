/**
 * What this MMSC sends over MM4 (3GPP TS 23.140 §8.4), through the operator's mail relay with
 * nodemailer's SMTP transport: MM4_forward.REQ, a message for a peer's subscribers, streamed
 * from the store as MIME (mmse/mail toMime, the MMS fields as X-Mms-* headers);
 * MM4_forward.RES, the answer to one received; MM4_delivery_report.REQ, a recipient's
 * retrieval told back to the originating MMSC.
 */
import type { MmsAddress, MmseHeaders, PartHeaders } from 'mmse'
import { toMime } from 'mmse/mail'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Settings } from './config.js'
import type { Mm4Settings } from './mm4-config.js'
import type { MessageRecord } from './record.js'

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
    this.#transport = nodemailer.createTransport({ host: mm4.relay.host, port: mm4.relay.port, secure: false, ignoreTLS: true, name: mm4.domain })
  }

  /**
   * MM4_forward.REQ (§8.4.1) of a stored message to its recipients at a peer, each
   * `number/TYPE=PLMN@peer`; `mailForm` gives an address of To and Cc its MM4 form (a peer's
   * subscriber as that e-mail address), the MMSC's own subscribers get its domain.
   */
  async forward (key: string, record: MessageRecord, recipients: string[], mailForm: (address: MmsAddress) => MmsAddress): Promise<void> {
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
        'X-Mms-3GPP-MMS-Version': MM4_VERSION,
        'X-Mms-Message-Type': 'MM4_forward.REQ',
        'X-Mms-Transaction-ID': key,
        'X-Mms-Ack-Request': 'Yes',
        'X-Mms-Originator-System': systemAddress(this.#mm4.domain),
        'X-Mms-Forward-Counter': '1',
      },
    })
    await this.#transport.sendMail({ envelope: { from: systemAddress(this.#mm4.domain), to: recipients }, raw })
  }

  /** MM4_forward.RES (§8.4.2) to the originator system of a forward. */
  async forwardRes (to: string, transactionId: string, messageId: string, status: 'Ok' | 'Error-unspecified', text: string): Promise<void> {
    await this.#answer(to, {
      'X-Mms-Message-Type': 'MM4_forward.RES',
      'X-Mms-Transaction-ID': transactionId,
      'X-Mms-Message-ID': messageId,
      'X-Mms-Request-Status-Code': status,
      'X-Mms-Status-Text': text,
    })
  }

  /** MM4_delivery_report.REQ (§8.4.3): `recipient` retrieved (or rejected) the message `messageId` from `sender`. */
  async deliveryReport (to: string, transactionId: string, messageId: string, sender: string, recipient: string, status: string): Promise<void> {
    await this.#answer(to, {
      'X-Mms-Message-Type': 'MM4_delivery_report.REQ',
      'X-Mms-Transaction-ID': transactionId,
      'X-Mms-Message-ID': messageId,
      'X-Mms-MM-Status-Code': status.charAt(0).toUpperCase() + status.slice(1),
      'X-Mms-Ack-Request': 'No',
    }, { from: recipient, to: sender })
  }

  async #answer (to: string, headers: Record<string, string>, addresses?: { from: string, to: string }): Promise<void> {
    const from = systemAddress(this.#mm4.domain)
    await this.#transport.sendMail({
      envelope: { from, to: [to] },
      from: addresses?.from ?? from,
      to: addresses?.to ?? to,
      date: new Date(),
      headers: { 'X-Mms-3GPP-MMS-Version': MM4_VERSION, ...headers },
      text: '',
    })
  }

  close (): void {
    this.#transport.close()
  }
}
