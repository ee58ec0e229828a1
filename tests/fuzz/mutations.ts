import fc from 'fast-check';

/** Fragments that break parsers where they are weakest: quoting, structure, numbers, dates, encodings. */
const TOKENS = [
  '"', '""', "'", '\n', '\r\n', '\r', '\t', ',', ';', ':', '{', '}', '[', ']', '<', '>', '/>', '</', '&', '&#0;', '&#xD800;',
  '<![CDATA[', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '\\', '\\u00', '\\ud800', '\u0000', '\ufeff', '\ufffd', '\u2028',
  '8640000000000001', '-8640000000000001', '1e308', '-1', '0', 'NaN', 'Infinity', '"Infinity"', 'null', 'true', '99999999999999999999',
  '2026-02-30', '0001-01-01', '9999-12-31T23:59:59Z', '13/45/2026, 25:61', '[31/12/99, 24:00:00]', 'PT99999H', '上午', '오후', '午後',
  'BEGIN:VCARD', 'END:VCARD', 'TEL:', 'date="', 'type="', 'body="', '"date_unixtime": "', '"messages": [', '"sender_name": "',
  '=cmd|', '+86 138 0013 8000', '小杨', '🙂', '\u00e5\u00b0\u008f', 'PK\u0003\u0004', '\u001f\u008b\b'
].map((t) => new TextEncoder().encode(t));

export type Mutation =
  | { op: 'flip'; at: number; byte: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'token'; at: number; token: number; times: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'truncate'; at: number };

const at = fc.nat();
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at, bytes: fc.uint8Array({ maxLength: 48 }) }),
  fc.record({ op: fc.constant('token' as const), at, token: fc.nat(TOKENS.length - 1), times: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 2048 }), to: at }),
  fc.record({ op: fc.constant('truncate' as const), at })
);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const pos = bytes.length ? m.at % (bytes.length + 1) : 0;
  switch (m.op) {
    case 'flip': {
      if (!bytes.length) return bytes;
      const out = bytes.slice();
      out[pos % bytes.length] = m.byte;
      return out;
    }
    case 'insert':
      return concat(bytes.subarray(0, pos), m.bytes, bytes.subarray(pos));
    case 'token':
      return concat(bytes.subarray(0, pos), ...Array(m.times).fill(TOKENS[m.token]), bytes.subarray(pos));
    case 'delete':
      return concat(bytes.subarray(0, pos), bytes.subarray(pos + m.length));
    case 'duplicate': {
      const piece = bytes.subarray(pos, pos + m.length);
      const to = bytes.length ? m.to % (bytes.length + 1) : 0;
      return concat(bytes.subarray(0, to), piece, bytes.subarray(to));
    }
    case 'truncate':
      return bytes.subarray(0, pos);
  }
}

export function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  return mutations.reduce(apply, bytes);
}
