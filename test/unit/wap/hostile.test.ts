/**
 * Hostile datagrams on every WAP port: random octets, and valid WTP and WSP PDUs with octets
 * changed, cut or repeated. WapDissector never throws; whatever it cannot read is a warning,
 * and every warning code is one of errors.ts.
 */
import fc from 'fast-check'
import t from 'tap'
import { CAPTURE_WARNING_CODES } from '../../../lib/net/carried.js'
import { buildNotificationInd, encode, encodePush } from '../../../lib/index.js'
import { WapDissector } from '../../../lib/wap/dissector.js'
import { concatenated, datagram, invoke, result, segmentedResult, wspGet, wspPost, wspReply } from '../../support/wap.js'
import { cat, retrieveConf, multipart, textEntry } from '../../support/wire.js'

const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T', contentLocation: 'http://m/1', messageSize: 1 }))
const RETRIEVE = retrieveConf(multipart([textEntry('z'.repeat(300))]))
const SEEDS = [
  invoke({ tid: 1 }, wspGet('http://mmsc/1')),
  invoke({ tid: 2, ttr: false }, wspPost('http://mmsc/2', 0xbe, [], RETRIEVE.subarray(0, 100))),
  result({ tid: 0x8001 }, wspReply(0x20, 0xbe, [], RETRIEVE)),
  segmentedResult({ tid: 0x8002 }, 1, RETRIEVE.subarray(100)),
  concatenated(result({ tid: 0x8003, ttr: false }, wspReply(0x20, 0xbe, [], RETRIEVE.subarray(0, 50))), segmentedResult({ tid: 0x8003 }, 1, RETRIEVE.subarray(50, 80))),
  encodePush({ tid: 4, body: NOTIFICATION }),
  cat(5, wspGet('http://mmsc/5')),
  cat(5, wspReply(0x20, 0xbe, [], RETRIEVE)),
]
const PORTS = [9200, 9201, 2948, 2949]
const KNOWN = new Set<string>(CAPTURE_WARNING_CODES)

const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), fc.boolean()).map(([seed, changes, cut, twice]) => {
  const bytes = new Uint8Array(seed)
  for (const [at, octet] of changes) bytes[at % bytes.length] = octet
  const kept = bytes.subarray(0, 1 + (cut % bytes.length))
  return twice ? cat(kept, kept) : kept
})
const input = fc.array(fc.tuple(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 })), fc.constantFrom(...PORTS), fc.boolean(), fc.nat({ max: 3 })), { minLength: 1, maxLength: 12 })

t.test('never an exception; every warning a known code', async (t) => {
  fc.assert(fc.property(input, (datagrams) => {
    const wap = new WapDissector({ maxWtpGroups: 4, maxWspTransactions: 2 })
    const phone = { address: '10.0.0.2', port: 40000 }
    datagrams.forEach(([payload, port, up, missing], n) => {
      const server = { address: '10.0.0.1', port }
      for (const message of wap.datagram(datagram(payload, up ? phone : server, up ? server : phone, n + 1, missing))) {
        if (!message.warnings.every((w) => KNOWN.has(w.code))) throw new Error(`unknown code in ${JSON.stringify(message.warnings)}`)
      }
    })
    wap.flush()
    const warnings = wap.takeWarnings()
    if (!warnings.every((w) => KNOWN.has(w.code))) throw new Error(`unknown code in ${JSON.stringify(warnings)}`)
  }), { seed: 21, numRuns: 2000 })
  t.pass('2000 captures of hostile datagrams')
})
