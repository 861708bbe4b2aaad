/**
 * Bounded memory: a 256 MiB m-retrieve-conf, generated as a stream and never held whole,
 * flows through the parser into a slow sink, every byte checked. What the parser holds is
 * measured as what stays alive after full collections, at eight points in the stream; the
 * RSS peak, which also counts garbage not yet collected, has a looser bound.
 */
import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { MmseParser, type MmsePart } from '../../lib/index.js'
import { liveBytes } from '../support/memory.js'
import { partDigest, syntheticSize, syntheticStream } from '../support/synthetic.js'

const MiB = 1024 * 1024
/** Live heap and buffers may grow by this much: chunks in flight and stream buffers, not the message. */
const LIVE_BOUND = 16 * MiB
/** The RSS peak may grow by this much: half the message, so a parser holding it would pass neither bound. */
const RSS_BOUND = 128 * MiB
/** Writes of 64 KiB between two measurements of what is alive: every 32 MiB. */
const MEASURE_EVERY = 512

t.test('256 MiB through the parser into a slow sink', async t => {
  const parts = [{ size: 200 * MiB, contentType: 'video/3gpp' }, { size: 1000, contentType: 'text/plain' }, { size: 56 * MiB - 1000, contentType: 'image/jpeg' }]
  const total = syntheticSize(parts)
  const liveBefore = await liveBytes()
  let livePeak = liveBefore
  let measured = 0
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
        if (++writes % MEASURE_EVERY === 0) {
          void liveBytes().then(live => {
            livePeak = Math.max(livePeak, live)
            measured++
            callback()
          })
        } else if (writes % 32 === 0) {
          // A slow consumer: every 32nd write waits a millisecond.
          setTimeout(callback, 1)
        } else {
          setImmediate(callback)
        }
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
  const live = (livePeak - liveBefore) / MiB
  const rss = (peak - before) / MiB
  t.same(digests, parts.map((part, i) => partDigest(i, part.size)), 'every part byte-exact')
  t.ok(measured >= 7, `live memory measured ${measured} times while streaming`)
  t.ok(livePeak - liveBefore < LIVE_BOUND, `live heap and buffers grew by ${live.toFixed(1)} MiB < ${LIVE_BOUND / MiB} MiB`)
  t.ok(peak - before < RSS_BOUND, `RSS peak grew by ${rss.toFixed(1)} MiB < ${RSS_BOUND / MiB} MiB`)
  t.comment(`256 MiB message (${total} bytes): ${seconds.toFixed(2)} s, ${(total / MiB / seconds).toFixed(0)} MiB/s, live growth ${live.toFixed(1)} MiB, peak RSS growth ${rss.toFixed(1)} MiB`)
})
