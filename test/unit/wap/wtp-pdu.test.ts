/**
 * parseWtp over hand-made WTP PDUs (WAP-224 §8): every PDU type's fixed header, TPIs short and
 * long, concatenated PDUs with one- and two-octet lengths, and every way a datagram can fail to
 * be WTP, each an ERR_MMSE_BAD_WTP at its offset.
 */
import t from 'tap'
import { parseWtp } from '../../../lib/wap/wtp-pdu.js'
import { caught } from '../../support/thrown.js'
import { abort, ack, concatenated, invoke, negativeAck, result, segmentedInvoke, segmentedResult, tpi } from '../../support/wap.js'
import { cat } from '../../support/wire.js'

const plain = (pdu: ReturnType<typeof parseWtp>[number]): object => ({ ...pdu, data: [...pdu.data] })

t.test('each PDU type', async (t) => {
  t.same(parseWtp(invoke({ tid: 0x1234, gtr: true, rid: true }, [1, 2], 1)).map(plain), [{ type: 'Invoke', tid: 0x1234, rid: true, gtr: true, ttr: true, psn: 0, transactionClass: 1, data: [1, 2], offset: 0 }])
  t.same(parseWtp(result({ tid: 0x8001, ttr: false }, [3])).map(plain), [{ type: 'Result', tid: 0x8001, rid: false, gtr: false, ttr: false, psn: 0, data: [3], offset: 0 }])
  t.same(parseWtp(segmentedInvoke({ tid: 5 }, 7, [4])).map(plain), [{ type: 'SegmentedInvoke', tid: 5, rid: false, gtr: false, ttr: true, psn: 7, data: [4], offset: 0 }])
  t.same(parseWtp(segmentedResult({ tid: 5, ttr: false, gtr: true }, 2, [])).map(plain), [{ type: 'SegmentedResult', tid: 5, rid: false, gtr: true, ttr: false, psn: 2, data: [], offset: 0 }])
  t.same(parseWtp(ack({ tid: 9 })).map(plain), [{ type: 'Ack', tid: 9, rid: false, gtr: false, ttr: false, psn: 0, data: [], offset: 0 }])
  t.same(parseWtp(abort({ tid: 9 })).map(plain), [{ type: 'Abort', tid: 9, rid: true, gtr: false, ttr: false, psn: 0, data: [], offset: 0 }])
  t.same(parseWtp(negativeAck({ tid: 9 }, [1, 3])).map(plain), [{ type: 'NegativeAck', tid: 9, rid: false, gtr: false, ttr: false, psn: 0, data: [], offset: 0 }])
})

t.test('TPIs are skipped, short and long, one after another', async (t) => {
  const tpis = [tpi(3, [5], true), tpi(2, [1, 2, 3, 4, 5], true), tpi(1, [], false, true)]
  t.same([...(parseWtp(invoke({ tid: 1, tpis }, [0xaa]))[0]?.data ?? [])], [0xaa])
  t.same([...(parseWtp(negativeAck({ tid: 1, tpis: [tpi(3, [1])] }, [4]))[0]?.data ?? [])], [])
  t.same(parseWtp(ack({ tid: 1, tpis: [tpi(0, [1, 2])] })).length, 1)
})

t.test('concatenated PDUs, with one- and two-octet lengths', async (t) => {
  const long = result({ tid: 0x8002 }, new Uint8Array(200).fill(7))
  const pdus = parseWtp(concatenated(ack({ tid: 1 }), long, abort({ tid: 3 })))
  t.same(pdus.map((pdu) => [pdu.type, pdu.offset, pdu.data.length]), [['Ack', 2, 0], ['Result', 7, 200], ['Abort', 7 + long.length + 1, 0]])
})

t.test('what is not WTP is ERR_MMSE_BAD_WTP at its offset', async (t) => {
  const cases: Array<[string, Uint8Array, number]> = [
    ['empty', new Uint8Array(0), 0],
    ['a concatenation of nothing', Uint8Array.of(0), 0],
    ['type 0', Uint8Array.of(0x80, 0, 1), 0],
    ['type 8', Uint8Array.of(0x40, 0, 1), 0],
    ['a header cut', Uint8Array.of(0x08, 0), 0],
    ['an Invoke without its fourth octet', Uint8Array.of(0x0a, 0, 1), 0],
    ['a Segmented Result without its PSN', Uint8Array.of(0x32, 0, 1), 0],
    ['an Abort without its reason', Uint8Array.of(0x21, 0, 1), 0],
    ['a NACK without its count', Uint8Array.of(0x38, 0, 1), 0],
    ['a NACK listing more than it holds', Uint8Array.of(0x38, 0, 1, 3, 1), 3],
    ['a TPI announced and missing', Uint8Array.of(0x98, 0, 1), 3],
    ['a long TPI cut', cat(0x98, 0, 1, 0x0c), 3],
    ['a TPI running past the PDU', cat(0x98, 0, 1, 0x03, 1), 3],
    ['a concatenated length cut', Uint8Array.of(0, 0x80), 1],
    ['a concatenated PDU of 0 octets', Uint8Array.of(0, 0), 1],
    ['a concatenated PDU running past', Uint8Array.of(0, 5, 0x18, 0, 1), 1],
  ]
  for (const [name, bytes, offset] of cases) t.match(caught(() => parseWtp(bytes)), { code: 'ERR_MMSE_BAD_WTP', offset }, name)
})
