/**
 * The garbage collector: ownerReferences and the three propagation policies, as kube-controller-manager's
 * garbagecollector does them.
 * - Background: once an owner is gone, dependents with no remaining live owner are deleted; dangling
 *   references next to live ones are dropped.
 * - Orphan: an owner holding the `orphan` finalizer has its references removed from every dependent, then
 *   loses the finalizer (and so disappears).
 * - Foreground: an owner holding `foregroundDeletion` has its dependents deleted (foreground too); when none
 *   remain, the finalizer is removed.
 * Queue keys: a storage key ("is this owner being deleted / is this dependent orphaned?") or `uid:<uid>`
 * ("an object with this uid went away: check its dependents").
 */
import type { Change } from "../durable/store/kv-store";
import type { KObject, OwnerReference } from "../kube/object";
import { storageKey } from "../kube/registry/registry";
import { type ControllerContext, groupOfApiVersion, hasFinalizer, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";

export function garbageCollector(ctx: ControllerContext): Controller {
  /** Live dependents of `uid`, found by scanning ownerReferences inside SQLite. */
  const dependentsOf = (uid: string): { key: string; object: KObject }[] => {
    const rows = ctx.store.kv.rawQuery(
      `SELECT key, value FROM objects WHERE value LIKE ? AND EXISTS (
           SELECT 1 FROM json_each(json_extract(objects.value, '$.metadata.ownerReferences')) r
           WHERE json_extract(r.value, '$.uid') = ?)`,
      `%${uid}%`,
      uid,
    );
    return rows.map((r) => ({ key: String(r.key), object: JSON.parse(String(r.value)) as KObject }));
  };

  const ownerAlive = (dependent: KObject, ref: OwnerReference): boolean => {
    const decl = ctx.registry.byKind(groupOfApiVersion(ref.apiVersion), ref.kind);
    if (!decl) return false;
    const owner = ctx.store.tryGet(decl, decl.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    return owner?.metadata.uid === ref.uid;
  };

  const update = (key: string, mutate: (o: KObject) => void): void => {
    const ref = parseKey(ctx.registry, key);
    if (!ref) return;
    const cur = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
    if (!cur) return;
    const next = structuredClone(cur);
    mutate(next);
    ctx.store.update(ref.decl, ref.namespace, ref.name, next, {
      dryRun: false,
      fieldManager: "generic-garbage-collector",
    });
  };

  const removeFinalizer = (key: string, f: string) =>
    update(key, (o) => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((x) => x !== f);
      if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
    });

  const deleteObject = (key: string, object: KObject, policy: "Background" | "Foreground") => {
    const ref = parseKey(ctx.registry, key);
    if (!ref || object.metadata.deletionTimestamp) return;
    try {
      ctx.store.delete(ref.decl, ref.namespace, ref.name, {
        dryRun: false,
        propagationPolicy: policy,
        preconditions: { uid: object.metadata.uid },
      });
    } catch (e) {
      // Already gone or replaced by a new object of the same name: nothing to collect.
      if (
        !(
          e instanceof Error &&
          "code" in e &&
          ((e as { code: number }).code === 404 || (e as { code: number }).code === 409)
        )
      )
        throw e;
    }
  };

  const controller = {
    name: "garbage-collector",
    keysFor(ch: Change): string[] {
      const keys: string[] = [];
      const m = ch.object.metadata;
      if (ch.type === "DELETED") {
        keys.push(`uid:${m.uid}`);
        // An owner in foreground deletion waits for its dependents; tell it when one goes.
        for (const r of m.ownerReferences ?? []) keys.push(`uid:${r.uid}`);
      } else {
        if (m.deletionTimestamp && (hasFinalizer(ch.object, ORPHAN) || hasFinalizer(ch.object, FOREGROUND))) {
          keys.push(ch.key);
        }
        // A dependent whose owner list changed may now be orphaned.
        if ((m.ownerReferences ?? []).length > 0 && ch.type === "ADDED") keys.push(ch.key);
      }
      return keys;
    },
    reconcile(key: string): ReconcileResult | undefined {
      return reconcileKey(key);
    },
  } satisfies Controller;
  return controller;

  function reconcileKey(key: string): ReconcileResult | undefined {
    if (key.startsWith("uid:")) {
      const uid = key.slice(4);
      for (const d of dependentsOf(uid)) {
        const owners = d.object.metadata.ownerReferences ?? [];
        const waitingOwner = owners.find((r) => r.uid === uid);
        if (!waitingOwner) continue;
        if (ownerStillDeleting(uid, d)) continue;
        const alive = owners.filter((r) => ownerAlive(d.object, r));
        if (alive.length === 0) deleteObject(d.key, d.object, "Background");
        else if (alive.length < owners.length) {
          update(d.key, (o) => {
            o.metadata.ownerReferences = alive;
          });
        }
      }
      // If this uid belongs to an owner in foreground deletion, re-check it.
      const owner = findByUid(uid);
      if (owner) return reconcileKey(owner.key);
      return undefined;
    }
    const ref = parseKey(ctx.registry, key);
    if (!ref) return undefined;
    const obj = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
    if (!obj) return undefined;
    const uid = obj.metadata.uid ?? "";
    if (obj.metadata.deletionTimestamp && hasFinalizer(obj, ORPHAN)) {
      for (const d of dependentsOf(uid)) {
        update(d.key, (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
        });
      }
      removeFinalizer(key, ORPHAN);
      return undefined;
    }
    if (obj.metadata.deletionTimestamp && hasFinalizer(obj, FOREGROUND)) {
      const deps = dependentsOf(uid);
      for (const d of deps) deleteObject(d.key, d.object, "Foreground");
      const blocking = dependentsOf(uid).filter((d) =>
        (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion),
      );
      if (blocking.length === 0) removeFinalizer(key, FOREGROUND);
      return undefined;
    }
    // A dependent: collect it if every owner it names is gone.
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length > 0 && !owners.some((r) => ownerAlive(obj, r))) {
      deleteObject(key, obj, "Background");
    }
    return undefined;
  }

  /** True while the owner with `uid` still exists (e.g. in foreground deletion, waiting for dependents). */
  function ownerStillDeleting(uid: string, d: { object: KObject }): boolean {
    const ref = (d.object.metadata.ownerReferences ?? []).find((r) => r.uid === uid);
    return ref ? ownerAlive(d.object, ref) : false;
  }

  function findByUid(uid: string): { key: string; object: KObject } | undefined {
    const row = ctx.store.kv.rawQuery(
      "SELECT key, value FROM objects WHERE value LIKE ? AND json_extract(value, '$.metadata.uid') = ? LIMIT 1",
      `%${uid}%`,
      uid,
    )[0];
    if (!row) return undefined;
    const object = JSON.parse(String(row.value)) as KObject;
    if (!object.metadata.deletionTimestamp || !hasFinalizer(object, FOREGROUND)) return undefined;
    const ref = parseKey(ctx.registry, String(row.key));
    return ref ? { key: storageKey(ref.decl, ref.namespace, ref.name), object } : undefined;
  }
}
