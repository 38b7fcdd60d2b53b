/**
 * ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation/objectmeta.go plus the core additions in
 * pkg/apis/core/validation) and small helpers shared by the kind validators in this directory.
 *
 * Every function returns FieldError[] in the order the API server produces them, with the same field paths
 * and messages, so that `invalid()` renders what kubectl prints for a real cluster.
 */
import { type FieldError, forbiddenField, invalidValue, required } from "../errors";
import { isPlainObject } from "../object";
import { compareGoStrings, goQuote } from "../selectors/go-format";
import {
  isQualifiedName,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  type ValidateNameFunc,
  validateAnnotations,
  validateLabels,
  validatePathSegmentName,
} from "./names";

// ---- field paths (k8s.io/apimachinery/pkg/util/validation/field.Path) -------------------------------------

/** `parent.name` (or just `name` at the root). */
export const child = (parent: string, ...names: string[]): string =>
  names.reduce((p, n) => (p ? `${p}.${n}` : n), parent);
/** `parent[i]`. */
export const index = (parent: string, i: number): string => `${parent}[${i}]`;
/** `parent[key]` — Go's Path.Key does not quote the key. */
export const key = (parent: string, k: string): string => `${parent}[${k}]`;

// ---- messages shared with apimachinery -------------------------------------------------------------------

export const FIELD_IMMUTABLE = "field is immutable";
export const IS_NEGATIVE = "must be greater than or equal to 0";
export const IS_NOT_POSITIVE = "must be greater than zero";

// ---- Go %#v rendering of non-scalar bad values -------------------------------------------------------------

/**
 * A bad value that the API server prints with Go's `%#v` (maps, slices, structs). `goString` is the exact text
 * kube prints; JSON serialisation (what errors.ts falls back to) yields the plain value.
 */
export class GoValue {
  constructor(
    readonly value: unknown,
    readonly goString: string,
  ) {}
  toJSON(): unknown {
    return this.value;
  }
  toString(): string {
    return this.goString;
  }
}

export { goQuote };

