/**
 * Well-known content types: WAP-230 Table 40 (codes 0x00-0x5A) and the OMNA WSP Content Type
 * Codes registry (extension codes 0x0201-0x020C and 0x0300-0x031B, sent as Long-integers).
 *
 * Names are lower case, since media types are case-insensitive. Kept on purpose:
 * - 0x0E is `multipart/byterantes`, the registry's typo. It round-trips as it is;
 *   `contentTypeCode` also accepts the correct spelling.
 * - 0x0A and 0x16 use the OMNA names `…wta-event` / `…wta-eventc`, not Wireshark's.
 * - 0x0319 is `application/vnc.cmcc.dcd+xml`, spelled as in AOSP `WspTypeDecoder`.
 * - 0x59 is unassigned in every table read.
 */

import { CodeTable } from './code-table.js'

export const MMS_MESSAGE_TYPE = 'application/vnd.wap.mms-message'

const ROWS: ReadonlyArray<readonly [code: number, name: string]> = [
  [0x00, '*/*'],
  [0x01, 'text/*'],
  [0x02, 'text/html'],
  [0x03, 'text/plain'],
  [0x04, 'text/x-hdml'],
  [0x05, 'text/x-ttml'],
  [0x06, 'text/x-vcalendar'],
  [0x07, 'text/x-vcard'],
  [0x08, 'text/vnd.wap.wml'],
  [0x09, 'text/vnd.wap.wmlscript'],
  [0x0a, 'text/vnd.wap.wta-event'],
  [0x0b, 'multipart/*'],
  [0x0c, 'multipart/mixed'],
  [0x0d, 'multipart/form-data'],
  [0x0e, 'multipart/byterantes'],
  [0x0f, 'multipart/alternative'],
  [0x10, 'application/*'],
  [0x11, 'application/java-vm'],
  [0x12, 'application/x-www-form-urlencoded'],
  [0x13, 'application/x-hdmlc'],
  [0x14, 'application/vnd.wap.wmlc'],
  [0x15, 'application/vnd.wap.wmlscriptc'],
  [0x16, 'application/vnd.wap.wta-eventc'],
  [0x17, 'application/vnd.wap.uaprof'],
  [0x18, 'application/vnd.wap.wtls-ca-certificate'],
  [0x19, 'application/vnd.wap.wtls-user-certificate'],
  [0x1a, 'application/x-x509-ca-cert'],
  [0x1b, 'application/x-x509-user-cert'],
  [0x1c, 'image/*'],
  [0x1d, 'image/gif'],
  [0x1e, 'image/jpeg'],
  [0x1f, 'image/tiff'],
  [0x20, 'image/png'],
  [0x21, 'image/vnd.wap.wbmp'],
  [0x22, 'application/vnd.wap.multipart.*'],
  [0x23, 'application/vnd.wap.multipart.mixed'],
  [0x24, 'application/vnd.wap.multipart.form-data'],
  [0x25, 'application/vnd.wap.multipart.byteranges'],
  [0x26, 'application/vnd.wap.multipart.alternative'],
  [0x27, 'application/xml'],
  [0x28, 'text/xml'],
  [0x29, 'application/vnd.wap.wbxml'],
  [0x2a, 'application/x-x968-cross-cert'],
  [0x2b, 'application/x-x968-ca-cert'],
  [0x2c, 'application/x-x968-user-cert'],
  [0x2d, 'text/vnd.wap.si'],
  [0x2e, 'application/vnd.wap.sic'],
  [0x2f, 'text/vnd.wap.sl'],
  [0x30, 'application/vnd.wap.slc'],
  [0x31, 'text/vnd.wap.co'],
  [0x32, 'application/vnd.wap.coc'],
  [0x33, 'application/vnd.wap.multipart.related'],
  [0x34, 'application/vnd.wap.sia'],
  [0x35, 'text/vnd.wap.connectivity-xml'],
  [0x36, 'application/vnd.wap.connectivity-wbxml'],
  [0x37, 'application/pkcs7-mime'],
  [0x38, 'application/vnd.wap.hashed-certificate'],
  [0x39, 'application/vnd.wap.signed-certificate'],
  [0x3a, 'application/vnd.wap.cert-response'],
  [0x3b, 'application/xhtml+xml'],
  [0x3c, 'application/wml+xml'],
  [0x3d, 'text/css'],
  [0x3e, MMS_MESSAGE_TYPE],
  [0x3f, 'application/vnd.wap.rollover-certificate'],
  [0x40, 'application/vnd.wap.locc+wbxml'],
  [0x41, 'application/vnd.wap.loc+xml'],
  [0x42, 'application/vnd.syncml.dm+wbxml'],
  [0x43, 'application/vnd.syncml.dm+xml'],
  [0x44, 'application/vnd.syncml.notification'],
  [0x45, 'application/vnd.wap.xhtml+xml'],
  [0x46, 'application/vnd.wv.csp.cir'],
  [0x47, 'application/vnd.oma.dd+xml'],
  [0x48, 'application/vnd.oma.drm.message'],
  [0x49, 'application/vnd.oma.drm.content'],
  [0x4a, 'application/vnd.oma.drm.rights+xml'],
  [0x4b, 'application/vnd.oma.drm.rights+wbxml'],
  [0x4c, 'application/vnd.wv.csp+xml'],
  [0x4d, 'application/vnd.wv.csp+wbxml'],
  [0x4e, 'application/vnd.syncml.ds.notification'],
  [0x4f, 'audio/*'],
  [0x50, 'video/*'],
  [0x51, 'application/vnd.oma.dd2+xml'],
  [0x52, 'application/mikey'],
  [0x53, 'application/vnd.oma.dcd'],
  [0x54, 'application/vnd.oma.dcdc'],
  [0x55, 'text/x-vmessage'],
  [0x56, 'application/vnd.omads-email+wbxml'],
  [0x57, 'text/x-vbookmark'],
  [0x58, 'application/vnd.syncml.dm.notification'],
  [0x5a, 'application/octet-stream'],

  [0x0201, 'application/vnd.uplanet.cacheop-wbxml'],
  [0x0202, 'application/vnd.uplanet.signal'],
  [0x0203, 'application/vnd.uplanet.alert-wbxml'],
  [0x0204, 'application/vnd.uplanet.list-wbxml'],
  [0x0205, 'application/vnd.uplanet.listcmd-wbxml'],
  [0x0206, 'application/vnd.uplanet.channel-wbxml'],
  [0x0207, 'application/vnd.uplanet.provisioning-status-uri'],
  [0x0208, 'x-wap.multipart/vnd.uplanet.header-set'],
  [0x0209, 'application/vnd.uplanet.bearer-choice-wbxml'],
  [0x020a, 'application/vnd.phonecom.mmc-wbxml'],
  [0x020b, 'application/vnd.nokia.syncset+wbxml'],
  [0x020c, 'image/x-up-wpng'],

  [0x0300, 'application/iota.mmc-wbxml'],
  [0x0301, 'application/iota.mmc-xml'],
  [0x0302, 'application/vnd.syncml+xml'],
  [0x0303, 'application/vnd.syncml+wbxml'],
  [0x0304, 'text/vnd.wap.emn+xml'],
  [0x0305, 'text/calendar'],
  [0x0306, 'application/vnd.omads-email+xml'],
  [0x0307, 'application/vnd.omads-file+xml'],
  [0x0308, 'application/vnd.omads-folder+xml'],
  [0x0309, 'text/directory;profile=vcard'],
  [0x030a, 'application/vnd.wap.emn+wbxml'],
  [0x030b, 'application/vnd.nokia.ipdc-purchase-response'],
  [0x030c, 'application/vnd.motorola.screen3+xml'],
  [0x030d, 'application/vnd.motorola.screen3+gzip'],
  [0x030e, 'application/vnd.cmcc.setting+wbxml'],
  [0x030f, 'application/vnd.cmcc.bombing+wbxml'],
  [0x0310, 'application/vnd.docomo.pf'],
  [0x0311, 'application/vnd.docomo.ub'],
  [0x0312, 'application/vnd.omaloc-supl-init'],
  [0x0313, 'application/vnd.oma.group-usage-list+xml'],
  [0x0314, 'application/oma-directory+xml'],
  [0x0315, 'application/vnd.docomo.pf2'],
  [0x0316, 'application/vnd.oma.drm.roap-trigger+wbxml'],
  [0x0317, 'application/vnd.sbm.mid2'],
  [0x0318, 'application/vnd.wmf.bootstrap'],
  [0x0319, 'application/vnc.cmcc.dcd+xml'],
  [0x031a, 'application/vnd.sbm.cid'],
  [0x031b, 'application/vnd.oma.bcast.provisioningtrigger'],
]

