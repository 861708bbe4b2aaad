// Every .eml that toMime() writes, from the corpus in ../shared/corpus (skipped when absent) and
// from the encoder's property-test messages, parses with mailparser (npm) and with Python's
// standard email package (BytesParser, policy.default): every part equal by sha256 (mailparser
// gives the text parts it shows as text: those equal as text), and the mapped headers equal.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { simpleParser } from 'mailparser'
import t from 'tap'
import { decode, type DecodedPart, type MmseMessage } from '../../../lib/index.js'
import { encode } from '../../../lib/encode/encode.js'
import { decodeCharset, charsetMib } from '../../../lib/text/transcode.js'
import { UTF_8_MIB } from '../../../lib/tables/charsets.js'
import { anyMessage } from '../../unit/encode/arbitraries.test.js'
import { mailOf, readMail } from '../../support/mail.js'
import { notInstalled } from '../../support/missing.js'

const PYTHON = spawnSync('python3', ['-c', 'import email.policy'], { stdio: 'ignore' }).status === 0
const SCRIPT = fileURLToPath(new URL('parse-eml.py', import.meta.url))
const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)
/** The headers compared: the RFC 5322 fields as Python renders them, the X-Mms-* fields as written. */
const HEADERS = ['subject', 'from', 'to', 'cc', 'x-mms-message-type', 'x-mms-transaction-id', 'x-mms-message-id', 'x-mms-priority', 'x-mms-message-class']

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')
const leaves = (parts: DecodedPart[]): DecodedPart[] => parts.flatMap(p => p.parts === undefined ? [p] : leaves(p.parts))

function messages (): Array<[string, MmseMessage]> {
  const out: Array<[string, MmseMessage]> = []
  if (existsSync(CORPUS)) {
    for (const line of readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').split('\n').slice(1)) {
      const file = line.split('\t')[0] as string
      if (file === '' || !existsSync(new URL(file, CORPUS))) continue
      try {
        out.push([file, decode(readFileSync(new URL(file, CORPUS)))])
      } catch { /* not a PDU this library reads whole (a push, a fragment): not this test's */ }
    }
  }
  // Body-carrying messages of the property tests, every field in many values.
  for (const [i, message] of fc.sample(anyMessage, { seed: 22, numRuns: 120 }).entries()) out.push([`property-${i}`, decode(encode(message))])
  return out
}

t.test('mailparser and Python read every converted message', { skip: PYTHON ? false : notInstalled('python3', 'python3') }, async t => {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-eml-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const all = messages()
  const files: string[] = []
  const mails = new Map<string, { message: MmseMessage, mail: Buffer }>()
  for (const [i, [name, message]] of all.entries()) {
    const mail = await mailOf(message, { domain: 'mms.example' })
    const file = join(dir, `${i}.eml`)
    writeFileSync(file, mail)
    files.push(file)
    mails.set(file, { message, mail })
  }
  const python = execFileSync('python3', [SCRIPT, ...files], { input: `${HEADERS.join(',')}\n`, maxBuffer: 64 * 1024 * 1024 }).toString().trim().split('\n').map(line => JSON.parse(line) as { path: string, parts: Array<{ sha256: string }>, headers: Record<string, string[]>, defects: string[] })
  let partsCompared = 0
  for (const result of python) {
    const { message, mail } = mails.get(result.path) as { message: MmseMessage, mail: Buffer }
    const expected = message.headers.contentType === undefined && message.parts.length === 0 ? [] : leaves(message.parts).map(p => sha256(p.data))
    const ours = await readMail(mail)
    // Python: every leaf by its octets, and the headers as our own reader reads them.
    const got = result.parts.map(p => p.sha256)
    if (expected.length === 0 ? got.length > 1 : JSON.stringify(got) !== JSON.stringify(expected)) t.fail(`${result.path}: Python's parts differ`, { got, expected })
    for (const name of HEADERS) {
      const written = ours.mailHeaders.filter(h => h.name.toLowerCase() === name)
      const python = result.headers[name] ?? []
      if (written.length !== python.length) t.fail(`${result.path}: ${name} ${written.length} vs ${python.length} in Python`)
    }
    for (const [name, value] of [['x-mms-transaction-id', message.headers.transactionId], ['x-mms-message-id', message.headers.messageId], ['x-mms-priority', message.headers.priority]] as const) {
      if (value !== undefined && value !== '' && result.headers[name]?.[0] !== String(value)) t.fail(`${result.path}: ${name} in Python ${JSON.stringify(result.headers[name])} vs ${JSON.stringify(value)}`)
    }
    const subject = message.headers.subject?.text
    if (subject !== undefined && subject !== '' && (result.headers.subject?.[0] ?? '') !== subject) {
      t.fail(`${result.path}: Subject in Python ${JSON.stringify(result.headers.subject)} vs ${JSON.stringify(subject)}`)
    }
    // mailparser: attachments by sha256; the parts it shows as text, as text.
    const parsed = await simpleParser(mail)
    const attachments = new Set(parsed.attachments.map(a => sha256(a.content)))
    const texts: string[] = []
    let exact = true
    for (const part of leaves(message.parts)) {
      if (attachments.has(sha256(part.data))) continue
      const charset = part.contentType.params.charset
      const decoded = decodeCharset(part.data, (typeof charset === 'string' ? charsetMib(charset) : undefined) ?? UTF_8_MIB)
      texts.push(decoded.text)
      exact &&= decoded.exact
    }
    // Octets that are no text in their charset (the property tests' random data) decode to replacement characters, as many as each decoder sees fit.
    if (exact && texts.length > 0 && (parsed.text ?? '').replace(/\s+/g, '') !== texts.join('').replace(/\s+/g, '')) {
      t.fail(`${result.path}: mailparser's text differs`, { got: JSON.stringify(parsed.text), expected: JSON.stringify(texts), types: leaves(message.parts).map(p => p.contentType) })
    }
    if (message.headers.subject !== undefined && message.headers.subject.text.trim() !== '' && parsed.subject !== ours.headers.subject?.text.replace(/\s+/g, ' ').trim() && parsed.subject !== ours.headers.subject?.text) {
      t.fail(`${result.path}: mailparser's Subject ${JSON.stringify(parsed.subject)}`)
    }
    partsCompared += got.length
  }
  t.equal(python.length, all.length, `${all.length} messages read by Python, ${partsCompared} parts equal by sha256`)
})
