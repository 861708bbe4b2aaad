/**
 * PushAssembler's bounds (3GPP TS 23.040 §9.2.3.24.1 concatenation): what it keeps is copied
 * and counted in octets actually held, and the budget is shared between originators, so that
 * one flooding originator only ever drops its own messages.
 */
import t from 'tap'
import { ASSEMBLER_DEFAULTS } from '../../../lib/push/assembler.js'
import { PushAssembler } from '../../../lib/index.js'
import { refusal } from '../../support/bytes.js'

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
  t.equal(assembler.retainedBytes, 3 * 140, 'the octets of three segments, not three 64 KiB buffers')
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
  const assembler = new PushAssembler({ maxPending: 64, maxBytes: 255 * 140 })
  t.equal(assembler.add(segment(1, 3, 1, 134), 'victim'), null)
  t.equal(assembler.add(segment(1, 3, 2, 134), 'victim'), null)
  for (let reference = 0; reference < 20; reference++) {
    for (let sequence = 1; sequence < 100; sequence++) assembler.add(segment(reference, 100, sequence, 134), 'flooder')
  }
  t.ok(assembler.retainedBytes <= 255 * 140, `${assembler.retainedBytes} octets held`)
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
  const assembler = new PushAssembler({ maxSegmentBytes: 16, maxBytes: 255 * 16 })
  assembler.add(segment(7, 3, 1, 10), 'B')
  assembler.add(segment(7, 3, 2, 10), 'B')
  let dropped = false
  for (let sequence = 1; sequence <= 255 && !dropped; sequence++) {
    t.equal(assembler.add(segment(1, 255, sequence, 10), 'A'), null)
    dropped = assembler.dropped > 0
  }
  t.ok(dropped)
  t.same(assembler.pendingMessages().map(p => p.originator), ['B'], 'B\'s two segments stay')
  t.ok(assembler.retainedBytes <= 255 * 16)
})

t.test('a complete message is given back even when the budget is full', async t => {
  const assembler = new PushAssembler({ maxSegmentBytes: 16, maxBytes: 255 * 16 })
  let whole = null
  for (let sequence = 1; sequence <= 255; sequence++) whole = assembler.add(segment(1, 255, sequence, 10))
  t.equal(whole?.segments, 255)
  t.equal(assembler.dropped, 0)
})

t.test('limits are finite integers, and maxBytes holds one whole message', async t => {
  t.same(ASSEMBLER_DEFAULTS, { maxPending: 64, maxSegmentBytes: 140, maxBytes: 2 * 1024 * 1024 })
  const option = { code: 'ERR_MMSE_BAD_OPTION', offset: 0 }
  for (const bad of [{ maxPending: 0 }, { maxPending: Infinity }, { maxBytes: 1.5 }, { maxBytes: Infinity }, { maxBytes: NaN }, { maxSegmentBytes: 2 ** 60 }, { maxBytes: 255 * 140 - 1 }, { maxSegmentBytes: 10_000 }]) {
    t.same(refusal(() => new PushAssembler(bad)), option, JSON.stringify(bad))
  }
  t.ok(new PushAssembler({ maxBytes: 255 * 140 }))
  t.ok(new PushAssembler({ maxSegmentBytes: 10_000, maxBytes: 255 * 10_000 }))
})

t.test('discard releases what the message held', async t => {
  const assembler = new PushAssembler()
  assembler.add(segment(5, 3, 1, 100), 'A')
  assembler.add(segment(5, 3, 2, 100), 'A')
  assembler.add(segment(6, 3, 1, 100), 'A')
  t.equal(assembler.retainedBytes, 3 * 106)
  t.ok(assembler.discard('A', 5))
  t.equal(assembler.retainedBytes, 106)
  t.ok(assembler.discard('A', 6))
  t.equal(assembler.retainedBytes, 0)
  t.notOk(assembler.discard('A', 6))
})
