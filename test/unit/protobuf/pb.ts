/** A tiny protobuf writer for hand-made test messages (not part of the server). */

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A varint; negative numbers are sign-extended to 64 bits (10 bytes), as Go writes int32/int64. */
export function varint(v: number | bigint): Uint8Array {
  let n = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return Uint8Array.from(out);
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);

/** Varint field. */
export const vi = (field: number, v: number | bigint | boolean) =>
  concat(tag(field, 0), varint(typeof v === "boolean" ? (v ? 1 : 0) : v));

/** Length-delimited field (bytes, string or nested message). */
export function ld(field: number, v: Uint8Array | string): Uint8Array {
  const b = typeof v === "string" ? new TextEncoder().encode(v) : v;
  return concat(tag(field, 2), varint(b.length), b);
}

/** A message from its fields. */
export const msg = (...fields: Uint8Array[]) => concat(...fields);

export const fixed64 = (field: number, v: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return concat(tag(field, 1), b);
};

export const fixed32 = (field: number, v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return concat(tag(field, 5), b);
};

/** A group (wire types 3/4) holding the given fields. */
export const group = (field: number, ...inner: Uint8Array[]) => concat(tag(field, 3), ...inner, tag(field, 4));

export const MAGIC = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return concat(MAGIC, ld(1, msg(ld(1, apiVersion), ld(2, kind))), ld(2, raw));
}

export const fromBase64 = (s: string) => Uint8Array.from(Buffer.from(s, "base64"));
