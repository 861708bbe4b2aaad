/**
 * `mmse send --mmsc <url> --to <number> [--subject <text>] <file>...`: what a phone does to send
 * a message (OMA-TS-MMS_ENC 1.3 §6.1): an m-send-req whose parts are the files, presented by
 * a SMIL document (OMA-TS-MMS_CONF 1.3 §8), POSTed to the MMSC (lib/client); prints the
 * m-send-conf. Exit 0 when the MMSC took the message (X-Mms-Response-Status Ok), 1 when it
 * refused it or could not be reached.
 */
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { buildSendReq, encode } from '../index.js'
import { type Command, UsageError } from './args.js'
import { CLIENT_HELP, CLIENT_OPTIONS, clientOf } from './client-options.js'
import { readInput } from './input.js'
import { mediaTypeOf } from './media-types.js'
import { print } from './output.js'
import { treeText } from './render.js'
import { readTree } from './tree.js'

/** The most one file may hold: a message of several is larger than any MMSC takes. */
const FILE_LIMIT = 64 * 1024 * 1024

export const send: Command = {
  name: 'send',
  summary: 'send files as an MMS to an MMSC, as a phone does (m-send-req)',
  help: `Usage: mmse send --mmsc <url> --to <number> [--to ...] [--cc ...] [--subject <text>] <file>...

Builds an m-send-req whose parts are the files (their media types from their extensions:
.jpg, .png, .gif, .txt, .amr, .3gp, .mp4, ...) and a SMIL presentation (a slide for each image
or video, with the text and audio beside it), POSTs it to the MMSC's MM1 URL, and prints the
m-send-conf. Exit status 0 when the MMSC answered Ok, 1 otherwise. Works with any MM1 server.

Options:
  --mmsc <url>         the MMSC's URL (http:), as in the phone's APN settings
  --to <address>       a recipient: a number (+15551234567) or an e-mail address (repeatable)
  --cc <address>       a recipient in Cc (repeatable)
  --subject <text>     the subject
  --from <number>      the From to write (default: the MMSC inserts the sender's)
  --delivery-report    ask for a delivery report
  --read-report        ask for a read report
${CLIENT_HELP}
  -h, --help           this help

A file of more than 64 MiB is refused.`,
  options: {
    mmsc: { type: 'string' },
    to: { type: 'string', multiple: true },
    cc: { type: 'string', multiple: true },
    subject: { type: 'string' },
    from: { type: 'string' },
    'delivery-report': { type: 'boolean' },
    'read-report': { type: 'boolean' },
    ...CLIENT_OPTIONS,
  },
  async run (values, positionals, io) {
    if (typeof values.mmsc !== 'string') throw new UsageError('--mmsc <url> is required')
    const to = (values.to ?? []) as string[]
    const cc = (values.cc ?? []) as string[]
    if (to.length + cc.length === 0) throw new UsageError('--to <address> is required')
    if (positionals.length === 0) throw new UsageError('expected <file>..., got nothing')
    const client = clientOf(values)
    const parts = []
    for (const file of positionals) {
      parts.push({ contentType: mediaTypeOf(file), data: await readInput(file, io, FILE_LIMIT, 'a file to send'), name: basename(file) })
    }
    const request = encode(buildSendReq({
      to,
      ...(cc.length === 0 ? {} : { cc }),
      ...(typeof values.subject === 'string' ? { subject: values.subject } : {}),
      ...(typeof values.from === 'string' ? { from: values.from } : {}),
      headers: {
        ...(values['delivery-report'] === true ? { deliveryReport: true } : {}),
        ...(values['read-report'] === true ? { readReport: true } : {}),
      },
      parts,
      smil: true,
    }))
    const conf = await client.send(values.mmsc, request)
    const tree = await readTree(Readable.from([conf.bytes]), {})
    await print(io, `${treeText(tree).join('\n')}\n`)
    // In an m-send-conf both are single values (§6.1.2), never the Status-count lists of MMS 1.3 mbox PDUs.
    const { responseStatus, responseText } = conf.message.headers as { responseStatus?: { name: string }, responseText?: { text: string } }
    // Response-Status is mandatory; a conf without one is read as Ok, as phones do.
    const status = responseStatus?.name ?? 'ok'
    if (status === 'ok') return 0
    io.stderr.write(`mmse send: the MMSC refused the message: ${status}${responseText === undefined ? '' : ` (${responseText.text})`}\n`)
    return 1
  },
}
