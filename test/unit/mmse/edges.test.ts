/**
 * Decoder edges the fixtures do not reach: strict From, unassigned codes inside parameters
 * and element descriptors, mixed Status-count forms, entry-level limits, an empty nested PDU,
 * quoted-printable with lower-case and invalid escapes.
 */
import t from 'tap'
import { decode, MmseParser, type MmsePart } from '../../../lib/index.js'
import { transferDecoder } from '../../../lib/transfer/encodings.js'
import { bytes, hex, multipart, retrieveConf, textEntry, entry } from '../../support/wire.js'
import { thrownCode } from '../../support/thrown.js'

t.test('From without a Value-length: read as an address, rejected in strict mode', async t => {
  const pdu = bytes(0x8c, 0x86, 0x8d, 0x90, 0x89, 'Someone <a@b.example>')
  t.match(decode(pdu).headers.from, { address: 'Someone <a@b.example>', type: 'email' })
  t.equal(thrownCode(() => decode(pdu, { strict: true })), 'ERR_MMSE_BAD_VALUE')
})

t.test('unassigned codes inside values are kept as numbers', async t => {
  // Differences (0x87) names a field by a code no table names.
  const type = decode(retrieveConf(Buffer.alloc(0), bytes(0x03, 0x83, 0x87, 0xff))).headers.contentType
  t.equal(type?.params.differences, 0x7f)
  // Element-Descriptor: reference, then type = an unassigned content-type code.
  const descriptor = decode(bytes(0x8c, 0x93, 0x8d, 0x92, 0xb2, 0x06, 'ref', 0x82, 0xff)).headers.elementDescriptor
  t.same(descriptor, { contentReference: 'ref', params: { type: 0x7f } })
})

t.test('m-delete-conf: a plain Content-Location then Status-count ones', async t => {
  const pdu = bytes(0x8c, 0x95, 0x98, 't', 0x8d, 0x93, 0x83, 'http://a', 0x83, 0x03, 0x81, 'b', 0x83, 0x03, 0x82, 'c')
  t.same(decode(pdu).headers.contentLocation, ['http://a', { statusCount: 1, uri: 'b' }, { statusCount: 2, uri: 'c' }])
})

t.test('maxParts counts entries beyond nEntries and inside nested multiparts', async t => {
  const extra = retrieveConf(multipart([textEntry('a', 'a'), textEntry('b', 'b'), textEntry('c', 'c')], 1))
  t.equal(thrownCode(() => decode(extra, { limits: { maxParts: 2 } })), 'ERR_MMSE_LIMIT_PARTS')
  const nested = retrieveConf(multipart([entry(hex('a3'), [], multipart([textEntry('a', 'a'), textEntry('b', 'b')]))]))
  t.equal(thrownCode(() => decode(nested, { limits: { maxParts: 2 } })), 'ERR_MMSE_LIMIT_PARTS')
  const parser = new MmseParser({ limits: { maxParts: 2 } })
  parser.on('part', (part: MmsePart) => part.resume())
  parser.end(extra)
  const err = await new Promise(resolve => parser.on('error', resolve))
  t.match(err, { code: 'ERR_MMSE_LIMIT_PARTS', limit: 2 })
})

t.test('a nested PDU with no bytes is truncated', async t => {
  const view = bytes(0x8c, 0x8e, 0x98, 'v', 0x8d, 0x92, 0x84, 0xa3, multipart([entry(hex('be'), [], Buffer.alloc(0))]))
  t.equal(thrownCode(() => decode(view)), 'ERR_MMSE_TRUNCATED')
})

t.test('quoted-printable: lower-case escapes decode, invalid ones stay literal', async t => {
  const decoder = transferDecoder('quoted-printable')
  const out = Buffer.concat([decoder!.write(Buffer.from('a=c3=a4 =G1 =3d')), decoder!.end().tail])
  t.equal(out.toString('latin1'), 'a\xc3\xa4 =G1 =')
  t.equal(transferDecoder('7bit'), undefined)
  const soft = transferDecoder('quoted-printable')!
  const lines = Buffer.concat([soft.write(Buffer.from('one =\ntwo =\r\nthree=')), soft.write(Buffer.from('\n'))])
  const end = soft.end()
  t.equal(Buffer.concat([lines, end.tail]).toString(), 'one two three', 'soft breaks, LF and CRLF, one split')
  t.ok(end.clean)
})

t.test('a field-name parameter given as text', async t => {
  const type = decode(retrieveConf(Buffer.alloc(0), bytes(0x08, 0x83, 0x87, 'X-Foo'))).headers.contentType
  t.equal(type?.params.differences, 'X-Foo')
})

t.test('parameters: 3-digit Q-values, a malformed No-value, integers beyond 2^53', async t => {
  const params = (octets: Uint8Array) => {
    const message = decode(retrieveConf(Buffer.alloc(0), bytes(octets.length + 1, 0x83, octets)))
    return { params: message.headers.contentType?.params, warnings: message.warnings.map(w => w.code) }
  }
  t.same(params(hex('80 83 31')).params, { q: 0.333 }, 'Q 0.333 is the uintvar 433')
  t.same(params(hex('80 0b')).params, { q: 0.1 })
  // Secure (0x90) takes No-value: anything else fails the Content-Type, skipped in lenient mode.
  t.same(params(hex('90 85')).warnings, ['WARN_MMSE_BAD_VALUE'])
  // A typed parameter token and a charset as 8-octet Long-integers above 2^53.
  t.same(params(hex('08 ff ff ff ff ff ff ff ff 85 81 08 ff ff ff ff ff ff ff ff')), {
    params: { charset: 2n ** 64n - 1n },
    warnings: ['WARN_MMSE_BAD_VALUE'],
  })
})
