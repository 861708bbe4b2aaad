/**
 * Decoding and encoding agree on what is valid: whatever `decode()` reads without a warning,
 * `encode()` writes back, and whatever lenient decoding warns about that the encoder would
 * refuse, strict decoding refuses. Otherwise an MMSC that relays a value answers `ok` and fails
 * only when it writes the notification. A missing mandatory field is the message's business, not
 * a value's (decode() never checks it), so the encoder is asked not to check it here.
 */
import fc from 'fast-check'
import t from 'tap'
import { decode, encode, type MmseMessage, MmseError } from '../../../lib/index.js'
import { mutate, pduArbitrary, prng } from '../../support/fuzz.js'
import { applicationHeader, bytes, cat, entry, field, generalMedia, H, lengthPrefixed, multipart, P, param, quoted, retrieveConf, token, uintvar, untypedParam } from '../../support/wire.js'

type Verdict = 'not-decoded' | 'agrees' | 'silent-but-refused' | 'strict-accepts-refused'

/** What one input shows: undecodable, agreement, or which side of the agreement broke. */
function verdict (bytes: Uint8Array): { verdict: Verdict, why?: string } {
  let message: MmseMessage
  try {
    message = decode(bytes)
  } catch (err) {
    if (err instanceof MmseError) return { verdict: 'not-decoded' }
    throw err
  }
  try {
    encode(message, { checkMandatory: false })
    return { verdict: 'agrees' }
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    if (message.warnings.length === 0) return { verdict: 'silent-but-refused', why: err.message }
    try {
      decode(bytes, { strict: true })
      return { verdict: 'strict-accepts-refused', why: err.message }
    } catch (strictErr) {
      if (strictErr instanceof MmseError) return { verdict: 'agrees' }
      throw strictErr
    }
  }
}

function check (inputs: Iterable<Uint8Array>): Map<Verdict, number> {
  const counts = new Map<Verdict, number>()
  const examples: string[] = []
  for (const bytes of inputs) {
    const { verdict: v, why } = verdict(bytes)
    counts.set(v, (counts.get(v) ?? 0) + 1)
    if (why !== undefined && examples.length < 5) examples.push(`${v}: ${Buffer.from(bytes).toString('hex')} (${why})`)
  }
  for (const example of examples) console.error(example)
  return counts
}

const RUNS = 3000
const generated = fc.sample(pduArbitrary(), { numRuns: RUNS, seed: 0x5a9e })

function * mutated (seeds: readonly Uint8Array[], count: number, seed: number): Generator<Uint8Array> {
  const rnd = prng(seed)
  for (let i = 0; i < count; i++) {
    const input = seeds[Math.floor(rnd() * seeds.length)] as Uint8Array
    yield mutate(input, rnd, seeds[Math.floor(rnd() * seeds.length)] as Uint8Array).bytes
  }
}

for (const [name, inputs] of [['generated PDUs', generated], ['mutated PDUs', [...mutated(generated, RUNS, 0xa9e)]]] as const) {
  t.test(`${name}: decode without a warning means encode succeeds; a warning the encoder acts on is a strict refusal`, async (t) => {
    const counts = check(inputs)
    t.comment(`${name}: ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}`)
    t.equal(counts.get('silent-but-refused') ?? 0, 0, 'none decodes silently and is refused by the encoder')
    t.equal(counts.get('strict-accepts-refused') ?? 0, 0, 'none that the encoder refuses is accepted by strict decoding')
    t.ok((counts.get('agrees') ?? 0) > RUNS / 2, 'most inputs decode')
  })
}

/** An m-send-conf holding `fields`. */
const conf = (...fields: Uint8Array[]): Buffer => bytes(0x8c, 0x81, 0x98, 't', 0x8d, 0x92, 0x92, 0x80, ...fields)
/** An m-retrieve-conf whose one text/plain part has these content-type parameters and headers. */
const part = (params: Uint8Array, ...headers: Uint8Array[]): Buffer => retrieveConf(multipart([entry(generalMedia(0x03, params), headers, 'hi')]))

