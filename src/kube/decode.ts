/**
 * Decoding a request body against a kind's schema, the way kube-apiserver's JSON serializer decodes it into
 * the Go type (sigs.k8s.io/json on top of encoding/json, then re-encoded when stored):
 *
 * - Type mismatches are "saved" and decoding continues; the first one in document order is the error:
 *   `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
 *   (innermost struct name, then the JSON field names from the root joined by dots, no array indices;
 *   `number 1.5` when a number does not fit an integer type).
 * - Types with their own UnmarshalJSON abort decoding at once, and that error wins over saved ones:
 *   Quantity (`quantities must match the regular expression …`, `unable to parse quantity's suffix`),
 *   metav1.Time (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`), and
 *   IntOrString (its inner decode into int32 fails with the field's context).
 * - []byte fields take standard padded base64 (`illegal base64 data at input byte N`, a saved error).
 * - Unknown fields (case-sensitive match) are strict errors, reported only when nothing else failed:
 *   `unknown field "spec.template.spec.containers[0].foo"` (dotted path with array indices, map keys as
 *   `.key`), de-duplicated, at most 100.
 * - null leaves a field at its zero value: the key is dropped; null inside a list or map becomes the element's
 *   zero value.
 * - Values come out as kube would store them: quantities canonicalised (`0.5` → `500m`, `1024Mi` → `1Gi`),
 *   times in UTC RFC 3339 (MicroTime with 6 fractional digits), byte strings re-encoded.
 *
 * Every failure becomes 400 BadRequest `<Kind> in version "<v>" cannot be handled as a <Kind>: <error>`
 * (apiserver handlers' transformDecodeError), strict ones prefixed `strict decoding error: ` and joined by ", ".
 */
import { badRequest } from "./errors";
import { isPlainObject, type KObject } from "./object";
import type { KindDeclaration } from "./registry/kind";
import { type ObjectSchema, type ResolvedSchema, resolve, type Schema } from "./schema/dsl";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface DecodeResult {
  object: KObject;
  /** Warn mode: one `unknown field "…"` per dropped field (for the Warning response header). */
  warnings: string[];
}

/** Decodes a request body for a kind. Throws StatusError 400 like kube-apiserver. */
export function decodeAgainstSchema(value: unknown, decl: KindDeclaration, mode: FieldValidation): DecodeResult {
  const { value: object, warnings } = decodeWithSchema(value, decl.schema, mode, {
    kind: decl.kind,
    version: decl.version,
  });
  const obj = object as KObject;
  if (!isPlainObject(obj.metadata)) obj.metadata = {};
  return { object: obj, warnings };
}

/**
 * Decodes a body against any object schema (e.g. autoscaling/v1 Scale for a scale subresource); `target` names
 * the kind and version for the error message.
 */
export function decodeWithSchema(
  value: unknown,
  schema: ObjectSchema,
  mode: FieldValidation,
  target: { kind: string; version: string },
): { value: Record<string, unknown>; warnings: string[] } {
  const st = new DecodeState();
  const fail = (message: string) =>
    badRequest(`${target.kind} in version "${target.version}" cannot be handled as a ${target.kind}: ${message}`);
  let out: unknown;
  try {
    out = walk(value, schema, { struct: undefined, fields: [], path: "" }, st);
  } catch (e) {
    if (e instanceof Abort) throw fail(e.message);
    throw e;
  }
  if (st.saved !== undefined) throw fail(st.saved);
  if (st.strict.length && mode === "Strict") throw fail(`strict decoding error: ${st.strict.join(", ")}`);
  return {
    value: (out === DROP ? {} : out) as Record<string, unknown>,
    warnings: mode === "Warn" ? [...st.strict] : [],
  };
}

// ---- the walk --------------------------------------------------------------------------------------------

const DROP: unique symbol = Symbol("drop");
type Out = unknown | typeof DROP;

