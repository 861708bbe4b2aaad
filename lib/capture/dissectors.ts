/**
 * The transport dissectors a capture scan routes to unless its caller gives others: WSP and WTP
 * (lib/wap) for UDP, and SMS (lib/sms: SIP MESSAGE over UDP or TCP, SMPP over TCP), each under
 * the `decodeAs` names that force traffic to it. A new set for every scan: they hold the state of
 * the flows they follow. One SmsDissector serves datagrams and streams, so the scan flushes it once.
 */
import type { Dissectors } from '../net/carried.js'
import { SmsDissector } from '../sms/dissector.js'
import { WapDissector } from '../wap/dissector.js'

export function defaultDissectors (): Dissectors {
  const sms = new SmsDissector()
  return {
    datagram: [
      { protocols: ['wsp', 'wtp'], dissector: new WapDissector() },
      { protocols: ['sip', 'sms'], dissector: sms },
    ],
    stream: [{ protocols: ['sms', 'sip'], dissector: sms }],
  }
}
