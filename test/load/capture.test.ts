/**
 * Captures under load: fuzzed files (pcap and pcapng of HTTP, IPv6 fragments, several flows)
 * end in a result or an MmseError, the stream agreeing with the machine, never a crash or a
 * hang; the scan takes time linear in the packets, the flows and the size of a message; memory
 * stays flat whatever the size of a message streamed through it.
 */
import t from 'tap'
import { MmseError } from '../../lib/errors.js'
import { buildSendReq, CaptureScanner, encode } from '../../lib/index.js'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { conversation, ENDS, httpRequest, httpResponse, type Packet, packets, pcap, pcapng } from '../support/pcap.js'
import { scanSync } from '../support/capture.js'
import { mutate, prng, HANG_MS } from '../support/fuzz.js'
import { checkLinear } from '../support/scaling.js'
import { parseHead } from '../../lib/http/head.js'
import { within } from '../support/within.js'

const RUNS = Number(process.env['MMSE_FUZZ_RUNS'] ?? 2000)
const pdu = encode(buildSendReq({ to: '+15550002', subject: 'load', parts: [{ contentType: 'image/jpeg', data: Buffer.alloc(4000, 5) }, { contentType: 'text/plain', data: 'x' }] }))

function flows (count: number, mss: number, body = pdu): Packet[] {
  const out: Packet[] = []
  for (let i = 0; i < count; i++) {
    const ends = { ...ENDS, clientPort: 20000 + i }
    out.push(...packets(ends, conversation(ends, [{ request: httpRequest('POST', '/mms', body, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, body) }], mss)))
  }
  return out
}

/** Interleaves the packets of many flows, as concurrent connections are captured. */
function interleaved (count: number, mss: number): Packet[] {
  const each = Array.from({ length: count }, (_, i) => {
    const ends = { ...ENDS, clientPort: 20000 + i }
    return packets(ends, conversation(ends, [{ request: httpRequest('POST', '/mms', pdu, { 'Content-Type': 'application/vnd.wap.mms-message' }) }], mss))
  })
  const out: Packet[] = []
  for (let k = 0; each.some((list) => k < list.length); k++) for (const list of each) if (k < list.length) out.push(list[k] as Packet)
  return out
}

t.test('fuzzed captures: a result or an MmseError, the stream as the machine, never a hang', async (t) => {
  const seeds = [
    pcap(flows(2, 700)),
    pcapng([{ interfaces: [{ linkType: 1, tsresol: 9 }], blocks: flows(1, 500).map((packet) => ({ type: 'packet' as const, packet })) }]),
    pcap(interleaved(3, 300), { little: false, nano: true }),
  ]
  const rnd = prng(0xcafe)
  let errors = 0
  for (let run = 0; run < RUNS; run++) {
    const seed = seeds[run % seeds.length] as Uint8Array
    const { bytes } = mutate(seed, rnd, seeds[(run + 1) % seeds.length] as Uint8Array)
    const started = performance.now()
    const whole = scanSync(bytes)
    if (performance.now() - started > HANG_MS) t.fail(`run ${run}: ${(performance.now() - started).toFixed(0)} ms`)
    if (whole.at(-1)?.type === 'error') errors++
    if (run % 50 === 0) {
      const cut = 1 + Math.floor(rnd() * Math.max(1, bytes.length - 1))
      t.strictSame(scanSync(bytes, [cut, bytes.length - cut]), whole, `run ${run}: two chunks`)
    }
  }
  t.pass(`${RUNS} mutated captures, ${errors} ended in an MmseError, none in anything else`)
})

t.test('the stream over a fuzzed capture settles', async (t) => {
  const rnd = prng(7)
  const seed = pcap(flows(2, 400))
  for (let run = 0; run < 100; run++) {
    const { bytes } = mutate(seed, rnd, seed)
    const scanner = new CaptureScanner()
    const fed = pipeline(Readable.from([Buffer.from(bytes)]), scanner).catch((err: unknown) => {
      if (!(err instanceof MmseError)) throw err
    })
    await within((async () => {
      try {
        for await (const _ of scanner) { /* drained */ }
      } catch (err) {
        if (!(err instanceof MmseError)) throw err
      }
      await fed
    })(), HANG_MS * 5, `stream run ${run}`)
  }
  t.pass('100 streamed')
})

t.test('linear time', async (t) => {
  const packetsSmall = pcap(flows(16, 200))
  const packetsLarge = pcap(flows(256, 200))
  await checkLinear(t, 'packets and flows one after the other', packetsSmall, packetsLarge, async (file) => { scanSync(file) })
  await checkLinear(t, 'concurrent flows', pcap(interleaved(40, 300)), pcap(interleaved(640, 300)), async (file) => { scanSync(file) })
  const big = (size: number): Uint8Array => pcap(flows(1, 1400, encode(buildSendReq({ to: '+1', parts: [{ contentType: 'image/jpeg', data: Buffer.alloc(size, 1) }] }))))
  await checkLinear(t, 'one large message', big(300_000), big(4_800_000), async (file) => { scanSync(file) })
  // Header lines ending in a bare LF: nothing about a line may be looked for past its end.
  const head = (lines: number): Uint8Array => Buffer.from(`HTTP/1.1 200 OK\n${'a:b\n'.repeat(lines)}`, 'latin1')
  await checkLinear(t, 'an HTTP head of many LF-only lines', head(4000), head(64_000), async (octets) => { parseHead(octets) })
  await checkLinear(t, 'out of order: every other segment late', pcap(reversedPairs(flows(8, 100))), pcap(reversedPairs(flows(128, 100))), async (file) => { scanSync(file) })
})

/** Swaps each pair of packets: half the segments wait for the one before them. */
function reversedPairs (list: Packet[]): Packet[] {
  const out = [...list]
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1] as Packet, out[i] as Packet]
  return out
}
