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
import { answerSession, userDataOf } from './smpp-server.js'

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

export async function startHoldingSmsc (): Promise<HoldingSmsc> {
  const submits: HeldSubmit[] = []
  const held = new Set<string>()
  const server = createServer(session => {
    answerSession(session)
    let systemId = ''
    const bind = (pdu: PDU): void => {
      systemId = String(pdu.system_id ?? '')
      session.send(pdu.response())
    }
    session.on('bind_transceiver', bind)
    session.on('bind_transmitter', bind)
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
