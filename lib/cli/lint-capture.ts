/**
 * `mmse lint` on a capture (pcap, pcapng, gzip: lib/capture): every MMS the scan finds, its
 * PDU's octets linted as they were sent. The capture is streamed; a message's octets are held
 * from its first to its end (messages on concurrent connections overlap), at most `maxPduBytes`
 * each. A message the capture did not hold whole is listed but not linted: the octets it lost
 * would be findings against the capture, not against the sender.
 */
import { pipeline } from 'node:stream/promises'
import { CaptureScanner, lint, type LintReport } from '../index.js'
import type { Input } from './input.js'

export interface CapturedLint extends LintReport {
  file: string
  /** The message's number in the capture, and the frame that completed it (none when the capture holds no MMS). */
  message?: number
  frame?: number
  /** Why it was not linted (or that there was nothing to lint). */
  skipped?: string
}

/** The lint report of each MMS in the capture, in the order they ended (or one saying there is none); `maxPduBytes` bounds what one message may hold. */
export async function lintCapture (file: string, input: Input, maxPduBytes: number): Promise<CapturedLint[]> {
  const scanner = new CaptureScanner({ raw: true })
  const open = new Map<number, { chunks: Uint8Array[], size: number }>()
  const reports: CapturedLint[] = []
  const fed = pipeline(input.stream, scanner)
  try {
    for await (const event of scanner.events()) {
      if (event.type === 'mms') open.set(event.id, { chunks: [], size: 0 })
      else if (event.type === 'raw') {
        const message = open.get(event.id) as { chunks: Uint8Array[], size: number }
        message.size += event.data.length
        // Past the bound the octets are only counted: the message is listed, not linted.
        if (message.size <= maxPduBytes) message.chunks.push(event.data)
        else message.chunks = []
      } else if (event.type === 'end') {
        const message = open.get(event.id) as { chunks: Uint8Array[], size: number }
        open.delete(event.id)
        const where = { file, message: event.id, frame: event.end.frames[event.end.frames.length - 1] as number }
        if (!event.end.complete) reports.push({ ...where, findings: [], skipped: 'the capture lost some of its octets' })
        else if (message.size > maxPduBytes) reports.push({ ...where, findings: [], skipped: `${message.size} octets, more than the ${maxPduBytes} a linted PDU may be` })
        else reports.push({ ...where, ...lint(Buffer.concat(message.chunks)) })
      }
    }
  } catch (err) {
    // The scan's own error ends both: the one the loop saw is said.
    await fed.catch(() => undefined)
    throw err
  }
  await fed
  return reports.length > 0 ? reports : [{ file, findings: [], skipped: 'no MMS in the capture' }]
}
