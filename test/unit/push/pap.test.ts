/**
 * PAP 1.0 (WAP-247-PAP-20010429-a): the push submission (multipart/related, PAP §8), read back
 * with an independent multipart parser (dicer) and XML parser (fast-xml-parser), escaping as a
 * property; the push-response and badmessage-response parser on what Kannel's PPG sends, on
 * every structural error, and on hostile XML (entity expansion, external entities, nesting,
 * malformed documents, random token soup).
 */
import Dicer from 'dicer'
import fc from 'fast-check'
import { XMLParser } from 'fast-xml-parser'
import t from 'tap'
import { buildPapSubmission, MmseError, parsePapResponse, type PapPushInput } from '../../../lib/index.js'
import { PAP_RESPONSE_MAX_BYTES } from '../../../lib/push/pap-response.js'
import { refusal } from '../../support/thrown.js'

const BODY = Buffer.from('8c8298542d3100', 'hex')

interface Part { headers: Record<string, string[]>, data: Buffer }

/** The parts of a multipart body, by dicer (the parser behind busboy). */
async function parts (body: Uint8Array, boundary: string): Promise<Part[]> {
  const out: Part[] = []
  await new Promise<void>((resolve, reject) => {
    const dicer = new Dicer({ boundary })
    dicer.on('part', part => {
      const entry: Part = { headers: {}, data: Buffer.alloc(0) }
      const chunks: Buffer[] = []
      part.on('header', headers => { entry.headers = headers as Record<string, string[]> })
      part.on('data', (chunk: Buffer) => chunks.push(chunk))
      part.on('end', () => {
        entry.data = Buffer.concat(chunks)
        out.push(entry)
      })
    })
    dicer.on('finish', resolve)
    dicer.on('error', reject)
    dicer.end(body)
  })
  return out
}

const boundaryOf = (contentType: string): string => {
  const value = contentType.split('; ').find(p => p.startsWith('boundary='))?.slice('boundary='.length) ?? ''
  return value.startsWith('"') ? value.slice(1, -1) : value
}

const xmlReader = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, parseAttributeValue: false, trimValues: false })

t.test('a submission: control entity, then the MMSE PDU with its headers', async t => {
  const input: PapPushInput = {
    pushId: 'mmsc-1@mmsc.example',
    addresses: ['+15551234567', 'WAPPUSH=+15557654321/TYPE=PLMN@ppg.operator.example'],
    ppgHost: 'ppg.example',
    deliverBefore: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678)),
    deliverAfter: new Date(Date.UTC(2030, 0, 1)),
    notifyRequestedTo: 'http://mmsc.example/pap-result?a=1&b=2',
    deliveryMethod: 'confirmed',
    content: { body: BODY },
    boundary: 'asdlfkjiurwghasf',
  }
  const submission = buildPapSubmission(input)
  t.equal(submission.contentType, 'multipart/related; boundary=asdlfkjiurwghasf; type="application/xml"')
  const control = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 1.0//EN" "http://www.wapforum.org/DTD/pap_1.0.dtd">',
    '<pap>',
    '<push-message push-id="mmsc-1@mmsc.example" deliver-before-timestamp="2030-01-02T03:04:05Z" deliver-after-timestamp="2030-01-01T00:00:00Z" ppg-notify-requested-to="http://mmsc.example/pap-result?a=1&amp;b=2">',
    '<address address-value="WAPPUSH=+15551234567/TYPE=PLMN@ppg.example"/>',
    '<address address-value="WAPPUSH=+15557654321/TYPE=PLMN@ppg.operator.example"/>',
    '<quality-of-service delivery-method="confirmed"/>',
    '</push-message>',
    '</pap>',
  ].join('\n')
  t.equal(Buffer.from(submission.body).toString('latin1'), [
    '--asdlfkjiurwghasf', 'Content-Type: application/xml', '', control,
    '--asdlfkjiurwghasf', 'Content-Type: application/vnd.wap.mms-message', 'X-Wap-Application-Id: x-wap-application:mms.ua', '',
    BODY.toString('latin1'), '--asdlfkjiurwghasf--', '',
  ].join('\r\n'))
  const [first, second, ...rest] = await parts(submission.body, 'asdlfkjiurwghasf')
  t.same(rest, [])
  t.same(first?.headers, { 'content-type': ['application/xml'] })
  t.equal(first?.data.toString(), control)
  t.same(second?.headers, { 'content-type': ['application/vnd.wap.mms-message'], 'x-wap-application-id': ['x-wap-application:mms.ua'] })
  t.same(second?.data, BODY, 'the body byte for byte')
})

