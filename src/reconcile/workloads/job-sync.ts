/**
 * One sync of one Job, as pkg/controller/job's syncJob does it in Kubernetes 1.32 (with JobPodReplacementPolicy
 * on, as it is by default):
 * - count finished pods through `status.uncountedTerminatedPods` and the `batch.kubernetes.io/job-tracking`
 *   finalizer: a finished pod's UID is first written to the uncounted lists, then its finalizer is removed, then
 *   it moves into `succeeded`/`failed` — so a pod is counted exactly once even across restarts;
 * - decide the outcome: BackoffLimitExceeded (failures > backoffLimit, or container restarts >= backoffLimit with
 *   restartPolicy OnFailure), DeadlineExceeded (activeDeadlineSeconds since startTime); success once
 *   `completions` pods (or, without completions, any pod) succeeded and none is active;
 * - terminal conditions in two steps: the interim FailureTarget / SuccessCriteriaMet first (active pods are
 *   deleted), the final Failed / Complete (and completionTime) once no pod is terminating any more;
 * - otherwise keep `min(parallelism, completions - succeeded)` pods running (Indexed Jobs: one per pending
 *   index), delaying re-creation after failures by the pod-failure back-off; suspend deletes the active pods.
 */

import { rfc3339 } from "../../apiserver/time";
import type { KObject } from "../../kube/object";
import { isPodReady, podPhase } from "../../kube/pod-status";
import type { KindDeclaration } from "../../kube/registry/kind";
import { type LabelSelectorObject, labelSelectorFromObject } from "../../kube/selectors/label-selector";
import type { ControllerContext } from "../controller-context";
import { codeOf } from "../controller-context";
import { type BackoffRecord, type BackoffStore, remainingBackoffMs } from "./job-backoff";
import {
  firstPendingIndexes,
  formatIntervals,
  type Interval,
  intervalsHas,
  intervalsIndexes,
  intervalsOf,
  intervalsTotal,
  parseIntervals,
} from "./job-indexes";
import {
  compareForRemoval,
  completionIndexOf,
  controllerRefOf,
  hasTrackingFinalizer,
  isPodFailed,
  isTerminating,
  JOB_TRACKING_FINALIZER,
  podFromTemplate,
  restartsOf,
} from "./job-pods";
import {
  ensureCondition,
  findCondition,
  isJobFinished,
  type JobCondition,
  type JobStatus,
  jobSpecOf,
  jobStatusOf,
  newCondition,
  serializeStatus,
} from "./job-status";
import { isPodActive } from "./pod-template";

export const JOB_CONTROLLER_SOURCE = { component: "job-controller" };
export const KCM = "kube-controller-manager";
/** syncJobBatchPeriod: the least delay of a re-sync asked for by the controller itself. */
export const SYNC_BATCH_MS = 1000;
/** MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface JobDeps {
  ctx: ControllerContext;
  jobs: KindDeclaration;
  pods: KindDeclaration;
  backoff: BackoffStore;
}

/** The pods a Job owns: those its selector matches that name it as their controller. */
export function podsForJob(d: JobDeps, job: KObject): KObject[] {
  const selector = labelSelectorFromObject(jobSpecOf(job).selector as LabelSelectorObject | undefined);
  return d.ctx.store
    .list(d.pods, job.metadata.namespace, { filter: { label: selector } })
    .items.filter((p) => controllerRefOf(p)?.uid === job.metadata.uid);
}

/** Removes the tracking finalizer; true when it is gone (also when the pod is). */
export function removeTrackingFinalizer(d: JobDeps, pod: KObject): boolean {
  const ns = pod.metadata.namespace;
  const name = String(pod.metadata.name);
  const cur = d.ctx.store.tryGet(d.pods, ns, name);
  if (!cur || cur.metadata.uid !== pod.metadata.uid || !hasTrackingFinalizer(cur)) return true;
  const next = structuredClone(cur);
  next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
  if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
  try {
    d.ctx.store.update(d.pods, ns, name, next, { dryRun: false, fieldManager: KCM });
    return true;
  } catch (e) {
    if (codeOf(e) === 404) return true;
    throw e;
  }
}

