import { describe, expect, it } from "vitest";
import {
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  parseQuantity,
  Quantity,
  type QuantityFormat,
  QuantityParseError,
  quantityFromJSON,
} from "../../src/kube/quantity";

/** decQuantity(m, e, format) of quantity_test.go: the value m × 10^e. */
const dec = (m: bigint | number, e: number, format: QuantityFormat = "DecimalSI") =>
  Quantity.fromScaled(m, e).withFormat(format);
const MAX = 2n ** 63n - 1n;

const errorOf = (s: string) => {
  try {
    parseQuantity(s);
  } catch (e) {
    expect(e).toBeInstanceOf(QuantityParseError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
};

// TestQuantityParse's table: input, expected value and format.
const PARSE_TABLE: [string, Quantity][] = [
  ["0", dec(0, 0)],
  ["0n", dec(0, 0)],
  ["0u", dec(0, 0)],
  ["0m", dec(0, 0)],
  ["0Ki", dec(0, 0, "BinarySI")],
  ["0k", dec(0, 0)],
  ["0Mi", dec(0, 0, "BinarySI")],
  ["0M", dec(0, 0)],
  ["0Gi", dec(0, 0, "BinarySI")],
  ["0G", dec(0, 0)],
  ["0Ti", dec(0, 0, "BinarySI")],
  ["0T", dec(0, 0)],
  ["1", dec(1, 0)],
  ["1Ki", dec(1024, 0, "BinarySI")],
  ["8Ki", dec(8 * 1024, 0, "BinarySI")],
  ["7Mi", dec(7 * 1024 * 1024, 0, "BinarySI")],
  ["6Gi", dec(6n * 1024n ** 3n, 0, "BinarySI")],
  ["5Ti", dec(5n * 1024n ** 4n, 0, "BinarySI")],
  ["4Pi", dec(4n * 1024n ** 5n, 0, "BinarySI")],
  ["3Ei", dec(3n * 1024n ** 6n, 0, "BinarySI")],
  ["10Ti", dec(10n * 1024n ** 4n, 0, "BinarySI")],
  ["100Ti", dec(100n * 1024n ** 4n, 0, "BinarySI")],
  ["5n", dec(5, -9)],
  ["4u", dec(4, -6)],
  ["3m", dec(3, -3)],
  ["9", dec(9, 0)],
  ["8k", dec(8, 3)],
  ["50k", dec(5, 4)],
  ["7M", dec(7, 6)],
  ["6G", dec(6, 9)],
  ["5T", dec(5, 12)],
  ["40T", dec(4, 13)],
  ["300T", dec(3, 14)],
  ["2P", dec(2, 15)],
  ["1E", dec(1, 18)],
  ["1E-3", dec(1, -3, "DecimalExponent")],
  ["1e3", dec(1, 3, "DecimalExponent")],
  ["1E6", dec(1, 6, "DecimalExponent")],
  ["1e9", dec(1, 9, "DecimalExponent")],
  ["1E12", dec(1, 12, "DecimalExponent")],
  ["1e15", dec(1, 15, "DecimalExponent")],
  ["1E18", dec(1, 18, "DecimalExponent")],
  ["1e14", dec(1, 14, "DecimalExponent")],
  ["1e13", dec(1, 13, "DecimalExponent")],
  ["100.035k", dec(100035, 0)],
  ["0.001", dec(1, -3)],
  ["0.0005k", dec(5, -1)],
  ["0.005", dec(5, -3)],
  ["0.05", dec(5, -2)],
  ["0.5", dec(5, -1)],
  ["0.00050k", dec(5, -1)],
  ["0.00500", dec(5, -3)],
  ["0.05000", dec(5, -2)],
  ["0.50000", dec(5, -1)],
  ["0.5e0", dec(5, -1, "DecimalExponent")],
  ["0.5e-1", dec(5, -2, "DecimalExponent")],
  ["0.5e-2", dec(5, -3, "DecimalExponent")],
  ["10.035M", dec(10035, 3)],
  ["1.2e3", dec(12, 2, "DecimalExponent")],
  ["1.3E+6", dec(13, 5, "DecimalExponent")],
  ["1.40e9", dec(14, 8, "DecimalExponent")],
  ["1.53E12", dec(153, 10, "DecimalExponent")],
  ["1.6e15", dec(16, 14, "DecimalExponent")],
  ["1.7E18", dec(17, 17, "DecimalExponent")],
  ["9.01", dec(901, -2)],
  ["8.1k", dec(81, 2)],
  ["7.123456M", dec(7123456, 0)],
  ["6.987654321G", dec(6987654321, 0)],
  ["5.444T", dec(5444, 9)],
  ["40.1T", dec(401, 11)],
  ["300.2T", dec(3002, 11)],
  ["2.5P", dec(25, 14)],
  ["1.01E", dec(101, 16)],
  ["3.001n", dec(4, -9)],
  ["1.1E-9", dec(2, -9, "DecimalExponent")],
  ["0.0000000001", dec(1, -9)],
  ["0.0000000005", dec(1, -9)],
  ["0.00000000050", dec(1, -9)],
  ["0.5e-9", dec(1, -9, "DecimalExponent")],
  ["0.9n", dec(1, -9)],
  ["0.00000012345", dec(124, -9)],
  ["0.00000012354", dec(124, -9)],
  ["9Ei", dec(MAX, 0, "BinarySI")],
  ["9223372036854775807Ki", dec(MAX, 0, "BinarySI")],
  ["12E", dec(12, 18)],
  ["100.035Ki", dec(10243584, -2, "BinarySI")],
  ["0.5Mi", dec(524288, 0, "BinarySI")],
  ["0.05Gi", dec(536870912, -1, "BinarySI")],
  ["0.025Ti", dec(274877906944, -1, "BinarySI")],
  ["0.000000000001Ki", dec(2, -9)],
  [".001", dec(1, -3)],
  [".0001k", dec(100, -3)],
  ["1.", dec(1, 0)],
  ["1.G", dec(1, 9)],
];

describe("parseQuantity (TestQuantityParse)", () => {
  it.each(PARSE_TABLE)("%s", (input, expected) => {
    const q = parseQuantity(input);
    expect(q.cmp(expected)).toBe(0);
    expect(q.format).toBe(expected.format);
  });

  it.each(PARSE_TABLE)("-%s is the negation, same format", (input, expected) => {
    const q = parseQuantity(`-${input}`);
    expect(q.cmp(expected.neg())).toBe(0);
    expect(q.format).toBe(expected.format);
  });

  it.each(PARSE_TABLE)("+%s is the same value", (input, expected) => {
    const q = parseQuantity(`+${input}`);
    expect(q.cmp(expected)).toBe(0);
    expect(q.format).toBe(expected.format);
  });

  it("accepts what Go's scanner tolerates", () => {
    for (const s of [".", "-.", "+", "-", "Ki", "m", "E", "e5", "00", "-0"])
      expect(parseQuantity(s).isZero()).toBe(true);
    expect(parseQuantity("0010").cmp(dec(10, 0))).toBe(0);
  });

  it("rejects malformed input with Kubernetes' messages", () => {
    expect(errorOf("")).toBe(ERR_FORMAT_WRONG);
    expect(ERR_FORMAT_WRONG).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    for (const s of ["1.1.M", "1+1.0M", "aoeu", " 1", "1 ", "abc", "1Ki ", "1,5", "1e3.5", "1KiB", "0.1am"]) {
      expect(errorOf(s)).toBe(ERR_FORMAT_WRONG);
    }
    for (const s of ["0.1mi", ".5i", "1i", "-3.01i", "-3.01e-", "1K", "1mk", "1e", "1e99999999999999999999"]) {
      expect(errorOf(s)).toBe(ERR_SUFFIX);
    }
    expect(ERR_SUFFIX).toBe("unable to parse quantity's suffix");
    // Only the slow (big decimal) path insists on a digit.
    expect(errorOf("Pi")).toBe(ERR_NUMERIC);
    expect(errorOf(".Ei")).toBe(ERR_NUMERIC);
    expect(ERR_NUMERIC).toBe("unable to parse numeric part of quantity");
  });

  it("truncates e-exponents to int32 like Go", () => {
    expect(parseQuantity("1e4294967297").cmp(dec(1, 1))).toBe(0);
  });
});

describe("canonical strings (TestQuantityString)", () => {
  const table: [Quantity, string, string][] = [
    [dec(1024n ** 3n, 0, "BinarySI"), "1Gi", "1024Mi"],
    [dec(300 * 1024 * 1024, 0, "BinarySI"), "300Mi", "307200Ki"],
    [dec(6 * 1024, 0, "BinarySI"), "6Ki", ""],
    [dec(1001n * 1024n ** 3n, 0, "BinarySI"), "1001Gi", "1025024Mi"],
    [dec(1024n ** 4n, 0, "BinarySI"), "1Ti", "1024Gi"],
    [dec(5, 0, "BinarySI"), "5", "5000m"],
    [dec(500, -3, "BinarySI"), "500m", "0.5"],
    [dec(1, 9), "1G", "1000M"],
    [dec(1000, 6), "1G", "0.001T"],
    [dec(1000000, 3), "1G", ""],
    [dec(1000000000, 0), "1G", ""],
    [dec(1, -3), "1m", "1000u"],
    [dec(80, -3), "80m", ""],
    [dec(1080, -3), "1080m", "1.08"],
    [dec(108, -2), "1080m", "1080000000n"],
    [dec(10800, -4), "1080m", ""],
    [dec(300, 6), "300M", ""],
    [dec(1, 12), "1T", ""],
    [dec(1, 18), "1E", ""],
    [dec(1234567, 6), "1234567M", ""],
    [dec(1234567, -3, "BinarySI"), "1234567m", ""],
    [dec(3, 3), "3k", ""],
    [dec(1025, 0, "BinarySI"), "1025", ""],
    [dec(0, 0), "0", ""],
    [dec(0, 0, "BinarySI"), "0", ""],
    [dec(1, 9, "DecimalExponent"), "1e9", ".001e12"],
    [dec(1, -3, "DecimalExponent"), "1e-3", "0.001e0"],
    [dec(1, -9, "DecimalExponent"), "1e-9", "1000e-12"],
    [dec(80, -3, "DecimalExponent"), "80e-3", ""],
    [dec(300, 6, "DecimalExponent"), "300e6", ""],
    [dec(1, 12, "DecimalExponent"), "1e12", ""],
    [dec(1, 3, "DecimalExponent"), "1e3", ""],
    [dec(3, 3, "DecimalExponent"), "3e3", ""],
    [dec(0, 0, "DecimalExponent"), "0", "00"],
    [dec(1, -9), "1n", ""],
    [dec(80, -9), "80n", ""],
    [dec(1080, -9), "1080n", ""],
    [dec(108, -8), "1080n", ""],
    [dec(10800, -10), "1080n", ""],
    [dec(1, -6), "1u", ""],
    [dec(80, -6), "80u", ""],
    [dec(1080, -6), "1080u", ""],
  ];

  it.each(table)("%s → %s (alternate %s)", (q, expected, alternate) => {
    expect(q.toString()).toBe(expected);
    expect(q.toCanonicalString()).toBe(expected);
    if (!q.isZero()) expect(q.neg().toString()).toBe(`-${expected}`);
    // The canonical text itself is kept on parse.
    expect(parseQuantity(expected).toString()).toBe(expected);
    if (alternate) {
      const alt = parseQuantity(alternate);
      expect(alt.toString()).toBe(expected);
      expect(alt.cmp(q)).toBe(0);
    }
  });

  it("prints BinarySI values that are not multiples of 1024 without a suffix (TestBinarySIZeroExponentString)", () => {
    expect(dec(2000, 0, "BinarySI").toString()).toBe("2000");
    expect(dec(-2000, 0, "BinarySI").toString()).toBe("-2000");
    expect(dec(1500, -3, "BinarySI").toString()).toBe("1500m");
    expect(dec(2049, -1, "BinarySI").toString()).toBe("204900m");
  });

  it.each([
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
    ["1000m", "1"],
    ["0.5", "500m"],
    ["1.5", "1500m"],
    ["1.5Gi", "1536Mi"],
    ["2048Ki", "2Mi"],
    ["1536", "1536"],
    ["100.035Ki", "102435840m"],
    ["0.05Gi", "53687091200m"],
    ["9Ei", "9223372036854775807"],
    ["1.2e3", "1200"],
    ["1.3E+6", "1300e3"],
    ["0.5e0", "500e-3"],
    ["1e-20", "1e-9"],
  ])("ParseEmit %s → %s", (input, expected) => {
    expect(parseQuantity(input).toString()).toBe(expected);
    expect(parseQuantity(`-${input}`).toString()).toBe(`-${expected}`);
  });

  it("keeps the input text exactly where Go's fast path does", () => {
    expect(parseQuantity("+1").toString()).toBe("+1");
    expect(parseQuantity("01").toString()).toBe("01");
    expect(parseQuantity("+1Ki").toString()).toBe("+1Ki");
    expect(parseQuantity("1.500k").toString()).toBe("1.500k");
    expect(parseQuantity("1.500k").toCanonicalString()).toBe("1500");
    expect(parseQuantity("100.035k").toString()).toBe("100.035k");
    expect(parseQuantity("1E3").toString()).toBe("1E3");
    // Not kept: fraction scale not a multiple of 3, trailing 000, leading 0 digit, binary multiple of 8.
    expect(parseQuantity("1.5k").toString()).toBe("1500");
    expect(parseQuantity("1.000k").toString()).toBe("1k");
    expect(parseQuantity("0.100").toString()).toBe("100m");
    expect(parseQuantity("8Ki").toString()).toBe("8Ki");
    expect(parseQuantity("1032Ki").toString()).toBe("1032Ki");
    // Arithmetic forgets the text.
    expect(parseQuantity("+1").add(parseQuantity("0")).toString()).toBe("1");
  });

  it("keeps 1.32's suffix-less output past E and Ei", () => {
    expect(parseQuantity("1000E").toString()).toBe("1");
    expect(parseQuantity("1Ei").mul(1024).toString()).toBe("1");
    expect(parseQuantity("1e21").toString()).toBe("1e21");
  });

  it("serializes with toJSON", () => {
    expect(JSON.stringify({ cpu: parseQuantity("1000m") })).toBe('{"cpu":"1"}');
  });
});

describe("comparison and arithmetic", () => {
  it.each([
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
    ["1Ki", "1024", 0],
    ["1k", "1Ki", -1],
    ["-1", "1n", -1],
    ["1e-9", "1n", 0],
    ["1e100", "1e99", 1],
    ["-1e100", "-1e99", -1],
  ] as const)("cmp(%s, %s) = %d", (a, b, expected) => {
    expect(parseQuantity(a).cmp(parseQuantity(b))).toBe(expected);
    expect(parseQuantity(b).cmp(parseQuantity(a))).toBe(-expected || 0);
  });

  it("compares values far apart without materialising them", () => {
    expect(parseQuantity("1e2000000000").cmp(parseQuantity("1"))).toBe(1);
    expect(parseQuantity("1e-2000000000").cmp(parseQuantity("1n"))).toBe(0);
  });

  it("adds and subtracts exactly (no float error)", () => {
    expect(parseQuantity("100m").add(parseQuantity("200m")).toString()).toBe("300m");
    expect(parseQuantity("0.1").add(parseQuantity("0.2")).cmp(parseQuantity("0.3"))).toBe(0);
    expect(parseQuantity("1Gi").add(parseQuantity("512Mi")).toString()).toBe("1536Mi");
    expect(parseQuantity("1").sub(parseQuantity("1m")).toString()).toBe("999m");
    expect(parseQuantity("1Ki").sub(parseQuantity("2Ki")).toString()).toBe("-1Ki");
    expect(parseQuantity("1m").mul(3).toString()).toBe("3m");
  });

  it("preserves the non-zero operand's suffix (TestQuantityAddZeroPreservesSuffix)", () => {
    const zero = parseQuantity("0");
    for (const v of ["100m", "1Gi"]) {
      const q = parseQuantity(v);
      expect(q.add(zero).toString()).toBe(v);
      expect(zero.add(q).toString()).toBe(v);
      expect(q.sub(zero).toString()).toBe(v);
      expect(zero.sub(q).toString()).toBe(q.neg().toString());
    }
  });

  it("negates (TestQuantityNeg)", () => {
    expect(Quantity.fromScaled(901, -2).neg().toString()).toBe("-9010m");
    expect(Quantity.fromScaled(901, -2).neg().neg().toString()).toBe("9010m");
  });
});

describe("integer views", () => {
  it.each([
    ["1", 1n, 1000n],
    ["1500m", 2n, 1500n],
    ["1001m", 2n, 1001n],
    ["-1500m", -2n, -1500n],
    ["1n", 1n, 1n],
    ["-1n", -1n, -1n],
    ["0", 0n, 0n],
    ["1Ki", 1024n, 1024000n],
    ["1Ei", 1152921504606846976n, 1152921504606846976000n],
    ["1e-9", 1n, 1n],
  ] as const)("%s: value %s, milliValue %s", (s, value, milli) => {
    const q = parseQuantity(s);
    expect(q.value()).toBe(value);
    expect(q.milliValue()).toBe(milli);
  });

  it("scales like ScaledValue", () => {
    expect(Quantity.fromInt(1).scaledValue(-3)).toBe(1000n);
    expect(parseQuantity("1G").scaledValue(6)).toBe(1000n);
    expect(parseQuantity("1500k").scaledValue(6)).toBe(2n);
    expect(Quantity.fromMilli(1500).toString()).toBe("1500m");
    expect(Quantity.fromInt(2048, "BinarySI").toString()).toBe("2Ki");
  });

  it("rounds up to a scale (TestQuantityRoundUp)", () => {
    const cases: [string, number, Quantity, boolean][] = [
      ["9.01", -3, dec(901, -2), true],
      ["9.01", -2, dec(901, -2), true],
      ["9.01", -1, dec(91, -1), false],
      ["9.01", 0, dec(10, 0), false],
      ["9.01", 1, dec(10, 0), false],
      ["9.01", 2, dec(100, 0), false],
      ["-9.01", -3, dec(-901, -2), true],
      ["-9.01", -1, dec(-91, -1), false],
      ["-9.01", 0, dec(-10, 0), false],
      ["-9.01", 2, dec(-100, 0), false],
    ];
    for (const [input, scale, expected, exact] of cases) {
      const [q, ok] = parseQuantity(input).roundUp(scale);
      expect(q.cmp(expected)).toBe(0);
      expect(ok).toBe(exact);
    }
  });

  it("approximates as a float", () => {
    expect(parseQuantity("1500m").asApproximateFloat64()).toBeCloseTo(1.5);
    expect(parseQuantity("1Gi").asApproximateFloat64()).toBe(1073741824);
  });
});

describe("quantityFromJSON (UnmarshalJSON)", () => {
  it("parses strings after trimming and numbers from their text", () => {
    expect(quantityFromJSON(" 100m\n").toString()).toBe("100m");
    expect(quantityFromJSON(1).toString()).toBe("1");
    expect(quantityFromJSON(0.5).toString()).toBe("500m");
    expect(quantityFromJSON(1e21).toString()).toBe("1e+21");
    expect(quantityFromJSON(null).isZero()).toBe(true);
  });

  it("rejects other JSON types with the format error", () => {
    expect(() => quantityFromJSON(true)).toThrow(ERR_FORMAT_WRONG);
    expect(() => quantityFromJSON({})).toThrow(ERR_FORMAT_WRONG);
    expect(() => quantityFromJSON("\uFEFF1")).toThrow(ERR_FORMAT_WRONG);
  });
});
