/**
 * Server-side apply (PATCH with application/apply-patch+yaml), after sigs.k8s.io/structured-merge-diff/v4
 * (merge.Updater.Apply) and the apiserver's FieldManager chain:
 *
 *   versionCheck        the applied object must be of the endpoint's group/version/kind
 *   lastAppliedUpdater  for manager "kubectl", keeps an existing last-applied-configuration annotation in sync
 *   lastAppliedManager  for manager "kubectl", conflicts on fields that the client-side-apply annotation
 *                       shows it applied (and that still hold that value) are forced through
 *   skipNonApplied      an object without managedFields first gets its fields attributed to
 *                       "before-first-apply" (an Update entry)
 *   managedFieldsUpdater / stripMeta / structured merge: merge the configuration into the live object,
 *                       prune what the applier applied last time and no longer applies (unless another
 *                       manager owns it), detect conflicts with other managers, record the Apply entry
 * Pure functions; no I/O.
 */
import { badRequest, StatusError, type StatusReason } from "../errors";
import { deepEqual, isPlainObject, type KObject, splitApiVersion } from "../object";
import { resolve, type Schema } from "../schema/dsl";
import {
  compareTyped,
  FieldSet,
  fieldSetOf,
  goJson,
  isSameComparison,
  mergeTyped,
  pathString,
  removeItems,
  typedErrorsString,
  validateTyped,
} from "./fieldset";
import {
  ConflictsError,
  decodeManagedFields,
  encodeManagedFields,
  type Managed,
  ManagedFieldsDecodeError,
  managerIdentifier,
  normalizeTime,
  printManager,
  setManagedFields,
  stripMeta,
  updateManagers,
  updateOperation,
  type VersionedSet,
  zeroObject,
} from "./managed-fields";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export interface ApplyOptions {
  /** The field manager (?fieldManager=); kube requires one for apply ("" becomes "unknown"). */
  manager: string;
  /** ?force=true: take ownership of conflicting fields instead of failing. */
  force: boolean;
  /** The endpoint's group/version (`apps/v1`); the applied object must use it. */
  apiVersion: string;
  /** Current time, RFC 3339. */
  now: string;
  /** Schema of the kind. */
  schema: Schema;
  /** The endpoint's kind; defaults to the schema's x-kubernetes-group-version-kind or the live object's. */
  kind?: string;
  /** For applies to a subresource (`status`). */
  subresource?: string;
  /** Fields the strategy resets (status for the main resource, all but status for /status). */
  resetFields?: FieldSet;
  /** Reject fields the schema does not declare (`.spec.foo: field not declared in schema`). */
  strict?: boolean;
  /** Zero-valued object used when the live object has no managedFields; defaults to zeroObject(schema). */
  zero?: unknown;
}