/** An error returned by an UnmarshalJSON method: it stops decoding and wins over saved errors. */
class Abort extends Error {}

class DecodeState {
  saved: string | undefined;
  strict: string[] = [];
  private seen = new Set<string>();

  save(message: string): void {
    if (this.saved === undefined) this.saved = message;
  }

  strictError(message: string): void {
    if (this.strict.length >= 100 || this.seen.has(message)) return;
    this.seen.add(message);
    this.strict.push(message);
  }
}

interface Ctx {
  /** Innermost Go struct containing the current field (encoding/json errorContext.Struct). */
  struct: string | undefined;
  /** JSON field names from the root (errorContext.FieldStack; no indices, no map keys). */
  fields: string[];
  /** Path for strict errors: `spec.containers[0].ports[1]`, map keys as `.key`. */
  path: string;
}

function typeErrorMessage(valueDesc: string, goType: string, ctx: Ctx): string {
  if (ctx.struct !== undefined || ctx.fields.length) {
    return `json: cannot unmarshal ${valueDesc} into Go struct field ${ctx.struct ?? ""}.${ctx.fields.join(".")} of type ${goType}`;
  }
  return `json: cannot unmarshal ${valueDesc} into Go value of type ${goType}`;
}

function describe(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

/** The literal Go saw for a number (JSON.parse has already normalised it). */
function numberLiteral(n: number): string {
  return String(n);
}

/** reflect.Type.String() of a schema's Go type: `int32`, `v1.DeploymentSpec`, `[]v1.Container`, `map[string]string`. */
export function goTypeString(s: Schema): string {
  const r = resolve(s);
  switch (r.kind) {
    case "string":
      return r.format === "byte" ? "[]uint8" : "string";
    case "integer":
      return r.format;
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "int-or-string":
      return "intstr.IntOrString";
    case "quantity":
      return "resource.Quantity";
    case "time":
      return r.micro ? "v1.MicroTime" : "v1.Time";
    case "any":
      return "runtime.RawExtension";
    case "object": {
      const parts = r.name.split(".");
      return parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : r.name;
    }
    case "map":
      return `map[string]${goTypeString(r.values)}`;
    case "array":
      return `[]${goTypeString(r.items)}`;
  }
}

function structName(r: ObjectSchema): string {
  return r.name.slice(r.name.lastIndexOf(".") + 1);
}

function fitsInt(n: number, format: "int32" | "int64"): boolean {
  if (!Number.isInteger(n)) return false;
  if (format === "int32") return n >= -2147483648 && n <= 2147483647;
  return n >= -(2 ** 63) && n < 2 ** 63;
}

/** The value a Go zero value of the type re-encodes to (null inside lists and maps). */
function zeroOf(s: Schema): unknown {
  const r = resolve(s);
  switch (r.kind) {
    case "string":
      return r.format === "byte" ? null : "";
    case "integer":
    case "number":
    case "int-or-string":
      return 0;
    case "boolean":
      return false;
    case "quantity":
      return "0";
    case "object":
      return {};
    default:
      return null;
  }
}

function walk(v: unknown, s: Schema, ctx: Ctx, st: DecodeState): Out {
  const r: ResolvedSchema = resolve(s);
  switch (r.kind) {
    case "object": {
      if (!isPlainObject(v)) {
        st.save(typeErrorMessage(describe(v), goTypeString(r), ctx));
        return DROP;
      }
      const name = structName(r);
      const entries: [string, unknown][] = [];
      for (const [k, child] of Object.entries(v)) {
        const path = ctx.path ? `${ctx.path}.${k}` : k;
        if (!Object.hasOwn(r.properties, k)) {
          st.strictError(`unknown field "${path}"`);
          continue;
        }
        if (child === null) continue;
        const out = walk(child, r.properties[k], { struct: name, fields: [...ctx.fields, k], path }, st);
        if (out !== DROP) entries.push([k, out]);
      }
      return Object.fromEntries(entries);
    }
    case "map": {
      if (!isPlainObject(v)) {
        st.save(typeErrorMessage(describe(v), goTypeString(r), ctx));
        return DROP;
      }
      const entries: [string, unknown][] = [];
      for (const [k, child] of Object.entries(v)) {
        if (child === null) {
          entries.push([k, zeroOf(r.values)]);
          continue;
        }
        const path = ctx.path ? `${ctx.path}.${k}` : k;
        const out = walk(child, r.values, { ...ctx, path }, st);
        entries.push([k, out === DROP ? zeroOf(r.values) : out]);
      }
      return Object.fromEntries(entries);
    }
    case "array": {
      if (!Array.isArray(v)) {
        st.save(typeErrorMessage(describe(v), goTypeString(r), ctx));
        return DROP;
      }
      return v.map((x, i) => {
        if (x === null) return zeroOf(r.items);
        const out = walk(x, r.items, { ...ctx, path: `${ctx.path}[${i}]` }, st);
        return out === DROP ? zeroOf(r.items) : out;
      });
    }
    case "string": {
      if (r.format === "byte") return decodeBytesField(v, ctx, st);
      if (typeof v === "string") return v;
      st.save(typeErrorMessage(describe(v), "string", ctx));
      return DROP;
    }
    case "integer": {
      if (typeof v === "number") {
        if (fitsInt(v, r.format)) return v;
        st.save(typeErrorMessage(`number ${numberLiteral(v)}`, r.format, ctx));
        return DROP;
      }
      st.save(typeErrorMessage(describe(v), r.format, ctx));
      return DROP;
    }
    case "number": {
      if (typeof v === "number") return v;
      st.save(typeErrorMessage(describe(v), "float64", ctx));
      return DROP;
    }
    case "boolean": {
      if (typeof v === "boolean") return v;
      st.save(typeErrorMessage(describe(v), "bool", ctx));
      return DROP;
    }
    case "int-or-string": {
      // IntOrString.UnmarshalJSON: a JSON string is the string form, anything else is decoded into int32.
      if (typeof v === "string") return v;
      if (typeof v === "number") {
        if (fitsInt(v, "int32")) return v;
        throw new Abort(typeErrorMessage(`number ${numberLiteral(v)}`, "int32", ctx));
      }
      throw new Abort(typeErrorMessage(describe(v), "int32", ctx));
    }
    case "quantity": {
      // Quantity.UnmarshalJSON parses the raw JSON text with surrounding quotes removed.
      const text = typeof v === "string" ? v : typeof v === "number" ? numberLiteral(v) : JSON.stringify(v);
      const q = parseQuantity(text.trim());
      if (!q.ok) throw new Abort(q.error);
      return q.value;
    }
    case "time": {
      // metav1.Time / MicroTime.UnmarshalJSON: json.Unmarshal into a string, then time.Parse.
      if (typeof v !== "string") throw new Abort(typeErrorMessage(describe(v), "string", ctx));
      const t = parseGoTime(v, r.micro ? "RFC3339Micro" : "RFC3339");
      if (!t.ok) throw new Abort(t.error);
      if (t.isZero) return DROP;
      return formatGoTime(t.epochSeconds, t.nanos, !!r.micro);
    }
    case "any":
      return v;
  }
}

function decodeBytesField(v: unknown, ctx: Ctx, st: DecodeState): Out {
  if (typeof v === "string") {
    const d = decodeBase64Go(v);
    if (!d.ok) {
      st.save(d.error);
      return DROP;
    }
    return encodeBase64(d.bytes);
  }
  if (Array.isArray(v)) {
    // encoding/json decodes a JSON array into []byte element by element.
    const bytes: number[] = [];
    for (const x of v) {
      if (x === null) bytes.push(0);
      else if (typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 255) bytes.push(x);
      else if (typeof x === "number") st.save(typeErrorMessage(`number ${numberLiteral(x)}`, "uint8", ctx));
      else st.save(typeErrorMessage(describe(x), "uint8", ctx));
    }
    return encodeBase64(Uint8Array.from(bytes));
  }
  st.save(typeErrorMessage(describe(v), "[]uint8", ctx));
  return DROP;
}

// ---- base64 (encoding/base64 StdEncoding) ------------------------------------------------------------------

const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_DECODE = new Map([...B64_ALPHABET].map((c, i) => [c.charCodeAt(0), i]));

function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += B64_ALPHABET[(n >> 18) & 63] + B64_ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64_ALPHABET[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64_ALPHABET[n & 63] : "=";
  }
  return out;
}

