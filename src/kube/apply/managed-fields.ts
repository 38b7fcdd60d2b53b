/**
 * metadata.managedFields tracking for non-apply writes (create, update, patch), after
 * k8s.io/apimachinery/pkg/util/managedfields/internal (the apiserver's FieldManager) and
 * sigs.k8s.io/structured-merge-diff/v4/merge (Updater.Update).
 *
 * The manager chain kube runs for an Update, reproduced here in order:
 *   decodeLiveOrNew      take the request's managedFields when it sets valid ones (`[]` or `[{}]` resets),
 *                        else the live object's; subresource writes always use the live ones
 *   skipNonApplied       an existing object without managedFields stays untracked; creates are tracked
 *   capManagers          at most 10 Update entries; the oldest merge into "ancient-changes" buckets
 *   buildManagerInfo     the entry identity: manager + operation + apiVersion (+ subresource)
 *   managedFieldsUpdater changed fields go to the manager; its time is bumped only if it took fields
 *   stripMeta            apiVersion, kind, metadata.{name,namespace,uid,...} are never owned
 *   Updater.Update       fields the write added or modified move to the manager; removed fields leave
 *                        every manager; entries left empty disappear
 * Pure functions; no I/O.
 */
import { type FieldError, invalid, invalidValue, tooLong } from "../errors";
import { deepEqual, isPlainObject, type KObject, type ManagedFieldsEntry } from "../object";
import { resolve, type Schema } from "../schema/dsl";
import { type Comparison, compareTyped, excludeFields, FieldSet, fieldPath, type Path } from "./fieldset";

export type ManagedFieldsOperation = "Apply" | "Update";

/** One manager's ownership (fieldpath.VersionedSet). */
export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Decoded managedFields: sets and times keyed by manager identifier (see managerIdentifier). */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

function cloneManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

export interface ManagerInfo {
  manager: string;
  operation: ManagedFieldsOperation | string;
  apiVersion?: string;
  subresource?: string;
}

/**
 * BuildManagerIdentifier: the JSON of the entry without time and fields (and without apiVersion for
 * appliers, so an applier keeps one entry whatever version it applies with).
 */
export function managerIdentifier(info: ManagerInfo): string {
  const o: Record<string, string> = {};
  if (info.manager) o.manager = info.manager;
  if (info.operation) o.operation = info.operation;
  if (info.operation !== "Apply" && info.apiVersion) o.apiVersion = info.apiVersion;
  if (info.subresource) o.subresource = info.subresource;
  return JSON.stringify(o);
}

export function parseManagerIdentifier(id: string): ManagerInfo | undefined {
  try {
    const o = JSON.parse(id) as unknown;
    if (!isPlainObject(o)) return undefined;
    return {
      manager: typeof o.manager === "string" ? o.manager : "",
      operation: typeof o.operation === "string" ? o.operation : "",
      apiVersion: typeof o.apiVersion === "string" ? o.apiVersion : undefined,
      subresource: typeof o.subresource === "string" ? o.subresource : undefined,
    };
  } catch {
    return undefined;
  }
}

/** How conflict messages name a manager: `"kubectl-client-side-apply" using apps/v1`, `"kubectl"`. */
export function printManager(id: string): string {
  const info = parseManagerIdentifier(id);
  if (!info) return JSON.stringify(id);
  let s = JSON.stringify(info.manager);
  if (info.subresource) s += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === "Update") s += ` using ${info.apiVersion ?? ""}`;
  return s;
}

export class ManagedFieldsDecodeError extends Error {
  override name = "ManagedFieldsDecodeError";
}

