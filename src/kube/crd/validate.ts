/**
 * Custom resources through the steps kube-apiextensions-apiserver puts them through, without I/O:
 *
 * 1. Decoding (customresource_handler.go unstructuredSchemaCoercer + unstructuredDefaulter): unknown fields are
 *    pruned against the structural schema (their paths become `unknown field "spec.foo"` strict errors or
 *    warnings), non-nullable nulls without a default are dropped, ObjectMeta of the root and of
 *    x-kubernetes-embedded-resource objects is coerced to metav1.ObjectMeta, and `default`s are applied. kube
 *    applies the same defaulting whenever it reads an object from storage (`applyDefaults`).
 * 2. Validation (registry/customresource validator.go + strategy.go): TypeMeta, the OpenAPI schema with
 *    kube-openapi's validator semantics and messages (`spec.replicas: Invalid value: "string": spec.replicas in
 *    body must be of type integer: "string"`), the scale subresource paths, ObjectMeta of embedded resources and
 *    the x-kubernetes-list-type set/map uniqueness invariants (`Duplicate value`). On update, errors in values that
 *    did not change are ratcheted away (CRDValidationRatcheting, on by default in 1.32).
 *
 * Not evaluated: CEL rules (x-kubernetes-validations). Evaluating CEL needs a CEL interpreter with kube's
 * libraries and cost model; objects that would fail such rules are accepted.
 *
 * ObjectMeta of the root object (name rules, labels, …) is validated by the store like for every kind.
 */
import { decodeWithSchema, type FieldValidation, parseQuantity } from "../decode";
import { badRequest, type FieldError, invalidValue, required, StatusError } from "../errors";
import { deepEqual, isPlainObject, type KObject } from "../object";
import { goFormat, goType } from "../patch/go-value";
import type { ScaleSubresource } from "../registry/kind";
import { compareGoStrings, goQuote } from "../selectors/go-format";
import { objectMeta } from "../types/meta";
import { GoValue, validateObjectMeta } from "../validation/object-meta";
import { type JSONSchemaProps, pruneUnknownFields, type Structural, structuralField } from "./structural";

export { pruneUnknownFields };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => isPlainObject(v);

/** What validation and decoding need to know about one served version of a CRD. */
export interface CustomResourceSchema {
  group: string;
  version: string;
  kind: string;
  /** spec.versions[].schema.openAPIV3Schema as written in the CRD (value validations included). */
  openAPIV3Schema?: JSONSchemaProps;
  /** The structural skeleton of openAPIV3Schema. */
  structural?: Structural;
  /** spec.preserveUnknownFields (only ever true for CRDs converted from v1beta1). */
  preserveUnknownFields?: boolean;
  statusSubresource?: boolean;
  scale?: ScaleSubresource;
}

// ---- Go value formatting -----------------------------------------------------------------------------------

/** strconv.FormatFloat(f, 'g', -1, 64), which is what fmt's %v prints for a float64. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mantissa, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  // Shortest precision switches to %e when the exponent is < -4 or >= 6 (strconv's eprec = 6).
  if (exp >= -4 && exp < 6) return String(n);
  const abs = Math.abs(exp);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
}

/** fmt's %v of a decoded JSON number (int64 when integral, float64 otherwise). */
function goNum(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : goFloat(n);
}

/** fmt's %#v of a decoded JSON value inside an interface{} (`map[string]interface {}{"a":1}`). */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number") return goNum(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  if (isObj(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSharpV(v[k])}`).join(", ")}}`;
  }
  return String(v);
}

/** A bad value as field.Error prints it: strings quoted, int64 bare, float64 with %v, compounds with %#v. */
function badValue(v: unknown): unknown {
  if (v === undefined) return "";
  if (typeof v === "number" && !Number.isInteger(v)) return new GoValue(v, goFloat(v));
  if (isObj(v) || Array.isArray(v)) return new GoValue(v, goSharpV(v));
  return v;
}

// ---- formats (kube-openapi strfmt, as far as CRDs support them) --------------------------------------------

/** Formats CRD schemas validate (validation/formats.go, 1.32); others are ignored. Names without dashes. */
const SUPPORTED_STRING_FORMATS = new Set([
  "bsonobjectid",
  "uri",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "cidr",
  "mac",
  "uuid",
  "uuid3",
  "uuid4",
  "uuid5",
  "isbn",
  "isbn10",
  "isbn13",
  "creditcard",
  "ssn",
  "hexcolor",
  "rgbcolor",
  "byte",
  "password",
  "date",
  "duration",
  "datetime",
  "quantity",
]);

/** StripUnsupportedFormatsPostProcess: the format that remains once kube dropped the ones it ignores. */
export function effectiveFormat(s: JSONSchemaProps): string {
  const format = typeof s.format === "string" ? s.format : "";
  if (!format) return "";
  const types = typesOf(s);
  const schemaType = types.length === 1 ? types[0] : "";
  switch (schemaType) {
    case "":
    case "string":
      return SUPPORTED_STRING_FORMATS.has(format.replaceAll("-", "")) ? format : "";
    case "integer":
      return format === "int32" || format === "int64" ? format : "";
    case "number":
      return format === "float" || format === "double" ? format : "";
    default:
      return "";
  }
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$/u;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const HEXCOLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB_PART = "\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*";
const RGBCOLOR = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const CREDITCARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;
const DATE_TIME_TAIL = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;

/** Go net.ParseIP for dotted IPv4 (no leading zeros since Go 1.17). */
function parseIPv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** Go net.ParseIP for IPv6 text (with an optional trailing dotted IPv4). */
function parseIPv6(s: string): boolean {
  if (s.length === 0) return false;
  let text = s;
  let groupsNeeded = 8;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    if (!parseIPv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
    groupsNeeded = 8;
  }
  const dbl = text.indexOf("::");
  if (dbl !== text.lastIndexOf("::")) return false;
  const hexGroup = /^[0-9a-fA-F]{1,4}$/;
  if (dbl >= 0) {
    const head = text.slice(0, dbl);
    const tail = text.slice(dbl + 2);
    const h = head === "" ? [] : head.split(":");
    const t = tail === "" ? [] : tail.split(":");
    if (![...h, ...t].every((g) => hexGroup.test(g))) return false;
    return h.length + t.length < groupsNeeded;
  }
  const groups = text.split(":");
  return groups.length === groupsNeeded && groups.every((g) => hexGroup.test(g));
}

const parseIP = (s: string): boolean => parseIPv4(s) || parseIPv6(s);

function isCIDR(s: string): boolean {
  const i = s.indexOf("/");
  if (i < 0) return false;
  const addr = s.slice(0, i);
  const bits = s.slice(i + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bits)) return false;
  const n = Number(bits);
  if (parseIPv4(addr)) return n <= 32;
  if (parseIPv6(addr)) return n <= 128;
  return false;
}

