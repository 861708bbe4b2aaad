/**
 * Chunking invariance (a structure cut by a chunk boundary is re-decoded once more bytes
 * arrive): every distinct corpus file, split at every offset into
 * two chunks and at 1,000 random multi-splits, gives the same events as the whole buffer.
 *
 * Runs the Machine of lib/decode/machine.ts directly with a recording sink (no stream overhead). Part
 * data are checked without hashing: the machine forwards subarrays of the input chunks, and the
 * chunks are subarrays of one buffer, so each write is located by its byteOffset and must
 * continue the part exactly; a write from the carry-over buffer (a part starting just after a
 * cut structure) is compared byte for byte. Files above 16 KiB are sampled (every offset in
 * their first 1 KiB, where the headers and first entry heads are, plus 200 random ones, and 100
 * random multi-splits instead of 1,000) unless MMSE_SLOW=1, which runs every offset.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { MmseError } from '../../lib/errors.js'
import { Machine } from '../../lib/decode/machine.js'
import { DELIVER, FINISH } from '../../lib/decode/sink.js'
import { resolveOptions } from '../../lib/options.js'
import { prng, stable } from '../support/fuzz.js'

const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname
const SLOW = process.env['MMSE_SLOW'] === '1'
const SAMPLE_ABOVE = 16 * 1024
/** Offsets cut at in every sampled file: all of its first HEAD_OFFSETS, then RANDOM_OFFSETS more. */
const HEAD_OFFSETS = 1024
const RANDOM_OFFSETS = 200
const OPTIONS = resolveOptions({ decodeTransferEncoding: false })

function files (dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? name === '_expected_parts' ? [] : files(path) : [path]
  })
}

/** Distinct corpus files (by sha256), whatever their first octet: non-MMSE ones must fail alike too. */
function corpus (): Array<{ name: string, bytes: Uint8Array }> {
  if (!existsSync(CORPUS)) return []
  const seen = new Set<string>()
  return files(CORPUS).flatMap((path) => {
    const bytes = new Uint8Array(readFileSync(path))
    const digest = createHash('sha256').update(bytes).digest('hex')
    if (seen.has(digest)) return []
    seen.add(digest)
    return [{ name: path.slice(CORPUS.length), bytes }]
  })
}

/**
 * Runs the machine over `chunks` (subarrays of `whole`) and returns its event log. Part data
 * become one `data <start>+<length>` entry per part when they cover the input contiguously;
 * anything else (a gap, an overlap, a wrong byte) shows up as a different log.
 */
function events (whole: Uint8Array, chunks: Uint8Array[]): string[] {
  const log: string[] = []
  const machine = new Machine(OPTIONS, {
    header (header, path) { log.push(`header ${path.join('.')} ${stable(header)}`) },
    headers (head) { log.push(`headers ${head.path.join('.')} ${head.headerList.length}`) },
    warning (warning) { log.push(`warning ${warning.code} ${warning.offset}`) },
    nested (info) { log.push(`nested ${stable(info)}`) },
    part (info) {
      log.push(`part ${stable(info)}`)
      const start = info.offset
      let next = start
      let broken = ''
      return {
        [DELIVER] (data) {
          const at = data.buffer === whole.buffer ? data.byteOffset - whole.byteOffset : -1
          if (at === next || (at === -1 && Buffer.compare(data, whole.subarray(next, next + data.length)) === 0)) next += data.length
          else broken ||= ` broken at ${next} (write of ${data.length} from ${at})`
          return true
        },
        [FINISH] () { log.push(`data ${start}+${next - start}${broken}`) },
      }
    },
  })
  try {
    for (const chunk of chunks) machine.write(chunk)
    machine.end()
    log.push('end')
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    log.push(`error ${err.code} ${err.offset}`)
  }
  return log
}

const split = (bytes: Uint8Array, cuts: number[]): Uint8Array[] =>
  [0, ...cuts, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1] as number, end))

const inputs = corpus()
if (inputs.length === 0) {
  t.comment(`corpus not found at ${CORPUS}: nothing to split`)
  t.skip('corpus not present', () => {})
} else {
  t.test('every split gives the events of the whole buffer', async (t) => {
    const rnd = prng(0x5117)
    let twoWay = 0
    let multi = 0
    let sampled = 0
    const failures: string[] = []
    const started = performance.now()
    for (const { name, bytes } of inputs) {
      const reference = events(bytes, [bytes])
      const same = (log: string[], how: string): void => {
        if (log.length !== reference.length || log.some((line, i) => line !== reference[i])) {
          const i = log.findIndex((line, j) => line !== reference[j])
          failures.push(`${name} ${how}: event ${i}: ${String(log[i]).slice(0, 200)} != ${String(reference[i]).slice(0, 200)}`)
        }
      }
      // Two chunks, cut at every offset (sampled above SAMPLE_ABOVE unless MMSE_SLOW=1).
      let offsets = Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)
      if (!SLOW && bytes.length > SAMPLE_ABOVE) {
        offsets = [...offsets.slice(0, HEAD_OFFSETS), ...Array.from({ length: RANDOM_OFFSETS }, () => 1 + Math.floor(rnd() * (bytes.length - 1)))]
        sampled++
      }
      for (const cut of offsets) {
        same(events(bytes, split(bytes, [cut])), `cut at ${cut}`)
        twoWay++
      }
      // 1,000 random multi-splits (100 in a sampled file): 2 to 32 cuts, or (one in ten) 64 to 255.
      const splits = !SLOW && bytes.length > SAMPLE_ABOVE ? 100 : 1000
      for (let k = 0; k < splits; k++) {
        const count = rnd() < 0.1 ? 64 + Math.floor(rnd() * 192) : 2 + Math.floor(rnd() * 31)
        const cuts = [...new Set(Array.from({ length: count }, () => 1 + Math.floor(rnd() * Math.max(1, bytes.length - 1))))]
          .filter((c) => c < bytes.length).sort((a, b) => a - b)
        same(events(bytes, split(bytes, cuts)), `cuts ${cuts.length > 8 ? `${cuts.length} cuts` : cuts.join(',')}`)
        multi++
      }
    }
    const ms = performance.now() - started
    t.comment(`${inputs.length} distinct files (${inputs.reduce((n, i) => n + i.bytes.length, 0)} bytes): ${twoWay} two-chunk splits, ${multi} multi-splits in ${(ms / 1000).toFixed(1)} s` +
      (SLOW ? ' (every offset)' : `; ${sampled} files above ${SAMPLE_ABOVE / 1024} KiB sampled (first 1 KiB + 200 random offsets, 100 multi-splits; MMSE_SLOW=1 for every offset)`))
    t.same(failures.slice(0, 20), [], `no split changes the events (${failures.length} differences)`)
  })
}

t.test('the recorder detects a broken delivery', async (t) => {
  // A part delivered from the wrong place must not pass as identical: the check can fail.
  const whole = Uint8Array.from([0x8c, 0x84, 0x84, 0x83, 0x41, 0x42, 0x43])
  const reference = events(whole, [whole])
  t.match(reference.join('\n'), /data 4\+3$/m)
  const other = Uint8Array.from(whole)
  other[5] = 0x58
  t.not(events(whole, [other.subarray(0, 5), other.subarray(5)]).join('\n'), reference.join('\n'))
})