t.test('defaults: ppg host, no timestamps or quality of service, a derived boundary', async t => {
  const submission = buildPapSubmission({ pushId: 'p', addresses: ['15551234567'], content: { body: BODY } })
  const boundary = boundaryOf(submission.contentType)
  t.equal(boundary, 'mmse-pap-0000000000')
  t.equal(buildPapSubmission({ pushId: 'p', addresses: ['15551234567'], content: { body: BODY } }).contentType, submission.contentType, 'reproducible')
  const [control] = await parts(submission.body, boundary)
  t.match(control?.data.toString(), '<push-message push-id="p">\n<address address-value="WAPPUSH=15551234567/TYPE=PLMN@localhost"/>\n</push-message>')
  // A body that holds that boundary gets the next one.
  const tricky = Buffer.concat([BODY, Buffer.from(`\r\n--${boundary}\r\n`)])
  const other = buildPapSubmission({ pushId: 'p', addresses: ['15551234567'], content: { body: tricky } })
  const next = boundaryOf(other.contentType)
  t.equal(next, boundary.replace(/0$/, '1'))
  const [, content] = await parts(other.body, next)
  t.same(content?.data, tricky)
  // One the control entity holds is skipped too.
  const inPushId = buildPapSubmission({ pushId: `p--${boundary}`, addresses: ['15551234567'], content: { body: BODY } })
  t.equal(boundaryOf(inPushId.contentType), next)
})

t.test('a body full of derived boundaries costs linear time: the first free counter, found in one pass', async t => {
  const taken = 50_000
  const body = Buffer.from(Array.from({ length: taken }, (_, n) => `--mmse-pap-${String(n).padStart(10, '0')}`).join(''), 'latin1')
  const { contentType } = buildPapSubmission({ pushId: 'p', addresses: ['+1'], content: { body } })
  t.equal(boundaryOf(contentType), `mmse-pap-${String(taken).padStart(10, '0')}`)
})

t.test('content entity: another media type has no application id unless given; a boundary that needs quotes gets them', async t => {
  const si = buildPapSubmission({ pushId: 'p', addresses: ['+1'], content: { contentType: 'text/vnd.wap.si', body: Buffer.from('<si/>') }, boundary: "it's a (boundary)" })
  t.equal(si.contentType, 'multipart/related; boundary="it\'s a (boundary)"; type="application/xml"')
  const [, content] = await parts(si.body, "it's a (boundary)")
  t.same(content?.headers, { 'content-type': ['text/vnd.wap.si'] })
  const named = buildPapSubmission({ pushId: 'p', addresses: ['+1'], content: { contentType: 'text/vnd.wap.si', applicationId: 'x-wap-application:push.sia', body: Buffer.from('<si/>') }, boundary: 'b' })
  const [, withId] = await parts(named.body, 'b')
  t.same(withId?.headers['x-wap-application-id'], ['x-wap-application:push.sia'])
})

t.test('every attribute value is escaped, and comes back from an XML parser as given (property)', async t => {
  const xmlChar = fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', ' ', ']]>', '&amp;', '&#10;', 'é', '€', '😀', '\u2028'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }).filter(s => !/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/.test(s)),
  )
  const value = fc.array(xmlChar, { minLength: 1, maxLength: 12 }).map(a => a.join(''))
  fc.assert(fc.property(value, value, (pushId, notify) => {
    const { body, contentType } = buildPapSubmission({ pushId, notifyRequestedTo: notify, addresses: ['+1'], content: { body: BODY }, boundary: 'b' })
    const text = Buffer.from(body).toString('utf8')
    const xml = text.slice(text.indexOf('<?xml'), text.indexOf('\r\n--b\r\n'))
    const message = (xmlReader.parse(xml) as { pap: { 'push-message': Record<string, string> } }).pap['push-message']
    if (message['push-id'] !== pushId || message['ppg-notify-requested-to'] !== notify) {
      throw new Error(`${JSON.stringify(pushId)} came back as ${JSON.stringify(message['push-id'])}`)
    }
    if (!contentType.includes('boundary=b;')) throw new Error(contentType)
  }), { seed: 0x9a9, numRuns: 300 })
  t.pass('300 pairs of values')
})

