/**
 * Capture file formats: pcap in both byte orders and timestamp units, pcapng with several
 * sections, interfaces, timestamp resolutions and offsets, every packet block and unknown
 * blocks, gzip; detection by magic; broken files end in MmseError, cut ones in a warning.
 */
import t from 'tap'
import { gzipSync } from 'node:zlib'
import { CaptureReader, captureFormat } from '../../../lib/capture/reader.js'
import type { CaptureRecord } from '../../../lib/capture/record.js'
import { decodeCapture } from '../../../lib/capture/decode-capture.js'
import { caught } from '../../support/thrown.js'
import { ngBlock, pcap, pcapng } from '../../support/pcap.js'
import { scanSync, splits } from '../../support/capture.js'

function read (file: Uint8Array, chunking: number[] = [file.length], limit = 1 << 24): { records: Array<Pick<CaptureRecord, 'frame' | 'time' | 'interface' | 'linkType' | 'length'> & { data: string }>, end: { leftover: number, offset: number } } {
  const records: Array<Pick<CaptureRecord, 'frame' | 'time' | 'interface' | 'linkType' | 'length'> & { data: string }> = []
  const reader = new CaptureReader(limit, (record) => records.push({ frame: record.frame, time: record.time, interface: record.interface, linkType: record.linkType, length: record.length, data: Buffer.from(record.data).toString('hex') }))
  let at = 0
  for (const n of chunking) {
    reader.write(file.subarray(at, at + n))
    at += n
  }
  return { records, end: reader.end() }
}

const P1 = Uint8Array.of(1, 2, 3)
const P2 = Uint8Array.of(4, 5, 6, 7, 8)
const T1 = 1_767_225_600_123_456_789n

t.test('pcap: both byte orders, micro- and nanoseconds', async (t) => {
  for (const little of [true, false]) {
    for (const nano of [true, false]) {
      const file = pcap([{ data: P1, time: T1 }, { data: P2, length: 60 }], { little, nano, linkType: 101 })
      const { records, end } = read(file)
      t.equal(captureFormat(file), 'pcap')
      t.strictSame(records.map((r) => [r.frame, r.linkType, r.data, r.length, r.interface]), [[1, 101, '010203', 3, 0], [2, 101, '0405060708', 60, 0]])
      t.equal(records[0]?.time, nano ? T1 : T1 - 789n, `${little ? 'little' : 'big'} endian, ${nano ? 'ns' : 'µs'}`)
      t.strictSame(end, { leftover: 0, offset: file.length })
      for (const [name, chunking] of splits(file.length, 3)) t.strictSame(read(file, chunking).records, records, name)
    }
  }
})

t.test('pcap: a version other than 2, a record over the limit, a cut record', async (t) => {
  t.match(caught(() => read(pcap([], { major: 3 }))), { code: 'ERR_MMSE_BAD_CAPTURE', offset: 4 })
  t.match(caught(() => read(pcap([{ data: new Uint8Array(100) }]), undefined, 99)), { code: 'ERR_MMSE_LIMIT_RECORD_BYTES', offset: 32, message: /exceeds captureLimits.maxRecordBytes \(99\)/ })
  const file = pcap([{ data: P1 }, { data: P2 }])
  t.strictSame(read(file.subarray(0, file.length - 2)).end, { leftover: 19, offset: 43 })
  t.match(scanSync(file.subarray(0, file.length - 2)), [{ type: 'warning', warning: { code: 'WARN_CAPTURE_TRUNCATED', frame: 1 } }])
})

t.test('not a capture: another magic, too short, empty', async (t) => {
  t.equal(captureFormat(Uint8Array.of(1, 2, 3)), undefined)
  t.match(caught(() => read(Uint8Array.of(0x8c, 0x84, 0x98, 0x41, 0))), { code: 'ERR_MMSE_NOT_CAPTURE', offset: 0 })
  t.match(caught(() => read(Uint8Array.of(0xd4, 0xc3))), { code: 'ERR_MMSE_NOT_CAPTURE', message: /2 octets/ })
  t.match(caught(() => read(new Uint8Array(0))), { code: 'ERR_MMSE_NOT_CAPTURE', message: /empty/ })
})

