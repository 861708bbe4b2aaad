/**
 * `mmse notify <spec.json|notification.mms|->`: wraps an MMSE PDU, usually an
 * m-notification-ind, in a connectionless WSP Push (WAP-230 §8.2.4) for the MMS user agent, and
 * with `--sms` cuts it into SMS user data (3GPP TS 23.040 §9.2.3.24: ports 9200 -> 2948, and
 * concatenation when it needs more than one SMS), each segment as hex on its own line: what
 * modem tools (AT+CMGS in PDU mode) and SMPP tools take.
 *
 * A JSON spec is read as `mmse encode` reads it (the decoder's shape, part bodies from files
 * relative to the spec), so the two commands take the same specs.
 */
import { decode, encode, encodePush, headerByKey, segmentPush, type SegmentOptions } from '../index.js'
import { type Command, expectPositionals, UsageError, type Values } from './args.js'
import { writeFileAtomic } from './atomic-file.js'
import { specBase, specMessage } from './encode.js'
import { readInput } from './input.js'
import type { CliIo } from './io.js'
import { print } from './output.js'

/** A notification and its spec are a few hundred octets: more than this is not one. */
const INPUT_LIMIT = 1024 * 1024

/** X-Mms-Message-Type, the first octet of every MMSE PDU. */
const MESSAGE_TYPE = headerByKey('messageType')?.code as number

export const notify: Command = {
  name: 'notify',
  summary: 'wrap a notification in a WAP Push PDU, or in SMS segments with --sms',
  help: `Usage: mmse notify <spec.json|notification.mms|-> [-o <file|->] [--sms] [options]

Builds the WAP Push (WSP Push PDU, WAP-230 §8.2.4; content type application/vnd.wap.mms-message,
X-Wap-Application-Id mms.ua) that carries an MMSE PDU to a phone, usually an m-notification-ind.
The input is an MMSE PDU (a .mms file, recognised by its first octet 0x8C) or a JSON spec as
\`mmse encode\` takes it. Prints the push as hex; with --sms, the SMS user data of each segment
(UDH with ports 9200 -> 2948 and, for more than one SMS, concatenation), one hex line each.

Options:
  -o, --output      write to a file instead (the push in binary; with --sms, the hex lines);
                    - writes the binary push to stdout
  --sms             SMS user data segments (8-bit data coding, at most 140 octets each)
  --tid <n>         WSP transaction id, 0-255 (default 0)
  --confirmed       a ConfirmedPush (0x07) instead of a Push (0x06)
  --initiator <uri> an X-Wap-Initiator-URI header
  --reference <n>   the concatenation reference (default: counts up from 1)
  --reference16     a 16-bit concatenation reference (IEI 0x08) instead of 8-bit (0x00)
  -h, --help        this help

An input of more than 1 MiB is refused.`,
  options: {
    output: { type: 'string', short: 'o' },
    sms: { type: 'boolean' },
    tid: { type: 'string' },
    confirmed: { type: 'boolean' },
    initiator: { type: 'string' },
    reference: { type: 'string' },
    reference16: { type: 'boolean' },
  },
  async run (values, positionals, io) {
    const [input] = expectPositionals(positionals, ['spec.json|notification.mms']) as [string]
    const message = await messageBytes(input, io)
    // What goes into the push must be an MMSE PDU: decode() says so, or fails with its code and offset.
    decode(message)
    const push = encodePush({
      body: message,
      tid: integer(values, 'tid', 0xff) ?? 0,
      pduType: values.confirmed === true ? 'confirmed-push' : 'push',
      ...(typeof values.initiator === 'string' ? { headers: { 'x-wap-initiator-uri': values.initiator } } : {}),
    })
    if (values.sms !== true) {
      if (values.output === '-') await print(io, push)
      else if (typeof values.output === 'string') await writeFileAtomic(values.output, push, io)
      else await print(io, `${hex(push)}\n`)
      return 0
    }
    const options: SegmentOptions = { referenceBits: values.reference16 === true ? 16 : 8 }
    const reference = integer(values, 'reference', values.reference16 === true ? 0xffff : 0xff)
    if (reference !== undefined) options.reference = reference
    const lines = segmentPush(push, options).map(segment => `${hex(segment)}\n`).join('')
    if (typeof values.output === 'string' && values.output !== '-') await writeFileAtomic(values.output, lines, io)
    else await print(io, lines)
    return 0
  },
}

/** The MMSE PDU: the input itself when it starts with X-Mms-Message-Type, else the PDU its JSON spec describes. */
async function messageBytes (input: string, io: CliIo): Promise<Uint8Array> {
  const bytes = await readInput(input, io, INPUT_LIMIT, 'a notification or its spec')
  if (bytes[0] === MESSAGE_TYPE) return bytes
  return encode(await specMessage(bytes.toString('utf8'), specBase(input, io.cwd), io))
}

function integer (values: Values, name: string, max: number): number | undefined {
  const value = values[name]
  if (typeof value !== 'string') return undefined
  if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`--${name} must be an integer 0-${max}, not ${JSON.stringify(value)}`)
  return Number(value)
}

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}