t.test('what a submission cannot carry is ERR_MMSE_BAD_INPUT', async t => {
  const base: PapPushInput = { pushId: 'p', addresses: ['+15551234567'], content: { body: BODY } }
  const bad = (change: Record<string, unknown>) => refusal(() => buildPapSubmission({ ...base, ...change } as PapPushInput))
  t.match(bad({ pushId: '' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'push-id' })
  t.match(bad({ pushId: 42 }), { code: 'ERR_MMSE_BAD_INPUT', field: 'push-id' })
  for (const char of ['\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\ud800', '\udfff', '\ufffe', '\uffff']) {
    t.match(bad({ pushId: `a${char}b` }), { code: 'ERR_MMSE_BAD_INPUT', field: 'push-id' }, `U+${char.charCodeAt(0).toString(16)}`)
  }
  t.match(bad({ notifyRequestedTo: 'x\u0002' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'ppg-notify-requested-to' })
  t.match(bad({ notifyRequestedTo: 7 }), { code: 'ERR_MMSE_BAD_INPUT', field: 'ppg-notify-requested-to' })
  t.match(bad({ addresses: [] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'address-value' })
  t.match(bad({ addresses: 'x' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'address-value' })
  t.match(bad({ addresses: ['alice'] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'address-value' })
  t.match(bad({ addresses: [15551234567] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'address-value' })
  t.match(bad({ addresses: ['WAPPUSH=\u0000'] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'address-value' })
  t.match(bad({ deliverBefore: new Date(NaN) }), { code: 'ERR_MMSE_BAD_INPUT', field: 'deliver-before-timestamp' })
  t.match(bad({ deliverAfter: '2030-01-01' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'deliver-after-timestamp' })
  t.match(bad({ deliverAfter: new Date(Date.UTC(10000, 0, 1)) }), { code: 'ERR_MMSE_BAD_INPUT', field: 'deliver-after-timestamp' })
  t.match(bad({ deliveryMethod: 'eventually' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'delivery-method' })
  t.match(bad({ content: undefined }), { code: 'ERR_MMSE_BAD_INPUT', field: 'content' })
  t.match(bad({ content: { body: 'text' } }), { code: 'ERR_MMSE_BAD_INPUT', field: 'content' })
  t.match(bad({ content: { body: BODY, contentType: 'text/plain\r\nX-Evil: 1' } }), { code: 'ERR_MMSE_BAD_INPUT', field: 'Content-Type' })
  t.match(bad({ content: { body: BODY, applicationId: 'ünicode' } }), { code: 'ERR_MMSE_BAD_INPUT', field: 'X-Wap-Application-Id' })
  t.match(bad({ content: { body: BODY, applicationId: '' } }), { code: 'ERR_MMSE_BAD_INPUT', field: 'X-Wap-Application-Id' })
  for (const boundary of ['', 'x'.repeat(71), 'ends with space ', 'at@sign', 'quote"']) {
    t.match(bad({ boundary }), { code: 'ERR_MMSE_BAD_INPUT', field: 'boundary' }, JSON.stringify(boundary))
  }
  t.equal(typeof bad({ boundary: 'x'.repeat(70) }), 'string', '70 characters are fine')
  t.match(bad({ boundary: 'T-1', content: { body: Buffer.from('ab--T-1cd') } }), { code: 'ERR_MMSE_BAD_INPUT', field: 'boundary' }, 'in the body')
  t.match(bad({ boundary: 'zz', pushId: 'id--zz' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'boundary' }, 'in the control entity')
})

/** Captured from Kannel 1.4.5's PPG (wapbox) answering a push (note its `code =`). */
const KANNEL_RESPONSE = '<?xml version="1.0"?><!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 1.0//EN" "http://www.wapforum.org/DTD/pap_1.0.dtd"><pap><push-response push-id="id-1796158635138" sender-name="vm; WAP/1.3 (Kannel/1.4.5)" reply-time="2026-12-01T20:57:15Z" sender-address="/wappush"><response-result code ="1001" desc="The request has been accepted for processing"></response-result></push-response></pap>'

t.test('push-response: Kannel\'s, and one with progress notes, whitespace, a byte-order mark, as bytes', async t => {
  t.same(parsePapResponse(KANNEL_RESPONSE), {
    kind: 'push-response',
    code: 1001,
    pushId: 'id-1796158635138',
    description: 'The request has been accepted for processing',
    senderAddress: '/wappush',
    senderName: 'vm; WAP/1.3 (Kannel/1.4.5)',
    replyTime: new Date(Date.UTC(2026, 11, 1, 20, 57, 15)),
  })
  const spaced = '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<pap product-name="x">\n  <push-response push-id="a&amp;b&#x263A;&#10;c\td">\n    <progress-note stage="1"/>\n    <response-result code="1000"/>\n  </push-response>\n</pap>\n'
  const expected = { kind: 'push-response', code: 1000, pushId: 'a&b☺\nc d' }
  t.same(parsePapResponse(spaced), expected, 'entities, character references, attribute-value normalisation')
  t.same(parsePapResponse(Buffer.from(spaced)), expected, 'the same as UTF-8 bytes')
  t.same(parsePapResponse('<pap><push-response push-id="x&#13;&#x9;y&#x1F600;"><response-result code="1001"/></push-response></pap>').pushId, 'x\r\ty😀')
  t.same(parsePapResponse('<pap><push-response push-id="a\r\nb\rc"><response-result code="1001"/></push-response></pap>').pushId, 'a b c', 'line ends normalised, then spaces')
})

t.test('badmessage-response: code, description, the fragment', async t => {
  t.same(parsePapResponse('<?xml version="1.0"?><pap><badmessage-response code="2000" desc="Bad request" bad-message-fragment="&lt;pap&gt;&lt;push-message"/></pap>'), {
    kind: 'badmessage-response', code: 2000, description: 'Bad request', badMessageFragment: '<pap><push-message',
  })
  t.same(parsePapResponse('<pap><badmessage-response code="3002"/></pap>'), { kind: 'badmessage-response', code: 3002 })
})

t.test('not a push-response or badmessage-response: ERR_MMSE_BAD_PAP at the element', async t => {
  const cases: Array<[string | Uint8Array, number, string]> = [
    ['<foo/>', 0, 'another root'],
    ['<pap/>', 0, 'an empty pap'],
    ['<pap><cancel-response/></pap>', 5, 'another PAP operation'],
    ['<pap><push-response push-id="1"><response-result code="1000"/></push-response><push-response push-id="2"/></pap>', 78, 'two responses'],
    ['<pap><push-response><response-result code="1000"/></push-response></pap>', 5, 'no push-id'],
    ['<pap><push-response push-id="1"/></pap>', 5, 'no response-result'],
    ['<pap><push-response push-id="1"><response-result code="1000"/><response-result code="1001"/></push-response></pap>', 62, 'two results'],
    ['<pap><push-response push-id="1"><address/><response-result code="1000"/></push-response></pap>', 32, 'an element PAP does not allow there'],
    ['<pap><push-response push-id="1">text<response-result code="1000"/></push-response></pap>', 5, 'text in element content'],
    ['<pap>text<badmessage-response code="2000"/></pap>', 0, 'text in <pap>'],
    ['<pap><badmessage-response/></pap>', 5, 'no code'],
    ['<pap><badmessage-response code="20x0"/></pap>', 5, 'a code that is not four digits'],
    ['<pap><badmessage-response code="0999"/></pap>', 5, 'a code below 1000'],
    ['<pap><push-response push-id="1" reply-time="2026-02-30T00:00:00Z"><response-result code="1000"/></push-response></pap>', 5, 'February 30'],
    ['<pap><push-response push-id="1" reply-time="2026-12-01 20:57:15"><response-result code="1000"/></push-response></pap>', 5, 'not PAP\'s Datetime'],
    ['<?xml version="1.0" encoding="ISO-8859-1"?><pap/>', 0, 'a declared encoding other than UTF-8'],
    ['<!-- é --><foo/>', 11, 'byte offsets count UTF-8 octets'],
    [`\ufeff<foo/>`, 3, 'after a byte-order mark'],
    [Buffer.from('<pap>\u00e9\u00ff</pap>', 'latin1'), 6, 'not UTF-8: the octet that breaks the sequence'],
    [Buffer.from([0x3c, 0x70, 0xe2, 0x82]), 4, 'a sequence cut by the end'],
  ]
  for (const [xml, offset, what] of cases) t.same(refusal(() => parsePapResponse(xml)), { code: 'ERR_MMSE_BAD_PAP', offset }, what)
})

t.test('malformed XML: ERR_MMSE_BAD_PAP at the parser\'s position', async t => {
  for (const [xml, offset] of [
    ['', 0], ['garbage', 0], ['<pap>', 0], ['<pap></pa>', 5], ['<pap><a></b></pap>', 8], ['<pap/><pap/>', 6],
    ['<pap a=1/>', 5], ['<pap a="1" a="2"/>', 11], ['<pap>\n<a></b>\n</pap>', 9],
  ] as const) {
    const result = refusal(() => parsePapResponse(xml))
    t.match(result, { code: 'ERR_MMSE_BAD_PAP' }, JSON.stringify(xml))
    t.equal((result as { offset: number }).offset, offset, `${JSON.stringify(xml)} at ${offset}`)
  }
  const bad = (xml: string) => refusal(() => parsePapResponse(`<pap><badmessage-response code="2000" desc="${xml}"/></pap>`))
  t.same(bad('a < b'), { code: 'ERR_MMSE_BAD_PAP', offset: 5 }, 'a literal <')
  t.same(bad('a & b'), { code: 'ERR_MMSE_BAD_PAP', offset: 5 }, 'a bare &')
  t.same(bad('&nbsp;'), { code: 'ERR_MMSE_BAD_PAP', offset: 5 }, 'an HTML entity')
  for (const ref of ['&#0;', '&#x1;', '&#xD800;', '&#xFFFE;', '&#x110000;', '&#99999999;', '&#x;', '&#12a;']) {
    t.same(bad(ref), { code: 'ERR_MMSE_BAD_PAP', offset: 5 }, ref)
  }
})

t.test('hostile XML: no entity a DTD declares is expanded, nothing unbounded', async t => {
  const laughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE pap [',
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
    ']>',
    '<pap><badmessage-response code="2000" desc="&lol9;"/></pap>',
  ].join('\n')
  const rejected = refusal(() => parsePapResponse(laughs)) as { code: string }
  t.equal(rejected.code, 'ERR_MMSE_BAD_PAP', 'billion laughs: the reference is refused, nothing expanded')
  const plain = '<!DOCTYPE pap [<!ENTITY x "expanded">]><pap><badmessage-response code="2000" desc="&x;"/></pap>'
  t.match(refusal(() => parsePapResponse(plain)), { code: 'ERR_MMSE_BAD_PAP' }, 'even one internal entity')
  const external = '<!DOCTYPE pap [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><pap><badmessage-response code="2000" desc="&xxe;"/></pap>'
  t.match(refusal(() => parsePapResponse(external)), { code: 'ERR_MMSE_BAD_PAP' }, 'an external entity')
  t.same(parsePapResponse('<!DOCTYPE pap [<!ENTITY x "unused">]><pap><badmessage-response code="2000"/></pap>'), { kind: 'badmessage-response', code: 2000 }, 'a DTD alone is harmless')
  const raised = { maxBytes: 2_000_000 }
  const deep = `<pap>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</pap>`
  t.match(refusal(() => parsePapResponse(deep, raised)), { code: 'ERR_MMSE_BAD_PAP' }, '50,000 nested elements')
  const long = `<pap><badmessage-response code="2000" desc="${'x'.repeat(1_000_000)}"/></pap>`
  t.equal(parsePapResponse(long, raised).description?.length, 1_000_000, 'a 1 MB attribute, the bound raised: read, linearly')
  const refs = `<pap><badmessage-response code="2000" desc="${'&amp;'.repeat(100_000)}"/></pap>`
  t.equal(parsePapResponse(refs, raised).description?.length, 100_000, 'each reference is one character')
})

t.test('the input is bounded before it is read: 64 KiB by default, maxBytes to change it', async t => {
  t.equal(PAP_RESPONSE_MAX_BYTES, 64 * 1024)
  const response = (desc: string) => `<pap><badmessage-response code="2000" desc="${desc}"/></pap>`
  const frame = response('').length
  const fits = response('x'.repeat(PAP_RESPONSE_MAX_BYTES - frame))
  t.equal(parsePapResponse(fits).description?.length, PAP_RESPONSE_MAX_BYTES - frame, 'exactly 64 KiB')
  t.equal(parsePapResponse(Buffer.from(fits)).code, 2000, 'as bytes')
  const over = { code: 'ERR_MMSE_BAD_PAP', offset: PAP_RESPONSE_MAX_BYTES, limit: PAP_RESPONSE_MAX_BYTES }
  t.same(refusal(() => parsePapResponse(`${fits} `), 'limit'), over, 'one octet more')
  t.same(refusal(() => parsePapResponse(Buffer.from(`${fits} `)), 'limit'), over, 'one octet more, as bytes')
  t.same(refusal(() => parsePapResponse(response('é'.repeat((PAP_RESPONSE_MAX_BYTES - frame) / 2 + 1))), 'limit'), over, 'counted in UTF-8 octets, not characters')
  const huge = response('x'.repeat(8 * 1024 * 1024))
  const started = performance.now()
  t.same(refusal(() => parsePapResponse(huge), 'limit'), over, 'an 8 MB attribute')
  t.ok(performance.now() - started < 1000, 'refused without being read (it took seconds)')
  t.same(refusal(() => parsePapResponse(response('x'.repeat(100)), { maxBytes: 100 }), 'limit'), { code: 'ERR_MMSE_BAD_PAP', offset: 100, limit: 100 }, 'a lower bound')
  t.equal(parsePapResponse(response('x'.repeat(100_000)), { maxBytes: 200_000 }).description?.length, 100_000, 'a higher bound')
  for (const maxBytes of [0, -1, 1.5, Infinity, NaN, '10']) {
    t.same(refusal(() => parsePapResponse(fits, { maxBytes: maxBytes as number })), { code: 'ERR_MMSE_BAD_OPTION', offset: 0, field: 'maxBytes' }, String(maxBytes))
  }
})

t.test('a character XML 1.0 does not allow is refused whether literal or a reference', async t => {
  const response = (desc: string) => `<pap><badmessage-response code="2000" desc="${desc}"/></pap>`
  const at = response('a').indexOf('desc="') + 'desc="'.length
  for (const [code, literal] of [[0x0, '\u0000'], [0x1, '\u0001'], [0x1f, '\u001f'], [0xd800, '\ud800'], [0xdfff, '\udfff'], [0xfffe, '\ufffe'], [0xffff, '\uffff']] as const) {
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    t.match(refusal(() => parsePapResponse(response(`a${literal}`))), { code: 'ERR_MMSE_BAD_PAP', offset: at + 1 }, `${name} literal, at its octet`)
    t.match(refusal(() => parsePapResponse(response(`a&#x${code.toString(16)};`))), { code: 'ERR_MMSE_BAD_PAP', offset: 5 }, `${name} as a reference`)
  }
  t.match(refusal(() => parsePapResponse(Buffer.from(response('a\u0000')))), { code: 'ERR_MMSE_BAD_PAP', offset: at + 1 }, 'U+0000 in bytes')
  t.match(refusal(() => parsePapResponse('<pap>\u0000</pap>')), { code: 'ERR_MMSE_BAD_PAP', offset: 5 }, 'outside an attribute too')
  for (const [literal, reference] of [['\u{1F600}', '&#x1F600;'], ['\ud7ff', '&#xD7FF;'], ['\ue000', '&#xE000;'], ['\ufffd', '&#xFFFD;'], ['\u{10FFFF}', '&#x10FFFF;'], ['\u0085', '&#x85;']] as const) {
    t.equal(parsePapResponse(response(literal)).description, parsePapResponse(response(reference)).description, `${reference} both ways`)
  }
  t.equal(parsePapResponse(response('a\tb\nc\r\nd&#9;e')).description, 'a b c d\te', 'whitespace normalised, a reference kept')
})

t.test('random token soup: a result or ERR_MMSE_BAD_PAP, never another exception', async t => {
  const skeleton = ['<?xml version="1.0"?>', '<pap>', '<push-response push-id="1">', '<response-result code="1001"/>', '</push-response>', '</pap>']
  const token = fc.constantFrom(
    '<pap>', '</pap>', '<push-response push-id="1">', '</push-response>', '<response-result code="1001"/>', '<badmessage-response code="2000"/>',
    '<!DOCTYPE pap [<!ENTITY a "&a;">]>', '&a;', '&amp;', '&#', '<?pi x?>', '<!--', '-->', '<![CDATA[', ']]>', '"', "'", '=', '<', '>', '/', ' ', '\n', 'é', '\u0000', '',
  )
  // The skeleton of a push-response, with up to four tokens put in, replaced or taken out.
  const edits = fc.array(fc.record({ at: fc.nat(), token, replace: fc.boolean() }), { maxLength: 4 })
  let results = 0
  let errors = 0
  fc.assert(fc.property(edits, fc.boolean(), (changes, bytes) => {
    const pieces = [...skeleton]
    for (const { at, token, replace } of changes) pieces.splice(at % (pieces.length + 1), replace ? 1 : 0, token)
    const text = pieces.join('')
    try {
      parsePapResponse(bytes ? Buffer.from(text) : text)
      results++
    } catch (err) {
      if (!(err instanceof MmseError) || err.code !== 'ERR_MMSE_BAD_PAP') throw err
      errors++
    }
  }), { seed: 0x50a9, numRuns: 3000 })
  t.ok(results > 100 && errors > 100, `${results} results, ${errors} ERR_MMSE_BAD_PAP`)
})
