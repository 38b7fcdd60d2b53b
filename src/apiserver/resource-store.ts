/**
 * The generic registry: create / update / delete semantics shared by every kind, on top of the KvStore.
 * Mirrors k8s.io/apiserver/pkg/registry/generic/registry.Store with the kind's declaration as its strategy:
 * system fields (uid, creationTimestamp, generation), defaulting, validation, optimistic concurrency,
 * finalizers and graceful deletion, dry runs, and managedFields bookkeeping.
 */

import { type KvStore, prefixRange, StoreError } from "../durable/store/kv-store";
import { recordUpdate } from "../kube/apply/managed-fields";
import {
  alreadyExists,
  badRequest,
  conflict,
  type FieldError,
  fieldErrorString,
  forbidden,
  gone,
  invalid,
  notFound,
  STALE_OBJECT_MESSAGE,
  StatusError,
} from "../kube/errors";
import { deepClone, deepEqual, isPlainObject, type KObject } from "../kube/object";
import { type AdmissionContext, apiVersionOf, type ClusterView, type KindDeclaration } from "../kube/registry/kind";
import { type Registry, storageKey, storagePrefix } from "../kube/registry/registry";
import { validateObjectMeta, validateObjectMetaUpdate } from "../kube/validation/object-meta";
import { type ListFilter, matchesFilter } from "./list-filter";
import { enforceQuota } from "./quota";
import { generateName, rfc3339 } from "./time";

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  subresource?: string;
}

