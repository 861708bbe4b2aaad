/**
 * Link layers, down to the IP packet they carry (link types from tcpdump.org's LINKTYPE_ list):
 * Ethernet with 802.1Q / 802.1ad (QinQ) tags, Linux cooked capture v1 and v2 (`tcpdump -i any`),
 * raw IP (a phone's rmnet interface), and BSD null / loopback.
 */
import { uint16 } from '../bytes/octets.js'

export const LINKTYPE_NULL = 0
export const LINKTYPE_ETHERNET = 1
export const LINKTYPE_RAW = 101
export const LINKTYPE_LOOP = 108
export const LINKTYPE_LINUX_SLL = 113
export const LINKTYPE_IPV4 = 228
export const LINKTYPE_IPV6 = 229
export const LINKTYPE_LINUX_SLL2 = 276
/** DLT_RAW as OpenBSD and some older systems wrote it into files. */
const DLT_RAW_12 = 12
const DLT_RAW_14 = 14

const ETHERTYPE_IPV4 = 0x0800
const ETHERTYPE_IPV6 = 0x86dd
/** 802.1Q, 802.1ad and the pre-standard QinQ tag. */
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100])

/**
 * What ipOffset returns for a frame that carries no IP packet: -(1 + ethertype) for a frame of
 * another protocol (ARP, LLDP), or one of these two, below every ethertype's.
 */
export const LINK_CUT_SHORT = -0x10001
export const LINK_TYPE_NOT_READ = -0x10002

/**
 * Where the IP packet of the frame `data[start, end)` (of link type `linkType`) starts in
 * `data`, or a negative code when it carries none (linkSkip says why). A number, not an object:
 * the scan asks this of every frame.
 */
export function ipOffset (linkType: number, data: Uint8Array, start = 0, end = data.length): number {
  switch (linkType) {
    case LINKTYPE_ETHERNET: return ethernet(data, start, end)
    case LINKTYPE_LINUX_SLL: return byEthertype(start + 16, end, end - start >= 16 ? uint16(data, start + 14) : -1)
    case LINKTYPE_LINUX_SLL2: return byEthertype(start + 20, end, end - start >= 20 ? uint16(data, start) : -1)
    case LINKTYPE_RAW: case DLT_RAW_12: case DLT_RAW_14: case LINKTYPE_IPV4: case LINKTYPE_IPV6: return start
    case LINKTYPE_NULL: case LINKTYPE_LOOP: return loopback(start, end)
    default: return LINK_TYPE_NOT_READ
  }
}

/** Why a frame of link type `linkType` carries no IP packet, from ipOffset's negative `code`. */
export function linkSkip (code: number, linkType: number): string {
  if (code === LINK_TYPE_NOT_READ) return `link type ${linkType}`
  if (code === LINK_CUT_SHORT) return 'a link header cut short'
  return `ethertype 0x${(-code - 1).toString(16).padStart(4, '0')}`
}

function ethernet (data: Uint8Array, start: number, end: number): number {
  let at = start + 12
  let type = end - start >= 14 ? uint16(data, at) : -1
  while (VLAN_TAGS.has(type) && end >= at + 6) {
    at += 4
    type = uint16(data, at)
  }
  return byEthertype(at + 2, end, type)
}

function byEthertype (offset: number, end: number, type: number): number {
  if (type === -1 || offset > end) return LINK_CUT_SHORT
  if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return offset
  return -1 - type
}

/**
 * A 4-octet address family before the packet: in the capturing host's byte order for NULL, in
 * network order for LOOP. AF_INET is 2 everywhere; AF_INET6 is 10, 24, 28 or 30 depending on the
 * system. The IP version nibble after it decides, whatever the family's byte order.
 */
function loopback (start: number, end: number): number {
  return end - start < 5 ? LINK_CUT_SHORT : start + 4
}
