/**
 * The DaemonSet's history (constructHistory / snapshot / cleanupHistory, v1.32). The current revision is the one
 * whose data equals the template patch — matched by data, never by recomputing a hash, so revisions written by a
 * real controller (the seeded kindnet and kube-proxy ones) are recognised and their hash keeps labelling the pods.
 * A new template gets a snapshot named `<ds>-<hash of the template>`, numbered after the newest old revision.
 */
import type { KObject } from "../../kube/object";
import { type ControllerContext, declOf } from "../controller-context";
import {
  computeHash,
  createRevision,
  nextRevisionNumber,
  ownedRevisions,
  renumberRevision,
  revisionDataEqual,
  revisionNumber,
  sortRevisions,
  templatePatch,
  truncateHistory,
} from "./controller-revision";
import { selectorMatcher } from "./controller-revision-owner";

export const DS_HASH_LABEL = "controller-revision-hash";

export interface DaemonSetHistory {
  current: KObject;
  old: KObject[];
  hash: string;
}

export function constructHistory(ctx: ControllerContext, ds: KObject, fieldManager: string): DaemonSetHistory {
  const decl = declOf(ctx.registry, "apps", "controllerrevisions");
  const data = templatePatch(ds);
  const matching: KObject[] = [];
  const old: KObject[] = [];
  for (let rev of ownedRevisions(ctx, ds, selectorMatcher(ds), fieldManager)) {
    if (!rev.metadata.labels?.[DS_HASH_LABEL]) {
      // Revisions without the hash label get their name as the hash (no collision worries that way).
      const next = structuredClone(rev);
      next.metadata.labels = { ...(next.metadata.labels ?? {}), [DS_HASH_LABEL]: String(rev.metadata.name) };
      rev = ctx.store.update(decl, rev.metadata.namespace, String(rev.metadata.name), next, {
        dryRun: false,
        fieldManager,
      }).object;
    }
    if (revisionDataEqual(rev.data, data)) matching.push(rev);
    else old.push(rev);
  }
  const currRevision = nextRevisionNumber(old);
  let current: KObject;
  if (matching.length === 0) {
    const status = (ds.status ?? {}) as { collisionCount?: number };
    const template = (ds.spec as { template?: Record<string, unknown> }).template ?? {};
    const created = createRevision(ctx, {
      owner: ds,
      data,
      revision: currRevision,
      labels: { ...((template.metadata as { labels?: Record<string, string> })?.labels ?? {}) },
      hash: (cc) => computeHash(template, cc),
      hashLabels: (hash) => ({ [DS_HASH_LABEL]: hash }),
      collisionCount: status.collisionCount ?? 0,
      fieldManager,
    });
    current = created.revision;
    if (created.collisionCount !== (status.collisionCount ?? 0)) {
      // Remember the collision so the next hash is different (written with the rest of the status).
      ds.status = { ...((ds.status ?? {}) as object), collisionCount: created.collisionCount };
    }
  } else {
    // dedupCurHistories: keep the newest equal revision.
    const sorted = sortRevisions(matching);
    current = sorted[sorted.length - 1];
    if (revisionNumber(current) < currRevision) current = renumberRevision(ctx, current, currRevision, fieldManager);
  }
  return { current, old, hash: String(current.metadata.labels?.[DS_HASH_LABEL] ?? "") };
}

/** cleanupHistory: old revisions no live pod uses, beyond revisionHistoryLimit, oldest first. */
export function cleanupHistory(ctx: ControllerContext, ds: KObject, history: DaemonSetHistory, pods: KObject[]): void {
  const limit = (ds.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10;
  const liveHashes = new Set(pods.map((p) => p.metadata.labels?.[DS_HASH_LABEL]));
  const live = new Set<string>([String(history.current.metadata.name)]);
  for (const r of history.old) {
    if (liveHashes.has(r.metadata.labels?.[DS_HASH_LABEL])) live.add(String(r.metadata.name));
  }
  truncateHistory(ctx, history.old, live, limit);
}
