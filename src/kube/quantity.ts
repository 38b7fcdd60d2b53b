/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource) with Kubernetes 1.32 semantics, held exactly as
 * mantissa × 10^exponent with a bigint mantissa — never a float.
 *
 * Parsing follows ParseQuantity's scanner (including what it tolerates: "1.", ".5", "+", "Ki" all parse),
 * rounds anything finer than 1n up (away from zero), caps BinarySI magnitudes at 2^63-1, and remembers the
 * input text in exactly the cases Go does (its int64 fast path with an already-canonical-looking number),
 * because the apiserver echoes that text back: "+1", "01" and "1.500k" survive a round trip unchanged.
 *
 * toString() is Quantity.String() (remembered text, else canonical form) and is what serialization must use;
 * toCanonicalString() always recomputes the canonical form.
 */

export type QuantityFormat = "DecimalExponent" | "BinarySI" | "DecimalSI";

export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_NUMERIC = "unable to parse numeric part of quantity";
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityParseError";
  }
}

const MAX_INT64 = 2n ** 63n - 1n;
const NANO = -9;
/** Guard against materialising absurd powers of ten from exponents such as "1e2000000000". */
const MAX_ALIGN_DIGITS = 100_000;

const pow10 = (n: number): bigint => {
  if (n > MAX_ALIGN_DIGITS) throw new RangeError("quantity exponent out of range");
  return 10n ** BigInt(n);
};
const abs = (v: bigint) => (v < 0n ? -v : v);
const digitCount = (v: bigint) => abs(v).toString().length;

/** Divides by 10^n rounding away from zero; second value says whether it was exact. */
function divPow10AwayFromZero(m: bigint, n: number): [bigint, boolean] {
  if (n <= 0) return [m * pow10(-n), true];
  if (m === 0n) return [0n, true];
  // Past the mantissa's digits only the rounding unit survives.
  if (n > digitCount(m)) return [m > 0n ? 1n : -1n, false];
  const d = pow10(n);
  const q = m / d; // truncates toward zero
  if (q * d === m) return [q, true];
  return [m > 0n ? q + 1n : q - 1n, false];
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SUFFIX_BY_POWER = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string) => c >= "0" && c <= "9";

/** parseQuantityString: sign, numerator without leading zeros, optional fraction, then the suffix. */
function scan(str: string): Scanned {
  const end = str.length;
  let positive = true;
  let pos = 0;
  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") pos++;

  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: "", suffix: "" };
  const num = str.slice(pos, i) || "0";
  pos = i;

  let denom = "";
  if (str[pos] === ".") {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: "" };
    pos = i;
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  while (pos < end && "eEinumkKMGTP".includes(str[pos])) pos++;
  if (pos < end && (str[pos] === "-" || str[pos] === "+")) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  // Anything left over is neither suffix letters nor an exponent.
  if (pos < end) throw new QuantityParseError(ERR_FORMAT_WRONG);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/** suffixer.interpret: SI tables first, then e<int>/E<int> (int64, truncated to int32 as Go does). */
function interpret(s: string): Suffix | null {
  if (Object.hasOwn(DECIMAL_SUFFIXES, s)) return { base: 10, exponent: DECIMAL_SUFFIXES[s], format: "DecimalSI" };
  if (Object.hasOwn(BINARY_SUFFIXES, s)) return { base: 2, exponent: BINARY_SUFFIXES[s], format: "BinarySI" };
  if (s.length > 1 && (s[0] === "e" || s[0] === "E")) {
    const rest = s.slice(1);
    if (!/^[+-]?[0-9]+$/.test(rest)) return null;
    const v = BigInt(rest);
    if (v > MAX_INT64 || v < -MAX_INT64 - 1n) return null;
    return { base: 10, exponent: Number(BigInt.asIntN(32, v)), format: "DecimalExponent" };
  }
  return null;
}

/**
 * Whether Go's int64 fast path handles this input, and if so whether it keeps the input text as the
 * quantity's string: decimal numbers whose scale is a multiple of 3 without a trailing "000" or leading 0
 * digit, binary numbers whose integer is not a multiple of 8 (so e.g. 1024Mi is re-emitted as 1Gi).
 */