/**
 * A value of every form whose writer refuses something, in the form refused: what is not a token
 * where a Token-text must be (WAP-230 §8.4.2.1, RFC 2616 §2.2), a text ending in '"' where a
 * Quoted-string may have to carry it, a NUL in a charset text, a media type that is not
 * printable ASCII.
 */
const REFUSED: ReadonlyArray<[string, Buffer]> = [
  ['an empty Message-Class token', conf(field(0x8a, 0x00))],
  ['a Message-Class token with a control character', conf(field(0x8a, token('A\x01')))],
  ["a Message-Class token with octets above 0x7F ('X€')", conf(field(0x8a, token('X€')))],
  ['a Message-Class token with a separator', conf(field(0x8a, token('a/b')))],
  ['an application header name with a space', conf(applicationHeader('X Note', 'v'))],
  ['a Content-Type parameter name with a separator', retrieveConf(multipart([]), generalMedia(0x33, untypedParam('a=b', 'v')))],
  ['a Text-value ending in a quote', part(untypedParam('x', 'v"'))],
  ['a charset token with a space', part(param(P.charset, token('x y')))],
  ['a Field-name token with a control character', part(param(0x07, token('X-\x02')))],
  ['a Constrained-encoding with a control character', part(param(P.type, token('a/\x02')))],
  ['a Disposition token with a separator', part(new Uint8Array(), cat(H.contentDisposition14, lengthPrefixed(token('in;line'))))],
  ['a part header name with a space', part(new Uint8Array(), applicationHeader('X Foo', 'v'))],
  ['a Content-ID ending in a quote', part(new Uint8Array(), cat(H.contentId, quoted('<a>""')))],
  ['an Extension-media with a control character', retrieveConf(cat('hi'), token('text/x\x01y'))],
  ['a NUL inside a charset text', conf(field(0x93, lengthPrefixed(0xea, 'a', 0, 'b', 0)))],
  ['a header no table describes whose text a Quote starts with a control octet', part(new Uint8Array(), cat(0xf0, 0x7f, 0x01, 'a', 0x00))],
  ['the same, empty', part(new Uint8Array(), cat(0xf0, 0x7f, 0x00))],
  ['a Q-value above 1', part(param(0x00, uintvar(1150)))],
  ['a Q-value below 0', part(param(0x00, uintvar(0)))],
]

t.test('every value a writer refuses: lenient decoding warns, strict decoding refuses, the encoder refuses', async (t) => {
  for (const [name, pdu] of REFUSED) {
    const message = decode(pdu)
    t.ok(message.warnings.some((w) => w.code === 'WARN_MMSE_BAD_VALUE'), `${name}: a warning (${message.warnings.map((w) => w.message).join('; ')})`)
    t.throws(() => decode(pdu, { strict: true }), MmseError, `${name}: strict decoding refuses it`)
    t.throws(() => encode(message, { checkMandatory: false }), { code: 'ERR_MMSE_BAD_INPUT' }, `${name}: the encoder refuses it`)
  }
})

t.test('values the encoder writes back although it could not write them from text', async (t) => {
  // ISO-2022-JP is decoded (TextDecoder) but has no encoder here: its bytes are kept and written back as they came.
  const iso2022jp = conf(field(0x93, lengthPrefixed(0x80 | 39, Buffer.from('1b2442246b1b2842', 'hex'), 0x00)))
  const message = decode(iso2022jp)
  t.same(message.warnings, [], 'decoded without a warning')
  t.same(message.headers.responseText, { text: 'る', mib: 39, charset: 'iso-2022-jp', raw: Buffer.from('1b2442246b1b2842', 'hex') })
  t.same(encode(message, { checkMandatory: false }), iso2022jp, 'written back byte for byte')
  // A Text-value that is not a token is read as it came and written as a Quoted-string.
  const spaced = part(untypedParam('x', 'a b'))
  const decoded = decode(spaced)
  t.same(decoded.warnings, [])
  t.same(decode(encode(decoded, { checkMandatory: false })).parts[0]?.contentType.params, { x: 'a b' }, 'the same value, quoted')
})
