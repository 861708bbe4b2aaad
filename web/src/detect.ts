/**
 * What an input is, from its name and first four octets, before anything is decoded:
 * - a capture: pcap or pcapng by its magic, or gzip (RFC 1952, 1F 8B), which Wireshark opens
 *   as it is; told by the library's own tests of the magic (never by the name: a `.pcap` is
 *   often pcapng);
 * - a WAP Push (WAP-230 §8.2.4): a `.wsppush` file, or PDU type 0x06 / 0x07 in the second
 *   octet, where an MMSE PDU has its X-Mms-Message-Type value (0x80 and up, OMA-MMS-ENC §7.3);
 * - an MMSE PDU: X-Mms-Message-Type (0x8C) first;
 * - otherwise perhaps SMS user data with a UDH in front of a push (3GPP TS 23.040 §9.2.3.24),
 *   which only the push decoder can confirm.
 */
import { captureFormat, isGzip } from '../../lib/index.js'

export type InputKind = 'capture' | 'push' | 'mmse' | 'other'

/** Octets `detectKind` looks at. */
export const HEAD_BYTES = 4

const PUSH_PDU_TYPES: ReadonlySet<number> = new Set([0x06, 0x07])
const X_MMS_MESSAGE_TYPE = 0x8c

export function detectKind (name: string, head: Uint8Array): InputKind {
  if (isGzip(head) || captureFormat(head) !== undefined) return 'capture'
  if (/\.wsppush$/i.test(name) || PUSH_PDU_TYPES.has(head[1] ?? -1)) return 'push'
  if (head[0] === X_MMS_MESSAGE_TYPE) return 'mmse'
  return 'other'
}
