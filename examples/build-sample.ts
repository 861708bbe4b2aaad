/**
 * Builds `examples/sample.mms`, the message the README's quick start inspects: an
 * m-retrieve-conf made with this library's own encoder (a generated SMIL presentation, a
 * UTF-8 text, a 1x1 GIF), deterministic so the file only changes when the encoder does.
 *
 *   node --import tsx examples/build-sample.ts
 */
import { writeFileSync } from 'node:fs'
import { buildRetrieveConf, encode } from 'mmse'

/** The smallest GIF89a: one transparent pixel (logical screen, colour table, one LZW-coded image). */
const pixel = Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b', 'hex')

const message = buildRetrieveConf({
  transactionId: 'sample-0001',
  messageId: 'mmse-sample@example.net',
  date: new Date('2026-11-24T12:00:00Z'),
  from: '+15551234567/TYPE=PLMN',
  to: ['alice@example.com', '+15557654321/TYPE=PLMN'],
  subject: 'Grüße aus Berlin',
  smil: true,
  parts: [
    { contentType: 'image/gif', data: pixel, name: 'pixel.gif' },
    { contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, data: 'Hallo! Schöne Grüße vom Brandenburger Tor 🐻', name: 'text.txt' },
  ],
  headers: { messageClass: 'personal', priority: 'normal' },
})

const bytes = encode(message)
writeFileSync(new URL('sample.mms', import.meta.url), bytes)
console.log(`examples/sample.mms: ${bytes.length} bytes`)