/** net.ParseMAC: IEEE 802 MAC-48, EUI-48, EUI-64 or 20-octet IP over InfiniBand link-layer addresses. */
function isMAC(s: string): boolean {
  const sizes = new Set([6, 8, 20]);
  if (s.length >= 14 && s[4] === ".") {
    const groups = s.split(".");
    return groups.every((g) => /^[0-9a-fA-F]{4}$/.test(g)) && sizes.has(groups.length * 2);
  }
  for (const sep of [":", "-"]) {
    const groups = s.split(sep);
    if (groups.length > 1 && groups.every((g) => /^[0-9a-fA-F]{2}$/.test(g)) && sizes.has(groups.length)) return true;
  }
  return false;
}

function isISBN(s: string, version: 10 | 13): boolean {
  const sanitized = s.replace(/[\s-]+/g, "");
  if (version === 10) {
    if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(sanitized)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += (i + 1) * Number(sanitized[i]);
    sum += 10 * (sanitized[9] === "X" ? 10 : Number(sanitized[9]));
    return sum % 11 === 0;
  }
  if (!/^[0-9]{13}$/.test(sanitized)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(sanitized[i]);
  return Number(sanitized[12]) - ((10 - (sum % 10)) % 10) === 0;
}

function isCreditCard(s: string): boolean {
  const digits = s.replace(/[^0-9]+/g, "");
  if (!CREDITCARD.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** time.Parse("2006-01-02", s). */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split("t");
  if (parts.length < 2 || !isDate(parts[0])) return false;
  const m = DATE_TIME_TAIL.exec(parts[1]);
  if (!m) return false;
  return m[1] <= "23" && m[2] <= "59" && m[3] <= "59";
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_UNITS: string[][] = [
  ["ns", "nanos"],
  ["us", "µs", "micros"],
  ["ms", "millis"],
  ["s", "sec"],
  ["m", "min"],
  ["h", "hr", "hour"],
  ["d", "day"],
  ["w", "wk", "week"],
];

/** strfmt.IsDuration: time.ParseDuration, or any `<digits> <unit>` run with a known (prefix of a) unit name. */
function isDuration(s: string): boolean {
  if (s === "0" || s === "+0" || s === "-0" || GO_DURATION.test(s)) return true;
  for (const m of s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)) {
    const unit = m[2].trim().toLowerCase();
    for (const variants of DURATION_UNITS) {
      const last = variants.length - 1;
      if (variants.some((v, i) => (i === last && unit.startsWith(v)) || v === unit)) return true;
    }
  }
  return false;
}

function isEmail(s: string): boolean {
  const addr = /^[^<>]*<([^<>]+)>\s*$/.exec(s)?.[1] ?? s.trim();
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(addr) && !addr.startsWith(".") && !addr.includes("..");
}

/** url.ParseRequestURI: an absolute URI or an absolute path, without control characters. */
function isRequestURI(s: string): boolean {
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f || c === 0x20) return false;
  }
  if (s.startsWith("/")) return true;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
}

const FORMAT_CHECKS: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestURI,
  email: isEmail,
  hostname: (s) => HOSTNAME.test(s) && s.length <= 255 && s.split(".").every((p) => p.length <= 63),
  ipv4: (s) => parseIP(s) && s.includes("."),
  ipv6: (s) => parseIP(s) && s.includes(":"),
  cidr: isCIDR,
  mac: isMAC,
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  isbn: (s) => isISBN(s, 10) || isISBN(s, 13),
  isbn10: (s) => isISBN(s, 10),
  isbn13: (s) => isISBN(s, 13),
  creditcard: isCreditCard,
  ssn: (s) => s.length === 11 && SSN.test(s),
  hexcolor: (s) => HEXCOLOR.test(s),
  rgbcolor: (s) => RGBCOLOR.test(s),
  byte: (s) => BASE64.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  quantity: (s) => parseQuantity(s).ok,
};

/** Whether `value` is valid for the (already effective) string format; unknown formats accept anything. */
export function checkFormat(format: string, value: string): boolean {
  const check = FORMAT_CHECKS[format.replaceAll("-", "").toLowerCase()];
  return check ? check(value) : true;
}

// ---- Go regular expressions ---------------------------------------------------------------------------------

const REGEX_CACHE = new Map<string, RegExp | Error>();

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Compiles a Go (RE2) pattern to the closest JS RegExp, or returns the compile error. */
export function compileGoRegexp(pattern: string): RegExp | Error {
  const cached = REGEX_CACHE.get(pattern);
  if (cached) return cached;
  let src = pattern;
  let flags = "";
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]) if (f !== "U" && !flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  src = src
    .replace(/\(\?P</g, "(?<")
    .replace(/\\z/g, "$")
    .replace(/\\A/g, "^")
    .replace(/\\p([A-Z])/g, "\\p{$1}")
    .replace(/\\P([A-Z])/g, "\\P{$1}")
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) =>
      POSIX_CLASSES[name] && !neg ? POSIX_CLASSES[name] : m,
    );
  let out: RegExp | Error;
  try {
    out = new RegExp(src, `${flags}u`);
  } catch {
    try {
      out = new RegExp(src, flags);
    } catch (e) {
      out = e instanceof Error ? e : new Error(String(e));
    }
  }
  REGEX_CACHE.set(pattern, out);
  return out;
}

// ---- the schema validator (kube-openapi pkg/validation/validate) --------------------------------------------

/** kube-openapi error codes (errors.Validation.Code()), as far as they change how kube reports an error. */
const Code = {
  InvalidType: 600,
  Required: 601,
  TooLong: 602,
  TooShort: 603,
  Pattern: 604,
  Enum: 605,
  MultipleOf: 606,
  Max: 607,
  Min: 608,
  Unique: 609,
  MaxItems: 610,
  MinItems: 611,
  TooFewProperties: 613,
  TooManyProperties: 614,
  Unallowed: 615,
} as const;
type CodeValue = (typeof Code)[keyof typeof Code];

interface ValidationError {
  code: CodeValue;
  /** The kube-openapi path (`spec.replicas`, `.foo` for root-level required). */
  name: string;
  value?: unknown;
  /** The limit, where kube-openapi reports one (maxProperties). */
  valid?: number;
  values?: unknown[];
  message: string;
}
/** A composite error (anyOf/allOf/oneOf/not): reported on field `<nil>`. */
interface PlainError {
  code: 0;
  message: string;
}
type VError = ValidationError | PlainError;

