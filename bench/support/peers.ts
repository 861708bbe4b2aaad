/**
 * The peer parsers of the throughput benchmark, each reading its own container of the same part payloads and
 * draining every part into its own sink, the way their documentation says to: tar-stream
 * (length-framed, like MMSE; `next()` once an entry's stream has ended), busboy,
 * @fastify/busboy and dicer (multipart/form-data; they scan for the boundary). Where a peer
 * lets its buffers be set, they get mmse's defaults: 64 KiB on the writable side and per part.
 */
import type { Readable, Writable, WritableOptions } from 'node:stream'
import { Busboy as FastifyBusboy } from '@fastify/busboy'
import busboy from 'busboy'
import Dicer from 'dicer'
import tar from 'tar-stream'
import { Completion } from './completion.js'
import { FORM_BOUNDARY, FORM_CONTENT_TYPE } from './form-data.js'
import type { SinkFactory } from './sinks.js'
import { STREAM_HIGH_WATER_MARK } from './source.js'

const HEADERS = { 'content-type': FORM_CONTENT_TYPE }

export function viaTarStream (source: Readable, sinks: SinkFactory): Promise<number> {
  const completion = new Completion()
  const extract = tar.extract({ highWaterMark: STREAM_HIGH_WATER_MARK })
  extract.on('entry', (_header, entry, next) => {
    entry.on('end', () => { next() })
    entry.pipe(completion.sink(sinks))
  })
  // streamx's Writable speaks the protocol Readable.pipe() uses (write, end, 'drain', 'finish'); its types are not node:stream's.
  source.pipe(completion.watch(extract as unknown as Writable))
  return completion.done
}

export function viaBusboy (source: Readable, sinks: SinkFactory): Promise<number> {
  const completion = new Completion()
  const parser = completion.watch(busboy({ headers: HEADERS, highWaterMark: STREAM_HIGH_WATER_MARK, fileHwm: STREAM_HIGH_WATER_MARK }))
  parser.on('file', (_name, file) => { file.pipe(completion.sink(sinks)) })
  source.pipe(parser)
  return completion.done
}

export function viaFastifyBusboy (source: Readable, sinks: SinkFactory): Promise<number> {
  const completion = new Completion()
  const parser = completion.watch(new FastifyBusboy({ headers: HEADERS, highWaterMark: STREAM_HIGH_WATER_MARK, fileHwm: STREAM_HIGH_WATER_MARK }))
  parser.on('file', (_name, file) => { file.pipe(completion.sink(sinks)) })
  source.pipe(parser)
  return completion.done
}

export function viaDicer (source: Readable, sinks: SinkFactory): Promise<number> {
  const completion = new Completion()
  // Dicer hands its config to Writable and reads partHwm; its type declarations know neither.
  const config: Dicer.Config & WritableOptions & { partHwm: number } = { boundary: FORM_BOUNDARY, highWaterMark: STREAM_HIGH_WATER_MARK, partHwm: STREAM_HIGH_WATER_MARK }
  const parser = completion.watch(new Dicer(config))
  parser.on('part', part => { part.pipe(completion.sink(sinks)) })
  source.pipe(parser)
  return completion.done
}
