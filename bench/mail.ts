/**
 * `node --import tsx bench/mail.ts [bytes]`: throughput and peak memory of `mmse convert` both
 * ways on one generated m-retrieve-conf (default 1 GiB in one part, plus a text part): the PDU
 * to .eml (MmseParser events through toMime, base64 out), then the .eml back to a PDU (fromMime,
 * the parts spooled, MmseEncoder). Each way runs the CLI as a child process of its own under
 * /usr/bin/time, whose maximum resident set size is that process's peak. Prints one JSON line
 * a direction; the parts of the round trip are checked by sha256.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { MmseParser, type MmsePart } from '../lib/index.js'
import { syntheticStream } from '../test/support/synthetic.js'

const size = Number(process.argv[2] ?? 2 ** 30)
const MAIN = fileURLToPath(new URL('../lib/cli/main.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'mmse-bench-mail-'))

/** sha256 of every part of a PDU, streamed. */
async function partDigests (file: string): Promise<string[]> {
  const digests: string[] = []
  const parser = new MmseParser()
  parser.on('part', (part: MmsePart) => {
    const hash = createHash('sha256')
    part.on('data', (chunk: Buffer) => hash.update(chunk))
    part.on('end', () => digests.push(hash.digest('hex')))
  })
  await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), parser)
  return digests
}

function convert (input: string, output: string): { seconds: number, peakMiB: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, '--import', 'tsx', MAIN, 'convert', input, '-o', output], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`convert ${input}: ${run.stderr}`)
  const [seconds, kib] = (run.stderr.trim().split('\n').at(-1) as string).split(' ').map(Number) as [number, number]
  return { seconds, peakMiB: Math.round(kib / 1024) }
}

try {
  const mms = join(dir, 'in.mms')
  await pipeline(syntheticStream([{ size, contentType: 'video/3gpp' }, { size: 1000, contentType: 'text/plain' }]), createWriteStream(mms))
  const eml = join(dir, 'out.eml')
  const back = join(dir, 'back.mms')
  const load = loadavg()[0]?.toFixed(1)
  for (const [from, to, direction] of [[mms, eml, 'mms->eml'], [eml, back, 'eml->mms']] as const) {
    const { seconds, peakMiB } = convert(from, to)
    const inBytes = statSync(from).size
    console.log(JSON.stringify({ direction, inBytes, outBytes: statSync(to).size, seconds, inMBps: Math.round(inBytes / 1e6 / seconds), peakRssMiB: peakMiB, load }))
  }
  const [before, after] = [await partDigests(mms), await partDigests(back)]
  console.log(JSON.stringify({ partsEqual: JSON.stringify(before) === JSON.stringify(after), parts: before.length }))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
