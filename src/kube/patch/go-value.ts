/**
 * JSON values seen the way Go's patch code sees them (interface{} holding map[string]interface{},
 * []interface{}, string, int64, float64, bool or nil), so that the three patch implementations can reproduce
 * its comparisons and the text of its error messages.
 *
 * The API server decodes request bodies with integers preserved (k8s.io/apimachinery/pkg/util/json
 * UnmarshalCaseSensitivePreserveInts) and converts stored objects with runtime.DefaultUnstructuredConverter,
 * so a JSON integer is an int64 and any other number a float64.
 */
import { deepEqual, isPlainObject } from "../object";

export type JsonMap = Record<string, unknown>;

export const GO_MAP = "map[string]interface {}";
export const GO_SLICE = "[]interface {}";

/** Own-property read: patch keys such as `__proto__` are data (ConfigMap keys may be anything). */
export function getOwn(m: JsonMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Own-property write that never triggers the `__proto__` setter. */
export function setOwn(m: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

/** reflect.TypeOf(v).String() for a decoded JSON value; `nil` for null. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return GO_SLICE;
  switch (typeof v) {
    case "object":
      return GO_MAP;
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int64" : "float64";
    default:
      return typeof v;
  }
}

/** What fmt's `%s` prints for a reflect.Type, including the nil type of a nil interface. */
export function goTypeForMessage(v: unknown): string {
  return v === null || v === undefined ? "%!s(<nil>)" : goType(v);
}

/** The JSON kind named by encoding/json's UnmarshalTypeError (`cannot unmarshal array into ...`). */
export function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (isPlainObject(v)) return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

/** Go's `==` on two interface{} values; uncomparable maps/slices (a Go panic) fall back to deep equality. */
export function goEqual(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return x === y;
  return deepEqual(x, y);
}

function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  // strconv.FormatFloat(f, 'g', -1, 64): %e when the exponent is < -4 or >= 6 (shortest precision).
  const [mantissa, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(n);
  const abs = Math.abs(exp);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
}

function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : goFloat(n);
}

const sortedKeys = (m: JsonMap) => Object.keys(m).sort();

/** fmt's `%v`: `map[a:1 b:[x y]]` (keys sorted), `[a b]`, `<nil>`, bare strings. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isPlainObject(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goFormat(v[k])}`)
      .join(" ")}]`;
  if (typeof v === "number") return goNumber(v);
  return String(v);
}

/** fmt's `%s`: strings print bare, other scalars as `%!s(int64=1)`, containers element-wise. */
export function goFormatS(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (Array.isArray(v)) return `[${v.map(goFormatS).join(" ")}]`;
  if (isPlainObject(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goFormatS(v[k])}`)
      .join(" ")}]`;
  return `%!s(${goType(v)}=${goFormat(v)})`;
}