/** DecodeManagedFields: validates and decodes the wire form; throws ManagedFieldsDecodeError. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined | null): Managed {
  const managed = emptyManaged();
  (entries ?? []).forEach((e, i) => {
    if (e.operation !== "Apply" && e.operation !== "Update") {
      throw new ManagedFieldsDecodeError("operation must be `Apply` or `Update`");
    }
    if (!e.apiVersion) throw new ManagedFieldsDecodeError("apiVersion must not be empty");
    if (!e.fieldsType) throw new ManagedFieldsDecodeError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== "FieldsV1") {
      throw new ManagedFieldsDecodeError(
        `invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`,
      );
    }
    const id = managerIdentifier({
      manager: e.manager ?? "",
      operation: e.operation,
      apiVersion: e.apiVersion,
      subresource: e.subresource,
    });
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new ManagedFieldsDecodeError(`error decoding versioned set: error decoding set: ${(err as Error).message}`);
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === "Apply" });
    managed.times.set(id, e.time);
  });
  return managed;
}

function decodeOrEmpty(entries: readonly ManagedFieldsEntry[] | undefined | null): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return emptyManaged();
  }
}

function unixSeconds(t: string | undefined): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Wire form, sorted as kube sorts it: operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const info = parseManagerIdentifier(id) ?? { manager: id, operation: "Update" };
    const e: ManagedFieldsEntry = {};
    if (info.manager) e.manager = info.manager;
    e.operation = vs.applied ? "Apply" : ((info.operation || "Update") as ManagedFieldsOperation);
    e.apiVersion = vs.apiVersion;
    const t = managed.times.get(id);
    if (t) e.time = t;
    e.fieldsType = "FieldsV1";
    e.fieldsV1 = vs.set.toFieldsV1();
    if (info.subresource) e.subresource = info.subresource;
    out.push(e);
  }
  const cmp = (a = "", b = "") => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      unixSeconds(p.time) - unixSeconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource, q.subresource),
  );
}

/** metav1.Time precision: RFC 3339 in UTC, whole seconds. */
export function normalizeTime(now: string): string {
  const ms = Date.parse(now);
  if (Number.isNaN(ms)) return now;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---- helpers shared with apply -----------------------------------------------------------------------

/** Fields no manager ever owns (stripmeta.go). */
export const STRIPPED_FIELDS: FieldSet = FieldSet.of(
  fieldPath("apiVersion"),
  fieldPath("kind"),
  fieldPath("metadata"),
  fieldPath("metadata", "name"),
  fieldPath("metadata", "namespace"),
  fieldPath("metadata", "creationTimestamp"),
  fieldPath("metadata", "selfLink"),
  fieldPath("metadata", "uid"),
  fieldPath("metadata", "clusterName"),
  fieldPath("metadata", "generation"),
  fieldPath("metadata", "managedFields"),
  fieldPath("metadata", "resourceVersion"),
);

export function stripMeta(managed: Managed, id: string): void {
  const vs = managed.fields.get(id);
  if (!vs) return;
  const set = vs.set.difference(STRIPPED_FIELDS);
  if (set.isEmpty()) managed.fields.delete(id);
  else managed.fields.set(id, { ...vs, set });
}

/** A copy of the object without metadata.managedFields. */
export function stripManagedFields<T extends KObject>(obj: T): T {
  const copy = structuredClone(obj);
  if (copy.metadata && "managedFields" in copy.metadata) delete copy.metadata.managedFields;
  return copy;
}

/** Removes metadata.managedFields in place (e.g. for responses that hide them). */
export function removeManagedFields(obj: KObject): void {
  if (obj.metadata && "managedFields" in obj.metadata) delete obj.metadata.managedFields;
}

/** Writes managedFields into the object (removing the field when there are none, as kube does). */
export function setManagedFields(obj: KObject, entries: ManagedFieldsEntry[]): void {
  obj.metadata ??= {};
  if (entries.length === 0) delete obj.metadata.managedFields;
  else obj.metadata.managedFields = entries;
}

/**
 * Go struct fields that are non-pointer structs (present, empty, in a zero-valued object) or
 * non-omitempty lists (present as null). Kube compares a create against `runtime.New(kind)`, whose JSON
 * holds these; the difference shows in managedFields as the `.` entries of fields the zero value lacks.
 */
const NON_POINTER_STRUCT_FIELDS = new Set([
  "metadata",
  "spec",
  "status",
  "template",
  "jobTemplate",
  "strategy",
  "updateStrategy",
]);

/** The JSON of a zero-valued object of the kind (approximation of runtime.New for typed kinds). */
export function zeroObject(schema: Schema): Record<string, unknown> {
  const r = resolve(schema);
  const out: Record<string, unknown> = {};
  if (r.kind !== "object") return out;
  // metav1.ObjectMeta: creationTimestamp is a non-omitempty metav1.Time, null when zero.
  if (r.name.endsWith(".ObjectMeta")) return { creationTimestamp: null };
  for (const [k, s] of Object.entries(r.properties)) {
    const rs = resolve(s);
    if (rs.kind === "object" && NON_POINTER_STRUCT_FIELDS.has(k) && rs.mapType !== "atomic") out[k] = zeroObject(rs);
    else if (k === "containers" && r.name.endsWith(".PodSpec")) out[k] = null;
  }
  return out;
}

function withoutManagedFields(obj: KObject | Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const md = copy.metadata;
  if (isPlainObject(md) && "managedFields" in md) delete md.managedFields;
  return copy;
}

export interface ManagedUpdateOptions {
  apiVersion: string;
  now: string;
  schema: Schema;
  /** Fields reset by the strategy (status for the main resource, all but status for /status). */
  resetFields?: FieldSet;
}

/** merge.Conflicts: fields the write changes that other managers own (manager = identifier JSON). */
export class ConflictsError extends Error {
  override name = "ConflictsError";
  constructor(readonly conflicts: { manager: string; path: Path }[]) {
    super(`${conflicts.length} conflicts`);
  }
}

/**
 * Updater.update: for every manager but `workflow`, takes away the fields the write changed (conflicts,
 * or ConflictsError when not forced) and the fields it removed; drops managers left with nothing.
 * Mutates `managers`; returns the comparison (reset fields excluded).
 */
export function updateManagers(
  live: unknown,
  next: unknown,
  managers: Map<string, VersionedSet>,
  workflow: string,
  force: boolean,
  opts: Pick<ManagedUpdateOptions, "schema" | "resetFields">,
): Comparison {
  const compare = excludeFields(compareTyped(live, next, opts.schema), opts.resetFields);
  const changed = compare.modified.union(compare.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, vs] of managers) {
    if (id === workflow) continue;
    const c = vs.set.intersection(changed);
    if (!c.isEmpty()) conflicts.set(id, c);
  }
  if (!force && conflicts.size > 0) {
    const list: { manager: string; path: Path }[] = [];
    for (const id of [...conflicts.keys()].sort())
      conflicts.get(id)!.iterate((path) => list.push({ manager: id, path }));
    throw new ConflictsError(list);
  }
  for (const [id, vs] of [...managers]) {
    if (id === workflow) continue;
    let set = vs.set;
    const c = conflicts.get(id);
    if (c) set = set.difference(c);
    if (!compare.removed.isEmpty()) set = set.difference(compare.removed);
    if (set !== vs.set) managers.set(id, { ...vs, set });
  }
  for (const [id, vs] of [...managers]) if (vs.set.isEmpty()) managers.delete(id);
  return compare;
}

