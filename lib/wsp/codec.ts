/**
 * A codec is one wire form, both ways: `read` (the contract of read.ts) and `write`, side by
 * side in one object over shared constants. A writer throws `badInput` (errors.ts) for every
 * value its reader would refuse, so what is written always reads back.
 */
import type { EncodeContext } from './context.js'
import type { Reader } from './read.js'
import type { ByteWriter } from './writer.js'

export interface Codec<Out, In = Out> {
  readonly read: Reader<Out>
  write (w: ByteWriter, value: In, ctx: EncodeContext): void
}
