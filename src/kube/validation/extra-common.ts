/**
 * Small helpers shared by the validators of the "extra" kinds (core-extra, batch, autoscaling, discovery, events,
 * rbac, storage, policy, scheduling, networking, apiextensions): JSON accessors, Go `%#v` renderings of the values
 * those validators print (resource.Quantity, pointers, typed string slices), and the generic ObjectMeta pass the
 * registry runs after a strategy's own validation.
 */
import type { FieldError } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { QuantityParseError, quantityFromJSON } from "../quantity";
import { validatePathSegmentName } from "./names";
import { GoValue, goQuote, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta";

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
export const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;
export const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** What `%#v` prints for a non-nil pointer: the address is arbitrary, we use a fixed one. */
export const GO_PTR = "0xc000000000";

/** A typed Go string slice as `%#v` prints it: `[]core.ResourceQuotaScope{"BestEffort"}`. */
export function goTypedSlice(type: string, values: unknown): GoValue {
  if (!Array.isArray(values)) return new GoValue(null, `[]${type}(nil)`);
  return new GoValue(values, `[]${type}{${values.map((v) => goQuote(str(v))).join(", ")}}`);
}

// ---- resource.Quantity as %#v prints it ------------------------------------------------------------------------

const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * The int64 fast path of ParseQuantity: whether it is taken, and whether it keeps the input text as the
 * quantity's cached string (`s`).
 */
function quantityFastPath(text: string): { fast: boolean; keep: boolean } {
  const m = /^[+-]?0*([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m) return { fast: false, keep: false };
  const numPart = m[1] || "0";
  const denom = m[2] ?? "";
  const suffix = m[3];
  if (Object.hasOwn(BINARY_EXP, suffix)) {
    if (denom.length > 0) return { fast: false, keep: false };
    const exp = BINARY_EXP[suffix];
    const precision = 15 - numPart.length - Math.trunc((exp * 3) / 10) - 1;
    if (precision < 0) return { fast: false, keep: false };
    const v = BigInt(numPart);
    if (v << BigInt(exp) > 2n ** 63n - 1n) return { fast: false, keep: false };
    return { fast: true, keep: (v & 7n) !== 0n };
  }
  let exp: number;
  if (Object.hasOwn(DECIMAL_EXP, suffix)) exp = DECIMAL_EXP[suffix];
  else if (/^[eE][+-]?[0-9]+$/.test(suffix)) exp = Number(suffix.slice(1));
  else return { fast: false, keep: false };
  const precision = 18 - (numPart.length + denom.length);
  const scale = exp - denom.length;
  if (precision < 0 || scale < -9) return { fast: false, keep: false };
  const shifted = numPart + denom;
  return { fast: true, keep: scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0" };
}

/**
 * A JSON quantity as Go's `%#v` prints a resource.Quantity value in a field error. `stringCalled` says whether
 * the validator called String() on that very value before the error was built (which caches the canonical
 * text in `s`).
 */
export function goQuantity(v: unknown, stringCalled = false): GoValue {
  let q: ReturnType<typeof quantityFromJSON>;
  try {
    q = quantityFromJSON(v);
  } catch (e) {
    if (e instanceof QuantityParseError) return new GoValue(v, JSON.stringify(v));
    throw e;
  }
  const text = typeof v === "number" ? String(v) : str(v).trim();
  const zero = text === "0";
  const { fast, keep } = zero ? { fast: true, keep: true } : quantityFastPath(text);
  const s = stringCalled ? q.toString() : keep ? text : "";
  const i = fast
    ? `resource.int64Amount{value:${q.mantissa}, scale:${q.exponent}}`
    : "resource.int64Amount{value:0, scale:0}";
  const d = fast ? "resource.infDecAmount{Dec:(*inf.Dec)(nil)}" : `resource.infDecAmount{Dec:(*inf.Dec)(${GO_PTR})}`;
  return new GoValue(q.toString(), `resource.Quantity{i:${i}, d:${d}, s:${goQuote(s)}, Format:"${q.format}"}`);
}

/** Quantity.String() of a JSON quantity, or its raw text when it does not parse. */
export function quantityString(v: unknown): string {
  try {
    return quantityFromJSON(v).toString();
  } catch {
    return str(v);
  }
}

// ---- ObjectMeta passes ------------------------------------------------------------------------------------------

/**
 * What rest.BeforeCreate / BeforeUpdate run after the strategy's own validation succeeded: the generic
 * ObjectMeta checks with the path-segment name rule (create), or ValidateObjectMetaUpdate (update). Kinds whose
 * strategy does not validate ObjectMeta itself (PodDisruptionBudget) only get these.
 */
export function genericObjectMetaErrors(o: KObject, old: KObject | undefined, namespaced: boolean): FieldError[] {
  if (old) return validateObjectMetaUpdate(o.metadata, old.metadata);
  return validateObjectMeta(o.metadata, { namespaced, nameRule: validatePathSegmentName });
}
