/**
 * A small reader for the protobuf wire format, enough to decode Kubernetes' gogo-generated proto2 messages.
 *
 * Kubernetes uses no zigzag (sint) or fixed-width integers in its API types, but the reader handles every
 * wire type so that unknown fields of any kind can be skipped. Varints are read as two unsigned 32-bit
 * halves: int32 values arrive as 10-byte sign-extended varints, int64 values may exceed 2^53.
 *
 * Error messages follow the generated Go code (k8s.io/api/.../generated.pb.go): `unexpected EOF`,
 * `proto: integer overflow`, `proto: negative length found during unmarshaling`, `proto: illegal wireType N`.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** Malformed protobuf data; the message is what Go's generated Unmarshal would report. */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufError";
  }
}

/** A 64-bit varint as two unsigned 32-bit halves. */
export interface Varint {
  lo: number;
  hi: number;
}

/** Two's-complement int32 view (Go's int32(x) of the low bits). */
export function varintToInt32(v: Varint): number {
  return v.lo | 0;
}

/** Signed 64-bit view as a JS number (exact up to 2^53, like JSON numbers). */
export function varintToInt64(v: Varint): number {
  return (v.hi | 0) * 0x1_0000_0000 + v.lo;
}

/** Unsigned 64-bit view as a JS number. */
export function varintToUint64(v: Varint): number {
  return v.hi * 0x1_0000_0000 + v.lo;
}

export function varintToBool(v: Varint): boolean {
  return v.lo !== 0 || v.hi !== 0;
}

/** One field occurrence: its number, wire type and raw value. */
export type WireField =
  | { field: number; wire: typeof WIRE_VARINT; value: Varint }
  | { field: number; wire: typeof WIRE_BYTES; value: Uint8Array }
  | { field: number; wire: typeof WIRE_FIXED64; value: Uint8Array }
  | { field: number; wire: typeof WIRE_FIXED32; value: Uint8Array };

export class WireReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): Varint {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError("unexpected EOF");
      const b = this.buf[this.pos++];
      const bits = b & 0x7f;
      if (i < 4) {
        lo |= bits << (7 * i);
      } else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else {
        hi |= bits << (7 * i - 32);
      }
      if (b < 0x80) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw new ProtobufError("proto: integer overflow");
  }

  /** A varint used as a tag or length: must fit a non-negative JS integer. */
  length(): number {
    const v = this.varint();
    const n = varintToInt64(v);
    if (n < 0) throw new ProtobufError("proto: negative length found during unmarshaling");
    return n;
  }

  bytes(): Uint8Array {
    const n = this.length();
    const stop = this.pos + n;
    if (stop > this.end) throw new ProtobufError("unexpected EOF");
    const out = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return out;
  }

  fixed(width: 4 | 8): Uint8Array {
    const stop = this.pos + width;
    if (stop > this.end) throw new ProtobufError("unexpected EOF");
    const out = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return out;
  }

  /** Reads the next field. Groups (deprecated, never used by Kubernetes) are skipped whole. */
  next(): WireField | undefined {
    while (!this.done()) {
      const tag = this.varint();
      const field = varintToUint64(tag) / 8;
      const wire = tag.lo & 7;
      const number = Math.floor(field);
      if (number <= 0) throw new ProtobufError(`proto: illegal tag ${number} (wire type ${wire})`);
      switch (wire) {
        case WIRE_VARINT:
          return { field: number, wire, value: this.varint() };
        case WIRE_BYTES:
          return { field: number, wire, value: this.bytes() };
        case WIRE_FIXED64:
          return { field: number, wire, value: this.fixed(8) };
        case WIRE_FIXED32:
          return { field: number, wire, value: this.fixed(4) };
        case WIRE_START_GROUP:
          this.skipGroup(number);
          continue;
        case WIRE_END_GROUP:
          throw new ProtobufError("proto: unexpected end of group");
        default:
          throw new ProtobufError(`proto: illegal wireType ${wire}`);
      }
    }
    return undefined;
  }

  private skipGroup(number: number): void {
    for (;;) {
      if (this.done()) throw new ProtobufError("unexpected EOF");
      const tag = this.varint();
      const wire = tag.lo & 7;
      const inner = Math.floor(varintToUint64(tag) / 8);
      switch (wire) {
        case WIRE_VARINT:
          this.varint();
          break;
        case WIRE_BYTES:
          this.bytes();
          break;
        case WIRE_FIXED64:
          this.fixed(8);
          break;
        case WIRE_FIXED32:
          this.fixed(4);
          break;
        case WIRE_START_GROUP:
          this.skipGroup(inner);
          break;
        case WIRE_END_GROUP:
          if (inner !== number) throw new ProtobufError("proto: unexpected end of group");
          return;
        default:
          throw new ProtobufError(`proto: illegal wireType ${wire}`);
      }
    }
  }
}

/** All fields of a message, in wire order. */
export function readFields(buf: Uint8Array): WireField[] {
  const r = new WireReader(buf);
  const out: WireField[] = [];
  for (let f = r.next(); f; f = r.next()) out.push(f);
  return out;
}

/** Packed repeated varints (a length-delimited run of varints). */
export function readPackedVarints(buf: Uint8Array): Varint[] {
  const r = new WireReader(buf);
  const out: Varint[] = [];
  while (!r.done()) out.push(r.varint());
  return out;
}

export function fixed64ToDouble(b: Uint8Array): number {
  return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
}

export function fixed32ToFloat(b: Uint8Array): number {
  return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
}
