/**
 * The same part payloads in the three containers of the peer benchmark: MMSE
 * (a multipart m-retrieve-conf, what mmse reads), tar (one entry per part, tar-stream) and
 * multipart/form-data (one file per part, the busboy family). Built whole, outside every timed
 * region; chunks are views into the whole, so every contender reads the same octets in the
 * same chunk size.
 */
import { entryHead, patternBlock, syntheticHead, type SyntheticPart } from '../../test/support/synthetic.js'
import { FORM_BOUNDARY, formEnd, formPartHead } from './form-data.js'
import { tarEnd, tarHeader, tarPadding } from './tar.js'

export const CONTAINERS = ['mmse', 'tar', 'form-data'] as const
export type Container = typeof CONTAINERS[number]

export interface Message {
  parts: number
  /** Octets of part data, the same in every container: the figure MB/s is taken over. */
  payloadBytes: number
  whole: Record<Container, Buffer>
}

/** Part `index`'s data: the synthetic pattern of test/support/synthetic.ts, as the MMSE builder writes it. */
function payload (index: number, size: number): Buffer {
  const block = patternBlock(index)
  const data = Buffer.allocUnsafe(size)
  for (let done = 0; done < size; done += block.length) block.copy(data, done, 0, Math.min(block.length, size - done))
  return data
}

export function buildMessage (parts: readonly SyntheticPart[]): Message {
  const mmse: Buffer[] = [syntheticHead(parts.length)]
  const tar: Buffer[] = []
  const form: Buffer[] = []
  let payloadBytes = 0
  for (const [index, part] of parts.entries()) {
    const data = payload(index, part.size)
    if (data.includes(FORM_BOUNDARY, 0, 'latin1')) throw new Error(`part ${index} contains the form-data boundary`)
    payloadBytes += part.size
    mmse.push(entryHead(index, part), data)
    tar.push(tarHeader(`p${index}`, part.size), data, tarPadding(part.size))
    form.push(formPartHead(index, part.contentType ?? 'application/octet-stream'), data)
  }
  tar.push(tarEnd())
  form.push(formEnd())
  return { parts: parts.length, payloadBytes, whole: { 'mmse': Buffer.concat(mmse), 'tar': Buffer.concat(tar), 'form-data': Buffer.concat(form) } }
}

/** `whole` as consecutive views of `size` octets (the last one shorter). */
export function chunked (whole: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let start = 0; start < whole.length; start += size) chunks.push(whole.subarray(start, Math.min(whole.length, start + size)))
  return chunks
}
