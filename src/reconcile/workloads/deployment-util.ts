/**
 * pkg/controller/deployment/util (Kubernetes 1.32): fenceposts for maxSurge/maxUnavailable, revision and
 * replica annotations, Deployment conditions and the ReplicaSet orderings the rollout relies on.
 */

import { rfc3339 } from "../../apiserver/time";
import { scaledValue } from "../../kube/intstr";
import { deepEqual, type KObject } from "../../kube/object";
import type { LabelSelectorObject } from "../../kube/selectors/label-selector";
import type { PodTemplate } from "./pod-template";
import { rsSpec, rsStatus } from "./replicaset";

export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
export const POD_TEMPLATE_HASH = "pod-template-hash";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const ROLLBACK_TO = "deprecated.deployment.rollback.to";
/** maxRevHistoryLengthInChars: the revision-history annotation keeps about 100 entries. */
export const MAX_REV_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;

// Condition reasons (deploymentutil).
export const NEW_RS_REASON = "NewReplicaSetCreated";
export const FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
export const RS_UPDATED_REASON = "ReplicaSetUpdated";
export const NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
export const TIMED_OUT_REASON = "ProgressDeadlineExceeded";
export const FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
export const PAUSED_REASON = "DeploymentPaused";
export const RESUMED_REASON = "DeploymentResumed";
export const MIN_AVAILABLE_REASON = "MinimumReplicasAvailable";
export const MIN_UNAVAILABLE_REASON = "MinimumReplicasUnavailable";

export type IntOrString = number | string;

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelectorObject;
  template?: PodTemplate;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export const dSpec = (d: KObject) => (d.spec ?? {}) as DeploymentSpec;
export const dStatus = (d: KObject) => (d.status ?? {}) as DeploymentStatus;
export const replicasOf = (d: KObject) => dSpec(d).replicas ?? 1;
export const rsReplicas = (rs: KObject) => rsSpec(rs).replicas ?? 1;

export const isRollingUpdate = (d: KObject) => (dSpec(d).strategy?.type ?? "RollingUpdate") === "RollingUpdate";

/** ResolveFenceposts: surge rounds up, unavailable rounds down, and both zero means one may be unavailable. */
export function resolveFenceposts(d: KObject, desired: number): { surge: number; unavailable: number } {
  const ru = dSpec(d).strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d, replicasOf(d)).surge;
}

export function maxUnavailable(d: KObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d, replicas).unavailable, replicas);
}

export function hasProgressDeadline(d: KObject): boolean {
  const s = dSpec(d).progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: KObject): boolean {
  const l = dSpec(d).revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

// ---- replica counts over sets of ReplicaSets --------------------------------------------------------------

type MaybeRS = KObject | undefined;
const present = (rss: MaybeRS[]) => rss.filter((r): r is KObject => r !== undefined);
const sum = (rss: MaybeRS[], f: (rs: KObject) => number) => present(rss).reduce((n, rs) => n + f(rs), 0);

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export const specReplicaCount = (rss: MaybeRS[]) => sum(rss, rsReplicas);
/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export const actualReplicaCount = (rss: MaybeRS[]) => sum(rss, (rs) => rsStatus(rs).replicas ?? 0);
export const readyReplicaCount = (rss: MaybeRS[]) => sum(rss, (rs) => rsStatus(rs).readyReplicas ?? 0);
export const availableReplicaCount = (rss: MaybeRS[]) => sum(rss, (rs) => rsStatus(rs).availableReplicas ?? 0);
/** controller.FilterActiveReplicaSets: those with spec.replicas > 0. */
export const activeReplicaSets = (rss: MaybeRS[]) => present(rss).filter((rs) => rsReplicas(rs) > 0);

// ---- orderings ---------------------------------------------------------------------------------------------

const created = (rs: KObject) => Date.parse(String(rs.metadata.creationTimestamp ?? "")) || 0;

/** ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreation(a: KObject, b: KObject): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = String(a.metadata.name);
  const nb = String(b.metadata.name);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first (scale up the newest). */
export function bySizeNewer(a: KObject, b: KObject): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: larger first; equal sizes older first (scale down the oldest). */
export function bySizeOlder(a: KObject, b: KObject): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : byCreation(a, b);
}