export function goStringMap(m: unknown): string {
  if (!isPlainObject(m)) return "map[string]string(nil)";
  const keys = Object.keys(m).sort(compareGoStrings);
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(", ")}}`;
}

export function goStringSlice(a: unknown): string {
  if (!Array.isArray(a)) return "[]string(nil)";
  return `[]string{${a.map((s) => goQuote(String(s))).join(", ")}}`;
}

export const goMapValue = (m: unknown): GoValue => new GoValue(m ?? null, goStringMap(m));
export const goSliceValue = (a: unknown): GoValue => new GoValue(a ?? null, goStringSlice(a));

/** metav1.LabelSelector as `%#v` prints it. */
export function goLabelSelector(sel: unknown): string {
  const s = isPlainObject(sel) ? sel : {};
  const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions : undefined;
  const exprText = exprs
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => {
          const r = isPlainObject(e) ? e : {};
          return `v1.LabelSelectorRequirement{Key:${goQuote(String(r.key ?? ""))}, Operator:${goQuote(String(r.operator ?? ""))}, Values:${goStringSlice(r.values)}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprText}}`;
}

/** intstr.IntOrString as `%#v` prints it. */
export function goIntOrString(v: unknown): string {
  if (typeof v === "string") return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  const n = typeof v === "number" ? v : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

/** Renders a JSON value roughly the way `%#v` renders the equivalent Go value (used in diffs). */
export function goAny(v: unknown): string {
  if (v === undefined || v === null) return "nil";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `{${v.map(goAny).join(", ")}}`;
  if (isPlainObject(v)) {
    const parts = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .map((k) => `${goFieldName(k)}: ${goAny(v[k])}`);
    return `{${parts.join(", ")}}`;
  }
  return String(v);
}

/** JSON field name to Go field name (`imagePullPolicy` → `ImagePullPolicy`). */
export const goFieldName = (k: string): string => (k ? k[0].toUpperCase() + k.slice(1) : k);

// ---- generic validators --------------------------------------------------------------------------------

/** ValidateNonnegativeField. */
export function validateNonnegativeField(value: unknown, path: string): FieldError[] {
  return typeof value === "number" && value < 0 ? [invalidValue(path, value, IS_NEGATIVE)] : [];
}

/** ValidateImmutableField: compares JSON values (absent and null are the same). */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: string, shown?: unknown): FieldError[] {
  return semanticEqual(newVal, oldVal) ? [] : [invalidValue(path, shown ?? newVal ?? null, FIELD_IMMUTABLE)];
}

/**
 * apiequality.Semantic.DeepEqual on JSON: absent, null, empty maps and empty lists are treated alike only where Go
 * would see the same zero value after decoding (nil slices/maps vs missing keys).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const na = normalizeForCompare(a);
  const nb = normalizeForCompare(b);
  return JSON.stringify(na) === JSON.stringify(nb);
}

function normalizeForCompare(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(normalizeForCompare);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalizeForCompare(v[k]);
      if (n !== null) out[k] = n;
    }
    return Object.keys(out).length === 0 ? null : out;
  }
  return v;
}

// ---- names ------------------------------------------------------------------------------------------------

export type NameRule = "subdomain" | "label" | "path-segment" | "dns1035-label";
/** A ValidateNameFunc: messages for `name`; `prefix` is true for generateName. */
export type NameFunc = ValidateNameFunc;

export function nameFuncFor(rule: NameRule | NameFunc): NameFunc {
  if (typeof rule === "function") return rule;
  switch (rule) {
    case "label":
      return nameIsDNSLabel;
    case "dns1035-label":
      return nameIsDNS1035Label;
    case "path-segment":
      return validatePathSegmentName;
    default:
      return nameIsDNSSubdomain;
  }
}

// ---- ObjectMeta -------------------------------------------------------------------------------------------

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameRule: NameRule | NameFunc;
  /**
   * apimachinery's generic ObjectMeta validation (apiextensions and custom resources): finalizers need only be
   * qualified names, without kube's "standard or fully qualified" rule of the built-in API groups.
   */
  generic?: boolean;
}

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** validateKubeFinalizerName: un-prefixed finalizers must be one of kube's own. */
export function validateKubeFinalizerName(value: string, path: string): FieldError[] {
  if (!value.includes("/") && !STANDARD_FINALIZERS.has(value)) {
    return [invalidValue(path, value, "name is neither a standard finalizer name nor is it fully qualified")];
  }
  return [];
}

/** core validateFinalizerName: apimachinery's qualified-name rule plus validateKubeFinalizerName (Namespace spec.finalizers). */
export function validateCoreFinalizerName(value: string, path: string): FieldError[] {
  return [
    ...isQualifiedName(value).map((m) => invalidValue(path, value, m)),
    ...validateKubeFinalizerName(value, path),
  ];
}

