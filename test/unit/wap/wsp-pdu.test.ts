/**
 * parseWsp over hand-made WSP PDUs (WAP-230 §8.2), connection-mode and connectionless: the
 * method and URI of requests (the unassigned codes of the Get and Post ranges too), a Reply's
 * status as HTTP's, the entity of Post, Reply and pushes, the session PDUs, and what is not WSP.
 */
import t from 'tap'
import { buildNotificationInd, encode, encodePush } from '../../../lib/index.js'
import { httpStatus } from '../../../lib/tables/wsp-pdu-types.js'
import { isMms, parseWsp } from '../../../lib/wap/wsp-pdu.js'
import { caught } from '../../support/thrown.js'
import { applicationId, wspConnect, wspConnectReply, wspDisconnect, wspGet, wspPost, wspPush, wspReply } from '../../support/wap.js'
import { cat, text, uintvar } from '../../support/wire.js'

const MMS = 0xbe
const PDU = cat(0x8c, 0x80, 0x98, 'T', 0, 0x8d, 0x92)
const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T-1', contentLocation: 'http://m/1', messageSize: 1 }))

t.test('requests: method and URI, an entity for Post', async (t) => {
  t.same(parseWsp(wspGet('http://a/b'), false), { type: 'Get', uri: 'http://a/b' })
  t.same(parseWsp(wspGet('http://a/b', [], 0x4f), false), { type: 'Get', uri: 'http://a/b' }, 'an unassigned Get code is a Get')
  t.same(parseWsp(wspGet('u', [], 0x42), false), { type: 'Head', uri: 'u' })
  const post = parseWsp(wspPost('http://mmsc/', MMS, [0xaf, 0x84], PDU), false)
  t.same({ ...post, body: [...post.body as Uint8Array] }, { type: 'Post', uri: 'http://mmsc/', contentType: { mediaType: 'application/vnd.wap.mms-message', params: {} }, headers: { 'x-wap-application-id': 4 }, body: [...PDU] })
  t.equal(parseWsp(wspPost('u', MMS, [], PDU, 0x6e), false).type, 'Post', 'an unassigned Post code is a Post')
  t.equal(parseWsp(wspPost('u', MMS, [], PDU, 0x61), false).type, 'Put')
  t.same(parseWsp(cat(0x60, uintvar(1), uintvar(0), 'u'), false), { type: 'Post', uri: 'u', body: new Uint8Array(0) }, 'no headers, no content type')
})

t.test('Reply: the status as HTTP gives it', async (t) => {
  const reply = parseWsp(wspReply(0x44, MMS, [], PDU), false)
  t.equal(reply.status, 404)
  t.same(reply.body, PDU)
  t.equal(parseWsp(wspReply(0x01, MMS, [], []), false).status, 0x01, 'a status Table 36 assigns none keeps its octet')
  t.same([0x10, 0x20, 0x26, 0x30, 0x40, 0x51, 0x60, 0x65].map(httpStatus), [100, 200, 206, 300, 400, 417, 500, 505])
  t.equal(httpStatus(0x70), undefined)
})

t.test('connectionless: the TID first', async (t) => {
  t.same(parseWsp(cat(9, wspGet('x')), true), { type: 'Get', tid: 9, uri: 'x' })
  const push = parseWsp(encodePush({ tid: 3, body: NOTIFICATION }), true)
  t.same([push.type, push.tid, push.applicationId, push.contentType?.mediaType], ['Push', 3, 'x-wap-application:mms.ua', 'application/vnd.wap.mms-message'])
  t.same(push.body, NOTIFICATION)
})

t.test('pushes in a session: no TID, decodePush all the same', async (t) => {
  const push = parseWsp(wspPush(MMS, applicationId(4), NOTIFICATION, true), false)
  t.same([push.type, push.tid, push.applicationId], ['ConfirmedPush', undefined, 'x-wap-application:mms.ua'])
  t.same(push.body, NOTIFICATION)
  const uri = parseWsp(wspPush(cat(text('application/vnd.syncml.notification')), applicationId('x-wap-application:syncml.dm'), [1, 2]), false)
  t.same([uri.type, uri.applicationId, uri.contentType?.mediaType, [...uri.body as Uint8Array]], ['Push', 'x-wap-application:syncml.dm', 'application/vnd.syncml.notification', [1, 2]])
  const broken = parseWsp(wspPush(MMS, [], cat(0x8c, 0x82, 0x98)), false)
  t.same(broken.body, cat(0x8c, 0x82, 0x98), 'an MMSE PDU that fails inside a whole push: the push with its body')
  t.match(caught(() => parseWsp(cat(0x06, uintvar(9), MMS), false)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'a cut push: its offsets are the PDU\'s')
  t.match(caught(() => parseWsp(cat(1, 0x06, uintvar(9), MMS), true)), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 })
})

t.test('session PDUs', async (t) => {
  t.same(parseWsp(wspConnect(), false), { type: 'Connect' })
  t.same(parseWsp(wspConnectReply(7), false), { type: 'ConnectReply' })
  t.same(parseWsp(wspDisconnect(7), false), { type: 'Disconnect' })
})

t.test('what is not WSP fails with its offset', async (t) => {
  t.match(caught(() => parseWsp(new Uint8Array(0), false)), { code: 'ERR_MMSE_BAD_WSP', offset: 0 })
  t.match(caught(() => parseWsp(Uint8Array.of(5), true)), { code: 'ERR_MMSE_BAD_WSP', offset: 0 })
  t.match(caught(() => parseWsp(Uint8Array.of(0x30), false)), { code: 'ERR_MMSE_BAD_WSP', offset: 0 })
  t.match(caught(() => parseWsp(Uint8Array.of(1, 0x30), true)), { code: 'ERR_MMSE_BAD_WSP', offset: 1 })
  t.match(caught(() => parseWsp(cat(0x40, uintvar(5), 'ab'), false)), { code: 'ERR_MMSE_BAD_WSP', offset: 2 })
  t.match(caught(() => parseWsp(cat(0x40, 0x85), false)), { code: 'ERR_MMSE_BAD_VALUE', offset: 1 }, 'a URILen cut')
  t.match(caught(() => parseWsp(Uint8Array.of(0x04), false)), { code: 'ERR_MMSE_BAD_VALUE', offset: 1 }, 'a Reply without its status')
  t.match(caught(() => parseWsp(cat(0x04, 0x20, uintvar(4), MMS), false)), { code: 'ERR_MMSE_BAD_WSP', offset: 3 })
  t.match(caught(() => parseWsp(cat(0x60, uintvar(1), uintvar(0)), false)), { code: 'ERR_MMSE_BAD_WSP', offset: 3 })
})

t.test('isMms: by content type, or by an MMSE start', async (t) => {
  t.equal(isMms({ mediaType: 'application/vnd.wap.mms-message', params: {} }, new Uint8Array(0)), true)
  t.equal(isMms({ mediaType: 'application/octet-stream', params: {} }, PDU), true)
  t.equal(isMms(undefined, PDU), true)
  t.equal(isMms({ mediaType: 'text/html', params: {} }, cat('<html>')), false)
  t.equal(isMms(undefined, cat(0x8c, 0x7f)), false)
})
