/**
 * The tree of a message (WAP-209 §7 headers, WAP-230 §8.5 parts): each PDU's headers, then its
 * parts, nested multiparts and nested PDUs as children, assembled from the events of the
 * machine or of `MmseParser` ('headers', 'nested', 'part'). `decode()` builds its result with it,
 * the CLI its listings; nodes are the caller's, so each adds what it keeps (data, a digest).
 */
import { invalidArgument, toObject } from '../bytes/argument.js'
import type { MmseHead, MmseHeader, MmseHeaders, NestedInfo, PartInfo } from '../types.js'

export interface TreeMessage<N> {
  headers: MmseHeaders
  headerList: MmseHeader[]
  parts: N[]
}

/** A node: a part's facts, and for a container its entries or its PDU. */
export interface TreeNode<N> extends PartInfo {
  /** The entries of a nested multipart, or the parts of a nested PDU. */
  parts?: N[]
  /** A nested PDU (m-mbox-view-conf entries, forwarded messages). */
  message?: TreeMessage<N>
}

interface Container<N> {
  parts: N[]
  message?: TreeMessage<N>
}

/**
 * Events arrive in document order, depth first (a container's node, then its headers and
 * entries, then its next sibling), so the containers open at any moment are one chain from the
 * top: a node's container is the open one at its depth, found by index, never by its whole path
 * (keys of O(depth) each made deep nesting quadratic).
 */
export class MessageTree<N extends TreeNode<N>> {
  readonly message: TreeMessage<N>
  /** The open containers, the top one first: the one at depth d holds the nodes whose path has d + 1 indexes. */
  readonly #open: Array<Container<N>>

  constructor (message: TreeMessage<N> = { headers: {}, headerList: [], parts: [] }) {
    if (!Array.isArray(toObject<TreeMessage<N>>(message, 'message').parts)) throw invalidArgument('message.parts', 'an array', message.parts)
    this.message = message
    this.#open = [{ parts: message.parts, message }]
  }

  /** The headers of the PDU at `head.path`; returns its message. */
  headers (head: MmseHead): TreeMessage<N> {
    const message = this.#container(head.path.length).message as TreeMessage<N>
    message.headers = head.headers
    message.headerList = head.headerList
    return message
  }

  /** Adds a leaf part's node under its container. */
  part (node: N): N {
    this.#container(node.path.length - 1).parts.push(node)
    return node
  }

  /** Adds a container's node (`info.kind` says which) under its container; its own entries follow. */
  nested (node: N, kind: NestedInfo['kind']): N {
    const parts: N[] = []
    node.parts = parts
    const container: Container<N> = { parts }
    if (kind === 'message') container.message = node.message = { headers: {}, headerList: [], parts }
    this.part(node)
    this.#open.push(container)
    return node
  }

  /** The container at `depth`; those deeper are closed, since the events have left them. */
  #container (depth: number): Container<N> {
    const open = this.#open
    open.length = depth + 1
    return open[depth] as Container<N>
  }
}
