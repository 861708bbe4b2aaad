/**
 * Bytes to decode in the charsets of the table, for the tests that hold a browser build's
 * decoding against Node's: the inputs of test/unit/text/transcode.test.ts, where that test gives
 * the expected text.
 */

/** MIBenum and the bytes, in hex. */
export type CharsetVector = readonly [mib: number, hex: string]

export const CHARSET_VECTORS: readonly CharsetVector[] = [
  [4, '80 8a 9f'], [4, '43 61 66 e9'], [4, 'ff'], [3, '80 8a 9f'], [3, '43 61 66 e9'],
  [12, 'd0 dd de f0 fd fe'], [12, 'de 69 fe 6c 69 20 d0'], [12, '80 9f a0 c7 dc ff'],
  [112, 'aa 74 69 69 6e fe e3'], [112, 'a4 a1 a3 bc be d5 de'], [112, '80 a0 a7 c0 ff'],
  [106, 'c3 a9 74 c3 a9'], [106, 'e2 82 ac'], [106, 'f0 9f 98 80'], [106, 'ef bb bf 41'], [106, '41 ff 42'], [106, '41 e2 82'], [106, 'ed a0 80'],
  ...[1015, 1000].flatMap((mib): CharsetVector[] => [
    'fe ff 00 41', 'ff fe 41 00', '00 41 00 42', 'fe ff 00 41 00 42', 'ff fe 41 00 42 00', '65 e5 67 2c', 'fe ff 00 41 fe ff',
    'fe ff', '', '00 41 00', 'ff fe 41 00 42', 'd8 3d de 00', 'd8 3d 00 41', '41 42',
  ].map(hex => [mib, hex])),
  [1013, '00 41 00 e9'], [1014, '41 00 e9 00'], [1013, 'fe ff 00 41'], [1014, 'ff fe 41 00'], [1013, 'ff fe 00 41'], [1014, '41 00 42'],
  [1017, '00 00 00 41 00 01 f6 00'], [1017, '00 00 fe ff 00 00 00 41'], [1017, 'ff fe 00 00 41 00 00 00 00 f6 01 00'], [1017, 'ff 00 00 00'],
  [1018, '00 00 00 41'], [1001, '00 00 00 41'], [1019, '41 00 00 00 ac 20 00 00'], [1018, '00 11 00 00 00 00 00 41'], [1018, '00 00 00 41 00 00'],
  [1012, '2b 41 47 45 41 59 67 42 6a 2d'], [1012, '2b 5a 65 56 6e 4c 49 71 65 2d'], [1012, '2b 32 44 51 2d'], [1012, '41 e9 42'],
  [17, '93 fa 96 7b 8c ea'], [2024, '93 fa 96 7b 8c ea'], [18, 'c6 fc cb dc b8 ec'], [39, '1b 24 42 46 7c 4b 5c 1b 28 42'],
  [38, 'c7 d1 b1 b9 be ee'], [36, 'c7 d1 b1 b9 be ee'], [2026, 'a4 a4 a4 e5'], [2025, 'd6 d0 ce c4'], [113, 'd6 d0 ce c4'], [114, '81 30 89 35'],
  [17, '41 82'], [17, '93 fa'], [2085, '7e 7b'],
  [5, 'a3 f3 64 bc'], [10, 'd9 ec dd e3 e1'], [2084, 'f0 d2 c9 d7 c5 d4'], [2088, 'f0 d2 c9 d7 a6 d4'], [2251, 'cf f0 e8 e2 e5 f2'],
  [2109, 'e4 b7 c2'], [2027, '8e'], [6, '41 a5'],
  [2252, '80 93 94 85 99'], [2252, '8a 9a 8c 9c 9f'], [2252, '81 8d 8f 90 9d'], [2252, '43 61 66 e9 a0 ff'],
  [9999, 'c3 a9'], [0, '48 65 6c 6c 6f'], [37, 'c3 a9'], [40, 'c3 a9'], [1004, 'c3 a9'], [37, '1b 24 29 43 0e 47 51 31 39 0f'],
]
