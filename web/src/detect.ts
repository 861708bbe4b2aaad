/**
 * What an input is, from its name and first two octets, before anything is decoded:
 * - a WAP Push (WAP-230 §8.2.4): a `.wsppush` file, or PDU type 0x06 / 0x07 in the second
 *   octet, where an MMSE PDU has its X-Mms-Message-Type value (0x80 and up, OMA-MMS-ENC §7.3);
 * - an MMSE PDU: X-Mms-Message-Type (0x8C) first;
 * - otherwise perhaps SMS user data with a UDH in front of a push (3GPP TS 23.040 §9.2.3.24),
 *   which only the push decoder can confirm.
 */
export type InputKind = 'push' | 'mmse' | 'other'

const PUSH_PDU_TYPES: ReadonlySet<number> = new Set([0x06, 0x07])
const X_MMS_MESSAGE_TYPE = 0x8c

export function detectKind (name: string, head: Uint8Array): InputKind {
  if (/\.wsppush$/i.test(name) || PUSH_PDU_TYPES.has(head[1] ?? -1)) return 'push'
  if (head[0] === X_MMS_MESSAGE_TYPE) return 'mmse'
  return 'other'
}
