import { describe, expect, it } from "vitest";
import { goEqual, goFormat, goFormatS, goType, goTypeForMessage, jsonKind } from "../../../src/kube/patch/go-value";

describe("Go views of JSON values", () => {
  it("names the Go types the decoders produce", () => {
    expect([{}, [], "s", 1, 1.5, true, null].map(goType)).toEqual([
      "map[string]interface {}",
      "[]interface {}",
      "string",
      "int64",
      "float64",
      "bool",
      "nil",
    ]);
    expect(goTypeForMessage(null)).toBe("%!s(<nil>)");
    expect([[], {}, "x", 1, false].map(jsonKind)).toEqual(["array", "object", "string", "number", "bool"]);
  });

  it("formats like fmt %v: sorted map keys, bare strings, <nil>", () => {
    expect(goFormat({ name: "c", image: "nginx", ports: [{ containerPort: 80 }], x: null })).toBe(
      "map[image:nginx name:c ports:[map[containerPort:80]] x:<nil>]",
    );
    expect(goFormat([["a", "b"], [true]])).toBe("[[a b] [true]]");
  });

  it("formats floats like strconv 'g' with shortest precision", () => {
    expect([0.5, 1.25e-5, 1234567.5, -2.5e21, 123456.5].map(goFormat)).toEqual([
      "0.5",
      "1.25e-05",
      "1.2345675e+06",
      "-2.5e+21",
      "123456.5",
    ]);
    expect(goFormat(12345678901)).toBe("12345678901");
  });

  it("formats like fmt %s: non-strings are flagged", () => {
    expect(goFormatS("merge")).toBe("merge");
    expect(goFormatS(1)).toBe("%!s(int64=1)");
    expect(goFormatS(1.5)).toBe("%!s(float64=1.5)");
    expect(goFormatS(true)).toBe("%!s(bool=true)");
    expect(goFormatS(null)).toBe("%!s(<nil>)");
    expect(goFormatS({ a: 1 })).toBe("map[a:%!s(int64=1)]");
  });

  it("compares like == on interface values", () => {
    expect(goEqual(80, 80)).toBe(true);
    expect(goEqual(80, "80")).toBe(false);
    expect(goEqual(null, undefined)).toBe(true);
    expect(goEqual({ a: 1 }, { a: 1 })).toBe(true);
  });
});
