/**
 * ControllerRevisions as the StatefulSet and DaemonSet controllers keep them (pkg/controller/history and the
 * DaemonSet's own snapshots): an immutable snapshot of the pod template, stored as the strategic-merge patch
 * `{"spec":{"template":{…,"$patch":"replace"}}}` that `kubectl rollout undo` applies back onto the owner,
 * numbered by `revision`, named `<owner>-<hash>`, and pruned to spec.revisionHistoryLimit.
 */

import type { KObject } from "../../kube/object";
import { isPlainObject } from "../../kube/object";
import { type ControllerContext, codeOf, declOf } from "../controller-context";
import { controllerRefOf, isControlledBy, newControllerRef } from "./controller-revision-owner";

/** k8s.io/apimachinery/pkg/util/rand alphabet: no vowels, no confusable digits, so hashes never spell words. */
const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** The label the history package puts on every revision it creates (the StatefulSet's). */
export const REVISION_HASH_LABEL = "controller.kubernetes.io/hash";

/** JSON with object keys sorted, as Go's encoding/json marshals a map[string]interface{}. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(",")}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** FNV-1a 32 bits, the hash kube feeds the object (and the collision count) into. */
function fnv32a(s: string, h = 0x811c9dc5): number {
  const bytes = new TextEncoder().encode(s);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * rand.SafeEncodeString(fmt.Sprint(hash.Sum32())): the decimal digits of the hash, each mapped into the safe
 * alphabet, which is why kube's hashes are up to ten characters long.
 */
export function computeHash(content: unknown, collisionCount = 0): string {
  let h = fnv32a(sortedJson(content));
  if (collisionCount > 0) {
    // kube writes the collision count's bytes into the same hasher; mixing it in the same way keeps names
    // unchanged for a collision count of 0.
    h = fnv32a(String(collisionCount), h);
  }
  return [...String(h)].map((c) => SAFE_ALPHANUMS[c.charCodeAt(0) % SAFE_ALPHANUMS.length]).join("");
}

/** getPatch: the owner's template as a replace patch, keys sorted like Go re-marshals it. */
export function templatePatch(owner: KObject): Record<string, unknown> {
  const spec = owner.spec as { template?: Record<string, unknown> } | undefined;
  const template = structuredClone(spec?.template ?? {});
  return JSON.parse(sortedJson({ spec: { template: { ...template, $patch: "replace" } } }));
}

/** The template a revision holds (what ApplyRevision puts back into the owner). */
export function templateOfRevision(rev: KObject): Record<string, unknown> {
  const data = rev.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = structuredClone(data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** EqualRevision: same data (semantically; kube compares the raw bytes, which are canonical). */
export function revisionDataEqual(a: unknown, b: unknown): boolean {
  return sortedJson(a) === sortedJson(b);
}

export function revisionNumber(rev: KObject): number {
  return Number(rev.revision ?? 0);
}

/** Revisions sorted oldest first (by revision number, then creation, then name), like SortControllerRevisions. */
export function sortRevisions(revs: KObject[]): KObject[] {
  return [...revs].sort(
    (a, b) =>
      revisionNumber(a) - revisionNumber(b) ||
      String(a.metadata.creationTimestamp ?? "").localeCompare(String(b.metadata.creationTimestamp ?? "")) ||
      String(a.metadata.name).localeCompare(String(b.metadata.name)),
  );
}

export function nextRevisionNumber(revs: KObject[]): number {
  return revs.reduce((m, r) => Math.max(m, revisionNumber(r)), 0) + 1;
}

/**
 * The owner's revisions: those it controls, plus orphans matching its selector that it adopts (ClaimControllerRevisions).
 */
export function ownedRevisions(
  ctx: ControllerContext,
  owner: KObject,
  selects: (labels: Record<string, string> | undefined) => boolean,
  fieldManager: string,
): KObject[] {
  const decl = declOf(ctx.registry, "apps", "controllerrevisions");
  const ns = owner.metadata.namespace;
  const out: KObject[] = [];
  for (const rev of ctx.store.list(decl, ns, { filter: {} }).items) {
    if (isControlledBy(rev, owner)) {
      out.push(rev);
    } else if (
      !controllerRefOf(rev) &&
      !rev.metadata.deletionTimestamp &&
      !owner.metadata.deletionTimestamp &&
      selects(rev.metadata.labels)
    ) {
      const next = structuredClone(rev);
      next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), newControllerRef(owner)];
      out.push(ctx.store.update(decl, ns, String(rev.metadata.name), next, { dryRun: false, fieldManager }).object);
    }
  }
  return out;
}

export interface NewRevision {
  owner: KObject;
  data: Record<string, unknown>;
  revision: number;
  labels: Record<string, string>;
  /** How the hash is computed for a collision count (the DaemonSet hashes its template, the history package the data). */
  hash: (collisionCount: number) => string;
  /** Extra labels derived from the hash. */
  hashLabels: (hash: string) => Record<string, string>;
  collisionCount: number;
  fieldManager: string;
}

/**
 * CreateControllerRevision: creates `<owner>-<hash>`; when that name holds different data (a hash collision)
 * the collision count goes up and the next name is tried. Returns the revision and the collision count used.
 */
export function createRevision(ctx: ControllerContext, r: NewRevision): { revision: KObject; collisionCount: number } {
  const decl = declOf(ctx.registry, "apps", "controllerrevisions");
  const ns = r.owner.metadata.namespace;
  let collisionCount = r.collisionCount;
  for (;;) {
    const hash = r.hash(collisionCount);
    const name = revisionName(String(r.owner.metadata.name), hash);
    const existing = ctx.store.tryGet(decl, ns, name);
    if (existing) {
      if (revisionDataEqual(existing.data, r.data) && isControlledBy(existing, r.owner)) {
        return { revision: existing, collisionCount };
      }
      collisionCount++;
      continue;
    }
    const rev: KObject = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name,
        namespace: ns,
        labels: { ...r.labels, ...r.hashLabels(hash) },
        ...(r.owner.metadata.annotations ? { annotations: { ...r.owner.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(r.owner)],
      },
      data: r.data,
      revision: r.revision,
    };
    const created = ctx.store.create(decl, ns, rev, { dryRun: false, fieldManager: r.fieldManager });
    return { revision: created, collisionCount };
  }
}

/** ControllerRevisionName: the owner's name (cut to 223 characters) and the hash. */
export function revisionName(owner: string, hash: string): string {
  return `${owner.length > 223 ? owner.slice(0, 223) : owner}-${hash}`;
}

/** Gives an existing revision a new number (a rollback to an older template makes it the newest again). */
export function renumberRevision(
  ctx: ControllerContext,
  rev: KObject,
  revision: number,
  fieldManager: string,
): KObject {
  if (revisionNumber(rev) === revision) return rev;
  const decl = declOf(ctx.registry, "apps", "controllerrevisions");
  const next = structuredClone(rev);
  next.revision = revision;
  return ctx.store.update(decl, rev.metadata.namespace, String(rev.metadata.name), next, {
    dryRun: false,
    fieldManager,
  }).object;
}

/** Deletes the oldest revisions that are not live, keeping at most `limit` of them. */
export function truncateHistory(ctx: ControllerContext, revs: KObject[], live: Set<string>, limit: number): void {
  const decl = declOf(ctx.registry, "apps", "controllerrevisions");
  const history = sortRevisions(revs).filter((r) => !live.has(String(r.metadata.name)));
  const excess = history.length - Math.max(0, limit);
  for (const r of history.slice(0, Math.max(0, excess))) {
    try {
      ctx.store.delete(decl, r.metadata.namespace, String(r.metadata.name), {
        dryRun: false,
        preconditions: { uid: r.metadata.uid },
      });
    } catch (e) {
      if (codeOf(e) !== 404) throw e;
    }
  }
}
