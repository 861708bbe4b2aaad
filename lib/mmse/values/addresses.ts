/**
 * The address fields (OMA-TS-MMS_ENC 1.3 §7.3): To, Cc, Bcc as Encoded-string-values, From
 * (§7.3.21: Value-length, then Address-present-token and the address, or Insert-address-token),
 * and Previously-Sent-By (§7.3.41: Value-length Forwarded-count-value Encoded-string-value).
 */
import { badInput } from '../../errors.js'
import type { FromValue, Integer, MmsAddress, PreviouslySentBy } from '../../types.js'
import { LENGTH_QUOTE_OCTET } from '../../wsp/constants.js'
import type { DecodeContext } from '../../wsp/context.js'
import { encodedString } from '../../wsp/encoded-string.js'
import { integerValue, readLengthPrefixed, writeLengthPrefixed } from '../../wsp/integers.js'
import { hex } from '../../bytes/octets.js'
import { type Decoded, needByte } from '../../wsp/read.js'
import { type AddressInput, addressText, parseAddress } from '../address-syntax.js'
import { expectEnd, type FieldCodec, lengthValue } from '../field-codec.js'
import { FROM_TOKENS } from '../../tables/mmse-enumerations.js'

export const address: FieldCodec<MmsAddress, AddressInput> = {
  read (bytes, pos, end, ctx): Decoded<MmsAddress> {
    const value = encodedString.read(bytes, pos, end, ctx)
    return { value: parseAddress(value.value), next: value.next }
  },
  write (w, value, ctx) {
    encodedString.write(w, addressText(value), ctx)
  },
}

export type FromInput = FromValue | AddressInput

const ADDRESS_PRESENT = FROM_TOKENS.code('address-present') as number
const INSERT_ADDRESS = FROM_TOKENS.code('insert-address') as number

/** Some MMSCs (NowSMS) send a bare Encoded-string-value: lenient mode reads it as the address, with a warning. */
export const from: FieldCodec<FromValue, FromInput> = {
  read (bytes, pos, end, ctx): Decoded<FromValue> {
    if (needByte(bytes, pos, end) > LENGTH_QUOTE_OCTET) {
      ctx.tolerate('WARN_MMSE_BAD_VALUE', 'From without a Value-length', pos, 'read as an address')
      return address.read(bytes, pos, end, ctx)
    }
    return readLengthPrefixed(bytes, pos, end, ctx, fromValue)
  },
  write (w, value, ctx) {
    writeLengthPrefixed(w, (inner) => {
      if (typeof value === 'object' && value !== null && 'insertAddress' in value) {
        if (value.insertAddress !== true) throw badInput('insertAddress must be true: an address-present From gives its address')
        inner.byte(INSERT_ADDRESS)
      } else {
        inner.byte(ADDRESS_PRESENT)
        address.write(inner, value, ctx)
      }
    })
  },
}

function fromValue (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): FromValue {
  const token = needByte(bytes, pos, end)
  if (token === INSERT_ADDRESS) {
    expectEnd(pos + 1, end, ctx)
    return { insertAddress: true }
  }
  if (token !== ADDRESS_PRESENT) throw ctx.error('ERR_MMSE_BAD_VALUE', `expected Address-present- or Insert-address-token, found 0x${hex(token)}`, pos)
  const value = address.read(bytes, pos + 1, end, ctx)
  expectEnd(value.next, end, ctx)
  return value.value
}

export const previouslySentBy = lengthValue<PreviouslySentBy, { forwardCount: Integer, address: AddressInput }>(
  (bytes, pos, end, ctx) => {
    const count = integerValue.read(bytes, pos, end, ctx)
    const value = address.read(bytes, count.next, end, ctx)
    expectEnd(value.next, end, ctx)
    return { forwardCount: count.value, address: value.value }
  },
  (w, value, ctx) => {
    integerValue.write(w, value.forwardCount)
    address.write(w, value.address, ctx)
  },
)
