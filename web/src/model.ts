/**
 * What the inspector shows about one input: a tree of nodes, each naming the bytes it was read
 * from, the leaf parts, and the findings. Built while the input streams; bounded in size so a
 * hostile message cannot build an unbounded DOM.
 */
import type { PartInfo } from '../../lib/index.js'

/** A run of input bytes: absolute offset and length. */
export interface ByteRange {
  start: number
  length: number
}

export interface TreeNode {
  label: string
  value?: string
  range?: ByteRange
  children: TreeNode[]
  /** Set on a leaf part's node. */
  part?: PartEntry
  /** Expanded when first shown. */
  open?: boolean
}

/** A leaf part: what the parts table lists and a download needs. */
export interface PartEntry {
  info: PartInfo
  /** The part's data bytes in the input (before any transfer decoding). */
  range: ByteRange
  /** Where the PDU that holds the part starts in the input, for re-reading it. */
  base: number
  /** The part's text, for a text part small enough to preview. */
  text?: string
}

/** An error or a warning, with the input offset it points at, or the capture frame it was found in. */
export interface Finding {
  code: string
  message: string
  offset?: number
  field?: string
  frame?: number
}

export interface Inspection {
  name: string
  size: number
  /** What the input was taken for. */
  kind: 'MMSE PDU' | 'WAP Push' | 'WAP Push in SMS user data' | 'MMSE PDU from a capture'
  root: TreeNode
  parts: PartEntry[]
  warnings: Finding[]
  error?: Finding
  /** Nodes left out once the tree reached its bound. */
  omitted: number
}

/** The most tree nodes an inspection keeps (every part and header of a message within the library's default limits fits many times over). */
export const MAX_TREE_NODES = 20_000
