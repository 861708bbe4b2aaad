/**
 * `mmse lint FILE...`: every construct in each PDU (or WAP Push, or each MMS in a capture:
 * lint-capture.ts) that a deployed decoder is known to misread (lib/lint), with the decoders,
 * the effect and the offset. Exit status 0 when every input is clean, 3 when any has a finding,
 * so that a script can gate on it.
 */
import { lint, type LintFinding, lintPush } from '../index.js'
import { type Command, UsageError } from './args.js'
import { isCapture, peekInput } from './capture.js'
import { openInput, readWhole } from './input.js'
import { type CapturedLint, lintCapture } from './lint-capture.js'
import { print } from './output.js'

/** What is read whole to be linted, and what one MMS in a capture may be: far above any MMS a phone takes. */
const INPUT_LIMIT = 64 * 1024 * 1024

/** The first octet of an MMSE PDU: X-Mms-Message-Type (OMA-TS-MMS_ENC §7). Anything else is taken for a WSP Push. */
const MESSAGE_TYPE_CODE = 0x8c

export const FINDINGS_EXIT = 3

export const lintCommand: Command = {
  name: 'lint',
  summary: 'list what deployed decoders misread in PDUs or WAP Pushes',
  help: `Usage: mmse lint <file|-> [<file>...] [--json]

For each MMSE PDU (or connectionless WAP Push carrying one), every construct a deployed decoder
(Android's PduParser, Wireshark, strict decoders) is known to misread: the decoders, the effect
(rejected, crash, field lost, garbled text), the byte offset and the specification section.
A capture (pcap or pcapng, gzip-compressed or not) is scanned, and each MMS in it is linted as
it was sent, by its number and the frame that completed it; one the capture did not hold whole
is listed, not linted.

Options:
  --json      machine output: [{ file, messageType, findings: [{ rule, construct, decoders,
              effect, spec, offset, field, detail }] }]; for a capture, each MMS also with
              its message number, frame, and why it was skipped if it was
  -h, --help  this help

Exit codes: 0 every input clean, 3 a finding in any input, 1 an input that cannot be read,
2 a usage error. A PDU or push of more than 64 MiB is refused; an MMS of more than 64 MiB in a
capture is listed, not linted.`,
  options: {
    json: { type: 'boolean' },
  },
  async run (values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('expected <file>')
    const reports: CapturedLint[] = []
    for (const file of positionals) {
      const { start, input } = await peekInput(await openInput(file, io), 4)
      if (isCapture(start)) reports.push(...await lintCapture(file, input, INPUT_LIMIT))
      else {
        const bytes = await readWhole(input, file, INPUT_LIMIT, 'a lint input')
        reports.push({ file, ...(bytes[0] === MESSAGE_TYPE_CODE ? lint(bytes) : lintPush(bytes)) })
      }
    }
    await print(io, values.json === true ? `${JSON.stringify(reports, null, 2)}\n` : reports.map(text).join(''))
    return reports.some((report) => report.findings.length > 0) ? FINDINGS_EXIT : 0
  },
}

function text (report: CapturedLint): string {
  const message = report.message === undefined ? '' : ` #${report.message} frame ${report.frame as number}`
  const head = `${report.file}${message}${report.messageType === undefined ? '' : ` (${report.messageType})`}`
  if (report.skipped !== undefined) return `${head}: not linted: ${report.skipped}\n`
  if (report.findings.length === 0) return `${head}: clean\n`
  return `${head}: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}\n${report.findings.map(line).join('')}`
}

function line (found: LintFinding): string {
  const where = found.field === undefined ? '' : ` ${found.field}:`
  const detail = found.detail === undefined ? '' : ` (${found.detail})`
  return `  offset ${found.offset}${where} ${found.construct}${detail}\n    ${found.effect}: ${found.decoders.join(', ')}; ${found.spec} [${found.rule}]\n`
}
