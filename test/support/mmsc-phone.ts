/**
 * Virtual phones behind the test SMSC (smpp-server.ts): the SMSC takes the MMSC's submit_sm,
 * and each phone gets the SMS addressed to its number, reassembles their user data with its
 * own PushAssembler and decodes the WAP Push, as a handset's WAP stack does. Their HTTP side is
 * the MMS client of mmsc-client.ts.
 */
import { decodeAssembled, PushAssembler, type PushMessage } from '../../lib/index.js'
import type { Delivered, SmscServer } from './smpp-server.js'

export interface Received {
  push: PushMessage
  /** The SMS it came in. */
  segments: number
}

export class Phones {
  readonly #smsc: SmscServer
  readonly #inbox = new Map<string, Delivered[]>()

  constructor (smsc: SmscServer) {
    this.#smsc = smsc
  }

  /** The next push to `number` (E.164: the SMSC sees it without its `+`). */
  async next (number: string): Promise<Received> {
    const destination = number.replace(/^\+/, '')
    for (;;) {
      const waiting = this.#inbox.get(destination)?.shift()
      if (waiting !== undefined) return receive(waiting)
      const delivered = await this.#smsc.nextPush()
      const to = delivered.submits[0]?.destinationAddr as string
      this.#inbox.set(to, [...this.#inbox.get(to) ?? [], delivered])
    }
  }
}

/** What the phone does with the SMS it got: reassemble them (in any order) and decode the push. */
function receive (delivered: Delivered): Received {
  const assembler = new PushAssembler()
  let whole = null
  for (const submit of delivered.submits) whole = assembler.add(submit.userData, submit.sourceAddr) ?? whole
  if (whole === null) throw new Error('the SMS of a push did not reassemble')
  return { push: decodeAssembled(whole), segments: delivered.submits.length }
}
