// Checks the tshark comparison harness (test/support/tshark.ts) on hand-built
// PDUs. Needs Wireshark's tshark (`.ci/install-debian.sh`); skipped without it.
import t from 'tap';
import { buildPcap, findTshark, runTshark, type TsharkField, type TsharkPdu } from '../../support/tshark.js';
import { cat, entry, uintvar } from '../../support/wire.js';
import { notInstalled } from '../../support/missing.js';

const fieldsNamed = (pdu: TsharkPdu | undefined, name: string): TsharkField[] =>
  (pdu?.fields ?? []).filter((f) => f.name === name);

const summary = (f: TsharkField): string =>
  `${f.pos}+${f.size} ${f.name} = ${JSON.stringify(f.show.length > 60 ? `${f.show.slice(0, 60)}...` : f.show)}`;

// m-send-conf: Message-Type, Transaction-Id "abc", MMS-Version 1.1, Response-Status Ok, Message-ID "id".
const SEND_CONF = cat(0x8c, 0x81, 0x98, 'abc', 0x00, 0x8d, 0x91, 0x92, 0x80, 0x8b, 'id', 0x00);

// m-retrieve-conf 1.2, multipart/related (type=text/plain, start=<t1>) with two parts:
// text/plain; charset=utf-8 (Content-ID, Content-Location) and image/jpeg (Content-Location).
const TEXT_PART = cat('Hello wörld');
const JPEG_PART = cat(0xff, 0xd8, 0xff, 0xd9);
const RETRIEVE_CONF_HEADERS = cat(
  0x8c, 0x84, // X-Mms-Message-Type: m-retrieve-conf
  0x98, 'tid1', 0x00, // X-Mms-Transaction-Id
  0x8d, 0x92, // X-Mms-MMS-Version 1.2
  0x85, 0x04, 0x5f, 0x5e, 0x10, 0x00, // Date 1600000000 = 2020-09-13T12:26:40Z
  0x89, 0x10, 0x80, '+123/TYPE=PLMN', 0x00, // From: address-present-token + address
  0x97, 'a@b.c', 0x00, // To
  0x88, 0x05, 0x81, 0x03, 0x01, 0x51, 0x80, // X-Mms-Expiry: relative 86400 s
  0x84, 0x09, 0xb3, 0x89, 0x83, 0x8a, '<t1>', 0x00, // Content-Type (general form)
);
const RETRIEVE_CONF = cat(
  RETRIEVE_CONF_HEADERS,
  0x02, // nEntries
  entry(cat(0x03, 0x83, 0x81, 0xea), cat(0xc0, '"<t1>', 0x00, 0x8e, 'a.txt', 0x00), TEXT_PART),
  entry(cat(0x9e), cat(0x8e, 'pic.jpg', 0x00), JPEG_PART),
);

/** m-retrieve-conf whose multipart/related body holds one part of `size` data bytes. */
function bigRetrieveConf(size: number): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7) & 0xff;
  return cat(0x8c, 0x84, 0x98, 'big', 0x00, 0x8d, 0x92, 0x84, 0xb3, 0x01,
    entry(cat(0x9e), cat(0x8e, 'big.jpg', 0x00), data));
}

