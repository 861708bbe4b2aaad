/**
 * Collects one part's data whole: the single zero-copy piece, or the pieces joined (transfer
 * decoded by the machine's part feed). `decode()` keeps every part so; the parser keeps its
 * small parts so.
 */
import type { DecodedPart, PartInfo } from '../types.js'
import { concatBytes, EMPTY } from '../bytes/octets.js'
import { DELIVER, FINISH, type PartSink } from './sink.js'

/** Told each part once its data is complete. */
export interface CollectorOwner {
  collected (part: DecodedPart): void
}

export class PartCollector implements PartSink {
  readonly part: DecodedPart
  readonly #pieces: Uint8Array[] = []
  readonly #owner: CollectorOwner

  constructor (info: PartInfo, owner: CollectorOwner) {
    this.part = Object.assign(info, { data: EMPTY })
    this.#owner = owner
  }

  [DELIVER] (data: Uint8Array): boolean {
    this.#pieces.push(data)
    return true
  }

  [FINISH] (): void {
    const pieces = this.#pieces
    if (pieces.length === 1) this.part.data = pieces[0] as Uint8Array
    else if (pieces.length > 1) this.part.data = concatBytes(pieces)
    this.#owner.collected(this.part)
  }
}
