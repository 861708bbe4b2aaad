/**
 * SMS segmentation of a push (3GPP TS 23.040 §9.2.3.24): encodeUserDataHeader's layouts, the
 * 140-octet bound, the 255-segment limit, and PushAssembler as the inverse of segmentPush over
 * every size from 1 octet to the largest that 255 segments carry, with 8- and 16-bit ports and
 * references, any arrival order (seeded shuffles) and resent segments.
 */
import fc from 'fast-check'
import t from 'tap'
import { encodeUserDataHeader, parseUserData, PushAssembler, segmentPush, type SegmentOptions } from '../../../lib/index.js'
import { refusal } from '../../support/thrown.js'
import { prng } from '../../support/transcript.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

t.test('encodeUserDataHeader: UDHL, ports (0x05 / 0x04), then concatenation (0x00 / 0x08)', async t => {
  t.equal(hex(encodeUserDataHeader({})), '00', 'no elements: UDHL 0')
  t.equal(hex(encodeUserDataHeader({ ports: { destination: 2948, source: 9200, bits: 16 } })), '0605040b8423f0')
  t.equal(hex(encodeUserDataHeader({ ports: { destination: 0xf5, source: 0xf6, bits: 8 } })), '040402f5f6')
  t.equal(hex(encodeUserDataHeader({ concat: { reference: 0x2a, total: 3, sequence: 2, bits: 8 } })), '0500032a0302')
  t.equal(hex(encodeUserDataHeader({
    ports: { destination: 2948, source: 9200, bits: 16 }, concat: { reference: 0xbeef, total: 255, sequence: 255, bits: 16 },
  })), '0c05040b8423f00804beefffff', 'the largest header: 13 octets')
  for (const header of [
    { ports: { destination: 2948, source: 9200, bits: 16 as const } },
    { ports: { destination: 0, source: 255, bits: 8 as const }, concat: { reference: 255, total: 1, sequence: 1, bits: 8 as const } },
    { concat: { reference: 0xffff, total: 7, sequence: 7, bits: 16 as const } },
  ]) {
    const parsed = parseUserData(Buffer.concat([encodeUserDataHeader(header), Buffer.from('payload')]))
    t.same({ ports: parsed.header.ports, concat: parsed.header.concat }, { ports: header.ports, concat: header.concat }, 'parseUserData reads it back')
    t.equal(Buffer.from(parsed.payload).toString(), 'payload')
  }
})

t.test('encodeUserDataHeader refuses what the elements cannot hold', async t => {
  const bad = (header: unknown) => refusal(() => encodeUserDataHeader(header as Parameters<typeof encodeUserDataHeader>[0]), 'limit')
  const input = { code: 'ERR_MMSE_BAD_INPUT', offset: 0 }
  t.same(bad({ ports: { destination: 2948, source: 9200, bits: 8 } }), input, '2948 in 8 bits')
  t.same(bad({ ports: { destination: 65536, source: 9200, bits: 16 } }), input)
  t.same(bad({ ports: { destination: 1, source: -1, bits: 16 } }), input)
  t.same(bad({ ports: { destination: 1, source: 2, bits: 12 } }), input, 'bits 12')
  t.same(bad({ concat: { reference: 256, total: 2, sequence: 1, bits: 8 } }), input)
  t.same(bad({ concat: { reference: 1.5, total: 2, sequence: 1, bits: 16 } }), input)
  t.same(bad({ concat: { reference: 1, total: 0, sequence: 1, bits: 8 } }), input, 'total 0')
  t.same(bad({ concat: { reference: 1, total: 256, sequence: 1, bits: 8 } }), input, 'total 256')
  t.same(bad({ concat: { reference: 1, total: 2, sequence: 0, bits: 8 } }), input, 'sequence 0')
  t.same(bad({ concat: { reference: 1, total: 2, sequence: 3, bits: 8 } }), input, 'sequence past total')
  t.same(bad({ concat: { reference: 1, total: 2, sequence: 1, bits: 32 } }), input, 'reference bits 32')
})

t.test('segmentPush: one segment without concatenation, then 140-octet segments', async t => {
  const fits = Buffer.alloc(133, 0x61)
  const one = segmentPush(fits)
  t.equal(one.length, 1)
  t.equal((one[0] as Uint8Array).length, 140, '7 octets of UDH and 133 of push: exactly 140')
  t.equal(hex((one[0] as Uint8Array).subarray(0, 7)), '0605040b8423f0', 'ports only: 9200 -> 2948, 16-bit')
  t.equal(parseUserData(one[0] as Uint8Array).header.concat, undefined)
  const two = segmentPush(Buffer.alloc(134, 0x62), { reference: 0x42 })
  t.same(two.map(s => s.length), [140, 12 + 6], 'one octet more: two segments, 128 octets of push in the first')
  t.same(two.map(s => hex(s.subarray(0, 12))), ['0b05040b8423f00003420201', '0b05040b8423f00003420202'])
  const small = segmentPush(Buffer.alloc(200), { ports: { bits: 8, destination: 0xf5, source: 0xf6 }, reference: 0x1234, referenceBits: 16 })
  t.same(small.map(s => hex(s.subarray(0, 11))), ['0a0402f5f6080412340201', '0a0402f5f6080412340202'], '8-bit ports, 16-bit reference')
  t.same(small.map(s => s.length), [140, 11 + 200 - 129])
  t.equal(segmentPush(new Uint8Array(0)).length, 1, 'an empty push is one segment of UDH alone')
  t.equal(hex(segmentPush(Buffer.from([1]), { ports: { destination: 2949 } })[0] as Uint8Array), '0605040b8523f001', 'a partial ports option keeps the other defaults')
})