export interface DeleteOptions {
  dryRun: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListOptions {
  filter: ListFilter;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export interface DeleteResult {
  object: KObject;
  /** False when the object still exists (finalizers or a grace period hold it). */
  deleted: boolean;
}

const SYSTEM_FINALIZERS = { orphan: "orphan", foreground: "foregroundDeletion" } as const;

function resourceRef(decl: KindDeclaration) {
  return { group: decl.group, resource: decl.plural };
}

function metaOf(obj: KObject): Record<string, unknown> {
  return obj.metadata as Record<string, unknown>;
}

/** Continue tokens carry the snapshot revision and the last key returned (base64url JSON, like kube's). */
function encodeContinue(rev: number, lastKey: string): string {
  return btoa(JSON.stringify({ v: "meta.k8s.io/v1", rv: rev, start: lastKey }))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeContinue(token: string): { rev: number; start: string } {
  try {
    const b64 = token.replace(/-/g, "+").replace(/_/g, "/");
    const parsed = JSON.parse(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
    if (parsed.v !== "meta.k8s.io/v1" || typeof parsed.rv !== "number" || typeof parsed.start !== "string") {
      throw new Error("bad shape");
    }
    return { rev: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest(`continue key is not valid: ${JSON.stringify(token)}`);
  }
}

export const CONTINUE_EXPIRED_MESSAGE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

export class ResourceStore {
  constructor(
    readonly kv: KvStore,
    readonly registry: Registry,
    private readonly now: () => number,
  ) {}

  private ctx(operation: "CREATE" | "UPDATE"): AdmissionContext {
    return { now: this.now(), operation, view: this.view };
  }

  /** Reads for strategies and admission: current objects by group and resource. */
  readonly view: ClusterView = {
    list: (group, plural, namespace) => {
      const decl = this.registry.byResource(group, plural);
      return decl ? this.list(decl, namespace, { filter: {} }).items : [];
    },
    get: (group, plural, namespace, name) => {
      const decl = this.registry.byResource(group, plural);
      return decl ? this.tryGet(decl, namespace, name) : undefined;
    },
  };

  get(decl: KindDeclaration, namespace: string | undefined, name: string): KObject {
    const cur = this.kv.get(storageKey(decl, namespace, name));
    if (!cur) throw notFound(resourceRef(decl), name);
    return fromStorage(decl, cur.object);
  }

  tryGet(decl: KindDeclaration, namespace: string | undefined, name: string): KObject | undefined {
    const cur = this.kv.get(storageKey(decl, namespace, name));
    return cur ? fromStorage(decl, cur.object) : undefined;
  }

  list(decl: KindDeclaration, namespace: string | undefined, opts: ListOptions): ListResult {
    const range = prefixRange(storagePrefix(decl, namespace));
    let atRev: number | undefined;
    let afterKey: string | undefined;
    if (opts.continueToken) {
      const c = decodeContinue(opts.continueToken);
      if (c.rev < this.kv.compactedRevision()) throw gone(CONTINUE_EXPIRED_MESSAGE);
      atRev = c.rev;
      afterKey = c.start;
    } else if (opts.resourceVersion && opts.resourceVersion !== "0") {
      const rv = Number(opts.resourceVersion);
      if (!Number.isInteger(rv) || rv < 0) {
        throw badRequest(`resourceVersion: Invalid value: "${opts.resourceVersion}": must be an integer`);
      }
      if (rv > this.kv.revision()) {
        throw new StatusError(504, "Timeout", `Too large resource version: ${rv}, current: ${this.kv.revision()}`, {
          causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
          retryAfterSeconds: 1,
        });
      }
      if (opts.resourceVersionMatch === "Exact") {
        if (rv < this.kv.compactedRevision()) {
          throw gone(`The resourceVersion for the provided list is too old.`);
        }
        atRev = rv;
      }
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
    const snapshot = atRev ?? this.kv.revision();
    const items: KObject[] = [];
    let lastKey = afterKey;
    let more = false;
    // Selectors filter after the scan, so keep reading pages until `limit` matches are found (etcd3 store).
    for (;;) {
      const page = this.kv.list(range, { afterKey: lastKey, limit: limit ? Math.max(limit, 100) : undefined, atRev });
      for (const it of page.items) {
        const key = storageKey(decl, it.object.metadata.namespace, it.object.metadata.name ?? "");
        if (limit && items.length >= limit) {
          more = true;
          break;
        }
        lastKey = key;
        const obj = fromStorage(decl, it.object);
        if (matchesFilter(decl, obj, opts.filter)) items.push(obj);
      }
      if (more || !page.more) break;
      if (!limit) break;
      if (atRev === undefined) atRev = snapshot;
    }
    const result: ListResult = { items, resourceVersion: String(snapshot) };
    if (more && lastKey) {
      result.continueToken = encodeContinue(snapshot, lastKey);
      if (opts.filter.label === undefined && opts.filter.field === undefined && atRev === undefined) {
        result.remainingItemCount = this.kv.countRange(range, lastKey);
      }
    }
    return result;
  }

  // ---- create ------------------------------------------------------------------------------------------

  create(
    decl: KindDeclaration,
    namespace: string | undefined,
    input: KObject,
    opts: WriteOptions & { skipManagedFields?: boolean },
  ): KObject {
    const obj = deepClone(input);
    const meta = metaOf(obj);
    obj.apiVersion = apiVersionOf(decl);
    obj.kind = decl.kind;
    if (decl.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.namespace = namespace ?? (meta.namespace as string | undefined);
    } else {
      delete meta.namespace;
    }
    if (!meta.name && typeof meta.generateName === "string" && meta.generateName) {
      meta.name = generateName(meta.generateName);
    }
    const ctx = this.ctx("CREATE");
    const now = rfc3339(ctx.now);
    // System fields are the server's to set (BeforeCreate / FillObjectMetaSystemFields).
    meta.uid = crypto.randomUUID();
    meta.creationTimestamp = now;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (decl.generationFields) meta.generation = 1;
    else delete meta.generation;
    // Defaulting happens as the body is decoded, before the strategy and admission see it.
    decl.defaults?.(obj, ctx);
    decl.prepareForCreate?.(obj, ctx);

    const errs = [
      ...validateObjectMeta(obj.metadata, {
        namespaced: decl.namespaced,
        nameRule: decl.nameRule,
        generic: decl.genericObjectMeta,
      }),
      ...(decl.validate?.(obj, undefined, ctx) ?? []),
    ];
    if (errs.length > 0) {
      throw invalid(decl.kind, decl.group, String(meta.name ?? meta.generateName ?? ""), uniqueErrors(errs));
    }
    if (decl.namespaced) this.admitNamespace(decl, obj);
    enforceQuota(this.view, decl, obj, undefined, opts.subresource);
    if (!opts.skipManagedFields) {
      recordUpdate(undefined, obj, {
        manager: opts.fieldManager,
        apiVersion: apiVersionOf(decl),
        now,
        schema: decl.schema,
        subresource: opts.subresource,
      });
    }

    const key = storageKey(decl, meta.namespace as string | undefined, String(meta.name));
    if (opts.dryRun) {
      if (this.kv.get(key)) throw alreadyExists(resourceRef(decl), String(meta.name));
      return obj;
    }
    try {
      return fromStorage(decl, this.kv.create(key, toStorage(decl, obj)));
    } catch (e) {
      throw this.mapStoreError(e, decl, String(meta.name));
    }
  }

  /** NamespaceLifecycle admission: no new content in missing or terminating namespaces. */
  private admitNamespace(decl: KindDeclaration, obj: KObject): void {
    const nsDecl = this.registry.lookup("", "v1", "namespaces");
    const ns = obj.metadata.namespace;
    if (!nsDecl || !ns) return;
    const nsObj = this.tryGet(nsDecl, undefined, ns);
    if (!nsObj) throw notFound({ group: "", resource: "namespaces" }, ns);
    const terminating =
      nsObj.metadata.deletionTimestamp || (nsObj.status as { phase?: string } | undefined)?.phase === "Terminating";
    if (terminating) {
      throw forbidden(
        resourceRef(decl),
        String(obj.metadata.name ?? ""),
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  // ---- update ------------------------------------------------------------------------------------------

  /**
   * Replaces an object with `next` (a full object, e.g. from PUT or from applying a patch to `current`).
   * Checks metadata.resourceVersion in `next` against the stored revision when present.
   */
  update(
    decl: KindDeclaration,
    namespace: string | undefined,
    name: string,
    input: KObject,
    opts: WriteOptions & { skipManagedFields?: boolean; internal?: boolean },
  ): { object: KObject; created: boolean } {
    const key = storageKey(decl, namespace, name);
    const cur = this.kv.get(key);
    if (!cur) throw notFound(resourceRef(decl), name);
    const old = fromStorage(decl, cur.object);
    const next = deepClone(input);
    const meta = metaOf(next);
    next.apiVersion = apiVersionOf(decl);
    next.kind = decl.kind;
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (decl.namespaced && meta.namespace && namespace && meta.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.name = name;
    if (decl.namespaced) meta.namespace = namespace;
    const rv = meta.resourceVersion;
    if (rv !== undefined && rv !== "" && String(rv) !== String(cur.rev)) {
      throw conflict(resourceRef(decl), name, STALE_OBJECT_MESSAGE);
    }
    // Built-in kinds allow unconditional updates: a body without a resourceVersion replaces the current one.
    if (rv === undefined || rv === "") meta.resourceVersion = String(cur.rev);

    // Fields owned by the server carry over from the stored object.
    const oldMeta = metaOf(old);
    meta.uid ??= oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    meta.deletionTimestamp = oldMeta.deletionTimestamp;
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    if (meta.deletionTimestamp === undefined) delete meta.deletionTimestamp;
    if (meta.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;

    if (opts.subresource === "status") {
      // The status subresource changes status only (and nothing of metadata but managedFields).
      const status = next.status;
      const keepManaged = meta.managedFields;
      Object.assign(next, deepClone({ ...old, status }));
      metaOf(next).managedFields = keepManaged ?? oldMeta.managedFields;
      if (status === undefined) delete next.status;
    } else if (decl.statusSubresource && !opts.internal) {
      // The main resource ignores status changes when a status subresource exists.
      if (old.status === undefined) delete next.status;
      else next.status = deepClone(old.status);
    }

    const ctx = this.ctx("UPDATE");
    decl.defaults?.(next, ctx);
    decl.prepareForUpdate?.(next, old, ctx);
    if (decl.generationFields) {
      const changed = decl.generationFields.some((f) => !deepEqual(old[f], next[f]));
      meta.generation = (typeof oldMeta.generation === "number" ? oldMeta.generation : 1) + (changed ? 1 : 0);
    }

    const errs = [
      ...validateObjectMeta(next.metadata, {
        namespaced: decl.namespaced,
        nameRule: decl.nameRule,
        generic: decl.genericObjectMeta,
      }),
      ...validateObjectMetaUpdate(next.metadata, old.metadata),
      // Internal writes (the binding subresource) change what the kind's update rules reserve for the system.
      ...(opts.internal ? [] : (decl.validate?.(next, old, ctx) ?? [])),
    ];
    if (errs.length > 0) throw invalid(decl.kind, decl.group, name, uniqueErrors(errs));
    enforceQuota(this.view, decl, next, old, opts.subresource);

    if (!opts.skipManagedFields) {
      recordUpdate(old, next, {
        manager: opts.fieldManager,
        apiVersion: apiVersionOf(decl),
        now: rfc3339(ctx.now),
        schema: decl.schema,
        subresource: opts.subresource,
      });
    }
    return { object: this.commit(decl, key, cur.rev, old, next, opts.dryRun), created: false };
  }

  /**
   * Writes `next` over `old` unless nothing changed (kube skips no-op writes, keeping the resourceVersion), and
   * completes a pending deletion once the last finalizer is gone.
   */
  commit(decl: KindDeclaration, key: string, rev: number, old: KObject, next: KObject, dryRun: boolean): KObject {
    delete metaOf(next).resourceVersion;
    const oldCmp = { ...old, metadata: { ...old.metadata, resourceVersion: undefined, managedFields: undefined } };
    const nextCmp = { ...next, metadata: { ...next.metadata, resourceVersion: undefined, managedFields: undefined } };
    if (deepEqual(oldCmp, nextCmp)) return old;
    const name = String(next.metadata.name);
    const finishing =
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      !next.metadata.deletionGracePeriodSeconds &&
      !(decl.beginDeletion && this.deletionBlocked(decl, next));
    if (dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: String(rev) } };
    try {
      if (finishing) return fromStorage(decl, this.kv.delete(key, rev, toStorage(decl, next)));
      return fromStorage(decl, this.kv.update(key, toStorage(decl, next), rev));
    } catch (e) {
      throw this.mapStoreError(e, decl, name);
    }
  }

  private deletionBlocked(decl: KindDeclaration, obj: KObject): boolean {
    return decl.beginDeletion ? decl.beginDeletion(deepClone(obj)) : false;
  }

  // ---- delete ------------------------------------------------------------------------------------------

  delete(decl: KindDeclaration, namespace: string | undefined, name: string, opts: DeleteOptions): DeleteResult {
    const key = storageKey(decl, namespace, name);
    const cur = this.kv.get(key);
    if (!cur) throw notFound(resourceRef(decl), name);
    const current = fromStorage(decl, cur.object);
    const obj = deepClone(current);
    const meta = metaOf(obj);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) {
      throw conflict(
        resourceRef(decl),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== String(cur.rev)) {
      throw conflict(
        resourceRef(decl),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.rev}`,
      );
    }
    if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) {
      throw invalid("DeleteOptions", "", "", [
        {
          type: "FieldValueInvalid",
          field: "gracePeriodSeconds",
          value: opts.gracePeriodSeconds,
          detail: "must be greater than or equal to 0",
        },
      ]);
    }

    // Propagation policy becomes a finalizer the garbage collector acts on (orphan / foregroundDeletion).
    const finalizers = new Set<string>((meta.finalizers as string[] | undefined) ?? []);
    if (opts.propagationPolicy === "Orphan") {
      finalizers.add(SYSTEM_FINALIZERS.orphan);
      finalizers.delete(SYSTEM_FINALIZERS.foreground);
    } else if (opts.propagationPolicy === "Foreground") {
      finalizers.add(SYSTEM_FINALIZERS.foreground);
      finalizers.delete(SYSTEM_FINALIZERS.orphan);
    } else if (opts.propagationPolicy === "Background") {
      finalizers.delete(SYSTEM_FINALIZERS.orphan);
      finalizers.delete(SYSTEM_FINALIZERS.foreground);
    }
    const nowMs = this.now();
    const grace = decl.deletionGracePeriod ? decl.deletionGracePeriod(obj, opts.gracePeriodSeconds) : 0;
    const blocked = decl.beginDeletion ? decl.beginDeletion(obj) : false;

    if (finalizers.size === 0 && grace === 0 && !blocked) {
      if (opts.dryRun) return { object: current, deleted: true };
      const deletedAt = meta.deletionTimestamp ? obj : { ...obj };
      try {
        return { object: fromStorage(decl, this.kv.delete(key, cur.rev, toStorage(decl, deletedAt))), deleted: true };
      } catch (e) {
        throw this.mapStoreError(e, decl, name);
      }
    }

    // Graceful / finalized deletion: the object stays, marked with deletionTimestamp.
    const existingDeadline = meta.deletionTimestamp ? Date.parse(String(meta.deletionTimestamp)) : undefined;
    const deadline = nowMs + grace * 1000;
    if (existingDeadline === undefined || deadline < existingDeadline) {
      meta.deletionTimestamp = rfc3339(deadline);
      meta.deletionGracePeriodSeconds = grace;
    }
    if (finalizers.size > 0) meta.finalizers = [...finalizers];
    else delete meta.finalizers;
    if (opts.dryRun) return { object: obj, deleted: false };
    try {
      return { object: fromStorage(decl, this.kv.update(key, toStorage(decl, obj), cur.rev)), deleted: false };
    } catch (e) {
      throw this.mapStoreError(e, decl, name);
    }
  }

  mapStoreError(e: unknown, decl: KindDeclaration, name: string): unknown {
    if (!(e instanceof StoreError)) return e;
    switch (e.code) {
      case "Exists":
        return alreadyExists(resourceRef(decl), name);
      case "NotFound":
        return notFound(resourceRef(decl), name);
      case "Conflict":
        return conflict(resourceRef(decl), name, STALE_OBJECT_MESSAGE);
      case "Compacted":
        return gone(e.message);
      case "TooManyObjects":
        return new StatusError(403, "Forbidden", e.message, { name, kind: decl.plural });
    }
  }
}

/** Objects of a kind served in another version's stored form are converted on every read and write. */
export function fromStorage(decl: KindDeclaration, obj: KObject): KObject {
  return decl.storedAs ? decl.storedAs.fromStorage(obj) : obj;
}

export function toStorage(decl: KindDeclaration, obj: KObject): KObject {
  return decl.storedAs ? decl.storedAs.toStorage(obj) : obj;
}

/** Kinds' validators may re-check metadata the generic store already checked; report each error once. */
function uniqueErrors(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = fieldErrorString(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** True when a JSON value is a Kubernetes object with metadata (used by handlers on decoded bodies). */
export function looksLikeObject(v: unknown): v is KObject {
  return isPlainObject(v) && (v.metadata === undefined || isPlainObject(v.metadata));
}