/** RealPodControl.DeletePod with its events. Returns false when the delete failed (other than not found). */
function deletePod(d: JobDeps, job: KObject, pod: KObject): boolean {
  const name = String(pod.metadata.name);
  try {
    d.ctx.store.delete(d.pods, pod.metadata.namespace, name, { dryRun: false });
  } catch (e) {
    if (codeOf(e) === 404) return true;
    d.ctx.events.record(
      job,
      "Warning",
      "FailedDelete",
      `Error deleting: ${e instanceof Error ? e.message : e}`,
      JOB_CONTROLLER_SOURCE,
    );
    return false;
  }
  d.ctx.events.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`, JOB_CONTROLLER_SOURCE);
  return true;
}

interface SyncState {
  job: KObject;
  key: string;
  now: number;
  indexed: boolean;
  completions?: number;
  status: JobStatus;
  pods: KObject[];
  activePods: KObject[];
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  onlyReplaceFailed: boolean;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  backoff: BackoffRecord;
  finished?: JobCondition;
  requeueMs?: number;
}

const uidOf = (p: KObject) => String(p.metadata.uid);

export function syncJob(d: JobDeps, key: string, namespace: string | undefined, name: string) {
  const shared = d.ctx.store.tryGet(d.jobs, namespace, name);
  if (!shared) {
    d.backoff.remove(key);
    return undefined;
  }
  if (isJobFinished(shared)) {
    d.backoff.remove(key);
    return undefined;
  }
  const job = structuredClone(shared);
  const spec = jobSpecOf(job);
  const mode = spec.completionMode ?? "NonIndexed";
  if (mode !== "NonIndexed" && mode !== "Indexed") {
    d.ctx.events.record(
      job,
      "Warning",
      "UnknownCompletionMode",
      "Skipped Job sync because completion mode is unknown",
      JOB_CONTROLLER_SOURCE,
    );
    return undefined;
  }
  const now = d.ctx.clock.now();
  const status = structuredClone(jobStatusOf(job));
  status.uncountedTerminatedPods ??= {};
  const pods = podsForJob(d, job);
  const activePods = pods.filter(isPodActive);
  const indexed = mode === "Indexed";
  const completions = spec.completions ?? undefined;
  const onlyReplaceFailed = spec.podReplacementPolicy === "Failed" || spec.podFailurePolicy != null;
  const s: SyncState = {
    job,
    key,
    now,
    indexed,
    completions,
    status,
    pods,
    activePods,
    ready: activePods.filter(isPodReady).length,
    terminating: pods.filter(isTerminating).length,
    succeeded: 0,
    failed: 0,
    onlyReplaceFailed,
    uncountedSucceeded: new Set(status.uncountedTerminatedPods.succeeded ?? []),
    uncountedFailed: new Set(status.uncountedTerminatedPods.failed ?? []),
    prevSucceededIndexes: [],
    succeededIndexes: [],
    backoff: { failuresAfterLastSuccess: 0 },
  };
  const validIndex = (p: KObject) =>
    !indexed || (completionIndexOf(p) >= 0 && completionIndexOf(p) < (completions ?? 0));
  // getNewFinishedPods: finished pods still holding the finalizer and not yet in the uncounted lists.
  const fresh = (p: KObject, uncounted: Set<string>) =>
    hasTrackingFinalizer(p) && !uncounted.has(uidOf(p)) && validIndex(p);
  const newSucceeded = pods.filter((p) => fresh(p, s.uncountedSucceeded) && podPhase(p) === "Succeeded");
  const newFailed = pods.filter((p) => fresh(p, s.uncountedFailed) && isPodFailed(p, onlyReplaceFailed));
  s.succeeded = (status.succeeded ?? 0) + newSucceeded.length + s.uncountedSucceeded.size;
  s.failed = (status.failed ?? 0) + newFailed.length + s.uncountedFailed.size;

  // Job first start; a suspended Job has not started.
  if (!status.startTime && !spec.suspend) status.startTime = rfc3339(now);
  s.backoff = d.backoff.next(key, newSucceeded, newFailed);

  s.finished =
    findCondition(status, "SuccessCriteriaMet")?.status === "True"
      ? findCondition(status, "SuccessCriteriaMet")
      : undefined;
  if (!s.finished) {
    const target = findCondition(status, "FailureTarget");
    if (target?.status === "True")
      s.finished = newCondition("Failed", "True", target.reason ?? "", target.message ?? "", now);
  }
  if (!s.finished) {
    if (s.failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      s.finished = newCondition(
        "FailureTarget",
        "True",
        "BackoffLimitExceeded",
        "Job has reached the specified backoff limit",
        now,
      );
    } else if (pastActiveDeadline(job, status, now)) {
      s.finished = newCondition(
        "FailureTarget",
        "True",
        "DeadlineExceeded",
        "Job was active longer than specified deadline",
        now,
      );
    } else if (spec.activeDeadlineSeconds != null && !spec.suspend && status.startTime) {
      requeue(s, spec.activeDeadlineSeconds * 1000 - (now - Date.parse(status.startTime)), 0);
    }
  }

  if (indexed) {
    // calculateSucceededIndexes: the recorded ones plus succeeded pods not counted yet.
    s.prevSucceededIndexes = parseIntervals(status.completedIndexes, completions ?? 0);
    const fresh = pods
      .filter((p) => podPhase(p) === "Succeeded" && hasTrackingFinalizer(p) && validIndex(p))
      .map(completionIndexOf);
    s.succeededIndexes = intervalsOf([...intervalsIndexes(s.prevSucceededIndexes), ...fresh]);
    s.succeeded = intervalsTotal(s.succeededIndexes);
  }

  let active = activePods.length;
  let suspendChanged = false;
  let manageError: unknown;
  if (s.finished) {
    // The Job is done: its running pods go (their finalizers stay until they are counted below).
    let deleted = 0;
    let deletedReady = 0;
    for (const p of activePods) {
      if (deletePod(d, job, p)) {
        deleted++;
        if (isPodReady(p)) deletedReady++;
      }
    }
    if (deleted !== active) s.finished = undefined;
    active -= deleted;
    s.terminating += deleted;
    s.ready -= deletedReady;
  } else {
    let manageCalled = false;
    if (!job.metadata.deletionTimestamp) {
      try {
        active = manageJob(d, s);
      } catch (e) {
        manageError = e;
        active = s.activePods.length;
      }
      manageCalled = true;
    }
    const complete =
      completions === undefined ? s.succeeded > 0 && active === 0 : s.succeeded >= completions && active === 0;
    if (complete) {
      s.finished = newCondition(
        "SuccessCriteriaMet",
        "True",
        "CompletionsReached",
        "Reached expected number of succeeded pods",
        now,
      );
    } else if (manageCalled) {
      if (spec.suspend) {
        if (ensureCondition(status, "Suspended", "True", "JobSuspended", "Job suspended", now)) {
          suspendChanged = true;
          d.ctx.events.record(job, "Normal", "Suspended", "Job suspended", JOB_CONTROLLER_SOURCE);
        }
      } else if (ensureCondition(status, "Suspended", "False", "JobResumed", "Job resumed", now)) {
        suspendChanged = true;
        d.ctx.events.record(job, "Normal", "Resumed", "Job resumed", JOB_CONTROLLER_SOURCE);
        // activeDeadlineSeconds counts time continuously active: a resumed Job starts again.
        status.startTime = rfc3339(now);
      }
    }
  }

  const needsStatusUpdate =
    suspendChanged ||
    active !== (jobStatusOf(shared).active ?? 0) ||
    s.ready !== jobStatusOf(shared).ready ||
    s.terminating !== jobStatusOf(shared).terminating;
  status.active = active;
  status.ready = s.ready;
  status.terminating = s.terminating;
  trackStatusAndRemoveFinalizers(d, s, needsStatusUpdate);
  if (manageError) throw manageError;
  return s.requeueMs === undefined ? undefined : { requeueAfterMs: s.requeueMs };
}

function requeue(s: SyncState, ms: number, min = SYNC_BATCH_MS): void {
  const after = Math.max(ms, min, 0);
  s.requeueMs = s.requeueMs === undefined ? after : Math.min(s.requeueMs, after);
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count against backoffLimit. */
function pastBackoffLimitOnFailure(job: KObject, pods: KObject[]): boolean {
  const spec = jobSpecOf(job);
  if (spec.template?.spec?.restartPolicy !== "OnFailure") return false;
  const restarts = pods.reduce((n, p) => n + restartsOf(p), 0);
  const limit = spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function pastActiveDeadline(job: KObject, status: JobStatus, now: number): boolean {
  const spec = jobSpecOf(job);
  if (spec.activeDeadlineSeconds == null || !status.startTime || spec.suspend) return false;
  return now - Date.parse(status.startTime) >= spec.activeDeadlineSeconds * 1000;
}

/**
 * activePodsForRemoval: for Indexed Jobs, pods with a missing, out-of-range or repeated index first; then the
 * least advanced pods.
 */
function activePodsForRemoval(s: SyncState, rmAtLeast: number): KObject[] {
  const rm: KObject[] = [];
  let left = s.activePods;
  if (s.indexed) {
    left = [];
    const seen = new Set<number>();
    const byIndex = [...s.activePods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b));
    for (const p of byIndex) {
      const ix = completionIndexOf(p);
      if (ix < 0 || ix >= (s.completions ?? 0) || seen.has(ix)) rm.push(p);
      else {
        seen.add(ix);
        left.push(p);
      }
    }
  }
  if (rm.length < rmAtLeast) rm.push(...[...left].sort(compareForRemoval).slice(0, rmAtLeast - rm.length));
  return rm;
}

/** deleteJobPods: surplus or suspended pods are uncounted — the finalizer goes first, then the pod. */
function deleteJobPods(d: JobDeps, s: SyncState, pods: KObject[]): { removed: number; removedReady: number } {
  let removed = 0;
  let removedReady = 0;
  for (const p of pods) {
    removeTrackingFinalizer(d, p);
    if (deletePod(d, s.job, p)) {
      removed++;
      if (isPodReady(p)) removedReady++;
    }
  }
  return { removed, removedReady };
}

/** manageJob: creates or deletes pods towards the wanted number of active ones; returns the new active count. */
function manageJob(d: JobDeps, s: SyncState): number {
  const spec = jobSpecOf(s.job);
  let active = s.activePods.length;
  const parallelism = spec.parallelism ?? 1;
  if (spec.suspend) {
    const { removed, removedReady } = deleteJobPods(d, s, activePodsForRemoval(s, active));
    s.terminating += removed;
    s.ready -= removedReady;
    return active - removed;
  }
  let wantActive: number;
  if (s.completions === undefined) wantActive = s.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(s.completions - s.succeeded, parallelism));

  const toDelete = activePodsForRemoval(s, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    const { removed, removedReady } = deleteJobPods(d, s, toDelete);
    s.terminating += removed;
    s.ready -= removedReady;
    return active - removed;
  }

  const terminating = s.onlyReplaceFailed ? s.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return active;
  const remaining = remainingBackoffMs(s.backoff, s.now);
  if (remaining > 0) {
    requeue(s, remaining);
    // kube's manageJob reports 0 active pods while it waits out the back-off.
    return 0;
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: (number | undefined)[] = [];
  if (s.indexed) {
    const nonPending = [...intervalsIndexes(s.succeededIndexes), ...s.activePods.map(completionIndexOf)];
    indexes = firstPendingIndexes(nonPending, diff, s.completions ?? 0);
    diff = indexes.length;
  }
  active += diff;
  let error: unknown;
  // Slow start: batches of 1, 2, 4... so a create that keeps failing is tried only a few times.
  let created = 0;
  for (
    let batch = Math.min(diff, SLOW_START_INITIAL_BATCH_SIZE);
    created < diff;
    batch = Math.min(2 * batch, diff - created)
  ) {
    let failedInBatch = false;
    for (let i = 0; i < batch; i++) {
      const ix = s.indexed ? indexes[created + i] : undefined;
      try {
        const pod = d.ctx.store.create(d.pods, s.job.metadata.namespace, podFromTemplate(s.job, ix), {
          dryRun: false,
          fieldManager: KCM,
        });
        d.ctx.events.record(
          s.job,
          "Normal",
          "SuccessfulCreate",
          `Created pod: ${pod.metadata.name}`,
          JOB_CONTROLLER_SOURCE,
        );
      } catch (e) {
        const terminatingNs = e instanceof Error && /because it is being terminated/.test(e.message);
        if (!terminatingNs) {
          d.ctx.events.record(
            s.job,
            "Warning",
            "FailedCreate",
            `Error creating: ${e instanceof Error ? e.message : e}`,
            JOB_CONTROLLER_SOURCE,
          );
        }
        active--;
        failedInBatch = true;
        error ??= e;
      }
    }
    created += batch;
    if (failedInBatch) {
      active -= diff - created;
      break;
    }
  }
  if (error) throw error;
  return active;
}

/** Moves uncounted UIDs whose pods lost the finalizer into the counters; true when anything moved. */
function cleanUncounted(status: JobStatus, withFinalizer: Set<string>): boolean {
  const u = status.uncountedTerminatedPods ?? {};
  let changed = false;
  const succ = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (succ.length !== (u.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - succ.length;
    u.succeeded = succ;
    changed = true;
  }
  const fail = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (fail.length !== (u.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - fail.length;
    u.failed = fail;
    changed = true;
  }
  status.uncountedTerminatedPods = u;
  return changed;
}

function writeStatus(d: JobDeps, s: SyncState): void {
  const next = { ...s.job, status: serializeStatus(s.status) };
  s.job = d.ctx.store.update(d.jobs, s.job.metadata.namespace, String(s.job.metadata.name), next, {
    dryRun: false,
    fieldManager: KCM,
    subresource: "status",
  }).object;
}

/**
 * trackJobStatusAndRemoveFinalizers: records finished pods as uncounted, writes the interim condition, removes
 * the finalizers, moves the counts, and finally adds Complete/Failed when nothing is left uncounted or
 * terminating.
 */
function trackStatusAndRemoveFinalizers(d: JobDeps, s: SyncState, needsStatusUpdate: boolean): void {
  let needsFlush = needsStatusUpdate;
  const status = s.status;
  const uncounted = status.uncountedTerminatedPods ?? {};
  status.uncountedTerminatedPods = uncounted;
  const withFinalizer = new Set(s.pods.filter(hasTrackingFinalizer).map(uidOf));
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;
  const toRemove: KObject[] = [];
  const newSucceededIndexes: number[] = [];
  const pods = s.indexed ? [...s.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b)) : s.pods;
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const failed = isPodFailed(pod, s.onlyReplaceFailed);
    const canRemove = !!s.job.metadata.deletionTimestamp || !!s.finished || podPhase(pod) === "Succeeded" || failed;
    if (!canRemove) continue;
    toRemove.push(pod);
    const uid = uidOf(pod);
    const ix = completionIndexOf(pod);
    if (podPhase(pod) === "Succeeded" && !s.uncountedFailed.has(uid)) {
      if (s.indexed) {
        if (ix >= 0 && ix < (s.completions ?? 0) && !intervalsHas(s.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!s.uncountedSucceeded.has(uid)) {
        uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
        needsFlush = true;
      }
    } else if (failed || (s.finished && s.finished.type !== "SuccessCriteriaMet")) {
      // Once the Job has failed, every pod not yet finished counts as failed.
      if (!s.uncountedFailed.has(uid) && (!s.indexed || (ix >= 0 && ix < (s.completions ?? 0)))) {
        uncounted.failed = [...(uncounted.failed ?? []), uid];
        needsFlush = true;
      }
    }
  }
  if (s.indexed) {
    s.succeededIndexes = intervalsOf([...intervalsIndexes(s.succeededIndexes), ...newSucceededIndexes]);
    const text = formatIntervals(s.succeededIndexes);
    if (text !== (status.completedIndexes ?? "")) needsFlush = true;
    status.succeeded = intervalsTotal(s.succeededIndexes);
    status.completedIndexes = text;
  }
  if (s.finished?.type === "FailureTarget") {
    status.conditions = [...(status.conditions ?? []), s.finished];
    needsFlush = true;
    s.finished = newCondition("Failed", "True", s.finished.reason ?? "", s.finished.message ?? "", s.now);
  }
  if (s.finished?.type === "SuccessCriteriaMet") {
    if (findCondition(status, "SuccessCriteriaMet")?.status !== "True") {
      status.conditions = [...(status.conditions ?? []), s.finished];
      needsFlush = true;
    }
    s.finished = newCondition("Complete", "True", s.finished.reason ?? "", s.finished.message ?? "", s.now);
  }
  if (needsFlush) {
    writeStatus(d, s);
    d.backoff.save(s.key, s.backoff);
    needsFlush = false;
  }
  let removeError: unknown;
  for (const pod of toRemove) {
    try {
      if (removeTrackingFinalizer(d, pod)) withFinalizer.delete(uidOf(pod));
    } catch (e) {
      removeError ??= e;
    }
  }
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;
  if (removeError) {
    if (needsFlush) writeStatus(d, s);
    throw removeError;
  }
  const finished = enactJobFinished(s);
  if (finished) needsFlush = true;
  if (!needsFlush) return;
  writeStatus(d, s);
  if (!finished || !s.finished) return;
  if (s.finished.type === "Complete") {
    if (s.completions !== undefined && (status.succeeded ?? 0) > s.completions) {
      d.ctx.events.record(
        s.job,
        "Warning",
        "TooManySucceededPods",
        "Too many succeeded pods running after completion count reached",
        JOB_CONTROLLER_SOURCE,
      );
    }
    d.ctx.events.record(s.job, "Normal", "Completed", "Job completed", JOB_CONTROLLER_SOURCE);
  } else {
    d.ctx.events.record(s.job, "Warning", s.finished.reason ?? "", s.finished.message ?? "", JOB_CONTROLLER_SOURCE);
  }
}

/** enactJobFinished: the terminal condition waits until nothing is uncounted and no pod is terminating. */
function enactJobFinished(s: SyncState): boolean {
  const f = s.finished;
  if (!f) return false;
  const u = s.status.uncountedTerminatedPods ?? {};
  if ((u.succeeded ?? []).length + (u.failed ?? []).length > 0) return false;
  if (s.terminating > 0) return false;
  ensureCondition(s.status, f.type, f.status, f.reason ?? "", f.message ?? "", s.now);
  if (f.type === "Complete") s.status.completionTime = f.lastTransitionTime;
  return true;
}
