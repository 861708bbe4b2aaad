/**
 * What AOSP's PduParser (com.google.android.mms.pdu, what most phones read MMS with) reads, where
 * it reads less than the specification allows: the compatible encoder writes to it, the linter
 * flags what falls outside it (docs/compatibility.md).
 */

/** The content-type parameters it reads; it skips every parameter after any other one (WAP-230 §8.4.2.4). */
export const AOSP_PARAMETERS: ReadonlySet<string> = new Set(['type', 'start', 'charset', 'name'])

/** The well-known part headers it reads; it skips every header of a part after any other one (WAP-230 §8.4.2.6). */
export const AOSP_PART_HEADERS: ReadonlySet<string> = new Set(['content-location', 'content-id', 'content-disposition'])

/** The Content-Types of an m-retrieve-conf it accepts (OMA-TS-MMS_ENC 1.3 §6.3); it refuses the PDU otherwise. */
export const AOSP_RETRIEVE_CONF_TYPES: ReadonlySet<string> = new Set(['mixed', 'related', 'alternative'].map((kind) => `application/vnd.wap.multipart.${kind}`))