/**
 * base64.StdEncoding.Decode, with its error positions (`illegal base64 data at input byte N`): padded,
 * non-strict (trailing bits ignored), `\r` and `\n` skipped. Positions count bytes of the UTF-8 input.
 */
export function decodeBase64Go(text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  const src = new TextEncoder().encode(text);
  const out: number[] = [];
  const corrupt = (n: number) => ({ ok: false as const, error: `illegal base64 data at input byte ${n}` });
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingErr: number | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Uint8Array.from(out) };
        return corrupt(si - j); // padding is required
      }
      const c = src[si++];
      const d = B64_DECODE.get(c);
      if (d !== undefined) {
        dbuf[j] = d;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d /* = */) return corrupt(si - 1);
      // padding
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== 0x3d) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) trailingErr = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const b = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...b.slice(0, dlen - 1));
    if (trailingErr !== undefined) return corrupt(trailingErr);
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

// ---- resource.Quantity -----------------------------------------------------------------------------------

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
const QUANTITY_NUMERIC_ERROR = "unable to parse numeric part of quantity";

type QFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

const DEC_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_BY_EXP = new Map(Object.entries(DEC_SUFFIXES).map(([k, v]) => [v, k]));
const BIN_BY_EXP = new Map(Object.entries(BIN_SUFFIXES).map(([k, v]) => [v, k]));

