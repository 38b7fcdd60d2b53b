/**
 * Label and label-selector strings as the printers render them: labels.FormatLabels (maps) and
 * metav1.LabelSelectorAsSelector(...).String() / metav1.FormatLabelSelector (LabelSelector objects), following
 * k8s.io/apimachinery/pkg/labels (Requirement.String, internalSelector.String).
 */

/** labels.FormatLabels: "k1=v1,k2=v2" with keys sorted; "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return "<none>";
  const keys = Object.keys(labels).sort(compareStrings);
  if (keys.length === 0) return "<none>";
  const rec = labels as Record<string, unknown>;
  return keys.map((k) => `${k}=${String(rec[k] ?? "")}`).join(",");
}

/** Byte-wise string order, as Go's sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName, as labels.NewRequirement checks keys. */
function isQualifiedName(key: string): boolean {
  const parts = key.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  } else {
    return false;
  }
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

function isValidLabelValue(v: string): boolean {
  return v.length <= 63 && LABEL_VALUE.test(v);
}

type Op = "=" | "in" | "notin" | "exists" | "!";

interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

function requirementString(r: Requirement): string {
  switch (r.op) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "=":
      return `${r.key}=${r.values[0]}`;
    case "in":
    case "notin": {
      const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareStrings).join(",");
      return `${r.key} ${r.op} (${vals})`;
    }
  }
}

function newRequirement(key: unknown, op: Op, values: unknown[]): Requirement | undefined {
  if (typeof key !== "string" || !isQualifiedName(key)) return undefined;
  const vals: string[] = [];
  for (const v of values) {
    if (typeof v !== "string") return undefined;
    vals.push(v);
  }
  switch (op) {
    case "in":
    case "notin":
      if (vals.length === 0) return undefined;
      break;
    case "=":
      if (vals.length !== 1) return undefined;
      break;
    case "exists":
    case "!":
      if (vals.length !== 0) return undefined;
      break;
  }
  if (!vals.every(isValidLabelValue)) return undefined;
  return { key, op, values: vals };
}

const OPERATORS: Record<string, Op> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, "" for a nil or empty selector.
 * Returns undefined when the selector is invalid (LabelSelectorAsSelector would return an error).
 */
export function labelSelectorString(sel: unknown): string | undefined {
  if (sel === undefined || sel === null) return "";
  if (typeof sel !== "object" || Array.isArray(sel)) return undefined;
  const s = sel as { matchLabels?: unknown; matchExpressions?: unknown };
  const reqs: Requirement[] = [];
  if (s.matchLabels !== undefined && s.matchLabels !== null) {
    if (typeof s.matchLabels !== "object" || Array.isArray(s.matchLabels)) return undefined;
    const ml = s.matchLabels as Record<string, unknown>;
    for (const k of Object.keys(ml).sort(compareStrings)) {
      const r = newRequirement(k, "=", [ml[k]]);
      if (!r) return undefined;
      reqs.push(r);
    }
  }
  if (s.matchExpressions !== undefined && s.matchExpressions !== null) {
    if (!Array.isArray(s.matchExpressions)) return undefined;
    for (const e of s.matchExpressions) {
      if (typeof e !== "object" || e === null) return undefined;
      const expr = e as { key?: unknown; operator?: unknown; values?: unknown };
      const op = typeof expr.operator === "string" ? OPERATORS[expr.operator] : undefined;
      if (!op) return undefined;
      const values = expr.values === undefined || expr.values === null ? [] : expr.values;
      if (!Array.isArray(values)) return undefined;
      const r = newRequirement(expr.key, op, values);
      if (!r) return undefined;
      reqs.push(r);
    }
  }
  // internalSelector.Add sorts by key (stable here; Go's order among equal keys is unspecified).
  reqs.sort((a, b) => compareStrings(a.key, b.key));
  return reqs.map(requirementString).join(",");
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: unknown): string {
  const s = labelSelectorString(sel);
  if (s === undefined) return "<error>";
  return s.length === 0 ? "<none>" : s;
}
