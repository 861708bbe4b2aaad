/**
 * `mmse inspect <file|->`: the header fields and parts of an MMSE PDU (WAP-209 §7,
 * OMA-TS-MMS_ENC §7; parts WAP-230 §8.5) as a readable tree, or as JSON. The input streams
 * through `MmseParser`: part data is drained, counted and optionally hashed, never held, so a
 * 1 GiB message costs no more memory than a small one.
 */
import { type Command, expectPositionals, UsageError } from './args.js'
import { fieldsOption, isCapture, peekInput, runCapture } from './capture.js'
import { openInput } from './input.js'
import { print } from './output.js'
import { treeJson, treeText } from './render.js'
import { readTree } from './tree.js'

export const inspect: Command = {
  name: 'inspect',
  summary: 'show the headers and parts of an MMSE PDU, or every MMS in a capture',
  help: `Usage: mmse inspect <file|-> [--json] [--offsets] [--sha256]
       mmse inspect <capture|-> [-v] [--json] [--fields F,...] [--filter EXPR] [--decode-as R]...

Shows the message type, every header field (canonical name, readable value) and the parts
(path, content type and parameters, size, Content-ID, Content-Location, filename), nested
multiparts and nested PDUs indented. "-" reads stdin.

A capture (pcap or pcapng, gzip-compressed or not: told by its first octets) is scanned for
MMS: one line per MMS with its time, flow, transport, message type, transaction id, from, to,
subject and size; warnings (what the capture lost) on stderr.

Options:
  --json          machine output (stable keys; bigints as strings, dates ISO, octets hex)
  --offsets       byte offset, length and raw hex of every header field, and part offsets
  --sha256        SHA-256 of each part's data
  -v, --verbose   capture: each MMS's headers and parts under its line
  --fields F,...  capture: the fields F (Wireshark's names: mmse.message_type, mmse.from, ...;
                  frame.number, ip.src, tcp.srcport, ...), tab-separated, as tshark -T fields prints them
  --filter EXPR   capture: only the MMS whose fields match, e.g.
                  'mmse.message_type == 0x84 and mmse.subject contains "hi"'
  --decode-as R   capture: tshark's -d, e.g. tcp.port==8080,http (repeatable)
  -h, --help      this help`,
  options: {
    json: { type: 'boolean' },
    offsets: { type: 'boolean' },
    sha256: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    fields: { type: 'string' },
    filter: { type: 'string' },
    'decode-as': { type: 'string', multiple: true },
  },
  async run (values, positionals, io) {
    const [path] = expectPositionals(positionals, ['file']) as [string]
    const offsets = values.offsets === true
    const { start, input } = await peekInput(await openInput(path, io), 4)
    if (isCapture(start)) {
      if (offsets || values.sha256 === true) {
        input.stream.destroy()
        throw new UsageError('--offsets and --sha256 apply to one PDU, not to a capture')
      }
      return await runCapture(input, io, {
        mode: { inspect: { verbose: values.verbose === true, json: values.json === true, fields: fieldsOption(values.fields) } },
        filter: values.filter as string | undefined,
        decodeAs: values['decode-as'] as string[] | undefined,
      })
    }
    if (values.verbose === true || values.fields !== undefined || values.filter !== undefined || values['decode-as'] !== undefined) {
      input.stream.destroy()
      throw new UsageError('-v, --fields, --filter and --decode-as apply to a capture; this input is not one')
    }
    const tree = await readTree(input.stream, { offsets, sha256: values.sha256 === true })
    if (values.json === true) await print(io, `${JSON.stringify(treeJson(tree, { offsets }), null, 2)}\n`)
    else await print(io, `${treeText(tree, { offsets }).join('\n')}\n`)
    return 0
  },
}