t.test('buildPcap writes a classic pcap with correct TCP sequence numbers', async (t) => {
  const pdus = [SEND_CONF, new Uint8Array(150_000).fill(0x41)];
  const pcap = buildPcap(pdus);
  t.equal(pcap.readUInt32LE(0), 0xa1b2c3d4, 'pcap magic');
  t.equal(pcap.readUInt32LE(20), 1, 'linktype Ethernet');
  // Walk the records; follow the server->client byte stream of each TCP connection.
  const bodies = new Map<string, { next: number; data: Buffer[] }>();
  let maxPayload = 0;
  for (let off = 24; off < pcap.length;) {
    const caplen = pcap.readUInt32LE(off + 8);
    const frame = pcap.subarray(off + 16, off + 16 + caplen);
    off += 16 + caplen;
    const payload = frame.subarray(54);
    maxPayload = Math.max(maxPayload, payload.length);
    if (frame.readUInt16BE(34) !== 80 || payload.length === 0) continue; // server segments only
    const key = frame.subarray(30, 34).join('.');
    const seq = frame.readUInt32BE(38);
    const stream = bodies.get(key) ?? { next: seq, data: [] };
    t.equal(seq, stream.next, `contiguous sequence number in stream ${key}`);
    stream.next = seq + payload.length;
    stream.data.push(payload);
    bodies.set(key, stream);
  }
  t.ok(maxPayload <= 60_000, `segments carry at most 60,000 bytes (max ${maxPayload})`);
  const streams = [...bodies.values()].map((s) => Buffer.concat(s.data));
  t.equal(streams.length, 2, 'one TCP stream per PDU');
  streams.forEach((http, i) => {
    const split = http.indexOf('\r\n\r\n');
    const head = http.subarray(0, split).toString('latin1');
    t.match(head, /^HTTP\/1\.1 200 OK\r\n/);
    t.match(head, /Content-Type: application\/vnd\.wap\.mms-message/);
    t.match(head, new RegExp(`Content-Length: ${pdus[i]?.length}`));
    t.same(http.subarray(split + 4), Buffer.from(pdus[i] ?? []), `body ${i} is the PDU`);
  });
});