t.test('pcapng: sections in both byte orders, interfaces with their own link types and resolutions, every packet block', async (t) => {
  const file = pcapng([
    {
      little: true,
      interfaces: [{ linkType: 1 }, { linkType: 101, tsresol: 9 }, { linkType: 113, tsresol: 0x80 | 10, tsoffset: 100n }],
      blocks: [
        { type: 'packet', packet: { data: P1, time: T1 } },
        { type: 'packet', packet: { data: P2, time: T1, interface: 1 } },
        { type: 'raw', blockType: 0x0bad, body: Uint8Array.of(1, 2, 3, 4) },
        { type: 'packet', packet: { data: P1, time: T1, interface: 2, length: 99 } },
        { type: 'packet', packet: { data: P2, time: T1 }, format: 'pb' },
        { type: 'packet', packet: { data: P1, time: T1 }, format: 'spb' },
      ],
    },
    { little: false, interfaces: [{ linkType: 276, tsresol: 3, snapLength: 2 }], blocks: [{ type: 'packet', packet: { data: P2, time: T1 } }, { type: 'packet', packet: { data: P2, length: 5 }, format: 'spb' }] },
  ])
  t.equal(captureFormat(file), 'pcapng')
  const { records } = read(file)
  t.strictSame(records.map((r) => [r.frame, r.interface, r.linkType, r.data, r.length]), [
    [1, 0, 1, '010203', 3], [2, 1, 101, '0405060708', 5], [3, 2, 113, '010203', 99], [4, 0, 1, '0405060708', 5], [5, 0, 1, '010203', 3], [6, 0, 276, '0405060708', 5], [7, 0, 276, '0405', 5],
  ])
  t.strictSame(records.map((r) => r.time), [T1 - 789n, T1, records[2]?.time, T1 - 789n, 0n, T1 - 456_789n, 0n])
  const binary = records[2]?.time as bigint
  t.ok(binary > T1 - 1_000_000n && binary <= T1, 'a 2^-10 resolution with an offset gives the time within its unit')
  for (const [name, chunking] of splits(file.length, 4)) t.strictSame(read(file, chunking).records, records, name)
})

t.test('pcapng: broken blocks', async (t) => {
  const shb = (magic: number): Uint8Array => {
    const body = Buffer.alloc(16)
    body.writeUInt32LE(magic, 0)
    return ngBlock(0x0a0d0d0a, body, true)
  }
  t.match(caught(() => read(shb(0x12345678))), { code: 'ERR_MMSE_BAD_CAPTURE', offset: 8, message: /byte-order magic/ })
  const good = shb(0x1a2b3c4d)
  const length = (total: number): Uint8Array => {
    const block = Buffer.alloc(12)
    block.writeUInt32LE(0x99, 0)
    block.writeUInt32LE(total, 4)
    return block
  }
  t.match(caught(() => read(Buffer.concat([good, length(8)]))), { code: 'ERR_MMSE_BAD_CAPTURE', offset: good.length + 4 })
  t.match(caught(() => read(Buffer.concat([good, length(14)]))), { code: 'ERR_MMSE_BAD_CAPTURE' })
  t.match(caught(() => read(Buffer.concat([good, length(64)]), undefined, 32)), { code: 'ERR_MMSE_LIMIT_RECORD_BYTES' })
  const mismatched = Buffer.concat([good, ngBlock(0x99, new Uint8Array(4), true)])
  mismatched.writeUInt32LE(999, mismatched.length - 4)
  t.match(caught(() => read(mismatched)), { code: 'ERR_MMSE_BAD_CAPTURE', message: /trailing length/ })
  t.match(caught(() => read(Buffer.concat([good, ngBlock(1, new Uint8Array(4), true)]))), { code: 'ERR_MMSE_BAD_CAPTURE', message: /interface description block of 16/ })
  t.match(caught(() => read(Buffer.concat([good, ngBlock(6, new Uint8Array(20), true)]))), { code: 'ERR_MMSE_BAD_CAPTURE', message: /interface 0/ })
  t.match(caught(() => read(Buffer.concat([good, ngBlock(6, new Uint8Array(8), true)]))), { code: 'ERR_MMSE_BAD_CAPTURE', message: /packet block/ })
  t.match(caught(() => read(Buffer.concat([good, ngBlock(3, new Uint8Array(0), true)]))), { code: 'ERR_MMSE_BAD_CAPTURE', message: /simple packet block/ })
  const idb = ngBlock(1, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), true)
  const epb = Buffer.alloc(20)
  epb.writeUInt32LE(500, 12)
  t.match(caught(() => read(Buffer.concat([good, idb, ngBlock(6, epb, true)]))), { code: 'ERR_MMSE_BAD_CAPTURE', message: /500 captured octets/ })
  // Options: one whose length runs past the block ends the list; end-of-options ends it too.
  const options = Buffer.concat([Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), Uint8Array.of(9, 0, 200, 0), Uint8Array.of(0, 0, 0, 0)])
  t.same(read(Buffer.concat([good, ngBlock(1, options, true)])).records, [])
  const tiny = Buffer.concat([Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), Uint8Array.of(14, 0, 2, 0, 0, 0, 0, 0), Uint8Array.of(9, 0, 0, 0), Uint8Array.of(0, 0, 0, 0)])
  t.same(read(Buffer.concat([good, ngBlock(1, tiny, true)])).records, [], 'options too short to read are passed over')
})

t.test('gzip-compressed captures, whole and cut', async (t) => {
  const file = pcap([{ data: P1 }])
  const gz = gzipSync(file)
  t.same(decodeCapture(gz), decodeCapture(file))
  t.same(decodeCapture(gz.subarray(0, gz.length - 8)), decodeCapture(file), 'without its trailer: what it holds')
  t.match(caught(() => decodeCapture(Uint8Array.of(0x1f, 0x8b, 0, 0, 0))), { code: 'ERR_MMSE_BAD_CAPTURE', message: /^gzip/ })
})
