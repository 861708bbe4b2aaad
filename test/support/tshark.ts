// Test harness: run Wireshark's tshark over MMSE PDUs and collect what its MMSE
// dissector reports, so tests can compare our decoder with an independent one.
//
// Each PDU travels as the body of an HTTP/1.1 200 response in its own TCP stream
// of a classic libpcap file; tshark dissects the whole batch in one run (PDML
// output), and the fields are mapped back to the PDU by `tcp.stream`.
// Uses node built-ins only.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface TsharkField {
  name: string;
  showname: string;
  show: string;
  /** Hex of the field's bytes, as PDML gives it ('' when absent). */
  value: string;
  /** Offset relative to the first byte of the MMSE PDU (the HTTP body); -1 when tshark gives none. */
  pos: number;
  size: number;
}

export interface TsharkPdu {
  /** Index of the PDU in the input array. */
  index: number;
  /** mmse.*, wsp.* and media.* fields inside the MMSE protocol tree, document order, flattened. */
  fields: TsharkField[];
  /** tshark raised `_ws.malformed` or an expert error inside the MMSE part. */
  malformed: boolean;
  /** Expert messages (and malformed notices) from the MMSE part. */
  expert: string[];
}

export interface RunTsharkOptions {
  tsharkPath?: string;
  tmpDir?: string;
}

/** Absolute path of tshark, or null when it is not installed. */
export function findTshark(): string | null {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
    const candidate = join(dir, 'tshark');
    if (!existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------
// pcap writer
// ---------------------------------------------------------------------------

const SERVER_PORT = 80; // tshark dissects port 80 as HTTP by default
const CLIENT_PORT = 40000;
const SERVER_IP = [192, 168, 0, 1] as const;
const MAX_SEGMENT = 60_000; // TCP payload per packet (pcap snaplen is 262,144)
const FLAG_FIN = 0x01;
const FLAG_SYN = 0x02;
const FLAG_PSH = 0x08;
const FLAG_ACK = 0x10;

/** Client address of stream i: 10.x.y.z, so every stream has its own 4-tuple. */
function clientIp(i: number): number[] {
  const n = i + 1;
  return [10, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** One Ethernet/IPv4/TCP frame. Checksums are left at zero. */
function frame(src: number[], dst: readonly number[], sport: number, dport: number,
  seq: number, ack: number, flags: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(14 + 20 + 20 + payload.length);
  // Ethernet II header: destination MAC, source MAC, EtherType 0x0800 (IPv4)
  b.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01], 0);
  b.writeUInt16BE(0x0800, 12);
  // IPv4 header: version 4 / IHL 5, total length, TTL 64, protocol 6 (TCP)
  const ip = 14;
  b[ip] = 0x45;
  b.writeUInt16BE(20 + 20 + payload.length, ip + 2);
  b.writeUInt16BE(0x4000, ip + 6); // don't fragment
  b[ip + 8] = 64;
  b[ip + 9] = 6;
  b.set(src, ip + 12);
  b.set(dst, ip + 16);
  // TCP header: ports, sequence and acknowledgement numbers, data offset 5, flags, window
  const tcp = ip + 20;
  b.writeUInt16BE(sport, tcp);
  b.writeUInt16BE(dport, tcp + 2);
  b.writeUInt32BE(seq >>> 0, tcp + 4);
  b.writeUInt32BE(ack >>> 0, tcp + 8);
  b[tcp + 12] = 5 << 4;
  b[tcp + 13] = flags;
  b.writeUInt16BE(0xffff, tcp + 14);
  b.set(payload, tcp + 20);
  return b;
}

/**
 * A classic libpcap file (linktype 1, Ethernet) with one TCP stream per PDU:
 * handshake, `GET` request, `HTTP/1.1 200 OK` response whose body is the PDU
 * (split into segments of at most 60,000 bytes), then FIN from the server.
 * Stream i is the i-th stream in the file, so tshark's `tcp.stream` is i.
 */
export function buildPcap(pdus: Uint8Array[]): Buffer {
  const chunks: Buffer[] = [];
  // Global header: magic (microsecond timestamps), version 2.4, thiszone 0,
  // sigfigs 0, snaplen 262144, linktype 1 (Ethernet)
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262_144, 16);
  global.writeUInt32LE(1, 20);
  chunks.push(global);

  let usec = 0;
  const record = (data: Buffer): void => {
    // Record header: seconds, microseconds, captured length, original length
    const h = Buffer.alloc(16);
    const t = 1_600_000_000 * 1_000_000 + usec;
    usec += 1000;
    h.writeUInt32LE(Math.floor(t / 1_000_000), 0);
    h.writeUInt32LE(t % 1_000_000, 4);
    h.writeUInt32LE(data.length, 8);
    h.writeUInt32LE(data.length, 12);
    chunks.push(h, data);
  };

  pdus.forEach((pdu, i) => {
    const cli = clientIp(i);
    const c2s = (seq: number, ack: number, flags: number, p: Uint8Array = new Uint8Array(0)): void =>
      record(frame(cli, SERVER_IP, CLIENT_PORT, SERVER_PORT, seq, ack, flags, p));
    const s2c = (seq: number, ack: number, flags: number, p: Uint8Array = new Uint8Array(0)): void =>
      record(frame([...SERVER_IP], cli, SERVER_PORT, CLIENT_PORT, seq, ack, flags, p));

    const request = Buffer.from(`GET /mms/${i} HTTP/1.1\r\nHost: mmsc.example\r\n\r\n`, 'latin1');
    const head = Buffer.from('HTTP/1.1 200 OK\r\n'
      + 'Content-Type: application/vnd.wap.mms-message\r\n'
      + `Content-Length: ${pdu.length}\r\n\r\n`, 'latin1');
    let cseq = 1000; // client initial sequence number
    let sseq = 5000; // server initial sequence number

    c2s(cseq, 0, FLAG_SYN);
    s2c(sseq, cseq + 1, FLAG_SYN | FLAG_ACK);
    cseq += 1;
    sseq += 1;
    c2s(cseq, sseq, FLAG_ACK);
    c2s(cseq, sseq, FLAG_PSH | FLAG_ACK, request);
    cseq += request.length;

    // Response: the header alone, then the body in segments of <= MAX_SEGMENT bytes.
    s2c(sseq, cseq, FLAG_PSH | FLAG_ACK, head);
    sseq += head.length;
    for (let off = 0; off < pdu.length; off += MAX_SEGMENT) {
      const seg = pdu.subarray(off, Math.min(pdu.length, off + MAX_SEGMENT));
      s2c(sseq, cseq, FLAG_PSH | FLAG_ACK, seg);
      sseq += seg.length;
    }
    s2c(sseq, cseq, FLAG_FIN | FLAG_ACK);
    c2s(cseq, sseq + 1, FLAG_ACK);
  });
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------
// PDML parser
// ---------------------------------------------------------------------------

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Element[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ENTITIES[ent] ?? whole;
  });
}

