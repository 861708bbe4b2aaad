/**
 * Collects one part's data whole: the single zero-copy piece, or the pieces joined, transfer
 * decoding applied. `decode()` keeps every part so; the parser keeps its small parts so.
 */
import type { TransferDecoder } from '../transfer/codec.js'
import { transferDecoder } from '../transfer/encodings.js'
import type { DecodedPart, PartInfo } from '../types.js'
import { concatBytes, EMPTY } from '../bytes/octets.js'
import { DELIVER, FINISH, type PartSink } from './sink.js'

/** Told each part once its data is complete, and whether its transfer encoding ended cleanly. */
export interface CollectorOwner {
  collected (part: DecodedPart, clean: boolean): void
}

export class PartCollector implements PartSink {
  readonly part: DecodedPart
  readonly #decoder: TransferDecoder | undefined
  readonly #pieces: Uint8Array[] = []
  readonly #owner: CollectorOwner

  constructor (info: PartInfo, decodeTransferEncoding: boolean, owner: CollectorOwner) {
    this.part = Object.assign(info, { data: EMPTY })
    this.#decoder = decodeTransferEncoding ? transferDecoder(info.transferEncoding) : undefined
    this.#owner = owner
  }

  [DELIVER] (data: Uint8Array): boolean {
    this.#pieces.push(this.#decoder === undefined ? data : this.#decoder.write(data))
    return true
  }

  [FINISH] (): void {
    const pieces = this.#pieces
    let clean = true
    if (this.#decoder !== undefined) {
      const tail = this.#decoder.end()
      pieces.push(tail.tail)
      clean = tail.clean
    }
    if (pieces.length === 1) this.part.data = pieces[0] as Uint8Array
    else if (pieces.length > 1) this.part.data = concatBytes(pieces)
    this.#owner.collected(this.part, clean)
  }
}
