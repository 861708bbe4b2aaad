/**
 * PushAssembler's bounds (3GPP TS 23.040 §9.2.3.24.1 concatenation): what it keeps is copied
 * and counted in octets actually held, and the budget is shared between originators, so that
 * one flooding originator only ever drops its own messages.
 */
import fc from 'fast-check'
import t from 'tap'
import { ASSEMBLER_DEFAULTS } from '../../../lib/push/assembler.js'
import { Largest } from '../../../lib/push/largest.js'
import { PushAssembler } from '../../../lib/index.js'
import { refusal } from '../../support/thrown.js'

/** The least maxBytes with 140-octet segments: what one message of 255 may hold (256 x 140 + 255 x 8). */
const MIN_BYTES = 256 * 140 + 2040

/** The user data of segment `sequence` of `total` (8-bit reference), `payload` after the UDH. */
function segment (reference: number, total: number, sequence: number, payload: Uint8Array | number = 1): Uint8Array {
  const data = typeof payload === 'number' ? new Uint8Array(payload).fill(sequence) : payload
  return Uint8Array.from([0x05, 0x00, 0x03, reference, total, sequence, ...data])
}

t.test('a kept segment is a copy: the caller may reuse its buffer, and a view of a large one keeps none of it', async t => {
  const assembler = new PushAssembler()
  const buffers: Uint8Array[] = []
  for (let sequence = 1; sequence <= 3; sequence++) {
    // Each segment a 140-octet view in the middle of a 64 KiB buffer, as a socket reader hands them.
    const buffer = new Uint8Array(64 * 1024)
    const bytes = segment(9, 4, sequence, 134)
    buffer.set(bytes, 1000)
    buffers.push(buffer)
    t.equal(assembler.add(buffer.subarray(1000, 1000 + bytes.length), 'A'), null)
  }
  t.ok(assembler.retainedBytes >= 3 * 134 && assembler.retainedBytes < 1024, `${assembler.retainedBytes} octets for three segments, not three 64 KiB buffers`)
  for (const buffer of buffers) buffer.fill(0xee)
  const whole = assembler.add(segment(9, 4, 4, 134), 'A')
  t.same([...new Set(whole?.payload)], [1, 2, 3, 4], 'the payload as it was added, not as the caller\'s buffers are now')
  t.equal(whole?.payload.length, 4 * 134)
  t.not(whole?.header.elements[0]?.data.buffer, buffers[0]?.buffer, 'the header is no view of the caller\'s buffer either')
  t.equal(assembler.retainedBytes, 0, 'nothing held once complete')
})

t.test('maxPending: a flood of first segments from one originator drops only its own messages', async t => {
  const assembler = new PushAssembler({ maxPending: 8 })
  t.equal(assembler.add(segment(1, 2, 1), 'victim'), null)
  for (let reference = 0; reference < 200; reference++) assembler.add(segment(reference, 3, 1), 'flooder')
  t.equal(assembler.pendingMessages().length, 8)
  t.equal(assembler.dropped, 193)
  t.ok(assembler.add(segment(1, 2, 2), 'victim'), 'the half-received message of another originator completes')
  t.same(assembler.pendingMessages().map(p => p.reference), [193, 194, 195, 196, 197, 198, 199], 'the flooder keeps its newest')
})

t.test('maxBytes: a flood of large messages from one originator drops only its own messages', async t => {
  const assembler = new PushAssembler({ maxPending: 64, maxBytes: MIN_BYTES })
  t.equal(assembler.add(segment(1, 3, 1, 134), 'victim'), null)
  t.equal(assembler.add(segment(1, 3, 2, 134), 'victim'), null)
  for (let reference = 0; reference < 20; reference++) {
    for (let sequence = 1; sequence < 100; sequence++) assembler.add(segment(reference, 100, sequence, 134), 'flooder')
  }
  t.ok(assembler.retainedBytes <= MIN_BYTES, `${assembler.retainedBytes} octets held`)
  t.ok(assembler.add(segment(1, 3, 3, 134), 'victim'), 'the victim\'s message completes')
  t.ok(assembler.dropped > 0)
})

t.test('an originator alone may use the whole budget; over it, its oldest message goes first', async t => {
  const assembler = new PushAssembler({ maxPending: 3 })
  for (const reference of [1, 2, 3, 4]) assembler.add(segment(reference, 2, 1), 'A')
  t.same(assembler.pendingMessages().map(p => p.reference), [2, 3, 4])
  // Two originators holding as much: the one whose oldest message is older loses it.
  const even = new PushAssembler({ maxPending: 2 })
  even.add(segment(1, 2, 1), 'A')
  even.add(segment(2, 2, 1), 'B')
  even.add(segment(3, 2, 1), 'C')
  t.same(even.pendingMessages().map(p => p.originator), ['B', 'C'])
})