/** Parse one `<packet>...</packet>` into an element tree (PDML has no text content). */
function parsePacket(xml: string): Element {
  const root: Element = { tag: '#root', attrs: {}, children: [] };
  const stack: Element[] = [root];
  const tagRe = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"]*")*)\s*(\/?)>/g;
  const attrRe = /([\w.:-]+)="([^"]*)"/g;
  for (let m = tagRe.exec(xml); m; m = tagRe.exec(xml)) {
    const [, close, tag = '', attrText = '', selfClose] = m;
    if (close) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (let a = attrRe.exec(attrText); a; a = attrRe.exec(attrText)) {
      attrs[a[1] ?? ''] = decodeEntities(a[2] ?? '');
    }
    const el: Element = { tag, attrs, children: [] };
    stack[stack.length - 1]?.children.push(el);
    if (!selfClose) stack.push(el);
  }
  const packet = root.children[0];
  if (!packet) throw new Error('PDML: no <packet> element');
  return packet;
}

/** Depth-first, document order; `visit` returns false to skip the element's children. */
function walk(el: Element, visit: (e: Element) => boolean | void): void {
  if (visit(el) === false) return;
  for (const c of el.children) walk(c, visit);
}

const num = (s: string | undefined): number => (s === undefined || s === '' ? 0 : Number(s));

/** Fields we keep: MMSE headers, WSP structures (multipart, part headers) and part media types. */
const KEEP = /^(mmse|wsp|media)\./;

/** Outermost `<proto name="mmse">` elements; a nested MMSE (m-mbox-view-conf) stays inside its parent. */
function findMmse(el: Element, out: Element[]): Element[] {
  for (const c of el.children) {
    if (c.tag === 'proto' && c.attrs['name'] === 'mmse') out.push(c);
    else findMmse(c, out);
  }
  return out;
}

