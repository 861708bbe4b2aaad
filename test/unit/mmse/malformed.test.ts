/**
 * Malformed fields, one by one, through decode(): what lenient mode keeps and warns about, and
 * what strict mode refuses (OMA-TS-MMS_ENC §7 grammar, WAP-230 §8.4 encodings). Each PDU is
 * built from the specification's layouts, so each case names the one thing wrong with it.
 */
import t from 'tap'
import { decode, MmseError, type MmseMessage } from '../../../lib/index.js'
import { bytes, entry, hex, multipart, retrieveConf } from '../../support/wire.js'

interface Case {
  name: string
  pdu: Uint8Array
  /** Warnings of the lenient decode: code and offset. */
  warnings: Array<[string, number]>
  /** What strict mode does: the error's code and offset, or 'same' when it decodes as lenient mode does. */
  strict: [string, number] | 'same'
  /** A look at what lenient mode kept. */
  kept?: (message: MmseMessage) => unknown
  expected?: unknown
}

const CASES: Case[] = [
  {
    name: 'a single-valued header twice: the last value kept',
    pdu: bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x96, 'a', 0x96, 'b', 0x84, 0x83, 'x'),
    warnings: [['WARN_MMSE_BAD_VALUE', 10]],
    strict: ['ERR_MMSE_BAD_VALUE', 10],
    kept: m => m.headers.subject,
    expected: { text: 'b' },
  },
  {
    name: 'X-Mms-Transaction-Id not second',
    pdu: bytes(0x8c, 0x81, 0x8d, 0x92, 0x98, 't', 0x92, 0x80),
    warnings: [['WARN_MMSE_ORDER', 4]],
    strict: ['ERR_MMSE_ORDER', 4],
    kept: m => m.headers.transactionId,
    expected: 't',
  },
  {
    name: 'X-Mms-MMS-Version after other headers',
    pdu: bytes(0x8c, 0x81, 0x98, 't', 0x92, 0x80, 0x8d, 0x92),
    warnings: [['WARN_MMSE_ORDER', 7]],
    strict: ['ERR_MMSE_ORDER', 7],
    kept: m => m.headers.mmsVersion,
    expected: '1.2',
  },
  {
    name: 'From with a token that is neither Address-present nor Insert-address: skipped',
    pdu: bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x89, 0x02, 0x82, 0x00, 0x84, 0x83, 'x'),
    warnings: [['WARN_MMSE_BAD_VALUE', 7]],
    strict: ['ERR_MMSE_BAD_VALUE', 9],
    kept: m => m.headers.from,
    expected: undefined,
  },
  {
    name: 'X-Mms-Expiry with a token that is neither Absolute nor Relative: skipped',
    pdu: bytes(0x8c, 0x82, 0x98, 't', 0x8d, 0x92, 0x88, 0x02, 0x82, 0x81, 0x8e, 0x01, 0x10, 0x83, 'http://x'),
    warnings: [['WARN_MMSE_BAD_VALUE', 7]],
    strict: ['ERR_MMSE_BAD_VALUE', 9],
    kept: m => [m.headers.expiry, m.headers.contentLocation],
    expected: [undefined, 'http://x'],
  },
  {
    name: 'a Text-string that is not UTF-8: decoded with replacement characters, in either mode',
    pdu: bytes(0x8c, 0x81, 0x98, 't', 0x8d, 0x92, 0x92, 0x80, 0x8b, hex('c3 28'), 0),
    warnings: [['WARN_MMSE_CHARSET', 10]],
    strict: 'same',
    kept: m => m.headers.messageId,
    expected: '\ufffd(',
  },
  {
    name: 'an address that is not UTF-8: its octets kept',
    pdu: bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x97, hex('ff 41'), 0, 0x84, 0x83, 'x'),
    warnings: [['WARN_MMSE_CHARSET', 8]],
    strict: 'same',
    kept: m => [...(m.headers.to?.[0]?.bytes ?? [])],
    expected: [0xff, 0x41],
  },
  {
    name: 'a From whose Value-length runs past its NUL into the next field: read to the NUL',
    pdu: bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x89, 0x09, 0x80, 'a@b', 0x96, 'subj', 0x84, 0x83, 'x'),
    warnings: [['WARN_MMSE_BAD_VALUE', 8]],
    strict: ['ERR_MMSE_BAD_VALUE', 14],
    kept: m => [m.headers.from, m.headers.subject],
    expected: [{ address: 'a@b', type: 'email', raw: 'a@b' }, { text: 'subj' }],
  },
  {
    name: 'the same overrun where what follows the NUL is no well-formed field: the value skipped',
    pdu: bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x89, 0x09, 0x80, 'a@b', 0x89, 0x05, 0x99, 0x84, 0x83, 'x'),
    warnings: [['WARN_MMSE_BAD_VALUE', 7]],
    strict: ['ERR_MMSE_BAD_VALUE', 14],
    kept: m => m.headers.from,
    expected: undefined,
  },
  {
    name: 'the same overrun where the value read to its NUL is itself malformed: no recovery',
    pdu: bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x89, 0x09, 0x82, 'a@b', 0x96, 'subj', 0x84, 0x83, 'x'),
    warnings: [['WARN_MMSE_BAD_VALUE', 7], ['WARN_MMSE_CHARSET', 20]],
    strict: ['ERR_MMSE_BAD_VALUE', 9],
    kept: m => [m.headers.from, m.headers.subject],
    expected: [undefined, undefined],
  },
  {
    name: 'a part header code page shift (Shift-delimiter 0x7F): the page\'s headers kept raw',
    pdu: retrieveConf(multipart([entry(0x83, [0x7f, 0x02, 0x81, 0x81], 'x')])),
    warnings: [['WARN_MMSE_UNKNOWN_FIELD', 26]],
    strict: 'same',
    kept: m => Object.keys(m.parts[0]?.headers ?? {}).length,
    expected: 1,
  },
  {
    name: 'a part header Short-cut-shift-delimiter: the same',
    pdu: retrieveConf(multipart([entry(0x83, [0x02, 0x81, 0x81], 'x')])),
    warnings: [['WARN_MMSE_UNKNOWN_FIELD', 25]],
    strict: 'same',
    kept: m => Object.keys(m.parts[0]?.headers ?? {}).length,
    expected: 1,
  },
  {
    name: 'an unknown Content-Disposition code: kept raw',
    pdu: retrieveConf(multipart([entry(0x83, [0xc5, 0x02, 0x90, 0x00], 'x')])),
    warnings: [['WARN_MMSE_BAD_VALUE', 25]],
    strict: ['ERR_MMSE_BAD_VALUE', 26],
    kept: m => [...(m.parts[0]?.headers['content-disposition'] as Uint8Array)],
    expected: [0x02, 0x90, 0x00],
  },
]