function interpretSuffix(suf: string): { base: 10 | 2; exponent: number; format: QFormat } | undefined {
  if (Object.hasOwn(DEC_SUFFIXES, suf)) return { base: 10, exponent: DEC_SUFFIXES[suf], format: "DecimalSI" };
  if (Object.hasOwn(BIN_SUFFIXES, suf)) return { base: 2, exponent: BIN_SUFFIXES[suf], format: "BinarySI" };
  if (suf.length > 1 && (suf[0] === "E" || suf[0] === "e")) {
    if (!/^[+-]?\d+$/.test(suf.slice(1))) return undefined;
    const parsed = BigInt(suf.slice(1));
    if (parsed > 9223372036854775807n || parsed < -9223372036854775808n) return undefined;
    // int32(parsed): Go truncates to 32 bits.
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: "DecimalExponent" };
  }
  return undefined;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

function parseQuantityString(
  str: string,
): { positive: boolean; value: string; num: string; denom: string; suffix: string } | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === "-") {
      positive = false;
      pos++;
    } else if (str[0] === "+") {
      pos++;
    }
  }
  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: "", suffix: "" };
  let num = str.slice(pos, i) || "0";
  pos = i;
  let denom = "";
  if (pos < end && str[pos] === ".") {
    pos++;
    let k = pos;
    while (k < end && isDigit(str[k])) k++;
    denom = str.slice(pos, k);
    if (k >= end) return { positive, value: str, num, denom, suffix: "" };
    pos = k;
  }
  num = num || "0";
  const value = str.slice(0, pos);
  const suffixStart = pos;
  let k = pos;
  while (k < end && "eEinumkKMGTP".includes(str[k])) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = k;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  return undefined; // a non-digit after the exponent
}

/** A decimal value: unscaled × 10^exp. */
interface Dec {
  unscaled: bigint;
  exp: number;
}

const TEN = 10n;
const MAX_INT64 = 9223372036854775807n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