class Result {
  errors: VError[] = [];
  matchCount = 0;
  add(e: VError): void {
    if (!this.errors.some((x) => x.message === e.message)) this.errors.push(e);
  }
  merge(other: Result | undefined): void {
    if (!other) return;
    for (const e of other.errors) this.add(e);
    this.matchCount += other.matchCount;
  }
  get valid(): boolean {
    return this.errors.length === 0;
  }
}

const IN = "body";

function typesOf(s: JSONSchemaProps): string[] {
  if (s["x-kubernetes-int-or-string"]) return ["integer", "string"];
  return typeof s.type === "string" && s.type ? [s.type] : [];
}

/** The JSON type and format kube-openapi infers for a decoded value (int64/float64 distinguished). */
function schemaInfoForType(v: unknown): [string, string] {
  if (typeof v === "string") return ["string", ""];
  if (typeof v === "boolean") return ["boolean", ""];
  if (typeof v === "number") return Number.isInteger(v) ? ["integer", "int64"] : ["number", "float64"];
  if (Array.isArray(v)) return ["array", ""];
  return ["object", ""];
}

const msg = {
  type: (path: string, type: string, value: string) => `${path} in ${IN} must be of type ${type}: ${goQuote(value)}`,
  required: (path: string) => `${path} in ${IN} is required`,
  tooLong: (path: string, n: number) => `${path} in ${IN} should be at most ${n} chars long`,
  tooShort: (path: string, n: number) => `${path} in ${IN} should be at least ${n} chars long`,
  pattern: (path: string, p: string) => `${path} in ${IN} should match '${p}'`,
  enum: (path: string, values: unknown[]) => `${path} in ${IN} should be one of ${goFormat(values)}`,
  multipleOf: (path: string, f: string) => `${path} in ${IN} should be a multiple of ${f}`,
  max: (path: string, m: string, exclusive: boolean) =>
    `${path} in ${IN} should be less than ${exclusive ? "" : "or equal to "}${m}`,
  min: (path: string, m: string, exclusive: boolean) =>
    `${path} in ${IN} should be greater than ${exclusive ? "" : "or equal to "}${m}`,
  unique: (path: string) => `${path} in ${IN} shouldn't contain duplicates`,
  maxItems: (path: string, n: number) => `${path} in ${IN} should have at most ${n} items`,
  minItems: (path: string, n: number) => `${path} in ${IN} should have at least ${n} items`,
  minProps: (path: string, n: number) => `${path} in ${IN} should have at least ${n} properties`,
  maxProps: (path: string, n: number) => `${path} in ${IN} should have at most ${n} properties`,
};

/** A node of the ratcheting tree (validation/ratcheting.go): the correlated old value and the explored children. */
interface RatchetNode {
  old: unknown;
  value: unknown;
  schema: JSONSchemaProps;
  children: Map<string | number, RatchetNode>;
  equal?: boolean;
}

function newNode(old: unknown, value: unknown, schema: JSONSchemaProps): RatchetNode {
  return { old, value, schema, children: new Map() };
}

/** CachedDeepEqual: equality that only trusts children the validator could correlate. */
function nodeEqual(r: RatchetNode): boolean {
  if (r.equal !== undefined) return r.equal;
  const compute = (): boolean => {
    const { old, value } = r;
    if ((old === null || old === undefined) && (value === null || value === undefined)) return true;
    if (old === null || old === undefined || value === null || value === undefined) return false;
    if (Array.isArray(old) !== Array.isArray(value)) return false;
    if (Array.isArray(old) && Array.isArray(value)) {
      if (old.length !== value.length || r.children.size !== old.length) return false;
      for (let i = 0; i < value.length; i++) {
        const c = r.children.get(i);
        if (!c || !nodeEqual(c)) return false;
      }
      return true;
    }
    if (isObj(old) !== isObj(value)) return false;
    if (isObj(old) && isObj(value)) {
      const keys = Object.keys(old);
      if (keys.length !== Object.keys(value).length) return false;
      if (keys.length === 0) return true;
      if (r.children.size !== keys.length) return false;
      return keys.every((k) => {
        const c = r.children.get(k);
        return !!c && nodeEqual(c);
      });
    }
    return deepEqual(old, value);
  };
  r.equal = compute();
  return r.equal;
}

const childPath = (path: string, k: string) => (path ? `${path}.${k}` : k);

/** SchemaValidator.Validate for one schema node, with ratcheting when `r` correlates an old value. */
function validateNode(schema: JSONSchemaProps, data: unknown, path: string, r: RatchetNode | undefined): Result {
  const res = validateValue(schema, data, path, r);
  if (r && !res.valid && nodeEqual(r)) {
    const kept = new Result();
    kept.matchCount = res.matchCount;
    return kept; // errors become warnings
  }
  return res;
}

function validateValue(schema: JSONSchemaProps, data: unknown, path: string, r: RatchetNode | undefined): Result {
  const result = new Result();
  const types = typesOf(schema);
  const format = effectiveFormat(schema);
  if (data === null || data === undefined) {
    result.merge(typeCheck(schema, types, format, null, path));
    result.merge(enumCheck(schema, null, path));
    return result;
  }
  const step = (r2: Result | undefined) => {
    result.merge(r2);
    result.matchCount++;
  };
  if (types.length > 0 || format !== "") step(typeCheck(schema, types, format, data, path));
  step(schemaPropsCheck(schema, data, path, r));
  if (typeof data === "string") step(stringCheck(schema, data, path));
  if (typeof data === "string" && format && FORMAT_CHECKS[format.replaceAll("-", "").toLowerCase()]) {
    step(formatCheck(format, data, path));
  }
  if (typeof data === "number") step(numberCheck(schema, data, path));
  if (Array.isArray(data)) step(sliceCheck(schema, data, path, r));
  step(enumCheck(schema, data, path));
  if (isObj(data)) step(objectCheck(schema, data, path, r));
  result.matchCount++;
  return result;
}

function single(e: VError): Result {
  const r = new Result();
  r.add(e);
  return r;
}

function typeCheck(
  schema: JSONSchemaProps,
  types: string[],
  format: string,
  data: unknown,
  path: string,
): Result | undefined {
  const typeText = types.join(",");
  if (data === null) {
    if (types.length > 0 && !types.includes("null") && !schema.nullable) {
      return single({ code: Code.InvalidType, name: path, value: "null", message: msg.type(path, typeText, "null") });
    }
    return undefined;
  }
  const [schType, dataFormat] = schemaInfoForType(data);
  const isString = typeof data === "string";
  const isSlice = Array.isArray(data);
  const isFloatInt = schType === "number" && Number.isInteger(data) && types.includes("integer");
  const isIntFloat = schType === "integer" && types.includes("number");
  if (
    !isString &&
    !isSlice &&
    format !== "" &&
    !(types.includes(schType) || dataFormat === format || isFloatInt || isIntFloat)
  ) {
    return single({
      code: Code.InvalidType,
      name: path,
      value: dataFormat,
      message: msg.type(path, format, dataFormat),
    });
  }
  if (!(types.includes("number") || types.includes("integer")) && format !== "" && (isString || isSlice)) {
    return undefined;
  }
  if (!(types.includes(schType) || isFloatInt || isIntFloat)) {
    return single({ code: Code.InvalidType, name: path, value: schType, message: msg.type(path, typeText, schType) });
  }
  return undefined;
}