for (const c of CASES) {
  t.test(c.name, async t => {
    const message = decode(c.pdu)
    t.same(message.warnings.map(w => [w.code, w.offset]), c.warnings, 'lenient warnings')
    if (c.kept !== undefined) t.same(c.kept(message), c.expected, 'what lenient mode kept')
    let refused: MmseError | undefined
    let strict: MmseMessage | undefined
    try {
      strict = decode(c.pdu, { strict: true })
    } catch (err) {
      if (!(err instanceof MmseError)) throw err
      refused = err
    }
    if (c.strict === 'same') t.same(strict, message, 'strict mode decodes the same')
    else t.same(refused === undefined ? 'no error' : [refused.code, refused.offset], c.strict, 'strict mode refuses')
  })
}

t.test('repeated part headers: every value kept, in order, under one name', async t => {
  const pdu = retrieveConf(multipart([entry(0x83, [
    bytes('X-A', 'v'), bytes('X-A', 'w'), bytes('X-A', 'z'),
    0xc0, bytes('"<a>'), 0xc0, bytes('"<b>'), 0x8e, bytes('l1'), 0x8e, bytes('l2'),
    0xc5, 0x01, 0x81, 0xc5, 0x04, 0x82, 0x98, 0x62, 0x00,
  ], 'x')]))
  const part = decode(pdu, { strict: true }).parts[0]
  t.same(part?.headers['x-a'], ['v', 'w', 'z'])
  t.same(part?.headers['content-location'], ['l1', 'l2'])
  // The part's conveniences take the first of each.
  t.equal(part?.contentId, 'a')
  t.equal(part?.contentLocation, 'l1')
  t.equal(part?.filename, 'l1', 'the first disposition names no file (the second does), so Content-Location names the part')
})