/** Add what one PDML packet says about its MMSE part (if any) to `out`. */
function collect(packet: Element, out: TsharkPdu): void {
  const mmse = findMmse(packet, []);
  if (mmse.length === 0) return;
  const flagMalformed = (e: Element): void => {
    out.malformed = true;
    out.expert.push(e.attrs['showname'] ?? 'Malformed Packet');
  };
  const push = (e: Element, rawPos: number): void => {
    // Items without a location (some expert fields) have pos 0 in PDML: report -1.
    const pos = rawPos < 0 ? -1 : rawPos;
    out.fields.push({
      name: e.attrs['name'] ?? '',
      showname: e.attrs['showname'] ?? '',
      show: e.attrs['show'] ?? '',
      value: e.attrs['value'] ?? '',
      pos,
      size: num(e.attrs['size']),
    });
  };
  for (const proto of mmse) {
    // The MMSE proto starts at the first body byte, and its pos is counted in the
    // same data source (the frame, or the reassembled TCP data) as its fields' pos.
    const base = num(proto.attrs['pos']);
    walk(proto, (e) => {
      const name = e.attrs['name'] ?? '';
      if (e === proto) return true;
      if (name === '_ws.malformed' && e.tag === 'proto' && e.attrs['hide'] !== 'yes') {
        flagMalformed(e);
        return false;
      }
      if (name === '_ws.expert') {
        // Expert item: its children are the message, severity, group and the
        // expert's own field (e.g. wsp.trailing_quote), all at pos 0; the
        // position is on the _ws.expert element itself.
        const sub = e.children.find((c) => c.attrs['name'] === '_ws.expert.message');
        const sev = e.children.find((c) => c.attrs['name'] === '_ws.expert.severity');
        out.expert.push(sub?.attrs['show'] ?? e.attrs['showname'] ?? '');
        if (/: Error$/.test(sev?.attrs['showname'] ?? '')) out.malformed = true;
        for (const c of e.children) {
          if (KEEP.test(c.attrs['name'] ?? '')) push(c, num(e.attrs['pos']) - base);
        }
        return false;
      }
      if (e.tag === 'field' && KEEP.test(name)) push(e, num(e.attrs['pos']) - base);
      return true;
    });
  }
  // An exception in the MMSE dissector shows as a top-level "[Malformed Packet: MMSE]"
  // proto after the mmse proto (HTTP catches the exception).
  const top = packet.children;
  const first = top.indexOf(mmse[0] as Element);
  for (const e of first >= 0 ? top.slice(first + 1) : []) {
    if (e.attrs['name'] === '_ws.malformed') flagMalformed(e);
  }
}

/** The value of the `tcp.stream` field of a packet, or -1. */
function tcpStream(packet: Element): number {
  let stream = -1;
  walk(packet, (e) => {
    if (stream < 0 && e.attrs['name'] === 'tcp.stream') stream = num(e.attrs['show']);
  });
  return stream;
}

// ---------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------

const CLOSE = '</packet>';

/**
 * Dissect all PDUs with one tshark run; one result per PDU, in input order.
 * PDML is read as a stream, packet by packet, so big batches need no big buffer.
 */
export async function runTshark(pdus: Uint8Array[], options: RunTsharkOptions = {}): Promise<TsharkPdu[]> {
  if (pdus.length === 0) return [];
  const tshark = options.tsharkPath ?? findTshark();
  if (!tshark) throw new Error('tshark not found');
  const dir = mkdtempSync(join(options.tmpDir ?? tmpdir(), 'mmse-tshark-'));
  const configDir = join(dir, 'config'); // fresh, empty: no user preferences apply
  const pcap = join(dir, 'batch.pcap');
  try {
    mkdirSync(configDir);
    writeFileSync(pcap, buildPcap(pdus));
    const results: TsharkPdu[] = pdus.map((_, index) => ({ index, fields: [], malformed: false, expert: [] }));
    const args = ['-r', pcap, '-T', 'pdml',
      '-o', 'tcp.desegment_tcp_streams:TRUE', '-o', 'http.desegment_body:TRUE',
      '-d', `tcp.port==${SERVER_PORT},http`];
    const child = spawn(tshark, args, {
      env: { ...process.env, TZ: 'UTC', WIRESHARK_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Cut stdout into packets without re-scanning or re-copying big strings:
    // `parts` holds the text of the current packet, `carry` a possible partial '</packet>'.
    let parts: string[] = [];
    let carry = '';
    let stderr = '';
    let failure: unknown = null;
    const onPacket = (xml: string): void => {
      if (failure !== null || !xml.includes('<proto name="mmse"')) return; // handshake, request, ACKs
      try {
        const packet = parsePacket(xml.slice(xml.indexOf('<packet>')));
        const target = results[tcpStream(packet)];
        if (target) collect(packet, target);
      } catch (err) {
        failure = err;
      }
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => { stderr += d; });
    child.stdout.on('data', (d: string) => {
      const text = carry + d;
      let start = 0;
      for (let end = text.indexOf(CLOSE); end >= 0; end = text.indexOf(CLOSE, start)) {
        parts.push(text.slice(start, end + CLOSE.length));
        onPacket(parts.join(''));
        parts = [];
        start = end + CLOSE.length;
      }
      const keep = Math.max(start, text.length - CLOSE.length + 1);
      parts.push(text.slice(start, keep));
      carry = text.slice(keep);
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (failure !== null) throw failure;
    if (code !== 0) throw new Error(`tshark exited with ${String(code)}: ${stderr.trim()}`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
