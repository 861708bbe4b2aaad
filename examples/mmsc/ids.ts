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

/**
 * The X-Mms-Transaction-ID of attempt n of a recipient's MM4_forward.REQ (3GPP TS 23.140
 * §8.4.1): the MM4_forward.RES names the attempt it answers by it (§8.4.2). A recipient at a
 * peer fetches nothing with its token (record.ts findRecipient), so the peer may see it.
 */
export function forwardId (key: string, token: string, attempt: number): string {
  return `${transactionId(key, token)}-${attempt}`
}

const FORWARD = new RegExp(`^([0-9a-f]{${2 * KEY_BYTES}})([0-9a-f]{${2 * TOKEN_BYTES}})-([1-9][0-9]{0,3})$`)

/** The key, token and attempt of a forward's Transaction-ID this MMSC issued, else undefined. */
export function parseForwardId (text: string): { key: string, token: string, attempt: number } | undefined {
  const match = FORWARD.exec(text)
  return match === null ? undefined : { key: match[1] as string, token: match[2] as string, attempt: Number(match[3]) }
}

/** The key and token of a Transaction-Id (or Content-Location path segment) this MMSC issued, else undefined. */
export function parseTransactionId (text: string): { key: string, token: string } | undefined {
  const match = TRANSACTION.exec(text)
  return match === null ? undefined : { key: match[1] as string, token: match[2] as string }
}