function schemaPropsCheck(schema: JSONSchemaProps, data: unknown, path: string, r: RatchetNode | undefined): Result {
  const main = new Result();
  const branch = (s: JSONSchemaProps) => validateValue(s, data, path, r);
  const anyOf = Array.isArray(schema.anyOf) ? schema.anyOf : [];
  if (anyOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let succeeded = false;
    for (const s of anyOf) {
      const res = branch(s);
      if (res.valid) {
        best = undefined;
        succeeded = true;
        firstSuccess ??= res;
        break;
      }
      if (!best || res.matchCount > best.matchCount) best = res;
    }
    if (!succeeded) main.add({ code: 0, message: `${goQuote(path)} must validate at least one schema (anyOf)` });
    if (best) main.merge(best);
    else if (firstSuccess) main.merge(firstSuccess);
  }
  const oneOf = Array.isArray(schema.oneOf) ? schema.oneOf : [];
  if (oneOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let validated = 0;
    for (const s of oneOf) {
      const res = branch(s);
      if (res.valid) {
        validated++;
        best = undefined;
        firstSuccess ??= res;
        continue;
      }
      if (validated === 0 && (!best || res.matchCount > best.matchCount)) best = res;
    }
    if (validated !== 1) {
      const extra = validated === 0 ? "Found none valid" : `Found ${validated} valid alternatives`;
      main.add({ code: 0, message: `${goQuote(path)} must validate one and only one schema (oneOf). ${extra}` });
      if (best) main.merge(best);
    } else if (firstSuccess) {
      main.merge(firstSuccess);
    }
  }
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  if (allOf.length > 0) {
    let validated = 0;
    for (const s of allOf) {
      const res = branch(s);
      if (res.valid) validated++;
      main.merge(res);
    }
    if (validated !== allOf.length) {
      const extra = validated === 0 ? ". None validated" : "";
      main.add({ code: 0, message: `${goQuote(path)} must validate all the schemas (allOf)${extra}` });
    }
  }
  if (isObj(schema.not)) {
    if (branch(schema.not as JSONSchemaProps).valid) {
      main.add({ code: 0, message: `${goQuote(path)} must not validate the schema (not)` });
    }
  }
  main.matchCount++;
  return main;
}

/** Go's utf8.RuneCountInString. */
const runeCount = (s: string) => [...s].length;

function stringCheck(schema: JSONSchemaProps, data: string, path: string): Result | undefined {
  if (typeof schema.maxLength === "number" && runeCount(data) > schema.maxLength) {
    return single({ code: Code.TooLong, name: path, value: data, message: msg.tooLong(path, schema.maxLength) });
  }
  if (typeof schema.minLength === "number" && runeCount(data) < schema.minLength) {
    return single({ code: Code.TooShort, name: path, value: data, message: msg.tooShort(path, schema.minLength) });
  }
  if (typeof schema.pattern === "string" && schema.pattern !== "") {
    const re = compileGoRegexp(schema.pattern);
    if (re instanceof Error) {
      const p = `${schema.pattern}, but pattern is invalid: ${re.message}`;
      return single({ code: Code.Pattern, name: path, value: data, message: msg.pattern(path, p) });
    }
    re.lastIndex = 0;
    if (!re.test(data)) {
      return single({ code: Code.Pattern, name: path, value: data, message: msg.pattern(path, schema.pattern) });
    }
  }
  return undefined;
}

function formatCheck(format: string, data: string, path: string): Result | undefined {
  if (checkFormat(format, data)) return undefined;
  return single({ code: Code.InvalidType, name: path, value: data, message: msg.type(path, format, data) });
}

/** swag.IsFloat64AJSONInteger. */
function isJSONInteger(f: number): boolean {
  if (!Number.isFinite(f)) return false;
  if (Number.isInteger(f)) return true;
  const g = Math.round(f);
  const diff = Math.abs(f - g);
  return Math.abs(f) < 1e-9 ? diff < 1e-9 : diff / Math.abs(f) < 1e-9;
}

function numberCheck(schema: JSONSchemaProps, data: number, path: string): Result {
  const res = new Result();
  // Integers take the int64 code paths of kube-openapi, which truncate the schema's float64 limits.
  const isInt = Number.isInteger(data);
  if (typeof schema.multipleOf === "number") {
    const factor = schema.multipleOf;
    if (isInt) {
      const f = Math.trunc(factor);
      if (f < 0) {
        res.add({
          code: Code.MultipleOf,
          name: path,
          value: f,
          message: `factor MultipleOf declared for ${path} must be positive: ${f}`,
        });
      } else if (f !== 0 && data % f !== 0) {
        res.add({ code: Code.MultipleOf, name: path, value: data, message: msg.multipleOf(path, goNum(f)) });
      }
    } else if (factor < 0) {
      res.add({
        code: Code.MultipleOf,
        name: path,
        value: factor,
        message: `factor MultipleOf declared for ${path} must be positive: ${goFloat(factor)}`,
      });
    } else {
      const mult = factor < 1 ? (1 / factor) * data : data / factor;
      if (!isJSONInteger(mult)) {
        res.add({ code: Code.MultipleOf, name: path, value: data, message: msg.multipleOf(path, goFloat(factor)) });
      }
    }
  }
  if (typeof schema.minimum === "number") {
    const ex = schema.exclusiveMinimum === true;
    const min = isInt ? Math.trunc(schema.minimum) : schema.minimum;
    if ((!ex && data < min) || (ex && data <= min)) {
      const shown = isInt ? goNum(min) : goFloat(min);
      res.add({ code: Code.Min, name: path, value: data, message: msg.min(path, shown, ex) });
    }
  }
  if (typeof schema.maximum === "number") {
    const ex = schema.exclusiveMaximum === true;
    const max = isInt ? Math.trunc(schema.maximum) : schema.maximum;
    if ((!ex && data > max) || (ex && data >= max)) {
      const shown = isInt ? goNum(max) : goFloat(max);
      res.add({ code: Code.Max, name: path, value: data, message: msg.max(path, shown, ex) });
    }
  }
  return res;
}

function itemsSchema(schema: JSONSchemaProps): JSONSchemaProps | undefined {
  if (isObj(schema.items)) return schema.items as JSONSchemaProps;
  return undefined;
}