function fastPath(sc: Scanned, sfx: Suffix): { fast: boolean; keep: boolean } {
  if (sfx.base === 10) {
    const precision = 18 - (sc.num.length + sc.denom.length);
    const scale = sfx.exponent - sc.denom.length;
    if (precision < 0 || scale < NANO) return { fast: false, keep: false };
    const shifted = sc.num + sc.denom;
    return { fast: true, keep: scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0" };
  }
  if (sc.denom.length > 0) return { fast: false, keep: false };
  const precision = 15 - sc.num.length - Math.trunc((sfx.exponent * 3) / 10) - 1;
  if (precision < 0) return { fast: false, keep: false };
  const v = BigInt(sc.num);
  if (v << BigInt(sfx.exponent) > MAX_INT64) return { fast: false, keep: false };
  return { fast: true, keep: (v & 7n) !== 0n };
}

export class Quantity {
  private constructor(
    /** The value is mantissa × 10^exponent. */
    readonly mantissa: bigint,
    readonly exponent: number,
    readonly format: QuantityFormat,
    /** Text kept from parsing, returned by toString(). */
    private readonly text?: string,
  ) {}

  /** ParseQuantity. Throws QuantityParseError with Kubernetes' message. No whitespace is allowed. */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityParseError(ERR_FORMAT_WRONG);
    if (str === "0") return new Quantity(0n, 0, "DecimalSI", "0");
    const sc = scan(str);
    const sfx = interpret(sc.suffix);
    if (!sfx) throw new QuantityParseError(ERR_SUFFIX);
    const { fast, keep } = fastPath(sc, sfx);
    // inf.Dec needs at least one digit; only the slow path ever parses `value` that way.
    if (!fast && !/[0-9]/.test(sc.value)) throw new QuantityParseError(ERR_NUMERIC);

    let m = BigInt(sc.num + sc.denom);
    let e = -sc.denom.length;
    if (sfx.base === 10) e += sfx.exponent;
    else m *= 2n ** BigInt(sfx.exponent);
    let format = sfx.format;

    // Anything below 1n is rounded up: asking for a little of a resource should give some.
    if (m !== 0n && e < NANO) {
      m = divPow10AwayFromZero(m, NANO - e)[0];
      e = NANO;
    }
    if (format === "BinarySI") {
      if (new Quantity(m, e, format).cmp(Quantity.fromInt(MAX_INT64)) > 0) {
        m = MAX_INT64;
        e = 0;
      }
      if (m !== 0n && e < 0 && digitCount(m) <= -e) format = "DecimalSI"; // 0 < x < 1 cannot be binary
    }
    if (!sc.positive) m = -m;
    return new Quantity(m, e, format, fast && keep ? str : undefined);
  }

  /** NewQuantity. */
  static fromInt(value: bigint | number, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(value), 0, format);
  }

  /** NewMilliQuantity: value/1000. */
  static fromMilli(value: bigint | number, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(value), -3, format);
  }

  /** NewScaledQuantity: value × 10^scale, DecimalSI. */
  static fromScaled(value: bigint | number, scale: number): Quantity {
    return new Quantity(BigInt(value), scale, "DecimalSI");
  }

  sign(): -1 | 0 | 1 {
    return this.mantissa === 0n ? 0 : this.mantissa > 0n ? 1 : -1;
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** Cmp: -1, 0 or 1. Exact, and cheap even for wildly different exponents. */
  cmp(y: Quantity): -1 | 0 | 1 {
    const sa = this.sign();
    const sb = y.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    const ma = digitCount(this.mantissa) + this.exponent;
    const mb = digitCount(y.mantissa) + y.exponent;
    if (ma !== mb) return ((ma > mb ? 1 : -1) * sa) as -1 | 1;
    const e = Math.min(this.exponent, y.exponent);
    const a = this.mantissa * pow10(this.exponent - e);
    const b = y.mantissa * pow10(y.exponent - e);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  equals(y: Quantity): boolean {
    return this.cmp(y) === 0;
  }

  /** Add: a zero receiver takes y's format (so 0 + 1Gi prints "1Gi"). */
  add(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    if (y.isZero()) return new Quantity(this.mantissa, this.exponent, format);
    if (this.isZero()) return new Quantity(y.mantissa, y.exponent, format);
    const e = Math.min(this.exponent, y.exponent);
    const m = this.mantissa * pow10(this.exponent - e) + y.mantissa * pow10(y.exponent - e);
    return new Quantity(m, e, format);
  }

  /** Sub: a zero receiver takes y's format. */
  sub(y: Quantity): Quantity {
    return this.add(y.neg());
  }

  neg(): Quantity {
    return new Quantity(-this.mantissa, this.exponent, this.format);
  }

  /** Mul by an integer (exact). */
  mul(n: bigint | number): Quantity {
    return new Quantity(this.mantissa * BigInt(n), this.exponent, this.format);
  }

  /** The same value printed in another format (Go code sets Quantity.Format directly for this). */
  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.mantissa, this.exponent, format);
  }

  /** ScaledValue: ceil(q / 10^scale) rounded away from zero, e.g. scale -3 gives millis. */
  scaledValue(scale: number): bigint {
    return divPow10AwayFromZero(this.mantissa, scale - this.exponent)[0];
  }

  /** Value: the integer value rounded away from zero (1500m → 2). */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** MilliValue: ceil(q × 1000) away from zero (1n → 1). */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /**
   * RoundUp: the value at a scale of at least 10^scale, rounded away from zero; the flag is false when
   * precision was lost ("9.01" at scale -1 is 9.1, inexact).
   */
  roundUp(scale: number): [Quantity, boolean] {
    if (this.exponent >= scale) return [this, true];
    const [m, exact] = divPow10AwayFromZero(this.mantissa, scale - this.exponent);
    return [new Quantity(m, scale, this.format), exact];
  }

  /** AsApproximateFloat64: mantissa × 10^exponent in floating point. */
  asApproximateFloat64(): number {
    return Number(this.mantissa) * 10 ** this.exponent;
  }

  /** Quantity.String(): the remembered input when Go keeps it, else the canonical form. */
  toString(): string {
    return this.text ?? this.toCanonicalString();
  }

  toJSON(): string {
    return this.toString();
  }

  /**
   * CanonicalizeBytes: the largest suffix that loses no precision and leaves no fraction. BinarySI values
   * under 1024 in magnitude or with a fraction print as DecimalSI. Kept 1.32 quirk: exponents without a
   * suffix (beyond E or Ei) print the mantissa with no suffix at all ("1000E" → "1").
   */
  toCanonicalString(): string {
    if (this.isZero()) return "0";
    let format = this.format;
    let integer = 0n;
    if (format === "BinarySI") {
      const inRange = this.cmp(Quantity.fromInt(-1024)) > 0 && this.cmp(Quantity.fromInt(1024)) < 0;
      const [rounded, exact] = divPow10AwayFromZero(this.mantissa, -this.exponent);
      if (inRange || !exact) format = "DecimalSI";
      else integer = rounded;
    }
    if (format === "BinarySI") {
      let power = 0;
      while (abs(integer) >= 1024n && integer % 1024n === 0n) {
        integer /= 1024n;
        power++;
      }
      return `${integer}${BINARY_SUFFIX_BY_POWER[power] ?? ""}`;
    }
    let m = this.mantissa;
    let e = this.exponent;
    while (m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    while (e % 3 !== 0) {
      m *= 10n;
      e--;
    }
    if (format === "DecimalExponent") return e === 0 ? `${m}` : `${m}e${e}`;
    return `${m}${DECIMAL_SUFFIX_BY_EXPONENT.get(e) ?? ""}`;
  }
}

export function parseQuantity(str: string): Quantity {
  return Quantity.parse(str);
}

/** Go's unicode.IsSpace set, which strings.TrimSpace strips (unlike JS trim it has U+0085, not U+FEFF). */
const GO_SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const TRIM_RE = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, "g");

/**
 * Quantity.UnmarshalJSON applied to an already-decoded JSON value: null is zero, strings are trimmed then
 * parsed, numbers are parsed from their text (YAML `cpu: 1` arrives as the number 1). Anything else fails
 * the format check, as the raw JSON text would.
 */
export function quantityFromJSON(v: unknown): Quantity {
  if (v === null) return Quantity.fromInt(0);
  if (typeof v === "string") return Quantity.parse(v.replace(TRIM_RE, ""));
  if (typeof v === "number" && Number.isFinite(v)) return Quantity.parse(String(v));
  throw new QuantityParseError(ERR_FORMAT_WRONG);
}
