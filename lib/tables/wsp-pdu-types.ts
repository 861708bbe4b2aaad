/**
 * WSP PDU types (WAP-230 §8.2.1 Table 34) and the status codes of a Reply (WAP-230 Table 36,
 * the HTTP status each stands for).
 */
import { CodeTable } from './code-table.js'

export const WSP_PDU_TYPES = new CodeTable<readonly [number, string]>([
  [0x01, 'Connect'],
  [0x02, 'ConnectReply'],
  [0x03, 'Redirect'],
  [0x04, 'Reply'],
  [0x05, 'Disconnect'],
  [0x06, 'Push'],
  [0x07, 'ConfirmedPush'],
  [0x08, 'Suspend'],
  [0x09, 'Resume'],
  [0x40, 'Get'],
  [0x41, 'Options'],
  [0x42, 'Head'],
  [0x43, 'Delete'],
  [0x44, 'Trace'],
  [0x60, 'Post'],
  [0x61, 'Put'],
  [0x80, 'DataFragment'],
])

/** The Get PDU range (§8.2.3.1: 0x40-0x4F, those unassigned read as Get) and the Post range (0x60-0x6F). */
export const WSP_GET_FIRST = 0x40
export const WSP_POST_FIRST = 0x60
export const WSP_METHOD_RANGE = 0x10

/**
 * WAP-230 Table 36: a status octet's high nibble is the HTTP class (4 and 5 both 4xx), the rest
 * counts within it: 0x20 is 200, 0x44 is 404, 0x51 is 417, 0x60 is 500.
 */
const STATUS_CLASSES: ReadonlyMap<number, readonly [first: number, http: number]> = new Map([
  [0x1, [0x10, 100]],
  [0x2, [0x20, 200]],
  [0x3, [0x30, 300]],
  [0x4, [0x40, 400]],
  [0x5, [0x40, 400]],
  [0x6, [0x60, 500]],
])

/** The HTTP status a WSP status octet stands for, or undefined when Table 36 assigns it none. */
export function httpStatus (octet: number): number | undefined {
  const row = STATUS_CLASSES.get(octet >> 4)
  return row === undefined ? undefined : row[1] + octet - row[0]
}
