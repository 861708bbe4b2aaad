/**
 * What the linter looks for: every construct the specification allows (or a sender got wrong)
 * that a deployed decoder is known to misread, with the decoders, what happens there and the
 * section of the specification. One row a construct; docs/compatibility.md is the same table in
 * prose, with what `encode()` writes instead.
 */

/** What a decoder does with the construct: refuses the PDU, throws, drops a value, or shows wrong text. */
export type LintEffect = 'rejected' | 'crash' | 'field lost' | 'garbled text'

export interface LintRule {
  readonly construct: string
  readonly decoders: readonly string[]
  readonly effect: LintEffect
  readonly spec: string
}

const ANDROID = 'Android PduParser'
const WIRESHARK = 'Wireshark'
const STRICT = 'strict decoders (mmse strict mode)'

export const LINT_RULES = {
  'delta-seconds-short': {
    construct: 'a relative time (Delta-seconds) as a Short-integer',
    decoders: [ANDROID, WIRESHARK],
    effect: 'rejected',
    spec: 'OMA-TS-MMS_ENC 1.3 §7.3.12, §7.3.14, §7.3.44; WAP-230 §8.4.2.3',
  },
  'content-type-crash': {
    construct: 'a content type by a Short-integer code beyond AOSP\'s table (0x53 and up)',
    decoders: [ANDROID],
    effect: 'crash',
    spec: 'WAP-230 §8.4.2.24, Table 40',
  },
  'content-type-general-code': {
    construct: 'a content type by a Short-integer code beyond AOSP\'s table, in the general form',
    decoders: [ANDROID],
    effect: 'garbled text',
    spec: 'WAP-230 §8.4.2.24, Table 40',
  },
  'content-type-long-code': {
    construct: 'a content type by a Long-integer code (an extension code), which AOSP reads as */* and loses the part\'s name, Content-Location and Content-ID',
    decoders: [ANDROID],
    effect: 'field lost',
    spec: 'WAP-230 §8.4.2.24; OMNA WSP Content Type Codes',
  },
  'content-type-unnamed': {
    construct: 'a content type by a code Wireshark\'s table lacks (0x4E-0x59)',
    decoders: [WIRESHARK],
    effect: 'field lost',
    spec: 'WAP-230 §8.4.2.24, Table 40',
  },
  'filename-wsp-1.1': {
    construct: 'a Content-Disposition filename not first under the WSP 1.4 code 0x98 (AOSP reads only that)',
    decoders: [ANDROID],
    effect: 'field lost',
    spec: 'WAP-230 §8.4.2.53, Table 38',
  },
  'charset-long-integer': {
    construct: 'text in a charset whose MIBenum is above 127, written as a Long-integer',
    decoders: [ANDROID, WIRESHARK],
    effect: 'garbled text',
    spec: 'OMA-TS-MMS_ENC 1.3 §7.2.9; WAP-230 §8.4.2.1, Table 42',
  },
  'transfer-encoding': {
    construct: 'a part in a Content-Transfer-Encoding (AOSP reads a textual part header name one character late)',
    decoders: [ANDROID],
    effect: 'garbled text',
    spec: 'WAP-230 §8.4.2.6; OMA-TS-MMS_ENC 1.3 §7.1',
  },
  'retrieve-conf-body': {
    construct: 'an m-retrieve-conf whose Content-Type is not application/vnd.wap.multipart.mixed, .related or .alternative',
    decoders: [ANDROID],
    effect: 'rejected',
    spec: 'OMA-TS-MMS_ENC 1.3 §6.3, §7.3.11',
  },
  'part-header-skipped': {
    construct: 'a part header AOSP does not read, before Content-Location, Content-ID or Content-Disposition (AOSP skips every header after it)',
    decoders: [ANDROID],
    effect: 'field lost',
    spec: 'WAP-230 §8.4.2.6, §8.5.3',
  },
  'parameter-skipped': {
    construct: 'a content-type parameter AOSP does not read, before type, start, charset or name (AOSP skips every parameter after it)',
    decoders: [ANDROID],
    effect: 'field lost',
    spec: 'WAP-230 §8.4.2.4',
  },
  'deviation': {
    construct: 'a deviation from the specification that lenient decoders read past',
    decoders: [STRICT],
    effect: 'rejected',
    spec: 'docs/wire-format.md section 6',
  },
  'unreadable': {
    construct: 'bytes that are no well-formed PDU',
    decoders: ['every decoder'],
    effect: 'rejected',
    spec: 'OMA-TS-MMS_ENC 1.3 §6-7',
  },
} as const satisfies Record<string, LintRule>

export type LintRuleId = keyof typeof LINT_RULES
