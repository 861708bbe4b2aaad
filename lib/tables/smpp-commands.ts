/**
 * SMPP command ids (SMPP 3.4 §5.1.2.1; SMPP 5.0 §4.7.5 adds the broadcast ones): a response's id
 * is its request's with the top bit set (generic_nack is 0x80000000 alone).
 */
import { CodeTable } from './code-table.js'

export const SMPP_COMMANDS = new CodeTable<readonly [number, string]>([
  [0x00000001, 'bind_receiver'],
  [0x00000002, 'bind_transmitter'],
  [0x00000003, 'query_sm'],
  [0x00000004, 'submit_sm'],
  [0x00000005, 'deliver_sm'],
  [0x00000006, 'unbind'],
  [0x00000007, 'replace_sm'],
  [0x00000008, 'cancel_sm'],
  [0x00000009, 'bind_transceiver'],
  [0x0000000b, 'outbind'],
  [0x00000015, 'enquire_link'],
  [0x00000021, 'submit_multi'],
  [0x00000102, 'alert_notification'],
  [0x00000103, 'data_sm'],
  [0x00000111, 'broadcast_sm'],
  [0x00000112, 'query_broadcast_sm'],
  [0x00000113, 'cancel_broadcast_sm'],
])

/** The top bit of a response's command id. */
export const SMPP_RESPONSE = 0x80000000

/** SMPP 3.4 §5.3.2: the TLV tags a push needs. */
export const SMPP_TLV = {
  destinationPort: 0x020b,
  sourcePort: 0x020a,
  sarMsgRefNum: 0x020c,
  sarTotalSegments: 0x020e,
  sarSegmentSeqnum: 0x020f,
  messagePayload: 0x0424,
} as const
