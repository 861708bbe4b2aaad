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

export class MessageTree<N extends TreeNode<N>> {
  readonly message: TreeMessage<N>
  readonly #top: Container<N>
  /** Containers below the top by path (`'2.0'`); created on the first nested part, most messages have none. */
  #nested: Map<string, Container<N>> | undefined

  constructor (message: TreeMessage<N> = { headers: {}, headerList: [], parts: [] }) {
    if (!Array.isArray(toObject<TreeMessage<N>>(message, 'message').parts)) throw invalidArgument('message.parts', 'an array', message.parts)
    this.message = message
    this.#top = { parts: message.parts, message }
  }

  /** The headers of the PDU at `head.path`; returns its message. */
  headers (head: MmseHead): TreeMessage<N> {
    const message = this.#container(head.path).message as TreeMessage<N>
    message.headers = head.headers
    message.headerList = head.headerList
    return message
  }

  /** Adds a leaf part's node under its container. */
  part (node: N): N {
    this.#container(node.path.slice(0, -1)).parts.push(node)
    return node
  }

  /** Adds a container's node (`info.kind` says which) under its container; its own entries follow. */
  nested (node: N, kind: NestedInfo['kind']): N {
    const parts: N[] = []
    node.parts = parts
    const container: Container<N> = { parts }
    if (kind === 'message') container.message = node.message = { headers: {}, headerList: [], parts }
    this.part(node)
    ;(this.#nested ??= new Map()).set(node.path.join('.'), container)
    return node
  }

  #container (path: number[]): Container<N> {
    return path.length === 0 ? this.#top : this.#nested?.get(path.join('.')) as Container<N>
  }
}