/** schema.GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
function gvkString(apiVersion: string, kind: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return `${group}/${version}, Kind=${kind}`;
}

function kindFor(opts: ApplyOptions, live: KObject | undefined): string | undefined {
  if (opts.kind) return opts.kind;
  const r = resolve(opts.schema);
  if (r.kind === "object" && r.gvk?.length) {
    const { group, version } = splitApiVersion(opts.apiVersion);
    const m = r.gvk.find((g) => g.group === group && g.version === version) ?? r.gvk[0];
    return m.kind;
  }
  return live?.kind;
}

/** The 409 kube answers for apply conflicts (internal/conflict.go NewConflictError). */
export function conflictError(conflicts: ConflictsError["conflicts"]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const list = byManager.get(c.manager) ?? [];
      list.push(pathString(c.path));
      byManager.set(c.manager, list);
    }
    const lines: string[] = [];
    for (const m of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${printManager(m)}:`);
      for (const p of byManager.get(m)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new StatusError(409, "Conflict", message, { causes });
}

/** Errors kube returns as plain (non-Status) errors: code 500, empty reason, raw message. */
function plainError(message: string): StatusError {
  return new StatusError(500, "" as StatusReason, message);
}

function objectDesc(obj: KObject, apiVersion: string, kind: string): string {
  const md = isPlainObject(obj.metadata) ? obj.metadata : {};
  const ns = typeof md.namespace === "string" ? md.namespace : "";
  const name = typeof md.name === "string" ? md.name : "";
  return `${ns}/${name}; ${gvkString(apiVersion, kind)}`;
}

function withoutManagedFields(obj: KObject | undefined): Record<string, unknown> {
  if (!obj) return {};
  const copy = structuredClone(obj) as Record<string, unknown>;
  const md = copy.metadata;
  if (isPlainObject(md) && "managedFields" in md) delete md.managedFields;
  return copy;
}

/**
 * Merges an applied configuration into the live object (undefined when the object does not exist yet)
 * and records the applier's ownership. Returns the new object with metadata.managedFields set; the caller
 * still runs defaulting, admission, validation and storage. Throws StatusError: 400 for a wrong
 * kind/version or managedFields in the body, 409 "Conflict" for conflicts without force, 500 (as kube) for
 * configurations that do not fit the schema.
 */
export function serverSideApply(live: KObject | undefined, applied: KObject, opts: ApplyOptions): KObject {
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.managedFields);
  } catch (e) {
    if (e instanceof ManagedFieldsDecodeError) throw plainError(`failed to decode managed fields: ${e.message}`);
    throw e;
  }

  const kind = kindFor(opts, live);
  const appliedApiVersion = typeof applied.apiVersion === "string" ? applied.apiVersion : "";
  const appliedKind = typeof applied.kind === "string" ? applied.kind : "";
  if (appliedApiVersion !== opts.apiVersion || (kind !== undefined && appliedKind !== kind)) {
    throw badRequest(`invalid object type: ${gvkString(appliedApiVersion, appliedKind)}`);
  }
  if (isPlainObject(applied.metadata) && Array.isArray(applied.metadata.managedFields)) {
    throw badRequest("metadata.managedFields must be nil");
  }
  const errs = validateTyped(applied, opts.schema, { strict: opts.strict });
  if (errs.length) {
    throw plainError(
      `failed to create typed patch object (${objectDesc(applied, opts.apiVersion, appliedKind)}): ${typedErrorsString(errs)}`,
    );
  }

  const manager = opts.manager;
  let result: { obj: Record<string, unknown>; managed: Managed };
  try {
    result = applyManaged(live, applied, managed, manager, opts.force, opts);
  } catch (e) {
    if (!(e instanceof ConflictsError)) throw e;
    // lastAppliedManager: upgrading from client-side apply does not conflict on what the annotation owns.
    const allowed = manager === "kubectl" && live ? allowedConflictsFromLastApplied(live, opts) : undefined;
    if (!allowed) throw conflictError(e.conflicts);
    const remaining = e.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length) throw conflictError(remaining);
    result = applyManaged(live, applied, managed, manager, true, opts);
  }

  const obj = result.obj as KObject;
  obj.metadata ??= {};
  // lastAppliedUpdater: keep an existing client-side-apply annotation in sync with what kubectl applies.
  if (manager === "kubectl" && hasLastApplied(obj)) setLastApplied(obj, buildLastApplied(applied));
  setManagedFields(obj, encodeManagedFields(result.managed));
  return obj;
}

function applyManaged(
  liveObj: KObject | undefined,
  applied: KObject,
  managedIn: Managed,
  manager: string,
  force: boolean,
  opts: ApplyOptions,
): { obj: Record<string, unknown>; managed: Managed } {
  const live = withoutManagedFields(liveObj);
  let managed = managedIn;
  // skipNonApplied: attribute the existing fields to "before-first-apply".
  if (managed.fields.size === 0) {
    managed = updateOperation(opts.zero ?? zeroObject(opts.schema), live, managed, "before-first-apply", {
      apiVersion: opts.apiVersion,
      now: opts.now,
      schema: opts.schema,
      subresource: opts.subresource,
      resetFields: opts.resetFields,
    });
  }
  managed = { fields: new Map(managed.fields), times: new Map(managed.times) };
  const id = managerIdentifier({ manager: manager || "unknown", operation: "Apply", subresource: opts.subresource });

  const config = withoutManagedFields(applied);
  const merged = mergeTyped(live, config, opts.schema) ?? {};
  const lastSet = managed.fields.get(id);
  let set = fieldSetOf(config, opts.schema);
  if (opts.resetFields) set = set.recursiveDifference(opts.resetFields);
  managed.fields.set(id, { set, apiVersion: opts.apiVersion, applied: true });
  const pruned = prune(merged, managed.fields, lastSet, opts.schema);
  const compare = updateManagers(live, pruned, managed.fields, id, force, opts);
  stripMeta(managed, id);

  if (isSameComparison(compare)) return { obj: structuredClone(live), managed };
  managed.times.set(id, normalizeTime(opts.now));
  return { obj: dropNulls(pruned, opts.schema) as Record<string, unknown>, managed };
}

/**
 * Updater.prune: removes what the applier applied last time but not now, then adds back whatever any
 * manager (or the new configuration) still owns and whatever the applier did not own before.
 */
function prune(
  merged: unknown,
  managers: Map<string, VersionedSet>,
  lastSet: VersionedSet | undefined,
  schema: Schema,
): unknown {
  if (!lastSet || lastSet.set.isEmpty()) return merged;
  let pruned = removeItems(merged, lastSet.set, schema);
  // addBackOwnedItems
  let owned = new FieldSet();
  for (const vs of managers.values()) owned = owned.union(vs.set);
  const mergedSet = fieldSetOf(merged, schema);
  pruned = removeItems(merged, mergedSet.difference(fieldSetOf(pruned, schema).union(owned)), schema);
  // addBackDanglingItems
  const prunedSet = fieldSetOf(pruned, schema);
  return removeItems(merged, mergedSet.difference(prunedSet).intersection(lastSet.set), schema);
}

/**
 * Converting the merged value back into a Go object turns nulls (fields set to null, maps and lists
 * emptied by pruning) into absent fields. Free-form (`any`) subtrees are kept as they are.
 */
function dropNulls(v: unknown, schema: Schema | undefined): unknown {
  const r = schema ? resolve(schema) : undefined;
  if (r?.kind === "any") return v;
  if (Array.isArray(v)) {
    const items = r?.kind === "array" ? r.items : undefined;
    return v.map((x) => (x === null ? x : dropNulls(x, items)));
  }
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    const child = r?.kind === "object" ? r.properties[k] : r?.kind === "map" ? r.values : undefined;
    out[k] = dropNulls(val, child);
  }
  return out;
}

// ---- client-side apply interplay ---------------------------------------------------------------------

function lastAppliedOf(obj: KObject): string | undefined {
  const ann = obj.metadata?.annotations;
  const v = isPlainObject(ann) ? ann[LAST_APPLIED_ANNOTATION] : undefined;
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function hasLastApplied(obj: KObject): boolean {
  return lastAppliedOf(obj) !== undefined;
}

/**
 * Fields of the last-applied-configuration annotation whose live value still matches: what kubectl's
 * client-side apply owned, which server-side apply by "kubectl" may take over without a conflict.
 */
function allowedConflictsFromLastApplied(live: KObject, opts: ApplyOptions): FieldSet | undefined {
  const raw = lastAppliedOf(live);
  if (!raw) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isPlainObject(last) || last.apiVersion !== opts.apiVersion) return undefined;
  if (validateTyped(last, opts.schema).length) return undefined;
  const set = fieldSetOf(last, opts.schema);
  const c = compareTyped(last, withoutManagedFields(live), opts.schema);
  return set.difference(c.modified).difference(c.added).difference(c.removed);
}

/** The annotation value kube writes: the applied object as Go JSON (sorted keys, trailing newline). */
function buildLastApplied(applied: KObject): string {
  const copy = structuredClone(applied) as Record<string, unknown>;
  const md = copy.metadata;
  if (isPlainObject(md) && isPlainObject(md.annotations)) delete md.annotations[LAST_APPLIED_ANNOTATION];
  return `${goJson(copy)}\n`;
}

function setLastApplied(obj: KObject, value: string): void {
  const annotations: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
  annotations[LAST_APPLIED_ANNOTATION] = value;
  const enc = new TextEncoder();
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += enc.encode(k).length + enc.encode(v).length;
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
  obj.metadata.annotations = annotations;
}

/** True when applying `applied` to `live` would change nothing but managedFields (handy for callers). */
export function sameIgnoringManagedFields(a: KObject, b: KObject): boolean {
  return deepEqual(withoutManagedFields(a), withoutManagedFields(b));
}
