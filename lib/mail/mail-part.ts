/**
 * One leaf of a mail message as fromMime() gives it: a core node:stream Readable of the decoded
 * data (base64 and quoted-printable undone), with what is known before the data on the stream
 * itself, in the shape of an MMSE part (lib/types.ts PartInfo, without a wire offset).
 */
import { Readable } from 'node:stream'
import type { ContentType, PartHeaders, PartInfo } from '../types.js'

export type MailPartInfo = Omit<PartInfo, 'offset'>

export class MailPart extends Readable {
  readonly info: MailPartInfo
  readonly #pull: () => void
  readonly #abandoned: () => void

  /** `pull`: the consumer wants more data; `abandoned`: it destroyed the part before its end. */
  constructor (info: MailPartInfo, highWaterMark: number, pull: () => void, abandoned: () => void) {
    super({ highWaterMark })
    this.info = info
    this.#pull = pull
    this.#abandoned = abandoned
  }

  get index (): number { return this.info.index }
  get path (): number[] { return this.info.path }
  get contentType (): ContentType { return this.info.contentType }
  get headers (): PartHeaders { return this.info.headers }
  get contentId (): string | undefined { return this.info.contentId }
  get contentLocation (): string | undefined { return this.info.contentLocation }
  get filename (): string | undefined { return this.info.filename }

  override _read (): void {
    this.#pull()
  }

  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.readableEnded) this.#abandoned()
    callback(error)
  }
}
