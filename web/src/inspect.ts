/**
 * One input, whatever it is, to an `Inspection`. An MMSE PDU streams from the Blob, so a file
 * of any size is read a chunk at a time. A WAP Push is small by nature (it travels in SMS), so
 * it is read whole, unwrapped by `decodePush`, and the PDU inside streamed like any other, with
 * its offsets moved to where it sits in the push.
 */
import { type DecodeOptions, decodePush, MMS_MESSAGE_TYPE, type PartInfo, type PushMessage } from '../../lib/index.js'
import { detectKind, HEAD_BYTES } from './detect.js'
import { findingOf } from './finding.js'
import { formatValue } from './format.js'
import { inspectStream } from './inspect-stream.js'
import type { Finding, Inspection, TreeNode } from './model.js'

/** The largest input taken for a push (reassembled SMS user data is a few KiB at most). */
export const MAX_PUSH_BYTES = 1024 * 1024


export async function inspect (source: Blob, name: string, options: DecodeOptions, progress?: (bytes: number) => void): Promise<Inspection> {
  const head = new Uint8Array(await source.slice(0, HEAD_BYTES).arrayBuffer())
  const kind = detectKind(name, head)
  if (kind === 'push') {
    if (source.size > MAX_PUSH_BYTES) return pushFailure(source, name, { code: 'TOO_LARGE', message: `${source.size} bytes is more than a push carries (at most ${MAX_PUSH_BYTES} are read)` })
    const bytes = new Uint8Array(await source.arrayBuffer())
    try {
      return await inspectPush(source, name, decodePush(bytes, options), 0, options)
    } catch (err) {
      return pushFailure(source, name, findingOf(err, 0))
    }
  }
  if (kind === 'other' && source.size <= MAX_PUSH_BYTES) {
    const bytes = new Uint8Array(await source.arrayBuffer())
    let push: PushMessage | undefined
    try {
      push = decodePush(bytes, { ...options, udh: true })
    } catch {
      // Not user data with a push either: the MMSE decoder says below what the input is not.
    }
    // With a UDH in front, the push starts after it: UDHL (the first octet) + 1.
    if (push !== undefined) return inspectPush(source, name, push, 1 + (bytes[0] as number), options)
  }
  const result = await inspectStream(source, 0, options, progress)
  return { name, size: source.size, kind: 'MMSE PDU', root: result.message, parts: result.parts, warnings: result.warnings, ...(result.error === undefined ? {} : { error: result.error }), omitted: result.omitted }
}

function pushFailure (source: Blob, name: string, error: Finding): Inspection {
  return { name, size: source.size, kind: 'WAP Push', root: { label: 'WAP Push', children: [] }, parts: [], warnings: [], error, omitted: 0 }
}

/** The push's wrapper as tree nodes (`at`: where the push starts), then the PDU inside, streamed. */
async function inspectPush (source: Blob, name: string, push: PushMessage, at: number, options: DecodeOptions): Promise<Inspection> {
  const end = source.size
  const children: TreeNode[] = []
  if (push.userDataHeader !== undefined) {
    const elements = push.userDataHeader.elements.map(e => ({ label: `IEI 0x${e.iei.toString(16).padStart(2, '0')}`, value: formatValue(e.data), children: [] }))
    const { ports, concat } = push.userDataHeader
    const value = formatValue({ ...(ports === undefined ? {} : { ports }), ...(concat === undefined ? {} : { concat }) })
    children.push({ label: 'User data header', value, range: { start: 0, length: at }, children: elements })
  }
  children.push({ label: 'TID', value: String(push.tid), range: { start: at, length: 1 }, children: [] })
  children.push({ label: 'PDU type', value: push.pduType, range: { start: at + 1, length: 1 }, children: [] })
  const headers: TreeNode[] = [{ label: 'Content-Type', value: formatValue(push.contentType), children: [] }]
  for (const [key, value] of Object.entries(push.headers)) headers.push({ label: key, value: formatValue(value), children: [] })
  if (push.applicationId !== undefined) headers.push({ label: 'Application', value: formatValue(push.applicationId), children: [] })
  children.push({ label: 'Headers', value: 'HeadersLen, Content-Type, headers', range: { start: at + 2, length: push.bodyOffset - at - 2 }, children: headers, open: true })
  const body: TreeNode = { label: 'Body', value: push.contentType.mediaType, range: { start: push.bodyOffset, length: end - push.bodyOffset }, children: [], open: true }
  children.push(body)
  const inspection: Inspection = {
    name,
    size: source.size,
    kind: push.userDataHeader === undefined ? 'WAP Push' : 'WAP Push in SMS user data',
    root: { label: 'WAP Push', value: push.pduType, range: { start: 0, length: end }, children, open: true },
    parts: [],
    warnings: push.warnings.map(w => findingOf(w, 0)),
    omitted: 0,
  }
  if (push.contentType.mediaType === MMS_MESSAGE_TYPE) {
    const inner = await inspectStream(source.slice(push.bodyOffset), push.bodyOffset, options)
    body.children.push(inner.message)
    inspection.parts = inner.parts
    inspection.warnings.push(...inner.warnings)
    if (inner.error !== undefined) inspection.error = inner.error
    inspection.omitted = inner.omitted
  } else {
    const info: PartInfo = { index: 0, path: [0], offset: push.bodyOffset, size: push.body.length, contentType: push.contentType, headers: {} }
    const entry = { info, range: { start: push.bodyOffset, length: push.body.length }, base: 0 }
    body.part = entry
    inspection.parts = [entry]
  }
  return inspection
}
