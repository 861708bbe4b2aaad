/**
 * A mail relay for MM4 tests that answers as the test plans: each RCPT TO takes the next reply
 * of `plan` (a 4xx or 5xx code refuses that transaction, `ok` takes it), and `ok` once the plan
 * is used up. What it took is kept whole, with its envelope, for the test to read. On loopback
 * at a free port, closed in teardown.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import type { Test } from 'tap'

export interface Relayed {
  from: string
  to: string[]
  raw: string
  /** The value of a header of the mail, unfolded; undefined when absent. */
  header (name: string): string | undefined
}

export interface PlannedRelay {
  port: number
  /** The replies still to come, one per RCPT TO: a code, or `ok`. */
  plan: Array<number | 'ok'>
  /** RCPT TO commands seen, taken or not. */
  attempts: number
  taken: Relayed[]
}

export async function startRelay (t: Test, plan: Array<number | 'ok'> = []): Promise<PlannedRelay> {
  const relay: PlannedRelay = { port: 0, plan, attempts: 0, taken: [] }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hidePIPELINING: true,
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      relay.attempts++
      const reply = relay.plan.shift() ?? 'ok'
      if (reply === 'ok') return callback()
      callback(Object.assign(new Error(`${reply} planned refusal`), { responseCode: reply }))
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ')
        relay.taken.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map(({ address }) => address),
          raw,
          header: (name) => head.split('\r\n').find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim(),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  relay.port = (server.server.address() as AddressInfo).port
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return relay
}
