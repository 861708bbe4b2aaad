/**
 * Bounded memory: a 256 MiB m-retrieve-conf, generated as a stream and never held whole,
 * flows through the parser into a slow sink with RSS growth under 64 MiB, every byte checked.
 */
import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { MmseParser, type MmsePart } from '../lib/index.js'
import { partDigest, syntheticSize, syntheticStream } from './support/synthetic.js'

const MiB = 1024 * 1024

t.test('256 MiB through the parser into a slow sink', async t => {
  const parts = [{ size: 200 * MiB, contentType: 'video/3gpp' }, { size: 1000, contentType: 'text/plain' }, { size: 56 * MiB - 1000, contentType: 'image/jpeg' }]
  const total = syntheticSize(parts)
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
  const digests: string[] = []
  const pipes: Promise<void>[] = []
  const parser = new MmseParser()
  let writes = 0
  parser.on('part', (part: MmsePart) => {
    const hash = createHash('sha256')
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write (piece: Buffer, _encoding, callback) {
        hash.update(piece)
        // A slow consumer: every 32nd write waits a millisecond.
        if (++writes % 32 === 0) setTimeout(callback, 1)
        else setImmediate(callback)
      },
    })
    pipes.push(pipeline(part, slow).then(() => { digests[part.index] = hash.digest('hex') }))
  })
  const started = process.hrtime.bigint()
  await pipeline(syntheticStream(parts, 64 * 1024), parser)
  await Promise.all(pipes)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const growth = (peak - before) / MiB
  t.same(digests, parts.map((part, i) => partDigest(i, part.size)), 'every part byte-exact')
  t.ok(growth < 64, `RSS growth ${growth.toFixed(1)} MiB < 64 MiB`)
  t.comment(`256 MiB message (${total} bytes): ${seconds.toFixed(2)} s, ${(total / MiB / seconds).toFixed(0)} MiB/s, peak RSS growth ${growth.toFixed(1)} MiB`)
})
