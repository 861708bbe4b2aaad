/**
 * The capture side of `inspect` and `extract`: an input whose first octets are a pcap, pcapng or
 * gzip magic is scanned for MMS (lib/capture) instead of read as one PDU. Each MMS found is
 * assembled from the scan's events into the same message tree the PDU commands show (its part
 * data counted, or streamed into files, never held), then printed (one line, `-v` its tree,
 * `--json`, `--fields` as tshark prints them) or extracted into a folder of its own, or into
 * one mail message (lib/cli/capture-eml.ts).
 */
import { once } from 'node:events'
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createHash, type Hash } from 'node:crypto'
import { join } from 'node:path'
import {
  CaptureScanner, type CaptureEvent, type CaptureWarning, captureFormat, isGzip, MessageTree, type MmseHeader,
  type MmseWarning, type MmsContext, type MmsEnd, sanitizeFilename,
} from '../index.js'
import { tsharkField, TSHARK_FIELDS } from '../capture/fields.js'
import { UsageError } from './args.js'
import { type EmlFile, EmlFiles } from './capture-eml.js'
import { type Destination, DirectoryDestination } from './destinations.js'
import type { Input } from './input.js'
import type { CliIo } from './io.js'
import { print } from './output.js'
import { MANIFEST, Names } from './part-names.js'
import { Progress } from './progress.js'
import { messageJson, readable, scannedWarningText, toJson, treeText, warningJson } from './render.js'
import type { MessageNode, PartNode } from './tree.js'
import { type Filter, parseFilter } from './filter.js'

/**
 * The first `n` octets of an input (fewer if it is shorter), and the input again from its start:
 * what was read first, then the rest of the same stream. Destroying the new stream destroys the
 * old one.
 */