function decFromString(value: string): Dec | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const digits = `${m[2]}${m[3] ?? ""}` || "0";
  const unscaled = BigInt(digits) * (m[1] === "-" ? -1n : 1n);
  return { unscaled, exp: -(m[3] ?? "").length };
}

/** Round to 10^minExp, away from zero (inf.RoundUp); returns whether it was exact. */
function roundUpTo(d: Dec, minExp: number): { dec: Dec; exact: boolean } {
  if (d.exp >= minExp) return { dec: d, exact: true };
  const div = pow10(minExp - d.exp);
  const q = d.unscaled / div;
  const rem = d.unscaled % div;
  if (rem === 0n) return { dec: { unscaled: q, exp: minExp }, exact: true };
  return { dec: { unscaled: q + (d.unscaled < 0n ? -1n : 1n), exp: minExp }, exact: false };
}

function cmpDec(a: Dec, b: Dec): number {
  const e = Math.min(a.exp, b.exp);
  const x = a.unscaled * pow10(a.exp - e);
  const y = b.unscaled * pow10(b.exp - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

function removeFactors(v: bigint, base: bigint): { v: bigint; times: number } {
  let times = 0;
  const neg = v < 0n;
  let x = neg ? -v : v;
  while (x >= base && x % base === 0n) {
    x /= base;
    times++;
  }
  return { v: neg ? -x : x, times };
}

function canonicalize(d: Dec, format: QFormat): string {
  if (d.unscaled === 0n) return "0";
  let fmt = format;
  let rounded: Dec | undefined;
  if (fmt === "BinarySI") {
    if (cmpDec(d, { unscaled: -1024n, exp: 0 }) > 0 && cmpDec(d, { unscaled: 1024n, exp: 0 }) < 0) {
      fmt = "DecimalSI";
    } else {
      const r = roundUpTo(d, 0);
      if (!r.exact) fmt = "DecimalSI";
      else rounded = r.dec;
    }
  }
  if (fmt === "BinarySI" && rounded) {
    const whole = rounded.unscaled * pow10(rounded.exp);
    const { v, times } = removeFactors(whole, 1024n);
    return `${v}${BIN_BY_EXP.get(times * 10) ?? ""}`;
  }
  let { v, times } = removeFactors(d.unscaled, TEN);
  let exponent = d.exp + times;
  while (exponent % 3 !== 0) {
    v *= TEN;
    exponent--;
  }
  if (fmt === "DecimalExponent") return exponent === 0 ? `${v}` : `${v}e${exponent}`;
  const suffix = DEC_BY_EXP.get(exponent);
  return suffix === undefined ? `${v}e${exponent}` : `${v}${suffix}`;
}

/**
 * resource.ParseQuantity followed by its canonical String(): `500m`, `1Gi`, `1536Mi`, `1e3`; the input is
 * kept when it already is canonical (like kube, which remembers the parsed string).
 */
export function parseQuantity(str: string): { ok: true; value: string } | { ok: false; error: string } {
  if (str.length === 0) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  if (str === "0") return { ok: true, value: "0" };
  const p = parseQuantityString(str);
  if (!p) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const sfx = interpretSuffix(p.suffix);
  if (!sfx) return { ok: false, error: QUANTITY_SUFFIX_ERROR };
  const { num, denom } = p;
  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (sfx.format === "BinarySI") {
    if (sfx.exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(sfx.exponent);
      precision = 15 - num.length - Math.trunc(Math.fround((sfx.exponent * 3) / 10)) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = sfx.exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const value = BigInt(shifted);
      if (value > MAX_INT64) return { ok: false, error: QUANTITY_NUMERIC_ERROR };
      const result = value * mantissa;
      if (result <= MAX_INT64) {
        const signed = p.positive ? result : -result;
        const canonicalInput =
          sfx.format === "BinarySI"
            ? sfx.exponent % 10 === 0 && (value & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
        if (canonicalInput) return { ok: true, value: str };
        return { ok: true, value: canonicalize({ unscaled: signed, exp: scale }, sfx.format) };
      }
    }
  }
  let amount = decFromString(p.value);
  if (!amount) return { ok: false, error: QUANTITY_NUMERIC_ERROR };
  if (sfx.base === 10) amount = { unscaled: amount.unscaled, exp: amount.exp + sfx.exponent };
  else amount = { unscaled: amount.unscaled * (1n << BigInt(sfx.exponent)), exp: amount.exp };
  const negative = amount.unscaled < 0n;
  if (negative) amount = { unscaled: -amount.unscaled, exp: amount.exp };
  if (amount.unscaled !== 0n) amount = roundUpTo(amount, -9).dec;
  let format = sfx.format;
  if (format === "BinarySI" && cmpDec(amount, { unscaled: MAX_INT64, exp: 0 }) > 0) {
    amount = { unscaled: MAX_INT64, exp: 0 };
  }
  if (format === "BinarySI" && cmpDec(amount, { unscaled: 1n, exp: 0 }) < 0 && amount.unscaled > 0n) {
    format = "DecimalSI";
  }
  if (negative) amount = { unscaled: -amount.unscaled, exp: amount.exp };
  return { ok: true, value: canonicalize(amount, format) };
}

// ---- metav1.Time (time.Parse with RFC3339 / RFC3339Micro) ------------------------------------------------

const RFC3339 = "2006-01-02T15:04:05Z07:00";
const RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

type Chunk =
  | { lit: string }
  | { std: "year" | "month" | "day" | "hour" | "minute" | "second" | "frac6" | "tz"; text: string };

const LAYOUT_CHUNKS = (micro: boolean): Chunk[] => [
  { std: "year", text: "2006" },
  { lit: "-" },
  { std: "month", text: "01" },
  { lit: "-" },
  { std: "day", text: "02" },
  { lit: "T" },
  { std: "hour", text: "15" },
  { lit: ":" },
  { std: "minute", text: "04" },
  { lit: ":" },
  { std: "second", text: "05" },
  ...(micro ? [{ std: "frac6", text: ".000000" } as Chunk] : []),
  { std: "tz", text: "Z07:00" },
];

/** time's quote(): ASCII kept (with `"` and `\` escaped), other bytes as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return `${out}"`;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s[0])) return undefined;
  if (!isDigit(s[1])) {
    if (fixed) return undefined;
    return { n: Number(s[0]), rest: s.slice(1) };
  }
  return { n: Number(s[0]) * 10 + Number(s[1]), rest: s.slice(2) };
}

export type GoTimeResult =
  | { ok: true; epochSeconds: number; nanos: number; isZero: boolean }
  | { ok: false; error: string };

/**
 * time.Parse(time.RFC3339 | metav1.RFC3339Micro, value) with Go's error messages, e.g.
 * `parsing time "abc" as "2006-01-02T15:04:05Z07:00": cannot parse "abc" as "2006"`.
 */
export function parseGoTime(value: string, layout: "RFC3339" | "RFC3339Micro"): GoTimeResult {
  const layoutText = layout === "RFC3339" ? RFC3339 : RFC3339_MICRO;
  const chunks = LAYOUT_CHUNKS(layout === "RFC3339Micro");
  const err = (valueElem: string, layoutElem: string): GoTimeResult => ({
    ok: false,
    error: `parsing time ${goQuote(value)} as ${goQuote(layoutText)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`,
  });
  const msgErr = (message: string): GoTimeResult => ({ ok: false, error: `parsing time ${goQuote(value)}${message}` });
  let rest = value;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let offset = 0;
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci];
    if ("lit" in c) {
      if (rest.length === 0 || rest[0] !== c.lit) return err(rest, c.lit);
      rest = rest.slice(1);
      continue;
    }
    const hold = rest;
    let range = "";
    let bad = false;
    switch (c.std) {
      case "year": {
        if (rest.length < 4 || !isDigit(rest[0])) {
          bad = true;
          break;
        }
        const p = rest.slice(0, 4);
        rest = rest.slice(4);
        if (!/^[+-]?\d+$/.test(p)) bad = true;
        else year = Number(p);
        break;
      }
      case "month": {
        const g = getnum(rest, true);
        if (!g) bad = true;
        else {
          month = g.n;
          rest = g.rest;
          if (month <= 0 || month > 12) range = "month";
        }
        break;
      }
      case "day": {
        const g = getnum(rest, true);
        if (!g) bad = true;
        else {
          day = g.n;
          rest = g.rest;
        }
        break;
      }
      case "hour": {
        const g = getnum(rest, false);
        if (!g) bad = true;
        else {
          hour = g.n;
          rest = g.rest;
          if (hour >= 24) range = "hour";
        }
        break;
      }
      case "minute": {
        const g = getnum(rest, true);
        if (!g) bad = true;
        else {
          minute = g.n;
          rest = g.rest;
          if (minute >= 60) range = "minute";
        }
        break;
      }
      case "second": {
        const g = getnum(rest, true);
        if (!g) {
          bad = true;
          break;
        }
        second = g.n;
        rest = g.rest;
        if (second >= 60) {
          range = "second";
          break;
        }
        // A fractional second the layout does not mention is accepted (any number of digits).
        if (rest.length >= 2 && (rest[0] === "." || rest[0] === ",") && isDigit(rest[1])) {
          const next = chunks[ci + 1];
          if (next && "std" in next && next.std === "frac6") break;
          let n = 2;
          while (n < rest.length && isDigit(rest[n])) n++;
          nanos = fractionToNanos(rest.slice(1, n));
          rest = rest.slice(n);
        }
        break;
      }
      case "frac6": {
        if (rest.length < 7 || (rest[0] !== "." && rest[0] !== ",") || !/^\d{6}$/.test(rest.slice(1, 7))) {
          bad = true;
          break;
        }
        nanos = fractionToNanos(rest.slice(1, 7));
        rest = rest.slice(7);
        break;
      }
      case "tz": {
        if (rest.length >= 1 && rest[0] === "Z") {
          rest = rest.slice(1);
          offset = 0;
          break;
        }
        if (rest.length < 6 || rest[3] !== ":") {
          bad = true;
          break;
        }
        const sign = rest[0];
        const hh = getnum(rest.slice(1, 3), true);
        const mm = getnum(rest.slice(4, 6), true);
        rest = rest.slice(6);
        if (!hh || !mm) {
          bad = true;
          break;
        }
        if (hh.n > 24) range = "time zone offset hour";
        if (mm.n > 60) range = "time zone offset minute";
        offset = (hh.n * 60 + mm.n) * 60;
        if (sign === "-") offset = -offset;
        else if (sign !== "+") bad = true;
        break;
      }
    }
    if (range) return msgErr(`: ${range} out of range`);
    if (bad) return err(hold, c.text);
  }
  if (rest.length) return msgErr(`: extra text: ${goQuote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) return msgErr(": day out of range");
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const epochSeconds = Math.floor(d.getTime() / 1000) - offset;
  // Go's zero time (0001-01-01T00:00:00Z) marshals as null.
  return { ok: true, epochSeconds, nanos, isZero: epochSeconds === -62135596800 && nanos === 0 };
}

function fractionToNanos(digits: string): number {
  return Number(digits.slice(0, 9).padEnd(9, "0"));
}

/** Time.MarshalJSON: UTC, RFC 3339 without fraction (MicroTime: exactly 6 fractional digits). */
export function formatGoTime(epochSeconds: number, nanos: number, micro: boolean): string {
  const d = new Date(epochSeconds * 1000);
  const y = d.getUTCFullYear();
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const base = `${y < 0 ? `-${pad(-y, 4)}` : pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}