/** Key-correlated old element of a list-type=map list (MapList.Get). */
function correlateMapListElement(schema: JSONSchemaProps, oldList: unknown[], element: unknown): unknown {
  const keys = schema["x-kubernetes-list-map-keys"] ?? [];
  if (!isObj(element) || keys.length === 0) return undefined;
  return oldList.find((o) => isObj(o) && keys.every((k) => deepEqual(o[k], element[k])));
}

function correlateIndex(r: RatchetNode | undefined, index: number): unknown {
  if (!r || !Array.isArray(r.old) || !Array.isArray(r.value) || r.value.length <= index) return undefined;
  const listType = r.schema["x-kubernetes-list-type"];
  switch (listType) {
    case "map":
      return correlateMapListElement(r.schema, r.old, r.value[index]);
    case "set":
    case "atomic":
      return undefined;
    default:
      return r.old.length > index ? r.old[index] : undefined;
  }
}

function sliceCheck(schema: JSONSchemaProps, data: unknown[], path: string, r: RatchetNode | undefined): Result {
  const res = new Result();
  const items = itemsSchema(schema);
  if (items) {
    data.forEach((v, i) => {
      const p = `${path}[${i}]`;
      const old = correlateIndex(r, i);
      // A nil old value cannot be correlated (ratcheting.go returns the plain validator).
      if (r && old !== undefined && old !== null) {
        const child = newNode(old, v, items);
        r.children.set(i, child);
        res.merge(validateNode(items, v, p, child));
      } else {
        res.merge(validateNode(items, v, p, undefined));
      }
    });
  }
  if (typeof schema.minItems === "number" && data.length < schema.minItems) {
    res.add({ code: Code.MinItems, name: path, value: data.length, message: msg.minItems(path, schema.minItems) });
  }
  if (typeof schema.maxItems === "number" && data.length > schema.maxItems) {
    res.add({ code: Code.MaxItems, name: path, value: data.length, message: msg.maxItems(path, schema.maxItems) });
  }
  if (schema.uniqueItems === true) {
    const dup = data.some((v, i) => data.slice(0, i).some((u) => deepEqual(u, v)));
    if (dup) res.add({ code: Code.Unique, name: path, message: msg.unique(path) });
  }
  res.matchCount++;
  return res;
}

/** reflect ConvertibleTo + DeepEqual as basicCommonValidator does it, for decoded JSON values. */
function enumMatches(data: unknown, enumValue: unknown): boolean {
  if (enumValue === null || enumValue === undefined) return false;
  if (typeof enumValue === "string") {
    if (typeof data === "string") return data === enumValue;
    // An int64 converts to a string as a rune (Go's string(rune(i))).
    if (typeof data === "number" && Number.isInteger(data)) {
      const rune = data >= 0 && data <= 0x10ffff && !(data >= 0xd800 && data <= 0xdfff) ? data : 0xfffd;
      return String.fromCodePoint(rune) === enumValue;
    }
    return false;
  }
  if (typeof enumValue === "number") return typeof data === "number" && data === enumValue;
  if (typeof enumValue === "boolean") return data === enumValue;
  if (Array.isArray(enumValue)) return Array.isArray(data) && deepEqual(data, enumValue);
  if (isObj(enumValue)) return isObj(data) && deepEqual(data, enumValue);
  return false;
}

function enumCheck(schema: JSONSchemaProps, data: unknown, path: string): Result | undefined {
  const values = Array.isArray(schema.enum) ? schema.enum : [];
  if (values.length === 0) return undefined;
  if (data !== null && data !== undefined && values.some((v) => enumMatches(data, v))) return undefined;
  return single({ code: Code.Enum, name: path, value: data ?? null, values, message: msg.enum(path, values) });
}

function objectCheck(schema: JSONSchemaProps, data: Json, path: string, r: RatchetNode | undefined): Result {
  const numKeys = Object.keys(data).length;
  if (typeof schema.minProperties === "number" && numKeys < schema.minProperties) {
    return single({
      code: Code.TooFewProperties,
      name: path,
      valid: schema.minProperties,
      message: msg.minProps(path, schema.minProperties),
    });
  }
  if (typeof schema.maxProperties === "number" && numKeys > schema.maxProperties) {
    return single({
      code: Code.TooManyProperties,
      name: path,
      valid: schema.maxProperties,
      message: msg.maxProps(path, schema.maxProperties),
    });
  }
  const res = new Result();
  const props = isObj(schema.properties) ? (schema.properties as Record<string, JSONSchemaProps>) : {};
  const field = (key: string, s: JSONSchemaProps, value: unknown) => {
    const p = childPath(path, key);
    if (r && isObj(r.old) && Object.hasOwn(r.old, key)) {
      const child = newNode(r.old[key], value, s);
      r.children.set(key, child);
      return validateNode(s, value, p, child);
    }
    return validateNode(s, value, p, undefined);
  };
  if (schema.additionalProperties === false) {
    for (const k of Object.keys(data)) {
      if (!Object.hasOwn(props, k)) {
        res.add({
          code: Code.Unallowed,
          name: path,
          value: k,
          message: `${path}.${k} in ${IN} is a forbidden property`,
        });
      }
    }
  } else if (isObj(schema.additionalProperties)) {
    for (const [k, v] of Object.entries(data)) {
      if (!Object.hasOwn(props, k)) res.merge(field(k, schema.additionalProperties as JSONSchemaProps, v));
    }
  }
  for (const [k, s] of Object.entries(props)) {
    if (Object.hasOwn(data, k) && isObj(s)) res.merge(field(k, s, data[k]));
  }
  for (const k of Array.isArray(schema.required) ? schema.required : []) {
    if (!Object.hasOwn(data, k)) {
      const name = `${path}.${k}`;
      res.add({ code: Code.Required, name, message: msg.required(name) });
    }
  }
  res.matchCount++;
  return res;
}

/** kubeOpenAPIResultToFieldErrors: kube-openapi errors as field errors. */
function toFieldError(e: VError): FieldError {
  if (e.code === 0) return invalidValue("<nil>", "", e.message);
  const name = e.name.startsWith(".") ? e.name.slice(1) : e.name;
  const field = name === "" ? "<nil>" : name;
  switch (e.code) {
    case Code.Required:
      return required(field);
    case Code.Enum: {
      const supported = (e.values ?? []).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
      return { type: "FieldValueNotSupported", field, value: badValue(e.value), supported };
    }
    case Code.TooLong:
      // kube-openapi does not report the limit, so kube prints the generic text.
      return { type: "FieldValueTooLong", field, value: e.value, detail: "value is too long" };
    case Code.MaxItems:
      return { type: "FieldValueTooMany", field, value: e.value, detail: `${e.value}: has too many items` };
    case Code.TooManyProperties:
      return { type: "FieldValueTooMany", field, detail: `must have at most ${e.valid} items` };
    case Code.InvalidType:
      return { type: "FieldValueTypeInvalid", field, value: badValue(e.value), detail: e.message };
    default:
      return invalidValue(field, badValue(e.value), e.message);
  }
}

