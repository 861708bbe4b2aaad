/**
 * The identifiers the MMSC hands out. A message is stored under a random key; each recipient
 * gets a random token. The notification's Transaction-Id is key and token together, and the
 * Content-Location is that Transaction-Id under the MMSC's path: whoever holds a notification
 * can fetch that one copy and answer for it, and nothing is guessable or needs a lookup table,
 * so retrieval and reports work across restarts. The Message-ID (OMA-TS-MMS_ENC 1.3 §7.3:
 * unique, assigned by the MMS Proxy-Relay) is the key itself: a read report names its message
 * by Message-ID alone (§6.7.2), and the key gives no one the message without a token.
 */
import { randomBytes } from 'node:crypto'

const KEY_BYTES = 12
const TOKEN_BYTES = 8
const KEY = new RegExp(`^[0-9a-f]{${2 * KEY_BYTES}}$`)
const TRANSACTION = new RegExp(`^([0-9a-f]{${2 * KEY_BYTES}})([0-9a-f]{${2 * TOKEN_BYTES}})$`)

/** A store key for a new message (96 random bits, hex). */
export function newKey (): string {
  return randomBytes(KEY_BYTES).toString('hex')
}

/** Whether `text` is a key this MMSC could have issued (a Message-ID from outside is checked before it names an entry). */
export function isKey (text: string): boolean {
  return KEY.test(text)
}

/** A recipient's token (64 random bits, hex). */
export function newToken (): string {
  return randomBytes(TOKEN_BYTES).toString('hex')
}

export function transactionId (key: string, token: string): string {
  return `${key}${token}`
}

/** The key and token of a Transaction-Id (or Content-Location path segment) this MMSC issued, else undefined. */
export function parseTransactionId (text: string): { key: string, token: string } | undefined {
  const match = TRANSACTION.exec(text)
  return match === null ? undefined : { key: match[1] as string, token: match[2] as string }
}
