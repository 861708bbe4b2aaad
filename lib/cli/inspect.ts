/**
 * `mmse inspect <file|->`: the header fields and parts of an MMSE PDU (WAP-209 §7,
 * OMA-TS-MMS_ENC §7; parts WAP-230 §8.5) as a readable tree, or as JSON. The input streams
 * through `MmseParser`: part data is drained, counted and optionally hashed, never held, so a
 * 1 GiB message costs no more memory than a small one.
 */
import { type Command, expectPositionals } from './args.js'
import { openInput } from './input.js'
import { print } from './output.js'
import { treeJson, treeText } from './render.js'
import { readTree } from './tree.js'

export const inspect: Command = {
  name: 'inspect',
  summary: 'show the headers and parts of an MMSE PDU',
  help: `Usage: mmse inspect <file|-> [--json] [--offsets] [--sha256]

Shows the message type, every header field (canonical name, readable value) and the parts
(path, content type and parameters, size, Content-ID, Content-Location, filename), nested
multiparts and nested PDUs indented. "-" reads stdin.

Options:
  --json      machine output (stable keys; bigints as strings, dates ISO, octets hex)
  --offsets   byte offset, length and raw hex of every header field, and part offsets
  --sha256    SHA-256 of each part's data
  -h, --help  this help`,
  options: {
    json: { type: 'boolean' },
    offsets: { type: 'boolean' },
    sha256: { type: 'boolean' },
  },
  async run (values, positionals, io) {
    const [path] = expectPositionals(positionals, ['file']) as [string]
    const offsets = values.offsets === true
    const input = await openInput(path, io)
    const tree = await readTree(input.stream, { offsets, sha256: values.sha256 === true })
    if (values.json === true) await print(io, `${JSON.stringify(treeJson(tree, { offsets }), null, 2)}\n`)
    else await print(io, `${treeText(tree, { offsets }).join('\n')}\n`)
    return 0
  },
}
