/**
 * The StatefulSet's revisions (getStatefulSetRevisions): the update revision is the ControllerRevision whose data
 * equals the current template (created when none does; an older equal one is renumbered as the newest, which is
 * how a rollback shows in `kubectl rollout history`), the current revision is status.currentRevision's.
 */
import type { KObject } from "../../kube/object";
import type { ControllerContext } from "../controller-context";
import {
  computeHash,
  createRevision,
  nextRevisionNumber,
  ownedRevisions,
  REVISION_HASH_LABEL,
  renumberRevision,
  revisionDataEqual,
  sortRevisions,
  templatePatch,
} from "./controller-revision";
import { selectorMatcher } from "./controller-revision-owner";
import { specOf } from "./statefulset-pods";

export interface StatefulSetRevisions {
  all: KObject[];
  current: KObject;
  update: KObject;
  collisionCount: number;
}

export function statefulSetRevisions(ctx: ControllerContext, set: KObject, fieldManager: string): StatefulSetRevisions {
  const revisions = sortRevisions(ownedRevisions(ctx, set, selectorMatcher(set), fieldManager));
  const status = (set.status ?? {}) as { collisionCount?: number; currentRevision?: string };
  let collisionCount = status.collisionCount ?? 0;
  const data = templatePatch(set);
  const next = nextRevisionNumber(revisions);
  const equal = revisions.filter((r) => revisionDataEqual(r.data, data));
  let update: KObject;
  const last = revisions[revisions.length - 1];
  if (equal.length > 0 && last && equal[equal.length - 1].metadata.uid === last.metadata.uid) {
    // Unchanged template: the newest revision is still the update revision.
    update = last;
  } else if (equal.length > 0) {
    update = renumberRevision(ctx, equal[equal.length - 1], next, fieldManager);
  } else {
    const created = createRevision(ctx, {
      owner: set,
      data,
      revision: next,
      labels: { ...((specOf(set).template?.metadata as { labels?: Record<string, string> })?.labels ?? {}) },
      hash: (cc) => computeHash(data, cc),
      hashLabels: (hash) => ({ [REVISION_HASH_LABEL]: hash }),
      collisionCount,
      fieldManager,
    });
    update = created.revision;
    collisionCount = created.collisionCount;
  }
  const all = sortRevisions([...revisions.filter((r) => r.metadata.uid !== update.metadata.uid), update]);
  const current = all.find((r) => r.metadata.name === status.currentRevision) ?? update;
  return { all, current, update, collisionCount };
}