export interface SchemaValidationOptions {
  /** The stored object on update: enables ratcheting of errors in unchanged values. */
  old?: unknown;
}

/**
 * ValidateCustomResource / ValidateCustomResourceUpdate: the object against the CRD version's OpenAPI schema, with
 * kube-openapi's checks, paths and messages. Type errors, required fields, enum, pattern, formats, numeric and
 * length limits, min/max items and properties, uniqueItems, nullable, allOf/anyOf/oneOf/not.
 */
export function validateAgainstSchema(
  obj: unknown,
  schema: JSONSchemaProps | undefined,
  opts: SchemaValidationOptions = {},
): FieldError[] {
  if (!schema) return [];
  const root = opts.old !== undefined ? newNode(opts.old, obj, schema) : undefined;
  const res = validateNode(schema, obj, "", root);
  return res.errors.map(toFieldError);
}

// ---- nulls and defaults (pkg/apiserver/schema/defaulting) ---------------------------------------------------

const isNonNullableNull = (x: unknown, s: Structural | undefined) => x === null && !!s && !s.nullable;

/** PruneNonNullableNullsWithoutDefaults: drops `null` where the schema neither allows it nor defaults it. */
export function pruneNonNullableNulls(x: unknown, s: Structural | undefined): void {
  if (isObj(x)) {
    for (const [k, v] of Object.entries(x)) {
      const child = structuralField(s, k);
      if (isNonNullableNull(v, child) && !child?.default) delete x[k];
      else pruneNonNullableNulls(v, child);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNulls(v, s?.items);
  }
}

/**
 * structuraldefaulting.Default: fills absent fields (and non-nullable nulls) from `default`, outside in. kube
 * runs it on every decode: request bodies and objects read from storage.
 */
export function applyDefaults(x: unknown, s: Structural | undefined): void {
  if (!s) return;
  if (isObj(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (!prop.default) continue;
      if (!Object.hasOwn(x, k) || isNonNullableNull(x[k], prop)) x[k] = structuredClone(prop.default.value);
    }
    for (const k of Object.keys(x)) {
      if (s.properties && Object.hasOwn(s.properties, k)) {
        applyDefaults(x[k], s.properties[k]);
      } else if (isObj(s.additionalProperties)) {
        const ap = s.additionalProperties as Structural;
        if (isNonNullableNull(x[k], ap) && ap.default) x[k] = structuredClone(ap.default.value);
        applyDefaults(x[k], ap);
      }
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (isNonNullableNull(x[i], s.items) && s.items?.default) x[i] = structuredClone(s.items.default.value);
      applyDefaults(x[i], s.items);
    }
  }
}

// ---- ObjectMeta coercion (pkg/apiserver/schema/objectmeta) ----------------------------------------------------

/** An error while decoding a custom resource (becomes 400 `<Kind> in version … cannot be handled as a <Kind>`). */
export class CustomResourceDecodeError extends Error {}

const DECODE_TARGET = { kind: "ObjectMeta", version: "v1" };
const DECODE_PREFIX = `${DECODE_TARGET.kind} in version "${DECODE_TARGET.version}" cannot be handled as a ${DECODE_TARGET.kind}: `;

/**
 * GetObjectMeta + SetObjectMeta: metadata decoded into metav1.ObjectMeta and written back, unknown fields dropped
 * (their paths reported), malformed values an error.
 */
function coerceObjectMeta(metadata: unknown, prefix: string): { meta: Json; unknown: string[] } {
  let out: { value: Json; warnings: string[] };
  try {
    out = decodeWithSchema(metadata, objectMeta, "Warn", DECODE_TARGET);
  } catch (e) {
    if (e instanceof StatusError) {
      const text = e.message.startsWith(DECODE_PREFIX) ? e.message.slice(DECODE_PREFIX.length) : e.message;
      throw new CustomResourceDecodeError(text);
    }
    throw e;
  }
  const unknown = out.warnings.map((w) => {
    const m = /^unknown field "(.*)"$/.exec(w);
    return `${prefix}.${m ? m[1] : w}`;
  });
  return { meta: out.value, unknown };
}

/** CoerceWithOptions for the non-root embedded resources: their apiVersion/kind must be strings, metadata ObjectMeta. */
function coerceEmbedded(x: unknown, s: Structural | undefined, path: string, unknown: string[]): void {
  if (!s) return;
  if (isObj(x)) {
    for (const [k, v] of Object.entries(x)) {
      if (s.embeddedResource) {
        if ((k === "apiVersion" || k === "kind") && typeof v !== "string") {
          const f = invalidValue(childPath(path, k), badValue(v), "must be a string");
          throw new CustomResourceDecodeError(`${f.field}: Invalid value: ${goValueText(v)}: must be a string`);
        }
        if (k === "metadata") {
          const { meta, unknown: u } = coerceObjectMeta(v, childPath(path, "metadata"));
          unknown.push(...u);
          x.metadata = meta;
        }
      }
      const child = structuralField(s, k);
      if (child) coerceEmbedded(x[k], child, childPath(path, k), unknown);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      coerceEmbedded(v, s.items, `${path}[${i}]`, unknown);
    });
  }
}

function goValueText(v: unknown): string {
  if (typeof v === "string") return goQuote(v);
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return goNum(v);
  if (typeof v === "boolean") return String(v);
  return goSharpV(v);
}

// ---- decoding a request body ------------------------------------------------------------------------------

export interface CustomResourceDecodeResult {
  object: KObject;
  /** Paths of dropped unknown fields, in kube's order (pruned fields sorted, then metadata ones). */
  unknownFields: string[];
  /** Warn mode: one `unknown field "…"` per dropped field. */
  warnings: string[];
}

/**
 * Decodes a custom resource body like the CRD handler's codec: prune unknown fields, drop non-nullable nulls,
 * coerce ObjectMeta (root and embedded), apply defaults. With fieldValidation=Strict, unknown fields are a 400
 * `strict decoding error: unknown field "spec.foo", …`; with Warn they come back as warnings.
 */
