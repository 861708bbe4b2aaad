/**
 * `mmse fetch <url> -o <dir>`: what a phone does with a notification (OMA-TS-MMS_ENC 1.3
 * §6.2-6.4): GET the message at its Content-Location (lib/client), stream every part into a
 * file as `extract` does, then answer the MMSC. With the notification's Transaction-Id
 * (`--transaction-id`) the retrieval is immediate, answered by an m-notifyresp-ind `Retrieved`
 * with that id (§6.2); without it, deferred, answered by an m-acknowledge-ind with the
 * m-retrieve-conf's own Transaction-Id (§6.4). The answer is POSTed to `--mmsc`; with none,
 * nothing is answered.
 */
import { buildAcknowledgeInd, buildNotifyRespInd, decode, encode, type EncodeMessage } from '../index.js'
import { readBody } from '../client/index.js'
import { type Command, expectPositionals } from './args.js'
import { CLIENT_HELP, CLIENT_OPTIONS, clientOf } from './client-options.js'
import { destinationOf, extractInto } from './extract.js'
import { print } from './output.js'
import { treeText } from './render.js'

/** An error answer (a 404 that says why) is a short PDU. */
const ERROR_ANSWER_LIMIT = 64 * 1024

export const fetch: Command = {
  name: 'fetch',
  summary: 'retrieve an MMS from its Content-Location and answer, as a phone does',
  help: `Usage: mmse fetch <url> (-o <dir> [--force] | --to <store>/<key>) [--transaction-id <id>] [--mmsc <url>]

GETs the m-retrieve-conf at <url> (a notification's X-Mms-Content-Location; one ending in "="
gets the Transaction-Id appended, as some carriers expect), writes its parts as
\`mmse extract\` does, prints its headers and parts, and answers the MMSC as a phone does:
with --transaction-id (the notification's) an m-notifyresp-ind Retrieved, else an
m-acknowledge-ind for the m-retrieve-conf's Transaction-Id. Exit status 1 when the MMSC
answers with an error (X-Mms-Retrieve-Status, an HTTP error), which is printed. Works with
any MM1 server.

Options:
  -o, --output <dir>       write the parts into <dir> (see mmse extract --help)
  --force                  with -o: replace files that exist
  --to <store>/<key>       write the parts into a message store instead
  --transaction-id <id>    the notification's Transaction-Id: an immediate retrieval
  --mmsc <url>             where to POST the answer (the MMSC's MM1 URL); none: no answer
  --deny-report            answer X-Mms-Report-Allowed: No (no delivery report for the sender)
${CLIENT_HELP}
  -h, --help               this help`,
  options: {
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    to: { type: 'string' },
    'transaction-id': { type: 'string' },
    mmsc: { type: 'string' },
    'deny-report': { type: 'boolean' },
    ...CLIENT_OPTIONS,
  },
  async run (values, positionals, io) {
    const [url] = expectPositionals(positionals, ['url']) as [string]
    const destination = destinationOf(values, io)
    const client = clientOf(values)
    const notified = typeof values['transaction-id'] === 'string' ? values['transaction-id'] : undefined
    const retrieved = await client.retrieve(url, notified)
    if (retrieved.status !== 200) {
      const why = decode(await readBody(retrieved, ERROR_ANSWER_LIMIT, 'the error answer')).headers
      io.stderr.write(`mmse fetch: HTTP ${retrieved.status}: ${statusOf(why.retrieveStatus) ?? 'no X-Mms-Retrieve-Status'}${textOf(why.retrieveText)}\n`)
      return 1
    }
    const tree = await extractInto({ stream: retrieved.body, size: retrieved.size }, destination, io)
    await print(io, `${treeText(tree).join('\n')}\n`)
    const { headers } = tree.message
    const status = statusOf(headers.retrieveStatus) ?? 'ok'
    if (status !== 'ok') {
      io.stderr.write(`mmse fetch: the MMSC could not give the message: ${status}${textOf(headers.retrieveText)}\n`)
      return 1
    }
    const reportAllowed = values['deny-report'] === true ? { reportAllowed: false } : {}
    const answer: EncodeMessage | undefined = notified !== undefined
      ? buildNotifyRespInd({ transactionId: notified, status: 'retrieved', ...reportAllowed })
      : headers.transactionId !== undefined ? buildAcknowledgeInd({ transactionId: headers.transactionId, ...reportAllowed }) : undefined
    if (typeof values.mmsc !== 'string' || answer === undefined) {
      io.stderr.write(`mmse fetch: not answered (${answer === undefined ? 'no Transaction-Id to answer for' : 'no --mmsc'})\n`)
      return 0
    }
    await client.answer(values.mmsc, encode(answer))
    io.stderr.write(`mmse fetch: answered ${answer.headers.messageType as string} to ${values.mmsc}\n`)
    return 0
  },
}

/** X-Mms-Retrieve-Status as its name: one value in an m-retrieve-conf (§6.3), never a Status-count list. */
function statusOf (value: unknown): string | undefined {
  return (value as { name?: string } | undefined)?.name
}

function textOf (value: unknown): string {
  const text = (value as { text?: string } | undefined)?.text
  return text === undefined ? '' : ` (${text})`
}