t.test('the message a segment belongs to is dropped when its originator holds the most', async t => {
  const assembler = new PushAssembler({ maxSegmentBytes: 16, maxBytes: 256 * 16 + 2040 })
  for (let sequence = 1; sequence <= 64; sequence++) assembler.add(segment(7, 255, sequence, 10), 'B')
  let dropped = false
  for (let sequence = 1; sequence <= 255 && !dropped; sequence++) {
    t.equal(assembler.add(segment(1, 255, sequence, 10), 'A'), null)
    dropped = assembler.dropped > 0
  }
  t.ok(dropped)
  t.same(assembler.pendingMessages().map(p => p.originator), ['B'], 'B\'s segments stay')
  t.ok(assembler.retainedBytes <= 256 * 16 + 2040)
})

t.test('a complete message is given back even when the budget is full', async t => {
  const assembler = new PushAssembler({ maxSegmentBytes: 16, maxBytes: 256 * 16 + 2040 })
  let whole = null
  for (let sequence = 1; sequence <= 255; sequence++) whole = assembler.add(segment(1, 255, sequence, 10))
  t.equal(whole?.segments, 255)
  t.equal(assembler.dropped, 0)
})

t.test('limits are finite integers, and maxBytes holds one whole message', async t => {
  t.same(ASSEMBLER_DEFAULTS, { maxPending: 64, maxSegmentBytes: 140, maxBytes: 2 * 1024 * 1024 })
  const option = { code: 'ERR_MMSE_BAD_OPTION', offset: 0 }
  for (const bad of [{ maxPending: 0 }, { maxPending: Infinity }, { maxBytes: 1.5 }, { maxBytes: Infinity }, { maxBytes: NaN }, { maxSegmentBytes: 2 ** 60 }, { maxBytes: MIN_BYTES - 1 }, { maxSegmentBytes: 10_000 }]) {
    // A maxSegmentBytes too large for the default maxBytes is maxBytes' fault: it cannot hold one message of those.
    t.same(refusal(() => new PushAssembler(bad)), { ...option, field: 'maxSegmentBytes' in bad && bad.maxSegmentBytes === 10_000 ? 'maxBytes' : Object.keys(bad)[0] }, JSON.stringify(bad))
  }
  t.ok(new PushAssembler({ maxBytes: MIN_BYTES }))
  t.ok(new PushAssembler({ maxSegmentBytes: 10_000, maxBytes: 256 * 10_000 + 2040 }))
})

t.test('discard releases what the message held', async t => {
  const assembler = new PushAssembler()
  assembler.add(segment(5, 3, 1, 100), 'A')
  assembler.add(segment(5, 3, 2, 100), 'A')
  assembler.add(segment(6, 3, 1, 100), 'A')
  const alone = new PushAssembler()
  alone.add(segment(6, 3, 1, 100), 'A')
  t.ok(assembler.retainedBytes > alone.retainedBytes)
  t.ok(assembler.discard('A', 5))
  t.equal(assembler.retainedBytes, alone.retainedBytes)
  t.ok(assembler.discard('A', 6))
  t.equal(assembler.retainedBytes, 0)
  t.notOk(assembler.discard('A', 6))
})

t.test('Largest: the first item by an order that changes, as a scan would find it (property)', async t => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -1, max: 20 })), { maxLength: 300 }), (steps) => {
    const sizes = new Map<number, number>()
    const largest = new Largest<number>((a, b) => (sizes.get(a) as number) > (sizes.get(b) as number) || ((sizes.get(a) as number) === (sizes.get(b) as number) && a < b))
    for (const [item, size] of steps) {
      if (size < 0) {
        if (!sizes.has(item)) continue
        largest.delete(item)
        sizes.delete(item)
      } else {
        sizes.set(item, size)
        largest.update(item)
      }
      const expected = [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0]
      if (largest.first !== expected) throw new Error(`first ${String(largest.first)}, expected ${String(expected)}`)
    }
  }), { numRuns: 300, seed: 230 })
  t.pass()
})

t.test('many originators: each drop takes the one holding the most, however many there are', async t => {
  const assembler = new PushAssembler({ maxPending: 1000 })
  for (let n = 0; n < 999; n++) assembler.add(segment(n % 256, 2, 1), `o${n}`)
  for (let n = 0; n < 3; n++) assembler.add(segment(n, 4, 1), 'heavy')
  t.equal(assembler.dropped, 2)
  t.notOk(assembler.pendingMessages().some(p => p.originator === 'o0'), 'all holding one: the oldest message went')
  t.same(assembler.pendingMessages().filter(p => p.originator === 'heavy').map(p => p.reference), [1, 2], 'then the heavy originator lost its own oldest')
  t.equal(assembler.pendingMessages().length, 1000)
})
