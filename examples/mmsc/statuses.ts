/**
 * Why the MMSC refuses an m-send-req, and the X-Mms-Response-Status of the m-send-conf that
 * says so (OMA-TS-MMS_ENC 1.3 §6.1.2 m-send-conf, §7.3 X-Mms-Response-Status). MMS 1.1
 * replaced the 1.0 codes (0x81-0x88, now obsolete) with transient (0xC0-) and permanent
 * (0xE0-) ones; a client that sent MMS-Version 1.0 knows only the old ones, so it gets those.
 *
 * | refusal | when | status (1.1+) | status (1.0) |
 * |---|---|---|---|
 * | format-corrupt | the PDU does not decode, is cut short, or lacks a field m-send-req requires; or holds a value the MMSC could not relay (encode() refuses it in the notification or the m-retrieve-conf: servable.ts) | error-permanent-message-format-corrupt | error-message-format-corrupt |
 * | unsupported | not a PDU this MMSC takes by POST (e.g. m-forward-req), or an MMS major version other than 1 | error-unsupported-message | (same) |
 * | content-not-accepted | over a size limit: the body, a part (checked from its DataLen, before its data), the part count, a header section, the record kept of it (servable.ts) | error-permanent-content-not-accepted | error-content-not-accepted |
 * | address-unresolved | no recipient, or one that cannot be reached: not a phone number (e-mail would need MM3, other MMSCs MM4) | error-permanent-sending-address-unresolved | error-sending-address-unresolved |
 * | service-denied | the sender cannot be identified (no sender header when one is configured) or claims another number, or too many recipients | error-permanent-service-denied | error-service-denied |
 * | reply-charging-unsupported | X-Mms-Reply-Charging asked: this MMSC does not bill replies | error-permanent-reply-charging-not-supported | error-unspecified |
 * | transient | the store failed: trying again later may work | error-transient-failure | error-unspecified |
 */
export const REFUSALS = {
  'format-corrupt': { status: 'error-permanent-message-format-corrupt', legacy: 'error-message-format-corrupt' },
  unsupported: { status: 'error-unsupported-message', legacy: 'error-unsupported-message' },
  'content-not-accepted': { status: 'error-permanent-content-not-accepted', legacy: 'error-content-not-accepted' },
  'address-unresolved': { status: 'error-permanent-sending-address-unresolved', legacy: 'error-sending-address-unresolved' },
  'service-denied': { status: 'error-permanent-service-denied', legacy: 'error-service-denied' },
  'reply-charging-unsupported': { status: 'error-permanent-reply-charging-not-supported', legacy: 'error-unspecified' },
  transient: { status: 'error-transient-failure', legacy: 'error-unspecified' },
} as const

export type Refusal = keyof typeof REFUSALS

/** A refusal, the X-Mms-Response-Text that explains it to the phone, and what only the log is told. */
export interface Refused {
  refusal: Refusal
  text: string
  detail?: string
}

/** The Response-Status name for a refusal, in the codes the client's MMS version knows. */
export function responseStatus (refusal: Refusal, mmsVersion: string | undefined): string {
  return mmsVersion === '1.0' ? REFUSALS[refusal].legacy : REFUSALS[refusal].status
}

/**
 * A failure while a submission is taken in, as a refusal. A limit of the parser
 * (ERR_MMSE_LIMIT_*) is a size the MMSC does not accept; any other MmseError is a malformed
 * PDU; anything else is the MMSC's trouble (the store failed): the phone is told to try later,
 * and only the log gets the error. MmseErrors are recognised by code rather than by class, so
 * that one from any copy of the library counts.
 */
export function refusalOf (err: unknown): Refused {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('ERR_MMSE_')) {
    return { refusal: 'transient', text: 'the message could not be stored; try again later', detail: String(err) }
  }
  const text = `${code} at offset ${String((err as { offset?: unknown }).offset)}`
  return { refusal: code.startsWith('ERR_MMSE_LIMIT_') ? 'content-not-accepted' : 'format-corrupt', text }
}
