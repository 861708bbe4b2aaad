/**
 * TCP stream reassembly: in order, out of order, retransmitted, overlapping, cut by the snap
 * length, across the sequence number wrap, and the limits on what waits.
 */
import t from 'tap'
import { type Budget, TcpDirection } from '../../../lib/net/tcp-stream.js'

type Out = Array<string | [number, string]>

function direction (maxHeld = 1000, budget: Budget = { held: 0, max: 1000 }): { stream: TcpDirection, out: Out, budget: Budget } {
  const out: Out = []
  const stream = new TcpDirection({
    data: (bytes, frame) => out.push(`${frame}:${Buffer.from(bytes).toString('latin1')}`),
    gap: (bytes, frame, why) => out.push([bytes, `${frame}: ${why}`]),
  }, maxHeld, budget)
  return { stream, out, budget }
}

const b = (text: string): Uint8Array => Buffer.from(text, 'latin1')

t.test('in order, out of order, retransmitted and overlapping', async (t) => {
  const { stream, out, budget } = direction()
  stream.segment(99, true, false, new Uint8Array(0), 0, 1)
  stream.segment(100, false, false, b('abc'), 0, 2)
  stream.segment(106, false, false, b('ghi'), 0, 3)
  t.equal(stream.held, 3)
  t.equal(budget.held, 3)
  stream.segment(104, false, false, b('ef'), 0, 4)
  stream.segment(100, false, false, b('abc'), 0, 5)
  stream.segment(102, false, false, b('cdXX'), 0, 6)
  t.strictSame(out, ['2:abc', '6:d', '4:ef', '3:ghi'], 'the first copy of each byte wins')
  t.equal(stream.held, 0)
  t.equal(budget.held, 0)
  stream.segment(108, false, false, b('hijk'), 0, 7)
  t.strictSame(out.slice(4), ['7:ijk'])
  t.notOk(stream.finished)
  stream.segment(111, false, true, new Uint8Array(0), 0, 8)
  t.ok(stream.finished)
})

t.test('the sequence numbers wrap', async (t) => {
  const { stream, out } = direction()
  stream.segment(0xfffffffe, false, false, b('ab'), 0, 1)
  stream.segment(2, false, false, b('ef'), 0, 3)
  stream.segment(0, false, false, b('cd'), 0, 2)
  t.strictSame(out, ['1:ab', '2:cd', '3:ef'])
})

t.test('a SYN with data, a segment cut by the snap length, a retransmission of the cut bytes', async (t) => {
  const { stream, out } = direction()
  stream.segment(10, true, false, b('ab'), 0, 1)
  stream.segment(13, false, false, b('cd'), 3, 2)
  stream.segment(13, false, false, b('cdefg'), 0, 3)
  stream.segment(18, false, false, b('h'), 0, 4)
  t.strictSame(out, ['1:ab', '2:cd', [3, "2: cut by the capture's snap length"], '4:h'])
})

t.test('waiting bytes given up as gaps: at the end, past the flow limit, past the total', async (t) => {
  const end = direction()
  end.stream.segment(0, false, false, b('a'), 0, 1)
  end.stream.segment(5, false, false, b('f'), 0, 2)
  end.stream.segment(3, false, false, b('d'), 0, 3)
  end.stream.flush('the capture holds none of them')
  t.strictSame(end.out, ['1:a', [2, '3: the capture holds none of them'], '3:d', [1, '2: the capture holds none of them'], '2:f'])
  const flow = direction(4)
  flow.stream.segment(0, false, false, b('a'), 0, 1)
  t.equal(flow.stream.segment(2, false, false, b('cde'), 0, 2), undefined)
  t.equal(flow.stream.segment(6, false, false, b('gh'), 0, 3), 'maxFlowBytes')
  t.match(flow.out, ['1:a', [1, /maxFlowBytes \(4\)/], '2:cde', [1, /maxFlowBytes/], '3:gh'])
  const budget = { held: 0, max: 2 }
  const total = direction(1000, budget)
  total.stream.segment(0, false, false, b('a'), 0, 1)
  t.equal(total.stream.segment(5, false, false, b('fgh'), 0, 2), 'maxBufferedBytes')
  t.match(total.out, ['1:a', [4, /maxBufferedBytes \(2\)/], '2:fgh'])
  t.equal(budget.held, 0)
})

t.test('octets the capture never held: known by the FIN and by the peer\'s acknowledgment when the connection ends', async (t) => {
  const acked = direction()
  acked.stream.acknowledged(50)
  acked.stream.segment(0, false, false, b('ab'), 0, 1)
  acked.stream.acknowledged(2)
  acked.stream.acknowledged(7)
  acked.stream.acknowledged(5)
  acked.stream.end('gone', 9)
  t.strictSame(acked.out, ['1:ab', [5, '9: gone']], 'up to the furthest acknowledgment; one before the first segment says nothing')
  const fin = direction()
  fin.stream.segment(0, false, false, b('ab'), 0, 1)
  fin.stream.segment(6, false, true, new Uint8Array(0), 0, 2)
  t.notOk(fin.stream.finished, 'a FIN past a hole')
  fin.stream.acknowledged(6)
  t.notOk(fin.stream.finished, 'acknowledged up to the FIN, not the FIN itself')
  fin.stream.acknowledged(7)
  t.ok(fin.stream.finished, 'the FIN acknowledged: nothing more can come')
  fin.stream.end('gone', 3)
  t.strictSame(fin.out, ['1:ab', [4, '3: gone']])
  const whole = direction()
  whole.stream.segment(0, false, false, b('ab'), 0, 1)
  whole.stream.acknowledged(2)
  whole.stream.end('gone', 2)
  const never = direction()
  never.stream.end('gone', 1)
  t.strictSame([whole.out, never.out], [['1:ab'], []], 'nothing missing, nothing seen')
})
