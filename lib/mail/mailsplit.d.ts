/** The part of mailsplit's API (v5) that lib/mail/from-mime.ts uses; the package has no types. */
declare module 'mailsplit' {
  import type { Transform, Writable } from 'node:stream'

  export interface SplitterOptions {
    ignoreEmbedded?: boolean
    maxHeadSize?: number
    /** Nodes in the whole message, the root included (default 1000). */
    maxChildNodes?: number
  }

  export interface HeaderLine {
    key: string
    line: string
  }

  export interface MailsplitNode {
    type: 'node'
    root: boolean
    multipart: string | false
    partNr: string[]
    headers: { getList (): HeaderLine[], getFirst (key: string): string }
    getDecoder (): Transform & Writable
  }

  export type SplitterItem = MailsplitNode | { type: 'data' | 'body', value: Buffer }

  export class Splitter extends Transform {
    constructor (options?: SplitterOptions)
  }
}