const tshark = findTshark();
if (!tshark) {
  t.comment('tshark not found on PATH; run .ci/install-debian.sh to enable the tshark tests');
  t.skip(notInstalled('tshark', 'tshark'), () => {});
} else {
  t.test('tshark harness', async (t) => {
    const start = Date.now();
    const [sendConf, retrieveConf, big] = await runTshark([SEND_CONF, RETRIEVE_CONF, bigRetrieveConf(300_000)], {
      tsharkPath: tshark,
    });
    t.comment(`3 PDUs (about 300 KB) dissected in ${Date.now() - start} ms`);

    t.test('m-send-conf headers, with PDU-relative positions', async (t) => {
      t.equal(sendConf?.index, 0);
      t.equal(sendConf?.malformed, false);
      t.same(sendConf?.fields.map((f) => [f.name, f.pos, f.size, f.show]), [
        ['mmse.message_type', 0, 2, '0x81'],
        ['mmse.transaction_id', 2, 5, 'abc'],
        ['mmse.mms_version', 7, 2, '1.1'],
        ['mmse.response_status', 9, 2, '0x80'],
        ['mmse.message_id', 11, 4, 'id'],
      ]);
      t.equal(fieldsNamed(sendConf, 'mmse.transaction_id')[0]?.value, '9861626300', 'value is the hex of the field bytes');
      t.equal(fieldsNamed(sendConf, 'mmse.response_status')[0]?.showname, 'Response-Status: Ok (0x80)');
      t.comment(`m-send-conf: ${sendConf?.fields.map(summary).join('; ')}`);
    });

    t.test('m-retrieve-conf with a two-part multipart/related body', async (t) => {
      t.equal(retrieveConf?.malformed, false);
      t.same(retrieveConf?.expert, []);
      const show = (name: string): string[] => fieldsNamed(retrieveConf, name).map((f) => f.show);
      t.same(show('mmse.date'), ['Sep 13, 2020 12:26:40.000000000 UTC']);
      t.same(show('mmse.from'), ['+123/TYPE=PLMN']);
      t.same(show('mmse.to'), ['a@b.c']);
      t.same(show('mmse.expiry.rel'), ['86400.000000000']);
      t.same(show('wsp.header.content_type'), ['application/vnd.wap.multipart.related', 'text/plain', 'image/jpeg']);
      t.same(show('wsp.parameter.upart.type'), ['text/plain']);
      t.same(show('wsp.parameter.start'), ['<t1>']);
      t.same(show('wsp.parameter.charset'), ['UTF-8']);
      t.same(show('wsp.header.content_id'), ['"<t1>"']);
      t.same(show('wsp.header.content_location'), ['a.txt', 'pic.jpg']);

      // Positions are offsets into the PDU: check them against the bytes we built.
      const at = (f: TsharkField | undefined): string =>
        f ? Buffer.from(RETRIEVE_CONF.subarray(f.pos, f.pos + f.size)).toString('hex') : '';
      // (Bitmask fields such as wsp.header.name_value carry the masked value instead.)
      for (const f of retrieveConf?.fields ?? []) {
        if (f.name !== 'wsp.header.name_value' && f.value !== '' && f.value.length === 2 * f.size) {
          t.equal(at(f), f.value, `bytes at pos ${f.pos} match the value of ${f.name}`);
        }
      }
      const parts = fieldsNamed(retrieveConf, 'wsp.multipart');
      t.equal(parts.length, 2, 'two parts');
      t.equal(parts[0]?.pos, RETRIEVE_CONF_HEADERS.length + 1, 'part 1 starts right after nEntries');
      t.equal(parts[1]?.pos, (parts[0]?.pos ?? 0) + (parts[0]?.size ?? 0), 'part 2 follows part 1');
      t.equal((parts[1]?.pos ?? 0) + (parts[1]?.size ?? 0), RETRIEVE_CONF.length, 'part 2 ends the PDU');
      t.match(parts[0]?.showname, 'Part: 1, content-type: text/plain');
      t.comment(`m-retrieve-conf:\n  ${retrieveConf?.fields.map(summary).join('\n  ')}`);
    });

    t.test('a 300 KB PDU is reassembled from several TCP segments', async (t) => {
      t.equal(big?.malformed, false);
      const [part1] = fieldsNamed(big, 'wsp.multipart');
      // 8C 84 | 98 "big" 00 | 8D 92 | 84 B3 | nEntries 01 | part: HeadersLen, DataLen, 9E, 8E "big.jpg" 00, data
      t.equal(part1?.pos, 12, 'the part starts after nEntries');
      t.equal(part1?.size, 1 + uintvar(300_000).length + 1 + 9 + 300_000, 'the part covers the whole data');
      t.equal(fieldsNamed(big, 'media.type')[0]?.size, 300_000, 'the part data is all there');
      t.same(fieldsNamed(big, 'wsp.header.content_location').map((f) => f.show), ['big.jpg']);
      t.comment(`big PDU: ${big?.fields.map(summary).join('; ')}`);
    });

    t.test('a truncated PDU is flagged malformed', async (t) => {
      const [cut] = await runTshark([RETRIEVE_CONF.subarray(0, 20)], { tsharkPath: tshark });
      t.equal(cut?.malformed, true);
      t.match(cut?.expert.join('\n'), /Malformed Packet/);
    });

    t.test('a batch of 50 PDUs comes back in input order', async (t) => {
      const batch = Array.from({ length: 50 }, (_, i) =>
        cat(0x8c, 0x81, 0x98, `tx-${i}`, 0x00, 0x8d, 0x92, 0x92, 0x80, 0x8b, `m${i}`, 0x00));
      const begin = Date.now();
      const results = await runTshark(batch, { tsharkPath: tshark });
      t.comment(`50 PDUs dissected in ${Date.now() - begin} ms`);
      t.equal(results.length, 50);
      t.same(results.map((r) => r.index), batch.map((_, i) => i));
      t.same(results.map((r) => fieldsNamed(r, 'mmse.transaction_id')[0]?.show), batch.map((_, i) => `tx-${i}`));
      t.same(results.map((r) => fieldsNamed(r, 'mmse.message_id')[0]?.show), batch.map((_, i) => `m${i}`));
      t.ok(results.every((r) => !r.malformed), 'none malformed');
    });

    t.test('vocabulary', async (t) => {
      const names = new Set([sendConf, retrieveConf, big].flatMap((p) => p?.fields.map((f) => f.name) ?? []));
      t.comment(`field names tshark produced: ${[...names].join(', ')}`);
      t.ok(names.has('wsp.multipart'));
    });
  });
}
