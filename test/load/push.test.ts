/**
 * Push reassembly and PAP responses under hostile volume: PushAssembler holds about `maxBytes`
 * alive however large the buffers its segments are views of (3GPP TS 23.040 §9.2.3.24.1
 * segments arrive as slices of socket reads), and a flood of originators costs linear time;
 * parsePapResponse (WAP-247-PAP §9) refuses what is over its bound without reading it and reads
 * what is under in linear time.
 */
import t from 'tap'
import { ASSEMBLER_DEFAULTS, PAP_RESPONSE_MAX_BYTES, parsePapResponse, PushAssembler } from '../../lib/index.js'
import { liveBytes } from '../support/memory.js'
import { checkLinear } from '../support/scaling.js'

const MiB = 1024 * 1024

/** Segment `sequence` of `total` (8-bit reference), UDH and payload in 140 octets, at offset 100 of a 64 KiB buffer. */
function viewOfLargeBuffer (reference: number, total: number, sequence: number): Uint8Array {
  const buffer = new Uint8Array(64 * 1024)
  buffer.set([0x05, 0x00, 0x03, reference, total, sequence], 100)
  return buffer.subarray(100, 240)
}

t.test('64 x 254 segments, each a 140-octet view of a 64 KiB buffer: about maxBytes alive, not 1 GiB', async t => {
  const before = await liveBytes()
  const assembler = new PushAssembler()
  for (let message = 0; message < 64; message++) {
    for (let sequence = 1; sequence <= 254; sequence++) assembler.add(viewOfLargeBuffer(message, 255, sequence), `+1555000${message}`)
  }
  const alive = await liveBytes() - before
  t.ok(assembler.retainedBytes <= ASSEMBLER_DEFAULTS.maxBytes, `${assembler.retainedBytes} octets counted`)
  // The octets counted and the few objects around them: buffers of the messages, their offsets.
  t.ok(alive < ASSEMBLER_DEFAULTS.maxBytes + MiB, `${(alive / MiB).toFixed(2)} MiB alive for ${(64 * 254 * 64 * 1024 / MiB).toFixed(0)} MiB of buffers handed in`)
  t.ok(assembler.pendingMessages().length > 32, 'most messages still pending')
})

t.test('a flood of first segments from ever new originators: linear time', async t => {
  const flood = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => Uint8Array.from([0x05, 0x00, 0x03, i & 0xff, 2, 1, 0x61]))
  // maxPending grows with the flood, so a drop that looked at every originator would be quadratic.
  const run = async (segments: Uint8Array[]): Promise<void> => {
    const assembler = new PushAssembler({ maxPending: segments.length / 4 })
    for (const [i, segment] of segments.entries()) assembler.add(segment, `o${i}`)
  }
  await checkLinear(t, 'first segments of new originators', flood(4_000), flood(64_000), run)
})

t.test('parsePapResponse: an 8 MB attribute is refused unread, in no time and no memory', async t => {
  const huge = `<pap><badmessage-response code="2000" desc="${'x'.repeat(8 * MiB)}"/></pap>`
  const before = process.memoryUsage().heapUsed
  const started = performance.now()
  let offset = -1
  try {
    parsePapResponse(huge)
  } catch (err) {
    offset = (err as { offset: number }).offset
  }
  const ms = performance.now() - started
  t.equal(offset, PAP_RESPONSE_MAX_BYTES)
  t.ok(ms < 1000, `${ms.toFixed(2)} ms (reading it took seconds)`)
  t.ok(process.memoryUsage().heapUsed - before < MiB, 'no copy of the input')
})

t.test('parsePapResponse: linear time in the size of an attribute, the bound raised', async t => {
  const response = (n: number): string => `<pap><badmessage-response code="2000" desc="${'x&amp;'.repeat(n)}"/></pap>`
  const options = { maxBytes: 64 * MiB }
  await checkLinear(t, 'an attribute of text and references', response(10_000), response(160_000), async xml => { parsePapResponse(xml, options) })
})