export function decodeCustomResource(
  body: unknown,
  crs: CustomResourceSchema,
  mode: FieldValidation,
): CustomResourceDecodeResult {
  const fail = (message: string) =>
    badRequest(`${crs.kind} in version "${crs.version}" cannot be handled as a ${crs.kind}: ${message}`);
  if (!isObj(body)) {
    const what = Array.isArray(body) ? "array" : body === null ? "null" : typeof body;
    throw fail(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const obj = structuredClone(body) as Json;
  const unknownFields: string[] = [];
  try {
    if (!crs.preserveUnknownFields) {
      unknownFields.push(...pruneUnknownFields(obj, crs.structural, { isResourceRoot: true }));
      pruneNonNullableNulls(obj, crs.structural);
    }
    const embedded: string[] = [];
    coerceEmbeddedRoot(obj, crs.structural, embedded);
    unknownFields.push(...embedded.sort());
    if (Object.hasOwn(obj, "metadata") && obj.metadata !== null) {
      const { meta, unknown } = coerceObjectMeta(obj.metadata, "metadata");
      obj.metadata = meta;
      unknownFields.push(...unknown);
    } else {
      obj.metadata = {};
    }
  } catch (e) {
    if (e instanceof CustomResourceDecodeError) throw fail(e.message);
    throw e;
  }
  applyDefaults(obj, crs.structural);
  const messages = unknownFields.map((p) => `unknown field "${p}"`);
  if (mode === "Strict" && messages.length > 0) throw fail(`strict decoding error: ${messages.join(", ")}`);
  return { object: obj as KObject, unknownFields, warnings: mode === "Warn" ? messages : [] };
}

/** The root is not coerced as an embedded resource (its metadata is handled separately), its children are. */
function coerceEmbeddedRoot(obj: Json, s: Structural | undefined, unknown: string[]): void {
  if (!s) return;
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata") continue;
    const child = structuralField(s, k);
    if (child) coerceEmbedded(v, child, k, unknown);
  }
}

/**
 * The decode steps that do not report anything, for objects that did not come through decodeCustomResource
 * (patch results, stored objects): prune, drop non-nullable nulls, default.
 */
export function normalizeCustomResource(obj: KObject, crs: CustomResourceSchema): void {
  if (!crs.preserveUnknownFields) {
    pruneUnknownFields(obj, crs.structural, { isResourceRoot: true });
    pruneNonNullableNulls(obj, crs.structural);
  }
  applyDefaults(obj, crs.structural);
}

// ---- list-type set/map invariants (pkg/apiserver/schema/listtype) ---------------------------------------------

const UNSPECIFIED = Symbol("unspecified");

/** Indices of the second occurrence of each repeated element (validateListSet). */
function nonUniqueIndices(items: unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  items.forEach((x, i) => {
    const key =
      x === UNSPECIFIED
        ? "u:"
        : isObj(x) || Array.isArray(x)
          ? `c:${goJSON(x)}`
          : `s:${typeof x}:${x === null ? "null" : String(x)}`;
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    if (times === 1) out.push(i);
  });
  return out;
}

/** json.Marshal of a decoded JSON value: keys sorted, HTML characters escaped. */
export function goJSON(v: unknown): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (isObj(x)) {
      const out: Json = {};
      for (const k of Object.keys(x).sort(compareGoStrings)) out[k] = sortKeys(x[k]);
      return out;
    }
    return x;
  };
  return JSON.stringify(sortKeys(v)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** ValidateListSetsAndMaps: `Duplicate value` for repeated set elements and list-map keys. */
export function validateListSetsAndMaps(obj: unknown, s: Structural | undefined, path = ""): FieldError[] {
  if (!s || !isObj(obj)) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (s.properties && Object.hasOwn(s.properties, k)) {
      errs.push(...listSetsAndMapsOf(v, s.properties[k], childPath(path, k)));
    } else if (isObj(s.additionalProperties)) {
      // field.Path.Key: map keys in brackets.
      errs.push(...listSetsAndMapsOf(v, s.additionalProperties as Structural, `${path}[${k}]`));
    }
  }
  return errs;
}

function listSetsAndMapsOf(v: unknown, s: Structural, path: string): FieldError[] {
  if (Array.isArray(v)) return listSetsAndMapsArray(v, s, path);
  if (isObj(v)) return validateListSetsAndMaps(v, s, path);
  return [];
}

function listSetsAndMapsArray(list: unknown[], s: Structural, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.listType === "set") {
    for (const i of nonUniqueIndices(list)) {
      errs.push({ type: "FieldValueDuplicate", field: `${path}[${i}]`, value: badValue(list[i]) });
    }
  } else if (s.listType === "map") {
    errs.push(...validateListMap(list, s, path));
  }
  if (s.items) for (let i = 0; i < list.length; i++) errs.push(...listSetsAndMapsOf(list[i], s.items, `${path}[${i}]`));
  return errs;
}

function validateListMap(list: unknown[], s: Structural, path: string): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isObj(x)) {
      return [invalidValue(`${path}[${i}]`, badValue(x), "must be an object for an array of list-type map")];
    }
  }
  if (list.length <= 1) return [];
  const keyFields = s.listMapKeys ?? [];
  if (keyFields.length === 1) {
    const kf = keyFields[0];
    const keys = list.map((x) => (isObj(x) && Object.hasOwn(x, kf) ? x[kf] : UNSPECIFIED));
    return nonUniqueIndices(keys).map((i) => ({
      type: "FieldValueDuplicate" as const,
      field: `${path}[${i}]`,
      value: badValue(keys[i] === UNSPECIFIED ? {} : { [kf]: keys[i] }),
    }));
  }
  const keys = list.map((x) => {
    const key: Json = {};
    if (isObj(x)) for (const kf of keyFields) if (Object.hasOwn(x, kf)) key[kf] = x[kf];
    return key;
  });
  return nonUniqueIndices(keys).map((i) => ({
    type: "FieldValueDuplicate" as const,
    field: `${path}[${i}]`,
    value: badValue(keys[i]),
  }));
}

// ---- embedded resources' ObjectMeta (objectmeta/validation.go) ----------------------------------------------

/** schema.ParseGroupVersion's error, or undefined when the text is a valid group/version. */
function parseGroupVersionError(gv: string): string | undefined {
  if (gv === "" || gv === "/") return undefined;
  const n = gv.split("/").length - 1;
  if (n <= 1) return undefined;
  return `unexpected GroupVersion string: ${gv}`;
}

/** validateEmbeddedResource for every x-kubernetes-embedded-resource object below the root. */
export function validateEmbeddedResources(obj: unknown, s: Structural | undefined): FieldError[] {
  if (!s || !isObj(obj)) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const child = structuralField(s, k);
    if (child) errs.push(...embeddedIn(v, child, k));
  }
  return errs;
}

function embeddedIn(x: unknown, s: Structural | undefined, path: string): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (isObj(x)) {
    if (s.embeddedResource) errs.push(...validateEmbeddedResource(x, path));
    for (const [k, v] of Object.entries(x)) {
      if (s.properties && Object.hasOwn(s.properties, k))
        errs.push(...embeddedIn(v, s.properties[k], childPath(path, k)));
      else if (isObj(s.additionalProperties)) {
        errs.push(...embeddedIn(v, s.additionalProperties as Structural, `${path}[${k}]`));
      }
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) errs.push(...embeddedIn(x[i], s.items, `${path}[${i}]`));
  }
  return errs;
}