const CURRENT_OPERATION = "current-operation";
const MAX_UPDATE_MANAGERS = 10;

/**
 * One Update operation through managedFieldsUpdater → stripMeta → Updater.Update, then capManagers.
 * `live` and `next` must not carry managedFields.
 */
export function updateOperation(
  live: unknown,
  next: unknown,
  managed: Managed,
  manager: string,
  opts: ManagedUpdateOptions & { subresource?: string },
): Managed {
  const out = cloneManaged(managed);
  const id = managerIdentifier({
    manager: manager || "unknown",
    operation: "Update",
    apiVersion: opts.apiVersion,
    subresource: opts.subresource,
  });
  const compare = updateManagers(live, next, out.fields, CURRENT_OPERATION, true, opts);
  const prev = out.fields.get(CURRENT_OPERATION);
  let set = (prev?.set ?? new FieldSet()).difference(compare.removed).union(compare.modified).union(compare.added);
  if (opts.resetFields) set = set.recursiveDifference(opts.resetFields);
  if (set.isEmpty()) out.fields.delete(CURRENT_OPERATION);
  else out.fields.set(CURRENT_OPERATION, { set, apiVersion: opts.apiVersion, applied: false });
  stripMeta(out, CURRENT_OPERATION);
  const vs = out.fields.get(CURRENT_OPERATION);
  if (vs) {
    out.fields.delete(CURRENT_OPERATION);
    const previous = out.fields.get(id);
    out.fields.set(id, {
      set: previous ? vs.set.union(previous.set) : vs.set,
      apiVersion: vs.apiVersion,
      applied: false,
    });
    out.times.set(id, normalizeTime(opts.now));
  }
  capUpdateManagers(out);
  return out;
}