/** Spellings accepted on writing besides the registry's: the 0x0E typo fixed. */
const ALIASES: ReadonlyArray<readonly [code: number, name: string]> = [[0x0e, 'multipart/byteranges']]

export const CONTENT_TYPES = new CodeTable([...ROWS, ...ALIASES])

/** The names of 0x22-0x26 and 0x33: the types whose body is a WSP multipart (WAP-230 §8.5, OMA-MMS-ENC §7.1). */
const WSP_MULTIPART_TYPES: ReadonlySet<string> = new Set(
  ROWS.map(([, name]) => name).filter((name) => name.startsWith('application/vnd.wap.multipart.')),
)

export function contentTypeName (code: number): string | undefined {
  return CONTENT_TYPES.name(code)
}

/** Case-insensitive; accepts `multipart/byteranges` as well as the registry's 0x0E typo. */
export function contentTypeCode (mediaType: string): number | undefined {
  return CONTENT_TYPES.code(mediaType)
}

/**
 * The last code in every deployed decoder's table: Wireshark's WSP dissector (4.0) names
 * 0x00-0x4D and 0x5A, AOSP's PduContentTypes 0x00-0x52 (a Short-integer past its end throws, a
 * Long-integer code reads as code 0x00, any type). The compatible encoder writes a media type by
 * its code only up to here, else as text (docs/compatibility.md).
 */
export const COMMON_CONTENT_TYPE_MAX = 0x4d

/** Whether Wireshark's WSP dissector names a Short-integer content-type code (else it shows the number). */
export function wiresharkNames (code: number): boolean {
  return code <= COMMON_CONTENT_TYPE_MAX || code === OCTET_STREAM
}

/** application/octet-stream, the last code of Table 40, which Wireshark names and AOSP lacks. */
const OCTET_STREAM = 0x5a

/** The last code of AOSP's PduContentTypes (application/mikey). */
export const AOSP_CONTENT_TYPE_MAX = 0x52

/**
 * The code a media type is written by, or undefined (then it goes as text): any code in the
 * shortest forms, in the compatible forms only one every deployed decoder's table has.
 */
export function writtenContentTypeCode (mediaType: string, compatible: boolean): number | undefined {
  const code = CONTENT_TYPES.code(mediaType)
  return code !== undefined && (!compatible || code <= COMMON_CONTENT_TYPE_MAX) ? code : undefined
}

/** Whether a body of this media type is a WSP multipart, whether the type came as a code or as text. */
export function isWspMultipart (mediaType: string): boolean {
  return WSP_MULTIPART_TYPES.has(mediaType.toLowerCase())
}
