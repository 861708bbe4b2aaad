/**
 * Proof against an SMPP stack (the `smpp` package, SMPP 3.4/5.0): an ESME binds to an SMSC on
 * 127.0.0.1 and sends segmentPush(encodePush(...)) as submit_sm (esm_class with TP-UDHI 0x40,
 * data_coding 0x04); the SMSC side reassembles what arrives with PushAssembler, in several
 * seeded arrival orders, and decodes it: the same push PDU, byte for byte, and the same headers.
 */
import t from 'tap'
import { connect, type PDU, type Session } from 'smpp'
import {
  buildNotificationInd, decode, decodeAssembled, encode, encodePush, type PushInput, segmentPush, type SegmentOptions,
} from '../../../lib/index.js'
import { DATA_CODING_BINARY, ESM_UDHI, startSmsc } from '../../support/smpp-server.js'
import { within } from '../../support/within.js'
import { prng } from '../../support/transcript.js'

t.setTimeout(120_000)

const smsc = await startSmsc()
t.teardown(() => smsc.close())

const esme: Session = connect({ url: `smpp://127.0.0.1:${smsc.port}` })
esme.on('error', () => {})
t.teardown(async () => {
  await new Promise<void>(resolve => esme.unbind(() => resolve()))
  esme.destroy()
})
const bind = await within(new Promise<PDU>(resolve => esme.bind_transceiver({ system_id: 'mmsc', password: 'secret' }, resolve)), 30_000, 'the answer to bind_transceiver')
t.equal(bind.command_status, 0, 'bound')

/** Sends one segment as a binary submit_sm and waits for its submit_sm_resp. */
async function submit (destination: string, userData: Uint8Array): Promise<void> {
  const response = await within(new Promise<PDU>(resolve => esme.submit_sm({
    source_addr: 'mmsc', destination_addr: destination, esm_class: ESM_UDHI, data_coding: DATA_CODING_BINARY,
    short_message: Buffer.from(userData),
  }, resolve)), 30_000, 'the answer to submit_sm')
  if (response.command_status !== 0) throw new Error(`submit_sm_resp status ${response.command_status}`)
}

/** A seeded shuffle. */
function shuffled<T> (items: T[], seed: number): T[] {
  const rnd = prng(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

const notification = (subject: string, location: string) => encode(buildNotificationInd({
  transactionId: 'T-smpp', mmsVersion: '1.2', messageSize: 30_000, expiry: { relative: 86_400 }, from: '+15550001111/TYPE=PLMN', subject, contentLocation: location,
}))

const CASES: Array<{ name: string, push: PushInput, options?: SegmentOptions }> = [
  { name: 'one segment', push: { body: notification('Hi', 'http://mmsc.example/m/1') } },
  {
    name: 'several segments, 8-bit reference',
    push: { tid: 7, body: notification('A long subject '.repeat(8), `http://mmsc.example/m/${'x'.repeat(200)}`), headers: { 'x-wap-initiator-uri': 'http://mmsc.example/' } },
    options: { reference: 0x42 },
  },
  {
    name: 'several segments, 16-bit reference, UTF-8 subject, confirmed push',
    push: { tid: 200, pduType: 'confirmed-push', body: notification('Grüße aus Köln – 你好 😀 '.repeat(6), `http://mmsc.example/m/${'y'.repeat(120)}`) },
    options: { reference: 0xbeef, referenceBits: 16 },
  },
]

for (const [n, { name, push, options }] of CASES.entries()) {
  t.test(name, async t => {
    const pdu = encodePush(push)
    const segments = segmentPush(pdu, options)
    t.comment(`${pdu.length} octets of push in ${segments.length} SMS`)
    for (const seed of [1, 2, 3]) {
      const destination = `+1555000${n}${seed}`
      const order = shuffled(segments, seed * 7919 + n)
      for (const segment of order) await submit(destination, segment)
      const { assembled, submits } = await smsc.nextPush()
      t.same(submits.map(s => s.userData), order.map(s => Buffer.from(s)), `seed ${seed}: the SMSC got the segments in the order sent`)
      t.ok(submits.every(s => s.esmClass === ESM_UDHI && s.dataCoding === DATA_CODING_BINARY && s.destinationAddr === destination && s.sourceAddr === 'mmsc'), 'UDHI, 8-bit data, addresses')
      t.equal(assembled.segments, segments.length)
      t.same(Buffer.from(assembled.payload), Buffer.from(pdu), `seed ${seed}: the push PDU byte for byte`)
      const decoded = decodeAssembled(assembled)
      t.equal(decoded.tid, push.tid ?? 0)
      t.equal(decoded.pduType, push.pduType ?? 'push')
      t.equal(decoded.applicationId, 'x-wap-application:mms.ua')
      t.same({ ...decoded.headers }, { 'x-wap-application-id': 4, ...push.headers })
      t.same(decoded.userDataHeader?.ports, { destination: 2948, source: 9200, bits: 16 })
      t.same(decoded.message?.headers, decode(push.body).headers, 'the m-notification-ind headers')
    }
  })
}