t.test('segmentPush: references count up when none is given', async t => {
  const reference = (options: SegmentOptions = {}) => parseUserData(segmentPush(Buffer.alloc(300), options)[0] as Uint8Array).header.concat?.reference
  const a = reference()
  const b = reference()
  t.not(a, b, 'two pushes in a row differ')
  t.ok((reference({ referenceBits: 16 }) as number) <= 0xffff)
})

t.test('segmentPush: 255 segments at most, refused beyond with the offset of the first octet left over', async t => {
  const room = 140 - 12
  t.equal(segmentPush(Buffer.alloc(255 * room), { reference: 1 }).length, 255)
  t.same(refusal(() => segmentPush(Buffer.alloc(255 * room + 1)), 'limit'), { code: 'ERR_MMSE_BAD_INPUT', offset: 255 * room, limit: 255 })
  const wide = 140 - 13
  t.equal(segmentPush(Buffer.alloc(255 * wide), { referenceBits: 16 }).length, 255)
  t.same(refusal(() => segmentPush(Buffer.alloc(255 * wide + 1), { referenceBits: 16 }), 'limit'), { code: 'ERR_MMSE_BAD_INPUT', offset: 255 * wide, limit: 255 })
})

t.test('segmentPush: bad options fail whether or not the push needs concatenation', async t => {
  const input = { code: 'ERR_MMSE_BAD_INPUT', offset: 0 }
  t.same(refusal(() => segmentPush(Buffer.alloc(10), { reference: 256 }), 'limit'), input, 'an 8-bit reference of 256')
  t.same(refusal(() => segmentPush(Buffer.alloc(10), { ports: { bits: 8 } }), 'limit'), input, 'port 2948 in 8 bits')
  t.same(refusal(() => segmentPush(Buffer.alloc(10), { referenceBits: 9 as 8 }), 'limit'), input)
})

/** The largest push 255 segments carry with this header layout. */
function capacity (portBits: 8 | 16, referenceBits: 8 | 16): number {
  const udh = 1 + (portBits === 8 ? 4 : 6) + (referenceBits === 8 ? 5 : 6)
  return 255 * (140 - udh)
}

/** Arrival order: a seeded shuffle of every segment, some sent twice. */
function arrival (count: number, seed: number): number[] {
  const rnd = prng(seed)
  const order = [...Array(count).keys()]
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  const resent = Math.floor(rnd() * Math.min(count, 5))
  for (let n = 0; n < resent; n++) order.splice(Math.floor(rnd() * order.length), 0, order[Math.floor(rnd() * order.length)] as number)
  return order
}

const layout = fc.record({ portBits: fc.constantFrom(8 as const, 16 as const), referenceBits: fc.constantFrom(8 as const, 16 as const) })
const sized = layout.chain(({ portBits, referenceBits }) => fc.record({
  portBits: fc.constant(portBits),
  referenceBits: fc.constant(referenceBits),
  // Both ends of the range on purpose, and everything between.
  size: fc.oneof(fc.integer({ min: 1, max: capacity(portBits, referenceBits) }), fc.constantFrom(1, 127, 128, 129, 130, 133, 134, 135, capacity(portBits, referenceBits))),
  reference: fc.integer({ min: 0, max: referenceBits === 8 ? 0xff : 0xffff }),
  seed: fc.integer(),
  fill: fc.integer({ min: 0, max: 255 }),
}))

t.test('property: PushAssembler reassembles what segmentPush cut, in any order, with resent segments', async t => {
  const runs = 300
  fc.assert(fc.property(sized, ({ portBits, referenceBits, size, reference, seed, fill }) => {
    const rnd = prng(seed ^ fill)
    const pdu = Buffer.alloc(size)
    for (let i = 0; i < size; i++) pdu[i] = (fill + Math.floor(rnd() * 256)) & 0xff
    const ports = portBits === 8 ? { destination: 0xf5, source: 0xf6, bits: 8 as const } : { destination: 2948, source: 9200, bits: 16 as const }
    const segments = segmentPush(pdu, { ports, reference, referenceBits })
    if (segments.some(s => s.length > 140)) throw new Error('a segment over 140 octets')
    const single = 1 + (portBits === 8 ? 4 : 6) + size <= 140
    if (single !== (segments.length === 1)) throw new Error(`${size} octets in ${segments.length} segments`)
    if (single && parseUserData(segments[0] as Uint8Array).header.concat !== undefined) throw new Error('one segment with a concatenation element')
    const assembler = new PushAssembler()
    const order = arrival(segments.length, seed)
    const seen = new Set<number>()
    for (const index of order) {
      seen.add(index)
      const whole = assembler.add(segments[index] as Uint8Array, '+15551234567')
      if (whole === null) {
        if (seen.size === segments.length) throw new Error('all segments in, nothing out')
        continue
      }
      if (seen.size !== segments.length) throw new Error(`complete after ${seen.size} of ${segments.length}`)
      if (!pdu.equals(whole.payload)) throw new Error('payload differs')
      if (whole.segments !== segments.length) throw new Error('segment count differs')
      if (whole.header.ports?.destination !== ports.destination || whole.header.ports.bits !== portBits) throw new Error('ports differ')
      if (!single && (whole.header.concat?.reference !== reference || whole.header.concat.bits !== referenceBits)) throw new Error('reference differs')
      return
    }
    throw new Error('never complete')
  }), { seed: 0x5e9, numRuns: runs })
  t.pass(`${runs} pushes, 1 octet to 255 segments, reassembled`)
})
