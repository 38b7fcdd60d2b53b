import { describe, expect, it } from "vitest";
import {
  escapeFieldValue,
  FieldSelectorError,
  fieldRequiresExactMatch,
  fieldSelectorFields,
  fieldSelectorToString,
  matchesFields,
  parseFieldSelector,
  transformFieldSelector,
  unescapeFieldValue,
} from "../../../src/kube/selectors/field-selector";

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldSelectorError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
};

describe("parseFieldSelector (fields selector_test TestSelectorParse)", () => {
  it.each(["x=a,y=b,z=c", "", "x!=a,y=b", "x=a\\,b", "x=a\\=b", "x=\\\\"])("round-trips %j", (s) => {
    expect(fieldSelectorToString(parseFieldSelector(s))).toBe(s);
  });

  it.each(["x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"])("rejects %j", (s) => {
    expect(() => parseFieldSelector(s)).toThrow(FieldSelectorError);
  });

  it("parses operators, normalising == to =", () => {
    expect(parseFieldSelector("metadata.name==foo,status.phase!=Running,spec.nodeName=")).toEqual([
      { field: "metadata.name", op: "=", value: "foo" },
      { field: "spec.nodeName", op: "=", value: "" },
      { field: "status.phase", op: "!=", value: "Running" },
    ]);
  });

  it("splits on the first operator and prefers != then == at the same position", () => {
    expect(parseFieldSelector("a!=b")).toEqual([{ field: "a", op: "!=", value: "b" }]);
    expect(parseFieldSelector("a!b=c")).toEqual([{ field: "a!b", op: "=", value: "c" }]);
    expect(parseFieldSelector("a==b")).toEqual([{ field: "a", op: "=", value: "b" }]);
    expect(parseFieldSelector("a=!b")).toEqual([{ field: "a", op: "=", value: "!b" }]);
  });

  it("keeps whitespace: fields and values are not trimmed", () => {
    expect(parseFieldSelector("metadata.name = foo")).toEqual([{ field: "metadata.name ", op: "=", value: " foo" }]);
  });

  it("sorts terms by their raw text and skips empty terms", () => {
    expect(parseFieldSelector("b=1,,a=2,").map((r) => r.field)).toEqual(["a", "b"]);
  });

  it("drops terms whose field and value are both empty", () => {
    expect(parseFieldSelector("=")).toEqual([]);
    expect(parseFieldSelector("!=,a=b")).toEqual([{ field: "a", op: "=", value: "b" }]);
    expect(parseFieldSelector("=x")).toEqual([{ field: "", op: "=", value: "x" }]);
  });

  it("unescapes values and splits only on unescaped commas", () => {
    expect(parseFieldSelector("a=x\\,y,b=\\=\\\\")).toEqual([
      { field: "a", op: "=", value: "x,y" },
      { field: "b", op: "=", value: "=\\" },
    ]);
  });
});

describe("field selector errors (exact messages)", () => {
  it("can't understand terms without an operator", () => {
    expect(errorOf(() => parseFieldSelector("foo"))).toBe("invalid selector: 'foo'; can't understand 'foo'");
    expect(errorOf(() => parseFieldSelector("a=b,zzz"))).toBe("invalid selector: 'a=b,zzz'; can't understand 'zzz'");
    expect(errorOf(() => parseFieldSelector("x in (a)"))).toBe(
      "invalid selector: 'x in (a)'; can't understand 'x in (a)'",
    );
  });

  it("reports the first bad term in sorted order", () => {
    expect(errorOf(() => parseFieldSelector("zzz,aaa"))).toBe("invalid selector: 'zzz,aaa'; can't understand 'aaa'");
  });

  it("reports unescaped = as Go prints a rune with %v (its code point)", () => {
    expect(errorOf(() => parseFieldSelector("x=a||y=b"))).toBe(
      "invalid field selector: unescaped character in value: 61",
    );
    expect(errorOf(() => parseFieldSelector("x==a==b"))).toBe(
      "invalid field selector: unescaped character in value: 61",
    );
  });

  it("reports invalid escape sequences", () => {
    expect(errorOf(() => parseFieldSelector("x=a\\n"))).toBe("invalid field selector: invalid escape sequence: \\n");
    expect(errorOf(() => parseFieldSelector("x=a\\!"))).toBe("invalid field selector: invalid escape sequence: \\!");
    expect(errorOf(() => parseFieldSelector("x=a\\"))).toBe("invalid field selector: invalid escape sequence: \\");
  });
});

describe("escaping (TestEscapeValue / TestUnescapeValue)", () => {
  it.each([
    ["", ""],
    ["a", "a"],
    ["=", "\\="],
    [",", "\\,"],
    ["\\", "\\\\"],
    ["\\=\\,\\", "\\\\\\=\\\\\\,\\\\"],
  ])("%j <-> %j", (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(raw);
  });

  it.each([
    ["\\", "invalid field selector: invalid escape sequence: \\"],
    ["\\\\\\", "invalid field selector: invalid escape sequence: \\"],
    ["\\n", "invalid field selector: invalid escape sequence: \\n"],
    ["=", "invalid field selector: unescaped character in value: 61"],
    [",", "invalid field selector: unescaped character in value: 44"],
  ])("unescape %j fails", (v, msg) => {
    expect(errorOf(() => unescapeFieldValue(v))).toBe(msg);
  });
});

describe("matching and helpers", () => {
  const pod: Record<string, string> = { "metadata.name": "web", "status.phase": "Running", "spec.nodeName": "" };
  const get = (f: string) => pod[f];

  it("matches = and != with missing fields reading as empty", () => {
    expect(matchesFields(parseFieldSelector(""), get)).toBe(true);
    expect(matchesFields(parseFieldSelector("metadata.name=web"), get)).toBe(true);
    expect(matchesFields(parseFieldSelector("metadata.name=db"), get)).toBe(false);
    expect(matchesFields(parseFieldSelector("status.phase!=Running"), get)).toBe(false);
    expect(matchesFields(parseFieldSelector("status.phase!=Pending,metadata.name=web"), get)).toBe(true);
    expect(matchesFields(parseFieldSelector("spec.nodeName="), get)).toBe(true);
    expect(matchesFields(parseFieldSelector("spec.missing="), get)).toBe(true);
    expect(matchesFields(parseFieldSelector("spec.missing!="), get)).toBe(false);
  });

  it("lists fields, finds exact matches and transforms", () => {
    const reqs = parseFieldSelector("b=1,a!=2,b=3");
    expect(fieldSelectorFields(reqs)).toEqual(["a", "b"]);
    expect(fieldRequiresExactMatch(reqs, "b")).toBe("1");
    expect(fieldRequiresExactMatch(reqs, "a")).toBeUndefined();
    const t = transformFieldSelector(reqs, (field, value) =>
      field === "a" ? { field: "", value: "" } : { field: `x.${field}`, value },
    );
    expect(fieldSelectorToString(t)).toBe("x.b=1,x.b=3");
  });
});