/** capManagers: merges the oldest Update entries into per-version "ancient-changes" buckets. */
function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(
    (a, b) => unixSeconds(managed.times.get(a)) - unixSeconds(managed.times.get(b)) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i];
    const vs = managed.fields.get(id);
    if (!vs) continue;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({ manager: "ancient-changes", operation: "Update", apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      const s = managed.fields.get(first)!;
      managed.fields.delete(first);
      managed.fields.set(bucket, s);
    }
    managed.fields.set(bucket, {
      set: vs.set.union(managed.fields.get(bucket)!.set),
      apiVersion: vs.apiVersion,
      applied: false,
    });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, time);
  }
}

// ---- validation --------------------------------------------------------------------------------------

const MAX_FIELD_MANAGER_LENGTH = 128;
const MAX_SUBRESOURCE_NAME_LENGTH = 256;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** unicode.IsPrint approximation: letters, marks, numbers, punctuation, symbols and ASCII space. */
function isPrint(ch: string): boolean {
  return ch === " " || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** ValidateFieldManager (length and printable characters). */
export function validateFieldManager(manager: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(manager) > MAX_FIELD_MANAGER_LENGTH) errs.push(tooLong(field, manager, MAX_FIELD_MANAGER_LENGTH));
  let pos = 0;
  for (const ch of manager) {
    if (!isPrint(ch)) {
      const cp = ch.codePointAt(0)!;
      errs.push(
        invalidValue(
          field,
          manager,
          `invalid character U+${cp.toString(16).toUpperCase().padStart(4, "0")} (at position ${pos})`,
        ),
      );
    }
    pos += utf8Length(ch);
  }
  return errs;
}

/** ValidateManagedFields (k8s.io/apimachinery/pkg/apis/meta/v1/validation), paths under metadata.managedFields. */
export function validateManagedFieldsEntries(
  entries: readonly ManagedFieldsEntry[] | undefined,
  path = "metadata.managedFields",
): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (e.operation !== "Apply" && e.operation !== "Update") {
      errs.push(invalidValue(`${p}.operation`, e.operation ?? "", "must be `Apply` or `Update`"));
    }
    if (e.fieldsType && e.fieldsType !== "FieldsV1") {
      errs.push(invalidValue(`${p}.fieldsType`, e.fieldsType, "must be `FieldsV1`"));
    }
    errs.push(...validateFieldManager(e.manager ?? "", `${p}.manager`));
    if (e.subresource && utf8Length(e.subresource) > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push(tooLong(`${p}.subresource`, e.subresource, MAX_SUBRESOURCE_NAME_LENGTH));
    }
  });
  return errs;
}

// ---- manager names -----------------------------------------------------------------------------------

/**
 * prefixFromUserAgent: the part of the User-Agent before the first `/`, without unprintable characters,
 * cut to 128 bytes (`kubectl/v1.32.0 (linux/amd64) kubernetes/...` → `kubectl`).
 */
