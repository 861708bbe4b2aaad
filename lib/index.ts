/**
 * mmse: streaming parser and encoder for MMS Encapsulation PDUs (WAP-209 MMSE 1.0,
 * OMA-MMS-ENC 1.1-1.2, OMA-TS-MMS_ENC 1.3), and the WAP Push that carries notifications.
 */
export { MmseParser, type MmseEvent, type MmseParserEvents, type MmseParserOptions } from './stream/parser.js'
export { MmsePart } from './stream/part.js'
export { decode } from './decode/decode.js'
export { MessageTree, type TreeMessage, type TreeNode } from './decode/tree.js'
export { fitName, NAME_MAX_BYTES, sanitizeFilename } from './decode/file-name.js'
export { MmseError, ERROR_CODES, type MmseErrorCode, type MmseWarning, type MmseWarningCode } from './errors.js'
export { DEFAULT_LIMITS, type DecodeOptions, type MmseLimits } from './options.js'
export { HEADERS, headerByCode, headerByKey, type HeaderDef, type HeaderKey } from './mmse/table.js'
export type * from './types.js'
export * from './encode/index.js'
export { decodeAssembled, decodePush, type PartialPush, type PushMessage, type PushOptions } from './push/wsp-push.js'
export { parseUserData, type UserData, type UserDataHeader } from './push/udh.js'
export { ASSEMBLER_DEFAULTS, PushAssembler, type AssembledUserData, type AssemblerOptions } from './push/assembler.js'
export { PUSH_APPLICATION_IDS } from './tables/push-application-ids.js'
export { MMS_MESSAGE_TYPE } from './tables/content-types.js'
export { encodePush, type PushInput, type PushPduType } from './push/wsp-push.js'
export { encodeUserDataHeader } from './push/udh.js'
export { segmentPush, type SegmentOptions } from './push/segment.js'
export { buildPapSubmission, type PapPushInput, type PapSubmission } from './push/pap.js'
export { PAP_RESPONSE_MAX_BYTES, parsePapResponse, type PapResponse, type PapResponseOptions } from './push/pap-response.js'
