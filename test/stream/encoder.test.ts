// MmseEncoder: PDUs whose part bodies stream from Readables, with backpressure, the
// size-mismatch error, and a 256 MiB part through the encoder and the parser with bounded memory.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { decode } from '../../lib/index.js'
import { encode } from '../../lib/encode/encode.js'
import { MmseEncoder } from '../../lib/stream/encoder.js'
import { MmseParser } from '../../lib/index.js'
import type { MmsePart } from '../../lib/index.js'
import { partDigest, patternBlock } from '../support/synthetic.js'

const HEADERS = { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(1_600_000_000_000) } as const

async function collect (stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A Readable of `size` pattern bytes in blocks of `block`; `produced()` counts what it has handed out. */
function source (size: number, block = 64 * 1024, highWaterMark = 64 * 1024): { stream: Readable, produced: () => number } {
  const pattern = patternBlock(0).subarray(0, block)
  let produced = 0
  const stream = new Readable({
    highWaterMark,
    read () {
      if (produced >= size) {
        this.push(null)
        return
      }
      const n = Math.min(block, size - produced)
      produced += n
      this.push(pattern.subarray(0, n))
    },
  })
  return { stream, produced: () => produced }
}

t.test('parts from Readables, bytes and strings give the same PDU as encode()', async (t) => {
  const image = Buffer.from(patternBlock(1).subarray(0, 100_000))
  const parts = [
    { contentType: 'image/jpeg', headers: { 'content-id': '<i>' }, data: image },
    { contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, data: 'héllo' },
    { contentType: 'application/octet-stream', data: Uint8Array.of(1, 2, 3) },
    { contentType: 'text/plain', data: 'abc' },
  ]
  const expected = encode({ headers: { ...HEADERS, contentType: 'application/vnd.wap.multipart.related' }, parts })
  const encoder = new MmseEncoder({ ...HEADERS, contentType: 'application/vnd.wap.multipart.related' }, {
    parts: [
      { contentType: 'image/jpeg', headers: { 'content-id': '<i>' }, size: image.length, body: Readable.from([image.subarray(0, 1000), Buffer.alloc(0), image.subarray(1000)]) },
      { contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, body: 'héllo' },
      { contentType: 'application/octet-stream', body: Uint8Array.of(1, 2, 3) },
      { contentType: 'text/plain', size: 3, body: Readable.from(Buffer.from('abc')).setEncoding('utf8') },
    ],
  })
  const bytes = await collect(encoder)
  t.equal(bytes.toString('hex'), expected.toString('hex'), 'byte for byte')
  t.equal(decode(bytes).parts.length, 4)
})

t.test('defaults and single-part bodies', async (t) => {
  const mixed = decode(await collect(new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', body: 'x' }] })))
  t.equal(mixed.headers.contentType?.mediaType, 'application/vnd.wap.multipart.mixed', 'parts without a content type: multipart/mixed')
  const single = await collect(new MmseEncoder({ ...HEADERS, contentType: 'text/plain' }, { parts: [{ contentType: 'text/plain', body: Readable.from([Buffer.from('hi')]), size: 2 }] }))
  t.equal(single.toString('hex'), encode({ headers: { ...HEADERS, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'hi' }] }).toString('hex'), 'a single part is the body')
  const bodiless = await collect(new MmseEncoder({ messageType: 'm-acknowledge-ind', transactionId: 't', mmsVersion: '1.2' }))
  t.equal(bodiless.toString('hex'), '8c8598' + Buffer.from('t').toString('hex') + '008d92')
  t.throws(() => new MmseEncoder({ ...HEADERS, contentType: 'text/plain' }, { parts: [{ contentType: 'text/plain', body: 'a' }, { contentType: 'text/plain', body: 'b' }] }),
    { code: 'ERR_MMSE_BAD_INPUT', message: /holds one part, not 2/ })
  t.throws(() => new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', body: Readable.from([]) }] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'size' })
  t.throws(() => new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', body: 'x', size: -1 }] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'size' })
  t.throws(() => new MmseEncoder({ messageType: 'm-send-req' }), { code: 'ERR_MMSE_MISSING_FIELD' }, 'header errors at construction')
})

t.test('a body whose length differs from its size destroys the stream', async (t) => {
  const short = new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', size: 10, body: Readable.from([Buffer.from('abc')]) }] })
  await t.rejects(collect(short), { code: 'ERR_MMSE_SIZE_MISMATCH', message: /declared 10 bytes but its body has 3/ })
  const long = source(1000)
  const over = new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', size: 10, body: long.stream }] })
  await t.rejects(collect(over), { code: 'ERR_MMSE_SIZE_MISMATCH', message: /has more/ })
  t.ok(long.stream.destroyed, 'the source is released')
  await t.rejects(collect(new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', size: 4, body: 'abc' }] })), { code: 'ERR_MMSE_SIZE_MISMATCH' }, 'bytes too')
})

t.test('backpressure: the source is read only as fast as the consumer reads', async (t) => {
  const size = 16 * 1024 * 1024
  const src = source(size, 16 * 1024, 16 * 1024)
  const encoder = new MmseEncoder(HEADERS, { highWaterMark: 16 * 1024, parts: [{ contentType: 'application/octet-stream', size, body: src.stream }] })
  encoder.read(0)
  await sleep(50)
  const ahead = src.produced()
  t.comment(`with no consumer the source produced ${ahead} of ${size} bytes`)
  t.ok(ahead <= 128 * 1024, 'no more than the buffers hold')
  let total = 0
  for await (const chunk of encoder) {
    total += (chunk as Buffer).length
    // A slow consumer: the source may run ahead of it only by the buffers in between.
    if (total < 2 * 1024 * 1024) t.ok(src.produced() - total <= 160 * 1024 || src.produced() === size, 'bounded lead')
    if (total > 2 * 1024 * 1024) break
  }
  t.ok(src.stream.destroyed, 'destroying the encoder releases the source')
})

t.test('a 256 MiB streamed part through MmseEncoder and MmseParser, memory bounded', async (t) => {
  const size = 256 * 1024 * 1024
  const src = source(size)
  const encoder = new MmseEncoder({ ...HEADERS, contentType: 'application/vnd.wap.multipart.related' }, {
    parts: [
      { contentType: 'text/plain', body: 'first' },
      { contentType: 'application/octet-stream', headers: { 'content-id': '<big>' }, size, body: src.stream },
    ],
  })
  const parser = new MmseParser()
  const digests: string[] = []
  let pduBytes = 0
  encoder.on('data', (chunk: Buffer) => { pduBytes += chunk.length })
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
  const started = Date.now()
  const done = new Promise<void>((resolve, reject) => {
    parser.on('part', (part: MmsePart) => {
      const hash = createHash('sha256')
      part.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        peak = Math.max(peak, process.memoryUsage().rss)
      })
      part.on('end', () => digests.push(hash.digest('hex')))
    })
    parser.on('error', reject)
    encoder.on('error', reject)
    parser.on('finish', resolve)
  })
  encoder.pipe(parser)
  await done
  clearInterval(sampler)
  const seconds = (Date.now() - started) / 1000
  const growth = peak - before
  t.comment(`256 MiB part: PDU ${pduBytes} bytes in ${seconds.toFixed(2)} s (${(pduBytes / 1048576 / seconds).toFixed(0)} MiB/s); RSS before ${(before / 1048576).toFixed(1)} MiB, peak ${(peak / 1048576).toFixed(1)} MiB, growth ${(growth / 1048576).toFixed(1)} MiB`)
  t.equal(digests.length, 2)
  t.equal(digests[1], partDigest(0, size), 'the parser gets the part byte for byte')
  t.equal(pduBytes > size, true)
  t.ok(growth < 64 * 1024 * 1024, 'RSS growth under 64 MiB')
})
