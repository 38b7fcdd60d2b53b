import { describe, expect, it } from "vitest";
import {
  ProtobufError,
  readFields,
  readPackedVarints,
  varintToBool,
  varintToInt32,
  varintToInt64,
  varintToUint64,
  WireReader,
} from "../../../src/kube/protobuf/wire";
import { concat, fixed32, fixed64, group, ld, msg, varint, vi } from "./pb";

const readVarint = (b: Uint8Array) => new WireReader(b).varint();

describe("varints", () => {
  it("reads small and multi-byte values", () => {
    expect(varintToInt64(readVarint(varint(0)))).toBe(0);
    expect(varintToInt64(readVarint(varint(1)))).toBe(1);
    expect(varintToInt64(readVarint(varint(300)))).toBe(300);
    expect(varintToInt64(readVarint(Uint8Array.from([0xac, 0x02])))).toBe(300);
  });

  it("reads values past 32 bits", () => {
    expect(varintToInt64(readVarint(varint(4_000_000_000)))).toBe(4_000_000_000);
    expect(varintToInt64(readVarint(varint(2 ** 53 - 1)))).toBe(2 ** 53 - 1);
    expect(varintToUint64(readVarint(varint(2n ** 63n)))).toBe(2 ** 63);
  });

  it("reads negative int32 and int64 as 10-byte sign-extended varints", () => {
    expect(varint(-5).length).toBe(10);
    expect(varintToInt32(readVarint(varint(-5)))).toBe(-5);
    expect(varintToInt64(readVarint(varint(-5)))).toBe(-5);
    expect(varintToInt32(readVarint(varint(-2147483648)))).toBe(-2147483648);
    expect(varintToInt64(readVarint(varint(-4_000_000_000)))).toBe(-4_000_000_000);
    expect(varintToInt32(readVarint(varint(2147483647)))).toBe(2147483647);
  });

  it("reads booleans", () => {
    expect(varintToBool(readVarint(varint(0)))).toBe(false);
    expect(varintToBool(readVarint(varint(1)))).toBe(true);
  });

  it("rejects truncated and over-long varints", () => {
    expect(() => readVarint(Uint8Array.from([0x80]))).toThrow(new ProtobufError("unexpected EOF"));
    expect(() => readVarint(new Uint8Array(11).fill(0x80))).toThrow(new ProtobufError("proto: integer overflow"));
  });
});

describe("fields", () => {
  it("reads every wire type in order", () => {
    const fields = readFields(msg(vi(1, 150), ld(2, "hi"), fixed64(3, 1.5), fixed32(4, 2.5)));
    expect(fields.map((f) => [f.field, f.wire])).toEqual([
      [1, 0],
      [2, 2],
      [3, 1],
      [4, 5],
    ]);
    expect(new TextDecoder().decode(fields[1].value as Uint8Array)).toBe("hi");
  });

  it("skips groups whole", () => {
    const fields = readFields(msg(vi(1, 1), group(5, vi(1, 2), ld(2, "x"), group(6, vi(1, 3))), vi(2, 4)));
    expect(fields.map((f) => f.field)).toEqual([1, 2]);
  });

  it("reads high field numbers", () => {
    expect(readFields(vi(65001, 7))[0].field).toBe(65001);
  });

  it("reports truncated and malformed data like the generated Go code", () => {
    expect(() => readFields(Uint8Array.from([0x12, 0x05, 0x61]))).toThrow("unexpected EOF");
    expect(() => readFields(Uint8Array.from([0x09, 0x00]))).toThrow("unexpected EOF");
    expect(() => readFields(Uint8Array.from([0x0c]))).toThrow("proto: unexpected end of group");
    expect(() => readFields(Uint8Array.from([0x0e]))).toThrow("proto: illegal wireType 6");
    expect(() => readFields(Uint8Array.from([0x00]))).toThrow("proto: illegal tag 0 (wire type 0)");
    expect(() => readFields(concat(Uint8Array.from([0x12]), varint(-1)))).toThrow(
      "proto: negative length found during unmarshaling",
    );
    expect(() => readFields(Uint8Array.from([0x0b, 0x08]))).toThrow("unexpected EOF");
  });

  it("reads packed varints", () => {
    const packed = concat(varint(1), varint(300), varint(-1));
    expect(readPackedVarints(packed).map(varintToInt64)).toEqual([1, 300, -1]);
  });
});
