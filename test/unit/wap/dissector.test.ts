/**
 * WapDissector over hand-made datagrams: WSP over WTP on 9201 (Connect, Get and a segmented
 * Reply carrying an m-retrieve-conf, Post of an m-send-req), connectionless WSP on 9200 and
 * pushes on 2948.
 */
import t from 'tap'
import { buildNotificationInd, encode, encodePush } from '../../../lib/index.js'
import { WapDissector } from '../../../lib/wap/dissector.js'
import { cat, multipart, retrieveConf, textEntry } from '../../support/wire.js'
import {
  ack, applicationId, datagram, GATEWAY, invoke, PHONE, pieces, result, segmentedResult, wspConnect, wspConnectReply, wspGet, wspPost, wspReply,
} from '../../support/wap.js'

const MMS = 0xbe
const RETRIEVE = retrieveConf(multipart([textEntry('x'.repeat(3000))]))

t.test('a Get, then a Reply in a Result and Segmented Results, gives the m-retrieve-conf with its URI', async (t) => {
  const wap = new WapDissector()
  const uri = 'http://mmsc.example/m/1'
  const reply = wspReply(0x20, MMS, [], RETRIEVE)
  const segments = pieces(reply, 1000)
  let frame = 1
  t.same(wap.datagram(datagram(invoke({ tid: 1 }, wspConnect()), PHONE, GATEWAY, frame++)), [])
  t.same(wap.datagram(datagram(result({ tid: 0x8001 }, wspConnectReply(7)), GATEWAY, PHONE, frame++)), [])
  t.same(wap.datagram(datagram(invoke({ tid: 2 }, wspGet(uri)), PHONE, GATEWAY, frame++)), [])
  const out = segments.flatMap((segment, psn) => {
    const flags = { tid: 0x8002, ttr: psn === segments.length - 1, gtr: psn === segments.length - 1 }
    return wap.datagram(datagram(psn === 0 ? result(flags, segment) : segmentedResult(flags, psn, segment), GATEWAY, PHONE, frame++))
  })
  t.equal(out.length, 1)
  const message = out[0]!
  t.same(message.body, RETRIEVE)
  t.equal(message.mms, true)
  t.same(message.carrier, { kind: 'Reply', tid: 2, uri, status: 200, contentType: 'application/vnd.wap.mms-message' })
  t.same(message.path, ['ipv4', 'udp', 'wtp', 'wsp'])
  t.same(message.frames, [4, 5, 6, 7])
  t.same(wap.datagram(datagram(ack({ tid: 2 }), PHONE, GATEWAY, frame++)), [])
  t.same(wap.takeWarnings(), [])
  t.same(wap.flush(), [])
})

t.test('a Post of an m-send-req', async (t) => {
  const wap = new WapDissector()
  const send = cat(0x8c, 0x80, 0x98, 'T1', 0, 0x8d, 0x92, 0x84, 0xa3, 0)
  const out = wap.datagram(datagram(invoke({ tid: 9 }, wspPost('http://mmsc/', MMS, [], send)), PHONE, GATEWAY, 1))
  t.equal(out.length, 1)
  t.same(out[0]!.body, send)
  t.same(out[0]!.carrier, { kind: 'Post', tid: 9, uri: 'http://mmsc/', contentType: 'application/vnd.wap.mms-message' })
})

t.test('a connectionless push on 2948', async (t) => {
  const wap = new WapDissector()
  const notification = encode(buildNotificationInd({ transactionId: 'T-1', contentLocation: 'http://mmsc.example/m/1', messageSize: 1 }))
  const push = encodePush({ tid: 3, body: notification })
  const out = wap.datagram(datagram(push, { address: '10.0.0.1', port: 9200 }, { address: '10.0.0.2', port: 2948 }, 1))
  t.equal(out.length, 1)
  t.same(out[0]!.body, notification)
  t.same(out[0]!.path, ['ipv4', 'udp', 'wsp-push'])
  t.same(out[0]!.carrier, { kind: 'Push', tid: 3, contentType: 'application/vnd.wap.mms-message', applicationId: 'x-wap-application:mms.ua' })
  t.ok(applicationId(4))
})
