/**
 * One MMS's octets read again from its capture, for a message the first scan did not keep
 * (capture-list.ts): the capture is scanned from its start, only that message's octets are
 * gathered, and the scan stops once the message has ended.
 */
import type { CaptureOptions } from '../../lib/index.js'
import { scanCapture, STOP } from './capture-scan.js'
import { PduCollector } from './pdu-collector.js'

export async function extractMms (capture: Blob, id: number, options: CaptureOptions, progress?: (bytes: number) => void): Promise<Blob> {
  const pdu = new PduCollector()
  let ended = false
  await scanCapture(capture, options, event => {
    if (!('id' in event) || event.id !== id) return undefined
    if (event.type === 'raw') pdu.add(event.data)
    else if (event.type === 'warning' && !('offset' in event.warning)) pdu.cut()
    else if (event.type === 'end') {
      ended = true
      return STOP
    }
    return undefined
  }, progress)
  if (!ended) throw new Error(`MMS ${id} was not found when the capture was read again`)
  return pdu.blob()
}