export function managerFromUserAgent(userAgent: string): string {
  const head = userAgent.split("/")[0];
  let out = "";
  let bytes = 0;
  for (const ch of head) {
    if (!isPrint(ch)) continue;
    const n = utf8Length(ch);
    if (bytes + n > MAX_FIELD_MANAGER_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * managerOrUserAgent: the ?fieldManager= value when given, else derived from the User-Agent. kubectl sends
 * its own names for most commands (kubectl-create, kubectl-edit, kubectl-client-side-apply, kubectl-patch,
 * kubectl-label, kubectl-annotate, kubectl-replace, kubectl-set, kubectl-scale, kubectl-rollout; `kubectl`
 * for apply --server-side); requests without one get "kubectl" from its User-Agent.
 */
export function fieldManagerName(
  fieldManager: string | undefined | null,
  userAgent: string | undefined | null,
): string {
  if (fieldManager) return fieldManager;
  return managerFromUserAgent(userAgent ?? "");
}

// ---- Update ------------------------------------------------------------------------------------------

export interface RecordUpdateOptions {
  /** Field manager name (see fieldManagerName); "" becomes "unknown". */
  manager: string;
  /** Version the request was made in (`apps/v1`, `v1`). */
  apiVersion: string;
  /** Current time, RFC 3339 (stored with whole-second precision). */
  now: string;
  schema: Schema;
  /** Set for writes to a subresource (`status`, `scale`); the request's managedFields are then ignored. */
  subresource?: string;
  /** Fields the strategy resets and that therefore nobody gains by writing them. */
  resetFields?: FieldSet;
  /** Zero-valued object compared against on create; defaults to zeroObject(schema). */
  zero?: unknown;
}

function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isPlainObject(entries[0]) && Object.values(entries[0]).every((v) => v === undefined);
}

/**
 * Records an Update (create, update, non-apply patch) in newObj.metadata.managedFields, in place.
 * `oldObj` is the stored object (undefined for a create). Throws a 422 StatusError when the request set
 * managedFields that decode but fail validation (e.g. a manager name over 128 bytes).
 */
export function recordUpdate(oldObj: KObject | undefined, newObj: KObject, opts: RecordUpdateOptions): void {
  newObj.metadata ??= {};
  const liveEntries = oldObj?.metadata?.managedFields;
  const reqEntries = newObj.metadata.managedFields as unknown;

  let managed: Managed | undefined;
  let fromRequest = false;
  if (opts.subresource) managed = decodeOrEmpty(liveEntries);
  else if (isResetManagedFields(reqEntries)) managed = emptyManaged();
  else {
    try {
      const m = decodeManagedFields(Array.isArray(reqEntries) ? (reqEntries as ManagedFieldsEntry[]) : []);
      if (m.fields.size > 0) {
        managed = m;
        fromRequest = true;
      }
    } catch {
      // Invalid managedFields in the request: kube falls back to the live object's.
    }
    managed ??= decodeOrEmpty(liveEntries);
  }
  delete newObj.metadata.managedFields;

  // skipNonApplied: an existing object whose managedFields are empty (or were just reset) stays untracked.
  if (managed.fields.size === 0 && oldObj !== undefined) return;

  const live = oldObj ? withoutManagedFields(oldObj) : (opts.zero ?? zeroObject(opts.schema));
  const next = withoutManagedFields(newObj);
  const result = updateOperation(live, next, managed, opts.manager, opts);
  let entries = encodeManagedFields(result);

  if (fromRequest) {
    const errs = validateManagedFieldsEntries(entries);
    if (errs.length) throw invalidFor(newObj, opts.apiVersion, errs);
  }
  if (oldObj && liveEntries && sameModuloTimestamps(liveEntries, entries) && deepEqual(live, next)) {
    entries = structuredClone(liveEntries);
  }
  setManagedFields(newObj, entries);
}

function invalidFor(obj: KObject, apiVersion: string, errs: FieldError[]) {
  const av = obj.apiVersion ?? apiVersion;
  const group = av.includes("/") ? av.slice(0, av.indexOf("/")) : "";
  return invalid(obj.kind ?? "", group, obj.metadata?.name ?? "", errs);
}

function sameModuloTimestamps(a: readonly ManagedFieldsEntry[], b: readonly ManagedFieldsEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((e, i) => deepEqual({ ...e, time: undefined }, { ...b[i], time: undefined }));
}

/**
 * IgnoreManagedFieldsTimestampsTransformer: after defaulting/admission, when the object is otherwise
 * unchanged and its managedFields differ from the stored ones only in timestamps, keep the stored ones
 * (so that no-op writes do not bump resourceVersion). Mutates newObj.
 */
export function ignoreManagedFieldsTimestamps(oldObj: KObject, newObj: KObject): void {
  const oldEntries = oldObj.metadata?.managedFields ?? [];
  const newEntries = newObj.metadata?.managedFields ?? [];
  if (oldEntries.length === 0 || oldEntries.length !== newEntries.length) return;
  if (!sameModuloTimestamps(oldEntries, newEntries)) return;
  if (!deepEqual(withoutManagedFields(oldObj), withoutManagedFields(newObj))) return;
  newObj.metadata.managedFields = structuredClone(oldEntries);
}
