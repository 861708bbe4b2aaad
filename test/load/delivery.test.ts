/**
 * Delivery under load: a 1 GiB synthetic
 * m-retrieve-conf (test/support/synthetic.ts) streamed through MmseParser to a consumer that
 * pauses at random. Every byte must arrive exactly once and in order (the SHA-256 of each part
 * equals partDigest) while resident memory grows by less than 64 MiB. Runs only with
 * MMSE_SLOW=1; MMSE_DELIVERY_MIB changes the size (default 1024).
 */
import { createHash } from 'node:crypto'
import t from 'tap'
import { MmseParser } from '../../lib/index.js'
import type { MmsePart } from '../../lib/index.js'
import { prng } from '../support/fuzz.js'
import { partDigest, type SyntheticPart, syntheticSize, syntheticStream } from '../support/synthetic.js'

const MIB = 2 ** 20
const TOTAL_MIB = Number(process.env['MMSE_DELIVERY_MIB'] ?? 1024)
const RSS_GROWTH = 64 * MIB

t.test('1 GiB through MmseParser with a randomly pausing consumer', { skip: process.env['MMSE_SLOW'] === '1' ? false : 'set MMSE_SLOW=1 to run' }, async (t) => {
  // Eight parts of unequal sizes (one tiny, one empty) adding up to the total.
  const unit = Math.floor(TOTAL_MIB * MIB / 8)
  const parts: SyntheticPart[] = [
    { size: unit * 2 - 1000 }, { size: 7 }, { size: unit + 12345 }, { size: 0 }, { size: unit * 2 },
    { size: unit - 12345 + 993 }, { size: unit, contentType: 'image/jpeg' }, { size: unit },
  ]
  const size = syntheticSize(parts)
  const rnd = prng(42)
  const rss0 = process.memoryUsage().rss
  let peak = rss0
  let pauses = 0
  const seen: Array<{ index: number, bytes: number, digest: string }> = []
  const started = performance.now()
  const parser = new MmseParser()
  await new Promise<void>((resolve, reject) => {
    parser.on('part', (part: MmsePart) => {
      const hash = createHash('sha256')
      let bytes = 0
      part.on('data', (data: Buffer) => {
        hash.update(data)
        bytes += data.length
        // One chunk in 200: stop reading for 0-20 ms (the parser must hold its writes meanwhile).
        if (rnd() < 0.005) {
          pauses++
          part.pause()
          setTimeout(() => part.resume(), Math.floor(rnd() * 20))
        }
        if ((bytes & (16 * MIB - 1)) < data.length) peak = Math.max(peak, process.memoryUsage().rss)
      })
      part.on('end', () => seen.push({ index: part.index, bytes, digest: hash.digest('hex') }))
    })
    parser.on('error', reject)
    parser.on('finish', resolve)
    syntheticStream(parts).pipe(parser)
  })
  const seconds = (performance.now() - started) / 1000
  peak = Math.max(peak, process.memoryUsage().rss)
  t.comment(`${(size / MIB).toFixed(0)} MiB in ${seconds.toFixed(1)} s (${(size / MIB / seconds).toFixed(0)} MiB/s), ${pauses} pauses; ` +
    `rss ${(rss0 / MIB).toFixed(0)} -> peak ${(peak / MIB).toFixed(0)} MiB (+${((peak - rss0) / MIB).toFixed(1)} MiB)`)
  t.same(seen.map((s) => s.index), parts.map((_, i) => i), 'every part, in order')
  for (const [i, part] of parts.entries()) {
    t.equal(seen[i]?.bytes, part.size, `part ${i}: ${part.size} bytes`)
    t.equal(seen[i]?.digest, partDigest(i, part.size), `part ${i}: sha256 matches`)
  }
  t.ok(peak - rss0 < RSS_GROWTH, `rss growth under 64 MiB (+${((peak - rss0) / MIB).toFixed(1)} MiB)`)
})
