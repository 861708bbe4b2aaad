/**
 * `mmse push <file|hex>...`: unwraps a connectionless WSP Push PDU (WAP-230 §8.2.4), or with `--udh` SMS user data that starts with a User Data Header
 * (3GPP TS 23.040 §9.2.3.24; several segments are reassembled in sequence order), then shows
 * the push headers and the MMSE PDU inside, usually an m-notification-ind.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { decodeAssembled, decodePush, MmseError, PushAssembler, type PushMessage, type UserDataHeader } from '../index.js'
import { type Command, UsageError } from './args.js'
import { readInput } from './input.js'
import type { CliIo } from './io.js'
import { print } from './output.js'
import { contentTypeText, messageJson, messageText, readable, toJson, warningJson, warningText } from './render.js'
import { fromDecoded } from './tree.js'

/** A push is at most 255 SMS segments of 140 octets (3GPP TS 23.040 §9.2.3.24.1): far less than this. */
const INPUT_LIMIT = 1024 * 1024

export const push: Command = {
  name: 'push',
  summary: 'decode a WAP Push PDU (or SMS user data with --udh) and the MMSE inside',
  help: `Usage: mmse push <file|hex|-> [--json] [--sha256]
       mmse push --udh <segment> [<segment>...] [--json]

Decodes a connectionless WSP Push (TID, PDU type 0x06/0x07, content type, headers such as
X-Wap-Application-Id) given as a file, "-" for stdin, or a hex string, and shows the MMSE PDU
inside when the content type is application/vnd.wap.mms-message.

Options:
  --udh       the input is SMS user data with a UDH (ports, concatenation); give every
              segment, in any order, to reassemble a concatenated push
  --json      machine output (the inspect shape under "message", the push under "push")
  --sha256    SHA-256 of each part's data
  -h, --help  this help

A file or stdin of more than 1 MiB is refused.`,
  options: {
    udh: { type: 'boolean' },
    json: { type: 'boolean' },
    sha256: { type: 'boolean' },
  },
  async run (values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('expected <file|hex>')
    if (values.udh !== true && positionals.length > 1) throw new UsageError('several inputs need --udh (they are SMS segments)')
    const inputs = await Promise.all(positionals.map(async arg => await bytesOf(arg, io)))
    const result = values.udh === true ? assemble(inputs) : decodePush(inputs[0] as Buffer)
    const sha256 = values.sha256 === true
    const message = result.message === undefined ? undefined : fromDecoded(result.message, sha256)
    const warnings = [...result.warnings, ...(result.message?.warnings ?? [])]
    if (values.json === true) {
      const { message: _message, body, warnings: _warnings, ...wrapper } = result
      await print(io, `${JSON.stringify({
        push: { ...(toJson(wrapper) as object), bodyBytes: body.length },
        message: message === undefined ? null : messageJson(message),
        warnings: warnings.map(warningJson),
      }, null, 2)}\n`)
      return 0
    }
    const lines = pushText(result)
    if (message !== undefined) messageText(message, {}, '', lines)
    if (warnings.length > 0) lines.push(`warnings (${warnings.length}):`)
    for (const warning of warnings) lines.push(`  ${warningText(warning)}`)
    await print(io, `${lines.join('\n')}\n`)
    return 0
  },
}

/** An argument is a file if one exists by that name, else hex (spaces and colons allowed). */
async function bytesOf (arg: string, io: CliIo): Promise<Buffer> {
  if (arg === '-' || existsSync(resolve(io.cwd, arg))) return await readInput(arg, io, INPUT_LIMIT, 'a push input')
  const digits = arg.replace(/[\s:]/g, '')
  if (digits.length === 0 || digits.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(digits)) {
    throw new UsageError(`${JSON.stringify(arg.slice(0, 40))} is neither a file nor hex octets`)
  }
  return Buffer.from(digits, 'hex')
}

function assemble (segments: Buffer[]): PushMessage {
  const assembler = new PushAssembler()
  for (const segment of segments) {
    const whole = assembler.add(segment)
    if (whole !== null) return decodeAssembled(whole)
  }
  const pending = assembler.pendingMessages()[0] as { reference: number, total: number, received: number }
  throw new MmseError('ERR_MMSE_BAD_PUSH', `${pending.received} of ${pending.total} segments of reference ${pending.reference}: the message is incomplete`, 0)
}

function pushText (push: PushMessage): string[] {
  const lines = [`WSP ${push.pduType} (TID ${push.tid})`, `  Content-Type: ${contentTypeText(push.contentType)}`]
  for (const [name, value] of Object.entries(push.headers)) lines.push(`  ${name}: ${readable(value)}`)
  if (push.applicationId !== undefined) lines.push(`  application: ${readable(push.applicationId)}`)
  lines.push(`  body: ${push.body.length} bytes at offset ${push.bodyOffset}${push.message === undefined ? ' (not an MMSE PDU)' : ''}`)
  if (push.userDataHeader !== undefined) lines.push(...udhText(push.userDataHeader)) // at most three lines
  return lines
}

function udhText (udh: UserDataHeader): string[] {
  const lines = ['SMS user data header:']
  if (udh.ports !== undefined) lines.push(`  ports: ${udh.ports.source} -> ${udh.ports.destination} (${udh.ports.bits}-bit)`)
  if (udh.concat !== undefined) lines.push(`  concatenated: reference ${udh.concat.reference} (${udh.concat.bits}-bit), ${udh.concat.total} segments`)
  return lines
}
