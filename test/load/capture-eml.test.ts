/**
 * Bounded memory for `mmse extract <capture> --eml`: a capture holding a 20 MiB m-retrieve-conf
 * goes through the CLI (in process) into a .eml, its input fed in 1 MiB pieces. What is alive
 * after full collections is measured between pieces, while the message streams; a conversion
 * that held the message (or its mail) would grow by 20 MiB at least.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import t from 'tap'
import { buildRetrieveConf, encode } from '../../lib/index.js'
import { mmse } from '../support/cli.js'
import { readMail } from '../support/mail.js'
import { liveBytes } from '../support/memory.js'
import { conversation, ENDS, httpRequest, httpResponse, packets, pcap } from '../support/pcap.js'

const MiB = 1024 * 1024
const SIZE = 20 * MiB
/** Live heap and buffers may grow by this much: stream buffers and chunks in flight, not the message. */
const LIVE_BOUND = 8 * MiB

/** The capture: a GET and its 200 with the message; nothing else of its making stays alive. */
function capture (): { bytes: Uint8Array, digest: string } {
  const video = Buffer.alloc(SIZE)
  for (let i = 0; i < SIZE; i += 4) video.writeUInt32LE((i * 2654435761) >>> 0, i)
  const pdu = encode(buildRetrieveConf({ from: '+15550001/TYPE=PLMN', subject: 'large', parts: [{ contentType: 'video/3gpp', data: video, name: 'clip.3gp' }] }))
  const bytes = pcap(packets(ENDS, conversation(ENDS, [{ request: httpRequest('GET', '/m', new Uint8Array(0)), response: httpResponse(200, pdu) }])))
  return { bytes, digest: createHash('sha256').update(video).digest('hex') }
}

t.test('a 20 MiB MMS in a capture to a .eml in bounded memory', async (t) => {
  const { bytes, digest } = capture()
  const liveBefore = await liveBytes()
  let livePeak = liveBefore
  let measured = 0
  async function * pieces (): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += MiB) {
      yield bytes.subarray(at, at + MiB)
      livePeak = Math.max(livePeak, await liveBytes())
      measured++
    }
  }
  const dir = t.testdir({})
  const started = process.hrtime.bigint()
  const run = await mmse(['extract', '-', '--eml', '-o', dir], { stdinStream: Readable.from(pieces()) })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  t.equal(run.code, 0, run.err)
  const [file] = readdirSync(dir)
  const mail = await readMail(readFileSync(join(dir, file as string)))
  t.equal(createHash('sha256').update(mail.parts[0]?.data as Buffer).digest('hex'), digest, 'the part, octet for octet')
  const live = (livePeak - liveBefore) / MiB
  t.ok(measured >= 20, `live memory measured ${measured} times while streaming`)
  t.ok(livePeak - liveBefore < LIVE_BOUND, `live heap and buffers grew by ${live.toFixed(1)} MiB < ${LIVE_BOUND / MiB} MiB`)
  t.comment(`20 MiB MMS in a ${(bytes.length / MiB).toFixed(1)} MiB capture to .eml: ${seconds.toFixed(2)} s (with a full GC per MiB), live growth ${live.toFixed(1)} MiB`)
})