function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: FieldError[] = [];
  for (const f of finalizers) {
    for (const m of isQualifiedName(String(f))) errs.push(invalidValue(path, f, m));
  }
  if (finalizers.includes("orphan") && finalizers.includes("foregroundDeletion")) {
    errs.push(
      invalidValue(path, goSliceValue(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"),
    );
  }
  return errs;
}

function goOwnerReference(r: Record<string, unknown>): string {
  const ptrBool = (v: unknown) => (typeof v === "boolean" ? "(*bool)(0xc000000000)" : "(*bool)(nil)");
  return `v1.OwnerReference{APIVersion:${goQuote(String(r.apiVersion ?? ""))}, Kind:${goQuote(String(r.kind ?? ""))}, Name:${goQuote(String(r.name ?? ""))}, UID:${goQuote(String(r.uid ?? ""))}, Controller:${ptrBool(r.controller)}, BlockOwnerDeletion:${ptrBool(r.blockOwnerDeletion)}}`;
}

/** schema.FromAPIVersionAndKind: an unparsable apiVersion yields an empty group and version. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: apiVersion };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: "", version: "" };
}

/** ValidateOwnerReferences (errors carry the list's path, not the item's, as in kube). */
export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let firstController = "";
  for (const raw of refs) {
    const ref = isPlainObject(raw) ? raw : {};
    const apiVersion = String(ref.apiVersion ?? "");
    const kind = String(ref.kind ?? "");
    const gv = parseGroupVersion(apiVersion);
    if (!gv.version) errs.push(invalidValue(child(path, "apiVersion"), apiVersion, "version must not be empty"));
    if (!kind) errs.push(invalidValue(child(path, "kind"), kind, "must not be empty"));
    if (!ref.name) errs.push(invalidValue(child(path, "name"), String(ref.name ?? ""), "must not be empty"));
    if (!ref.uid) errs.push(invalidValue(child(path, "uid"), String(ref.uid ?? ""), "must not be empty"));
    if (gv.group === "" && gv.version === "v1" && kind === "Event") {
      errs.push(
        invalidValue(
          path,
          new GoValue(ref, goOwnerReference(ref)),
          "/v1, Kind=Event is disallowed from being an owner",
        ),
      );
    }
    if (ref.controller === true) {
      const name = `${kind}/${String(ref.name ?? "")}`;
      if (firstController) {
        const all = refs.map((r) => goOwnerReference(isPlainObject(r) ? r : {}));
        errs.push(
          invalidValue(
            path,
            new GoValue(refs, `[]v1.OwnerReference{${all.join(", ")}}`),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else {
        firstController = name;
      }
    }
  }
  return errs;
}

function validateManagedFields(entries: unknown, path: string): FieldError[] {
  if (!Array.isArray(entries)) return [];
  const errs: FieldError[] = [];
  entries.forEach((raw, i) => {
    const e = isPlainObject(raw) ? raw : {};
    const p = index(path, i);
    if (e.operation !== "Apply" && e.operation !== "Update") {
      errs.push(invalidValue(child(p, "operation"), String(e.operation ?? ""), "must be `Apply` or `Update`"));
    }
    if (e.fieldsType && e.fieldsType !== "FieldsV1") {
      errs.push(invalidValue(child(p, "fieldsType"), e.fieldsType, "must be `FieldsV1`"));
    }
    const manager = String(e.manager ?? "");
    if (manager.length > 128) {
      errs.push({
        type: "FieldValueTooLong",
        field: child(p, "manager"),
        value: manager,
        detail: "may not be more than 128 bytes",
      });
    }
    if (typeof e.subresource === "string" && e.subresource.length > 256) {
      errs.push({
        type: "FieldValueTooLong",
        field: child(p, "subresource"),
        value: e.subresource,
        detail: "may not be more than 256 bytes",
      });
    }
  });
  return errs;
}

/** ObjectMeta fields shared by create and update (labels, annotations, owner references, finalizers...). */
function validateMetaCommon(meta: Record<string, unknown>, path: string): FieldError[] {
  return [
    ...validateNonnegativeField(meta.generation, child(path, "generation")),
    ...validateLabels(meta.labels as Record<string, string> | undefined, child(path, "labels")),
    ...validateAnnotations(meta.annotations as Record<string, string> | undefined, child(path, "annotations")),
    ...validateOwnerReferences(meta.ownerReferences, child(path, "ownerReferences")),
    ...validateFinalizers(meta.finalizers, child(path, "finalizers")),
    ...validateManagedFields(meta.managedFields, child(path, "managedFields")),
  ];
}

function kubeFinalizerErrors(meta: Record<string, unknown>, path: string): FieldError[] {
  const fins = Array.isArray(meta.finalizers) ? meta.finalizers : [];
  return fins.flatMap((f, i) => validateKubeFinalizerName(String(f), index(child(path, "finalizers"), i)));
}

/**
 * ValidateObjectMeta (core flavour): name or generateName, name rule, namespace, labels, annotations,
 * ownerReferences, finalizers, managedFields. Expects generateName to have been turned into a name already.
 */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions, fieldPath = "metadata"): FieldError[] {
  const m = isPlainObject(meta) ? meta : {};
  const nameFn = nameFuncFor(opts.nameRule);
  const errs: FieldError[] = [];
  const generateName = typeof m.generateName === "string" ? m.generateName : "";
  const name = typeof m.name === "string" ? m.name : "";
  const namespace = typeof m.namespace === "string" ? m.namespace : "";
  if (generateName) {
    for (const msg of nameFn(generateName, true))
      errs.push(invalidValue(child(fieldPath, "generateName"), generateName, msg));
  }
  if (!name) {
    errs.push(required(child(fieldPath, "name"), "name or generateName is required"));
  } else {
    for (const msg of nameFn(name, false)) errs.push(invalidValue(child(fieldPath, "name"), name, msg));
  }
  if (opts.namespaced) {
    if (!namespace) errs.push(required(child(fieldPath, "namespace")));
    else
      for (const msg of nameIsDNSLabel(namespace, false))
        errs.push(invalidValue(child(fieldPath, "namespace"), namespace, msg));
  } else if (namespace) {
    errs.push(forbiddenField(child(fieldPath, "namespace"), "not allowed on this type"));
  }
  errs.push(...validateMetaCommon(m, fieldPath));
  if (!opts.generic) errs.push(...kubeFinalizerErrors(m, fieldPath));
  return errs;
}

export interface ObjectMetaUpdateOptions {
  /** Reject an update whose metadata.resourceVersion is empty (kube does; the store fills it for unconditional updates). */
  requireResourceVersion?: boolean;
}

/** metav1.Time as Go's time.Time.String() prints it. */
function goTime(v: unknown): string {
  if (typeof v !== "string") return "0001-01-01 00:00:00 +0000 UTC";
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

/** ValidateObjectMetaUpdate: identity and timestamps are immutable, resourceVersion required, generation monotonic. */
export function validateObjectMetaUpdate(
  newMeta: unknown,
  oldMeta: unknown,
  fieldPath = "metadata",
  opts: ObjectMetaUpdateOptions = {},
): FieldError[] {
  const n = isPlainObject(newMeta) ? newMeta : {};
  const o = isPlainObject(oldMeta) ? oldMeta : {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const oldF = new Set(Array.isArray(o.finalizers) ? o.finalizers.map(String) : []);
    const extra = [...new Set(Array.isArray(n.finalizers) ? n.finalizers.map(String) : [])]
      .filter((f) => !oldF.has(f))
      .sort();
    if (extra.length) {
      errs.push(
        forbiddenField(
          child(fieldPath, "finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
    }
  }
  if ((opts.requireResourceVersion ?? true) && !n.resourceVersion) {
    errs.push(
      invalidValue(
        child(fieldPath, "resourceVersion"),
        String(n.resourceVersion ?? ""),
        "must be specified for an update",
      ),
    );
  }
  const ng = typeof n.generation === "number" ? n.generation : 0;
  const og = typeof o.generation === "number" ? o.generation : 0;
  if (ng < og) errs.push(invalidValue(child(fieldPath, "generation"), ng, "must not be decremented"));
  errs.push(...validateImmutableField(n.name ?? "", o.name ?? "", child(fieldPath, "name")));
  errs.push(...validateImmutableField(n.namespace ?? "", o.namespace ?? "", child(fieldPath, "namespace")));
  errs.push(...validateImmutableField(n.uid ?? "", o.uid ?? "", child(fieldPath, "uid")));
  if (!semanticEqual(n.creationTimestamp, o.creationTimestamp)) {
    errs.push(
      invalidValue(
        child(fieldPath, "creationTimestamp"),
        new GoValue(n.creationTimestamp ?? null, goTime(n.creationTimestamp)),
        FIELD_IMMUTABLE,
      ),
    );
  }
  if (!semanticEqual(n.deletionTimestamp, o.deletionTimestamp)) {
    const shown = n.deletionTimestamp ? new GoValue(n.deletionTimestamp, goTime(n.deletionTimestamp)) : null;
    errs.push(invalidValue(child(fieldPath, "deletionTimestamp"), shown, FIELD_IMMUTABLE));
  }
  errs.push(
    ...validateImmutableField(
      n.deletionGracePeriodSeconds,
      o.deletionGracePeriodSeconds,
      child(fieldPath, "deletionGracePeriodSeconds"),
    ),
  );
  errs.push(...validateLabels(n.labels as Record<string, string> | undefined, child(fieldPath, "labels")));
  errs.push(
    ...validateAnnotations(n.annotations as Record<string, string> | undefined, child(fieldPath, "annotations")),
  );
  errs.push(...validateOwnerReferences(n.ownerReferences, child(fieldPath, "ownerReferences")));
  errs.push(...validateManagedFields(n.managedFields, child(fieldPath, "managedFields")));
  errs.push(...kubeFinalizerErrors(n, fieldPath));
  return errs;
}
