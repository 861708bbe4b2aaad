/**
 * An SMSC for the push proofs: an SMPP server (the `smpp` package) on 127.0.0.1 that accepts
 * any bind, answers every submit_sm, and puts the SMS user data of each binary submit_sm
 * (esm_class with TP-UDHI 0x40, SMPP 3.4 §5.2.12; data_coding 0x04, 8-bit) into a
 * `PushAssembler`, so the test gets each push whole, with the submit_sm that carried it.
 */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { createServer, type PDU, type Session } from 'smpp'
import { type AssembledUserData, PushAssembler } from '../../lib/index.js'
import { within } from './within.js'

/** TP-UDHI: the short message starts with a User Data Header (SMPP 3.4 §5.2.12 esm_class bit 6). */
export const ESM_UDHI = 0x40
/** 8-bit binary data coding (SMPP 3.4 §5.2.19). */
export const DATA_CODING_BINARY = 0x04

/** One submit_sm as received. */
export interface Submit {
  sourceAddr: string
  destinationAddr: string
  esmClass: number
  dataCoding: number
  /** The SMS user data: UDH (when TP-UDHI is set) and payload, as on the wire. */
  userData: Buffer
}

/** A push put together from the submit_sm that carried it, in arrival order. */
export interface Delivered {
  assembled: AssembledUserData
  submits: Submit[]
}

export interface SmscServer {
  port: number
  /** Every submit_sm so far, in arrival order. */
  submits: Submit[]
  /** Binds answered so far. */
  readonly binds: number
  /** Resolves with the next complete push (rejects after `ms`, a bound against a hang, not a measure). */
  nextPush (ms?: number): Promise<Delivered>
  close (): Promise<void>
}

/**
 * The user data as it was on the wire. The package hands the UDH over split into its elements
 * (IEI, length, data each, in order, tiling the header exactly), so UDHL is their total length.
 */
/**
 * What a test's SMSC answers on every session whatever else it does: enquire_link, unbind (then
 * it closes), and a peer that goes away, which is not an error of the test's SMSC.
 */
export function answerSession (session: Session): void {
  session.on('error', () => {})
  session.on('enquire_link', pdu => session.send(pdu.response()))
  session.on('unbind', pdu => {
    session.send(pdu.response())
    session.close()
  })
}

export function userDataOf (pdu: PDU): Buffer {
  const message = pdu.short_message
  if (message === undefined) return Buffer.alloc(0)
  if (Buffer.isBuffer(message)) return message
  const body = typeof message.message === 'string' ? Buffer.from(message.message, 'latin1') : message.message
  if (message.udh === undefined) return body
  const header = Buffer.concat(message.udh)
  return Buffer.concat([Buffer.from([header.length]), header, body])
}

export async function startSmsc (): Promise<SmscServer> {
  const submits: Submit[] = []
  const assembler = new PushAssembler()
  const delivered: Delivered[] = []
  const waiting: Array<(push: Delivered) => void> = []
  const pending = new Map<string, Submit[]>()
  let binds = 0
  const server = createServer(session => {
    answerSession(session)
    const bind = (pdu: PDU): void => {
      session.send(pdu.response())
      binds++
    }
    session.on('bind_transceiver', bind)
    session.on('bind_transmitter', bind)
    session.on('bind_receiver', bind)
    session.on('submit_sm', pdu => {
      const submit: Submit = {
        sourceAddr: pdu.source_addr ?? '',
        destinationAddr: pdu.destination_addr ?? '',
        esmClass: pdu.esm_class ?? 0,
        dataCoding: pdu.data_coding ?? 0,
        userData: userDataOf(pdu),
      }
      submits.push(submit)
      session.send(pdu.response({ message_id: String(submits.length) }))
      if ((submit.esmClass & ESM_UDHI) === 0) return
      const key = submit.destinationAddr
      const group = [...pending.get(key) ?? [], submit]
      const whole = assembler.add(submit.userData, key)
      if (whole === null) {
        pending.set(key, group)
        return
      }
      pending.delete(key)
      const push = { assembled: whole, submits: group }
      const next = waiting.shift()
      if (next === undefined) delivered.push(push)
      else next(push)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  return {
    port,
    submits,
    get binds () { return binds },
    async nextPush (ms = 60_000) {
      const ready = delivered.shift()
      if (ready !== undefined) return ready
      return await within(new Promise<Delivered>(resolve => waiting.push(resolve)), ms, `a complete push (${submits.length} submit_sm so far)`)
    },
    async close () {
      for (const session of [...server.sessions]) session.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
