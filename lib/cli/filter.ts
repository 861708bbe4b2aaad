/**
 * `--filter`: which messages to keep, in a small part of Wireshark's display filter language
 * (wireshark-filter(4)) over the fields `--fields` prints: `FIELD == VALUE`, `FIELD != VALUE`,
 * `FIELD contains VALUE`, a bare FIELD (present), `and` / `&&`, `or` / `||`, `not` / `!` and
 * parentheses. A value is a "quoted string" or a bare word; numbers compare as numbers
 * (0x84 == 132). A field that repeats matches `==` when any of its values does, as in Wireshark.
 */
import { UsageError } from './args.js'

/** A field's value for a message ('' or undefined when it has none). */
export type FieldLookup = (name: string) => string | undefined

type Node =
  | { op: 'and' | 'or', left: Node, right: Node }
  | { op: 'not', operand: Node }
  | { op: '==' | '!=' | 'contains', field: string, value: string }
  | { op: 'present', field: string }

export type Filter = (lookup: FieldLookup) => boolean

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(==|!=|&&|\|\||!|\(|\))|([^\s()!=&|"]+))/y

function tokenize (text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break
    const at = TOKEN.lastIndex
    const match = TOKEN.exec(text)
    if (match === null) throw new UsageError(`--filter: cannot read ${JSON.stringify(text.slice(at))}`)
    tokens.push(match[0].trim())
  }
  return tokens
}

/** The filter an expression describes; a UsageError names what cannot be read. */
export function parseFilter (text: string, known: (field: string) => boolean): Filter {
  const tokens = tokenize(text)
  let at = 0
  const peek = (): string | undefined => tokens[at]
  const next = (): string => {
    const token = tokens[at++]
    if (token === undefined) throw new UsageError(`--filter: ${JSON.stringify(text)} ends too soon`)
    return token
  }
  const expression = (): Node => {
    let left = term()
    while (peek() === 'or' || peek() === '||') {
      at++
      left = { op: 'or', left, right: term() }
    }
    return left
  }
  const term = (): Node => {
    let left = factor()
    while (peek() === 'and' || peek() === '&&') {
      at++
      left = { op: 'and', left, right: factor() }
    }
    return left
  }
  const factor = (): Node => {
    const token = next()
    if (token === 'not' || token === '!') return { op: 'not', operand: factor() }
    if (token === '(') {
      const inner = expression()
      if (peek() !== ')') throw new UsageError(`--filter: a ( without its ) in ${JSON.stringify(text)}`)
      at++
      return inner
    }
    if (!known(token)) throw new UsageError(`--filter: unknown field ${JSON.stringify(token)}`)
    const op = peek()
    if (op === '==' || op === '!=' || op === 'contains') {
      at++
      return { op, field: token, value: unquote(next()) }
    }
    return { op: 'present', field: token }
  }
  const tree = expression()
  if (at < tokens.length) throw new UsageError(`--filter: unexpected ${JSON.stringify(tokens[at])} in ${JSON.stringify(text)}`)
  return (lookup) => evaluate(tree, lookup)
}

function unquote (token: string): string {
  return token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token
}

function evaluate (node: Node, lookup: FieldLookup): boolean {
  switch (node.op) {
    case 'and': return evaluate(node.left, lookup) && evaluate(node.right, lookup)
    case 'or': return evaluate(node.left, lookup) || evaluate(node.right, lookup)
    case 'not': return !evaluate(node.operand, lookup)
    case 'present': return (lookup(node.field) ?? '') !== ''
    default: {
      const value = lookup(node.field) ?? ''
      if (node.op === 'contains') return value.includes(node.value)
      const equal = value !== '' && value.split(',').some((one) => same(one, node.value))
      return node.op === '==' ? equal : !equal
    }
  }
}

/** Equal as numbers when both are (decimal or 0x hex), else as strings. */
function same (a: string, b: string): boolean {
  const number = /^(?:0x[0-9a-f]+|[0-9]+)$/i
  if (number.test(a) && number.test(b)) return Number(a) === Number(b)
  return a === b
}