/** Revision(rs): the revision annotation, or undefined when missing or not a number. */
export function revisionOf(rs: KObject): number | undefined {
  const v = rs.metadata.annotations?.[REVISION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** ReplicaSetsByRevision: lower revision first, then older. */
export function byRevision(a: KObject, b: KObject): number {
  const ra = revisionOf(a) ?? 0;
  const rb = revisionOf(b) ?? 0;
  return ra !== rb ? ra - rb : byCreation(a, b);
}

export function maxRevision(rss: KObject[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

// ---- templates and the new ReplicaSet ---------------------------------------------------------------------

/** Drops empty maps/arrays and nulls, as apiequality.Semantic treats nil and empty alike. */
function semantic(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(semantic);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = semantic(x);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is removed from both. */
export function equalIgnoreHash(t1: PodTemplate | undefined, t2: PodTemplate | undefined): boolean {
  const strip = (t: PodTemplate | undefined) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH];
    return semantic(c);
  };
  return deepEqual(strip(t1), strip(t2));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(d: KObject, rsList: KObject[]): KObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rsSpec(rs).template, dSpec(d).template));
}

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: KObject | undefined, oldRSs: KObject[]): KObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

function intAnnotation(rs: KObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

export const desiredReplicasAnnotation = (rs: KObject) => intAnnotation(rs, DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: KObject) => intAnnotation(rs, MAX_REPLICAS);

/** IsSaturated: the new ReplicaSet runs every desired replica, all available. */
export function isSaturated(d: KObject, rs: KObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = replicasOf(d);
  return rsReplicas(rs) === replicas && desired === replicas && (rsStatus(rs).availableReplicas ?? 0) === replicas;
}

/** SetReplicasAnnotations; true when something changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

const SKIPPED_ANNOTATIONS = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  ROLLBACK_TO,
]);

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's own annotations, raise the revision to newRevision when
 * lower (recording the old number in revision-history: a rollback to this ReplicaSet), and on creation add the
 * desired/max replicas annotations. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: number, exists: boolean): boolean {
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldRevision = a[REVISION];
  let oldRev = 0;
  if (oldRevision !== undefined && oldRevision !== "") {
    if (!/^-?\d+$/.test(oldRevision)) return changed;
    oldRev = Number(oldRevision);
  }
  if (oldRev < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = a[REVISION_HISTORY] ?? "";
      if (history === "") a[REVISION_HISTORY] = oldRevision;
      else {
        const old = history.split(",");
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < old.length) {
          total -= old[start].length + 1;
          start++;
        }
        if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY] = [...old.slice(start), oldRevision].join(",");
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

// ---- conditions --------------------------------------------------------------------------------------------

export function newCondition(type: string, status: string, reason: string, message: string, now: number) {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message } satisfies DeploymentCondition;
}

export function getCondition(status: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime if status is. */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/** DeploymentComplete: every replica updated and available, nothing old left, this generation observed. */
export function deploymentComplete(d: KObject, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === r &&
    (s.replicas ?? 0) === r &&
    (s.availableReplicas ?? 0) === r &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated/ready/available replicas, or fewer old ones, than last recorded. */
export function deploymentProgressing(d: KObject, s: DeploymentStatus): boolean {
  const old = dStatus(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** When the Progressing condition's last update plus the deadline has passed (strictly), the rollout timed out. */
export function progressDeadline(d: KObject, cond: DeploymentCondition): number {
  return Date.parse(String(cond.lastUpdateTime ?? "")) + (dSpec(d).progressDeadlineSeconds ?? 600) * 1000;
}

export function deploymentTimedOut(d: KObject, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(s, "Progressing");
  if (!cond) return false;
  if (cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  return progressDeadline(d, cond) < now;
}

export { scaledValue };