export async function peekInput (input: Input, n: number): Promise<{ start: Uint8Array, input: Input }> {
  const iterator = input.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const chunks: Buffer[] = []
  let have = 0
  let done = false
  while (have < n && !done) {
    const next = await iterator.next()
    if (next.done === true) done = true
    else {
      chunks.push(next.value)
      have += next.value.length
    }
  }
  async function * all (): AsyncGenerator<Buffer> {
    try {
      yield * chunks
      while (!done) {
        const next = await iterator.next()
        if (next.done === true) return
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  }
  return { start: Buffer.concat(chunks), input: { stream: Readable.from(all(), { objectMode: false }), size: input.size } }
}

/** Whether the octets begin a capture file rather than an MMSE PDU. */
export function isCapture (start: Uint8Array): boolean {
  return captureFormat(start) !== undefined || isGzip(start)
}

/** A port of a message's flow when it travelled over `transport`, else ''. */
function port (transport: string, end: 'src' | 'dst'): (m: Scanned) => string {
  return (m) => m.context.path.includes(transport) ? String(m.context[end].port) : ''
}

/** Fields `--fields` and `--filter` know beside the mmse.* ones: where the message was in the capture. */
const CONTEXT_FIELDS: ReadonlyMap<string, (m: Scanned) => string> = new Map([
  ['frame.number', (m: Scanned) => String(m.end === undefined ? m.context.frame : m.end.frames[m.end.frames.length - 1])],
  ['frame.time_epoch', (m: Scanned) => epoch(m.context.time)],
  ['ip.src', (m: Scanned) => m.context.src.address],
  ['ip.dst', (m: Scanned) => m.context.dst.address],
  ['tcp.srcport', port('tcp', 'src')],
  ['tcp.dstport', port('tcp', 'dst')],
  ['udp.srcport', port('udp', 'src')],
  ['udp.dstport', port('udp', 'dst')],
])

export function knownField (name: string): boolean {
  return TSHARK_FIELDS.has(name) || CONTEXT_FIELDS.has(name)
}

/** One MMS as the scan reported it. */
interface Scanned {
  context: MmsContext
  tree: MessageTree<PartNode>
  message: MessageNode
  /** The PDU's octets up to the end of its headers, for the fields that print octets as sent. */
  head: Buffer[]
  headDone: boolean
  warnings: Array<MmseWarning | CaptureWarning>
  end?: MmsEnd
  /** Skipped by --filter (known once its headers are). */
  skipped: boolean
  /** extract: where its files go. */
  out?: Extraction
  /** extract --eml: its mail message. */
  eml?: EmlFile
  /** The part receiving data. */
  current?: { node: PartNode, hash: Hash, sink?: PassThrough } | undefined
}

/** A message's folder while it is extracted. */
interface Extraction {
  destination: Destination
  names: Names
  files: Array<Record<string, unknown>>
  writes: Array<Promise<void>>
  raw: PassThrough
}

export interface CaptureRun {
  /** inspect's output, or extract's directory (a folder per message, or an .eml). */
  mode: { inspect: { verbose: boolean, json: boolean, fields: string[] | undefined } } | { extract: { dir: string, force: boolean, eml: boolean } }
  filter?: string | undefined
  decodeAs?: string[] | undefined
}

export function fieldsOption (value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined
  const fields = value.split(',').map((field) => field.trim()).filter((field) => field !== '')
  for (const field of fields) if (!knownField(field)) throw new UsageError(`--fields: unknown field ${JSON.stringify(field)} (known: ${[...CONTEXT_FIELDS.keys(), ...TSHARK_FIELDS.keys()].join(', ')})`)
  return fields
}

/** Scans the capture and prints or extracts every MMS in it; resolves to the exit code. */
export async function runCapture (input: Input, io: CliIo, run: CaptureRun): Promise<number> {
  const filter: Filter | undefined = run.filter === undefined ? undefined : parseFilter(run.filter, knownField)
  const scanner = new CaptureScanner({ decodeAs: run.decodeAs ?? [], raw: true })
  const progress = Progress.create(input.size, io.stderr)
  let read = 0
  const counter = new Transform({
    transform (chunk: Buffer, _encoding, callback: TransformCallback) {
      read += chunk.length
      progress?.update(read)
      callback(null, chunk)
    },
  })
  const open = new Map<number, Scanned>()
  const warnings: CaptureWarning[] = []
  const json: unknown[] = []
  const extract = 'extract' in run.mode ? run.mode.extract : undefined
  const inspect = 'inspect' in run.mode ? run.mode.inspect : undefined
  const destinations: Destination[] = []
  const emls = extract?.eml === true ? new EmlFiles(extract.dir, extract.force, io) : undefined
  if (emls !== undefined) destinations.push(emls.destination)
  const fed = pipeline(input.stream, counter, scanner)
  // Its failure ends the loop below too, which throws it.
  fed.catch(() => {})
  try {
    for await (const event of scanner.events()) {
      const message = 'id' in event && event.id !== null ? open.get(event.id) : undefined
      await handle(event, message)
      // After handle(): the headers that begin a message's mail go into it too. Its end is the mail's to finish.
      if (message?.eml !== undefined && event.type !== 'end') await message.eml.mail.write(event)
    }
    await fed
    if (inspect?.json === true) await print(io, `${JSON.stringify({ messages: json, warnings }, null, 2)}\n`)
    for (const warning of warnings) io.stderr.write(`warning: ${warning.code} (frame ${warning.frame}): ${warning.message}\n`)
    for (const destination of destinations) await destination.commit()
  } catch (err) {
    for (const destination of destinations) await destination.discard()
    throw err
  } finally {
    progress?.done()
  }
  return 0

  async function handle (event: CaptureEvent, message: Scanned | undefined): Promise<void> {
    switch (event.type) {
      case 'mms': {
        const tree = new MessageTree<PartNode>()
        open.set(event.id, { context: event.context, tree, message: tree.message as MessageNode, head: [], headDone: false, warnings: [], skipped: false })
        return
      }
      case 'raw': {
        const scanned = message as Scanned
        if (!scanned.headDone) scanned.head.push(Buffer.from(event.data))
        if (scanned.out !== undefined && !scanned.out.raw.write(event.data)) await once(scanned.out.raw, 'drain')
        return
      }
      case 'headers': {
        const scanned = message as Scanned
        scanned.tree.headers(event)
        if (event.path.length > 0) return
        scanned.headDone = true
        scanned.skipped = filter !== undefined && !filter((name) => lookup(scanned, name))
        if (scanned.skipped || extract === undefined) return
        if (emls !== undefined) scanned.eml = startEml(emls, scanned)
        else scanned.out = startExtraction(scanned)
        return
      }
      case 'nested': {
        const { kind, ...info } = event.info
        ;(message as Scanned).tree.nested({ ...info, kind, bytes: info.size as number }, kind)
        return
      }
      case 'part': {
        const scanned = message as Scanned
        const node = scanned.tree.part({ ...event.info, kind: 'part', bytes: 0 })
        scanned.current = { node, hash: createHash('sha256') }
        if (scanned.out !== undefined) {
          const sink = new PassThrough()
          scanned.current.sink = sink
          const file = scanned.out.names.take(node)
          const entry: Record<string, unknown> = { path: node.path.join('.'), file, contentType: toJson(node.contentType), size: 0, sha256: '', contentId: node.contentId ?? null, contentLocation: node.contentLocation ?? null }
          scanned.out.files.push(entry)
          const current = scanned.current
          scanned.out.writes.push(settled(scanned.out.destination.write(file, sink).then(() => {
            entry.size = current.node.bytes
            entry.sha256 = current.node.sha256
          })))
        }
        return
      }
      case 'data': {
        // Data comes between its part's 'part' and 'partEnd'.
        const current = (message as Scanned).current as NonNullable<Scanned['current']>
        current.node.bytes += event.data.length
        current.hash.update(event.data)
        if (current.sink !== undefined && !current.sink.write(event.data)) await once(current.sink, 'drain')
        return
      }
      case 'partEnd': {
        const scanned = message as Scanned
        const current = scanned.current as NonNullable<Scanned['current']>
        current.node.sha256 = current.hash.digest('hex')
        current.sink?.end()
        scanned.current = undefined
        return
      }
      case 'warning':
        if (message === undefined) warnings.push(event.warning as CaptureWarning)
        else message.warnings.push(event.warning)
        return
      case 'end': {
        const scanned = message as Scanned
        open.delete(event.id)
        scanned.end = event.end
        scanned.current?.sink?.end()
        // A message whose headers never came is filtered on what it has.
        if (!scanned.headDone && filter !== undefined) scanned.skipped = !filter((name) => lookup(scanned, name))
        if (scanned.skipped) return
        if (emls !== undefined) {
          // A message whose headers never came is named by its number, and told of as not written.
          scanned.eml ??= startEml(emls, scanned)
          await emls.finish(scanned.eml, event.end, scanned.warnings)
        } else if (extract !== undefined) {
          // A message whose headers never came is extracted with what came: its PDU octets, its manifest.
          scanned.out ??= startExtraction(scanned)
          await finishExtraction(scanned)
        }
        else await show(scanned)
        return
      }
      case 'header': case 'carried':
        // Header fields come again, complete, in 'headers'; a message that is not MMS is not shown.
        return
    }
  }

  function startEml (files: EmlFiles, scanned: Scanned): EmlFile {
    return files.start(scanned.context.id, `${folderName(scanned)}.eml`)
  }

  function startExtraction (scanned: Scanned): Extraction {
    const dir = join((extract as { dir: string }).dir, folderName(scanned))
    const destination = new DirectoryDestination(dir, (extract as { force: boolean }).force, io)
    destinations.push(destination)
    const raw = new PassThrough()
    for (const piece of scanned.head) raw.write(piece)
    const out: Extraction = { destination, names: new Names(['pdu.mms']), files: [], writes: [], raw }
    out.writes.push(settled(destination.write('pdu.mms', raw)))
    return out
  }

  async function finishExtraction (scanned: Scanned): Promise<void> {
    const out = scanned.out as Extraction
    out.raw.end()
    await Promise.all(out.writes)
    const manifest = {
      context: contextJson(scanned.context),
      end: endJson(scanned.end as MmsEnd),
      message: messageJson(scanned.message),
      pdu: 'pdu.mms',
      parts: out.files,
      warnings: scanned.warnings.map(anyWarningJson),
    }
    await out.destination.write(MANIFEST, Readable.from([`${JSON.stringify(manifest, null, 2)}\n`]))
  }

  async function show (scanned: Scanned): Promise<void> {
    const options = inspect as { verbose: boolean, json: boolean, fields: string[] | undefined }
    if (options.json) {
      json.push({ context: contextJson(scanned.context), end: endJson(scanned.end as MmsEnd), message: messageJson(scanned.message), warnings: scanned.warnings.map(anyWarningJson) })
      return
    }
    if (options.fields !== undefined) {
      await print(io, `${options.fields.map((name) => lookup(scanned, name)).join('\t')}\n`)
      return
    }
    const lines = [summary(scanned)]
    if (options.verbose) {
      for (const line of treeText({ message: scanned.message, warnings: [], inputBytes: (scanned.end as MmsEnd).size })) lines.push(`    ${line}`)
    }
    for (const warning of scanned.warnings) lines.push(`    warning: ${scannedWarningText(warning)}`)
    if (scanned.end?.error !== undefined) lines.push(`    error: ${scanned.end.error.code} at offset ${scanned.end.error.offset}: ${scanned.end.error.message}`)
    await print(io, `${lines.join('\n')}\n`)
  }
}

/**
 * A file's write, awaited when its message ends: its failure is handled at once, since it also
 * destroys the stream the scan writes into, which fails the run where it next writes.
 */
function settled (write: Promise<void>): Promise<void> {
  write.catch(() => {})
  return write
}

/** A field's value for a message. */
function lookup (scanned: Scanned, name: string): string {
  const context = CONTEXT_FIELDS.get(name)
  if (context !== undefined) return context(scanned)
  // Names are checked where they are given (fieldsOption, parseFilter).
  return tsharkField(name, scanned.message.headerList as MmseHeader[], Buffer.concat(scanned.head)) as string
}

/** time, flow, transport, type, transaction id, from, to, subject, size. */
function summary (scanned: Scanned): string {
  const { context, message } = scanned
  const headers = message.headers
  const carrier = context.carrier
  const how = [context.path.join('/'), carrier.kind, carrier.status, carrier.uri].filter((x) => x !== undefined).join(' ')
  const from = headers.from === undefined ? '-' : readable(headers.from)
  const to = headers.to === undefined ? '-' : readable(headers.to)
  const subject = headers.subject === undefined ? '' : ` subject=${readable(headers.subject)}`
  const type = typeof headers.messageType === 'string' ? headers.messageType : '(no message type)'
  const end = scanned.end as MmsEnd
  const status = end.error !== undefined ? ` ${end.error.code}` : end.complete ? '' : ' (incomplete)'
  return `#${context.id} ${isoTime(context.time)} ${flow(context)} ${how} ${type} tid=${headers.transactionId ?? '-'} from=${from} to=${to}${subject} ${end.size} bytes${status}`
}

function flow (context: MmsContext): string {
  const end = (e: MmsContext['src']): string => e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`
  return `${end(context.src)} > ${end(context.dst)}`
}

function isoTime (ns: bigint): string {
  const ms = ns / 1_000_000n
  const date = new Date(Number(ms))
  return `${date.toISOString().slice(0, 19)}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`
}

function epoch (ns: bigint): string {
  return `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`
}

/** `<id>-<message type>-<transaction id>`, cleaned: one folder per message. */
function folderName (scanned: Scanned): string {
  const headers = scanned.message.headers
  const type = typeof headers.messageType === 'string' ? headers.messageType : 'mms'
  const tid = typeof headers.transactionId === 'string' ? sanitizeFilename(headers.transactionId) : undefined
  return [String(scanned.context.id).padStart(4, '0'), type, tid].filter((x) => x !== undefined && x !== '').join('-').slice(0, 200)
}

function contextJson (context: MmsContext): unknown {
  return { ...(toJson(context) as object), time: isoTime(context.time), transport: context.path.join('/') }
}

function endJson (end: MmsEnd): unknown {
  const { error, ...rest } = end
  return { ...rest, error: error === undefined ? null : { code: error.code, offset: error.offset, message: error.message } }
}

function anyWarningJson (warning: MmseWarning | CaptureWarning): unknown {
  return 'offset' in warning ? warningJson(warning) : { code: warning.code, message: warning.message, frame: warning.frame }
}