function validateEmbeddedResource(x: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Object.hasOwn(x, "apiVersion")) errs.push(required(childPath(path, "apiVersion"), "must not be empty"));
  if (!Object.hasOwn(x, "kind")) errs.push(required(childPath(path, "kind"), "must not be empty"));
  for (const [k, v] of Object.entries(x)) {
    if (k === "apiVersion") {
      const p = childPath(path, "apiVersion");
      if (typeof v !== "string") errs.push(invalidValue(p, badValue(v), "must be a string"));
      else if (v.length === 0) errs.push(invalidValue(p, v, "must not be empty"));
      else {
        const e = parseGroupVersionError(v);
        if (e) errs.push(invalidValue(p, v, e));
      }
    } else if (k === "kind") {
      const p = childPath(path, "kind");
      if (typeof v !== "string") errs.push(invalidValue(p, badValue(v), "must be a string"));
      else if (v.length === 0) errs.push(invalidValue(p, v, "must not be empty"));
    } else if (k === "metadata" && isObj(v)) {
      const meta = { ...v };
      if (typeof meta.name !== "string" || meta.name === "") meta.name = "fakename";
      const namespaced = typeof meta.namespace === "string" && meta.namespace !== "";
      errs.push(...validateObjectMeta(meta, { namespaced, nameRule: "path-segment" }, childPath(path, "metadata")));
    }
  }
  return errs;
}

// ---- scale subresource and TypeMeta (registry/customresource/validator.go) -----------------------------------

/** %T of a decoded JSON value. */
const goTypeName = (v: unknown) => (v === null || v === undefined ? "<nil>" : goType(v));

/** unstructured.NestedFieldNoCopy + type assertion, with its accessor errors. */
function nested(
  obj: unknown,
  path: string,
  want: "int64" | "string",
): { value: unknown; found: boolean; error?: string } {
  const fields = path.replace(/^\./, "").split(".");
  let cur: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (cur === null || cur === undefined) return { value: undefined, found: false };
    if (!isObj(cur)) {
      const jp = `.${fields.slice(0, i + 1).join(".")}`;
      return {
        value: undefined,
        found: false,
        error: `${jp} accessor error: ${goFormat(cur)} is of the type ${goTypeName(cur)}, expected map[string]interface{}`,
      };
    }
    if (!Object.hasOwn(cur, fields[i])) return { value: undefined, found: false };
    cur = cur[fields[i]];
  }
  const jp = `.${fields.join(".")}`;
  const ok = want === "int64" ? typeof cur === "number" && Number.isInteger(cur) : typeof cur === "string";
  if (!ok) {
    return {
      value: undefined,
      found: true,
      error: `${jp} accessor error: ${goFormat(cur)} is of the type ${goTypeName(cur)}, expected ${want}`,
    };
  }
  return { value: cur, found: true };
}

const MAX_INT32 = 2147483647;

function replicasErrors(obj: unknown, path: string): FieldError[] {
  const r = nested(obj, path, "int64");
  if (r.error) return [invalidValue(path, 0, r.error)];
  const n = typeof r.value === "number" ? r.value : 0;
  if (n < 0) return [invalidValue(path, n, "should be a non-negative integer")];
  if (n > MAX_INT32) return [invalidValue(path, n, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

/** ValidateScaleSpec: spec replicas must be an int32-sized non-negative integer (field named by the raw path). */
export function validateScaleSpec(obj: unknown, scale: ScaleSubresource | undefined): FieldError[] {
  return scale ? replicasErrors(obj, scale.specReplicasPath) : [];
}

/** ValidateScaleStatus: status replicas like spec replicas, and the label selector a string. */
export function validateScaleStatus(obj: unknown, scale: ScaleSubresource | undefined): FieldError[] {
  if (!scale) return [];
  const errs = replicasErrors(obj, scale.statusReplicasPath);
  if (scale.labelSelectorPath) {
    const r = nested(obj, scale.labelSelectorPath, "string");
    if (r.error) errs.push(invalidValue(scale.labelSelectorPath, "", r.error));
  }
  return errs;
}

/** ValidateTypeMeta: kind and apiVersion must be the CRD version's. */
export function validateTypeMeta(
  obj: KObject,
  crs: Pick<CustomResourceSchema, "group" | "version" | "kind">,
): FieldError[] {
  const errs: FieldError[] = [];
  const gv = `${crs.group}/${crs.version}`;
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  if (kind !== crs.kind) errs.push(invalidValue("kind", kind, `must be ${crs.kind}`));
  if (apiVersion !== gv) errs.push(invalidValue("apiVersion", apiVersion, `must be ${gv}`));
  return errs;
}

// ---- the whole strategy ---------------------------------------------------------------------------------------

export interface CustomResourceValidationOptions {
  /** The stored object, on update (enables ratcheting). */
  old?: KObject;
  /** A status subresource write: spec replicas are not checked (ValidateStatusUpdate). */
  subresource?: "status" | "scale" | string;
}

/**
 * customResourceStrategy.Validate / ValidateUpdate minus ObjectMeta (which the store validates for every kind):
 * TypeMeta first (its errors alone, like kube), then the schema, the scale paths, embedded ObjectMeta and the
 * list-type invariants. CEL rules are not evaluated.
 */
export function validateCustomResource(
  obj: KObject,
  crs: CustomResourceSchema,
  opts: CustomResourceValidationOptions = {},
): FieldError[] {
  const typeErrs = validateTypeMeta(obj, crs);
  if (typeErrs.length > 0) return typeErrs;
  const errs: FieldError[] = [];
  errs.push(...validateAgainstSchema(obj, crs.openAPIV3Schema, { old: opts.old }));
  if (opts.subresource !== "status") errs.push(...validateScaleSpec(obj, crs.scale));
  errs.push(...validateScaleStatus(obj, crs.scale));
  errs.push(...validateEmbeddedResources(obj, crs.structural));
  errs.push(...validateListSetsAndMaps(obj, crs.structural));
  return errs;
}

// ---- strict errors helpers ------------------------------------------------------------------------------------

/** The 400 kube answers a Strict request with unknown fields (same wording as built-in kinds). */
export function strictDecodingError(crs: Pick<CustomResourceSchema, "kind" | "version">, paths: string[]): StatusError {
  const list = paths.map((p) => `unknown field "${p}"`).join(", ");
  return badRequest(
    `${crs.kind} in version "${crs.version}" cannot be handled as a ${crs.kind}: strict decoding error: ${list}`,
  );
}
