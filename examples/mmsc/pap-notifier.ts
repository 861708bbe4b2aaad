/**
 * WAP Push through a Push Proxy Gateway, as a Push Initiator: one PAP push-message per push
 * (WAP-247-PAP §9.1), POSTed to the PPG as multipart/related with the MMSE PDU as its content
 * entity, and the PPG's push-response read back. A response-result code 1xxx is a success
 * (1000 OK, 1001 accepted for processing, §9.13); anything else is a refusal.
 */
import { buildPapSubmission, parsePapResponse } from 'mmse'
import type { Notifier, PushRequest } from './notifier.js'
import { checkUrl, checkWhole, MAX_TIMER_MS } from './options.js'

/** A PAP response is a short XML document; more than this is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024

export interface PapNotifierOptions {
  /** The PPG's push URL, e.g. `http://ppg.example:8080/wappush`. */
  url: string
  /** The ppg-specifier of the addresses (default: the PPG URL's host). */
  ppgHost?: string
  /** Longest wait for the PPG's answer (default 10 s). */
  timeoutMs?: number
}

export class PapNotifier implements Notifier {
  readonly #url: string
  readonly #ppgHost: string
  readonly #timeoutMs: number

  constructor (options: PapNotifierOptions) {
    const url = checkUrl('ppg.url', options.url, ['http:', 'https:'])
    if (options.timeoutMs !== undefined) checkWhole('ppg.timeoutMs', options.timeoutMs, [1, MAX_TIMER_MS])
    this.#url = options.url
    this.#ppgHost = options.ppgHost ?? url.hostname
    this.#timeoutMs = options.timeoutMs ?? 10_000
  }

  async push ({ to, pdu, id }: PushRequest): Promise<void> {
    const submission = buildPapSubmission({ pushId: id, addresses: [to], ppgHost: this.#ppgHost, content: { body: pdu } })
    const response = await fetch(this.#url, {
      method: 'POST',
      headers: { 'content-type': submission.contentType },
      body: submission.body,
      signal: AbortSignal.timeout(this.#timeoutMs),
    })
    const answer = parsePapResponse(await boundedBody(response))
    if (answer.kind !== 'push-response' || Math.floor(answer.code / 1000) !== 1) {
      throw new Error(`the PPG refused push ${id} (HTTP ${response.status}): ${answer.kind} ${answer.code} ${answer.description ?? ''}`.trim())
    }
  }

  async close (): Promise<void> {}
}

async function boundedBody (response: Response): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of response.body ?? []) {
    length += chunk.length
    if (length > MAX_RESPONSE_BYTES) throw new Error(`the PPG's answer exceeds ${MAX_RESPONSE_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
