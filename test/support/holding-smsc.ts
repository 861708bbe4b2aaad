/**
 * An SMSC for the multi-instance load test: an SMPP server on loopback that answers every
 * bind and every submit_sm, and records each submit_sm with the system_id of the session that
 * sent it and whether it was answered. `hold(systemId)` stops answering that client's
 * submit_sm: its pushes stay unaccepted, as when an SMSC stops answering, so the test can stop
 * a process at a moment when no push of its own has been accepted without it knowing.
 */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { createServer, type PDU } from 'smpp'

export interface HeldSubmit {
  systemId: string
  destination: string
  userData: Buffer
  /** The SMSC answered it (ESME_ROK): the push was accepted. */
  answered: boolean
}

export interface HoldingSmsc {
  port: number
  submits: HeldSubmit[]
  hold (systemId: string): void
  close (): Promise<void>
}

/** The user data as on the wire (the package hands the UDH over split into its elements). */
function userDataOf (pdu: PDU): Buffer {
  const message = pdu.short_message
  if (message === undefined) return Buffer.alloc(0)
  if (Buffer.isBuffer(message)) return message
  const body = typeof message.message === 'string' ? Buffer.from(message.message, 'latin1') : message.message
  if (message.udh === undefined) return body
  const header = Buffer.concat(message.udh)
  return Buffer.concat([Buffer.from([header.length]), header, body])
}

export async function startHoldingSmsc (): Promise<HoldingSmsc> {
  const submits: HeldSubmit[] = []
  const held = new Set<string>()
  const server = createServer(session => {
    session.on('error', () => {})
    let systemId = ''
    const bind = (pdu: PDU): void => {
      systemId = String(pdu.system_id ?? '')
      session.send(pdu.response())
    }
    session.on('bind_transceiver', bind)
    session.on('bind_transmitter', bind)
    session.on('enquire_link', pdu => session.send(pdu.response()))
    session.on('unbind', pdu => {
      session.send(pdu.response())
      session.close()
    })
    session.on('submit_sm', pdu => {
      const submit: HeldSubmit = { systemId, destination: pdu.destination_addr ?? '', userData: userDataOf(pdu), answered: false }
      submits.push(submit)
      if (held.has(systemId)) return
      submit.answered = true
      session.send(pdu.response({ message_id: String(submits.length) }))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as AddressInfo).port,
    submits,
    hold: systemId => { held.add(systemId) },
    async close () {
      for (const session of [...server.sessions]) session.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
