/**
 * What the job controller reads from and writes into its Pods: phases, the tracking finalizer, completion
 * indexes, finish times, the pod template it stamps out (controller.GetPodFromTemplate plus the Indexed-Job
 * additions) and the order in which surplus pods go (controller.ActivePods).
 */
import { newControllerRef } from "../../kube/controller-ref";
import type { KObject } from "../../kube/object";
import { isPodReady, podPhase } from "../../kube/pod-status";
import { type PodTemplate, podFromTemplate as podFromPodTemplate } from "./pod-template";

export { controllerRefOf, newControllerRef } from "../../kube/controller-ref";

export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
export const COMPLETION_INDEX_KEY = "batch.kubernetes.io/job-completion-index";
export const COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";
/** names.MaxGeneratedNameLength: 63 minus the five random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

interface ContainerStatus {
  restartCount?: number;
  state?: { terminated?: { finishedAt?: string } };
}

interface PodStatus {
  phase?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

export const podStatusOf = (pod: KObject): PodStatus => (pod.status ?? {}) as PodStatus;

export function hasTrackingFinalizer(pod: KObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** controller.CountTerminatingPods: being deleted but not finished yet. */
export function isTerminating(pod: KObject): boolean {
  const phase = podPhase(pod);
  return !!pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

/**
 * isPodFailed: phase Failed, or (unless only failed pods are replaced) deleted before it succeeded, which counts
 * orphaned or evicted pods that never reach a terminal phase.
 */
export function isPodFailed(pod: KObject, onlyReplaceFailed: boolean): boolean {
  if (podPhase(pod) === "Failed") return true;
  if (onlyReplaceFailed) return false;
  return !!pod.metadata.deletionTimestamp && podPhase(pod) !== "Succeeded";
}

/** getCompletionIndex: the annotation's value, -1 when missing or malformed. */
export function completionIndexOf(pod: KObject): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX_KEY];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  return Number(v);
}

/**
 * getFinishedTime (backoff_utils.go): the latest container finish when every container has finished, else when
 * Ready turned False, else the deletion time less its grace period, else creation.
 */
export function finishedTimeOf(pod: KObject): number {
  const st = podStatusOf(pod);
  const statuses = st.containerStatuses ?? [];
  let latest: number | undefined;
  if (statuses.length > 0) {
    for (const cs of statuses) {
      const at = cs.state?.terminated?.finishedAt;
      if (!at) {
        latest = undefined;
        break;
      }
      latest = Math.max(latest ?? 0, Date.parse(at));
    }
  }
  if (latest !== undefined) return latest;
  const ready = st.conditions?.find((c) => c.type === "Ready" && c.status === "False");
  if (ready?.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp)
    return Date.parse(pod.metadata.deletionTimestamp) - Number(pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(String(pod.metadata.creationTimestamp ?? 0));
}

/** Container restarts of a pending or running pod (pastBackoffLimitOnFailure). */
export function restartsOf(pod: KObject): number {
  const st = podStatusOf(pod);
  if (st.phase !== "Running" && st.phase !== "Pending") return 0;
  return [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].reduce(
    (n, cs) => n + (cs.restartCount ?? 0),
    0,
  );
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the whole prefix fits. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  if (prefix.length <= MAX_GENERATED_NAME_LENGTH) return prefix;
  return jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix;
}

type Obj = Record<string, unknown>;

/**
 * The pod the job controller creates: the template's labels, annotations and spec, the tracking finalizer, a
 * controller reference; Indexed Jobs add the completion index (annotation, label, JOB_COMPLETION_INDEX env) and
 * hostname `<job>-<index>`.
 */
export function podFromTemplate(job: KObject, index: number | undefined): KObject {
  const template = ((job.spec ?? {}) as Obj).template ?? {};
  const pod = podFromPodTemplate(template as PodTemplate, job, newControllerRef(job, "batch/v1", "Job"));
  const meta = pod.metadata;
  const finalizers = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  meta.finalizers = finalizers;
  if (index !== undefined) {
    const name = String(job.metadata.name);
    const podSpec = pod.spec as Obj;
    for (const list of ["initContainers", "containers"]) {
      for (const c of (podSpec[list] ?? []) as Obj[]) {
        const env = (c.env ?? []) as Obj[];
        if (env.some((e) => e.name === COMPLETION_INDEX_ENV)) continue;
        env.push({
          name: COMPLETION_INDEX_ENV,
          valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } },
        });
        c.env = env;
      }
    }
    meta.annotations = { ...(meta.annotations ?? {}), [COMPLETION_INDEX_KEY]: String(index) };
    // PodIndexLabel (GA in 1.32) also puts the index in a label.
    meta.labels = { ...(meta.labels ?? {}), [COMPLETION_INDEX_KEY]: String(index) };
    podSpec.hostname = `${name}-${index}`;
    meta.generateName = generateNameWithIndex(name, index);
  }
  return pod;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods ordering, the pods to remove first: unscheduled before scheduled, pending before
 * running, not ready before ready, more restarts first, newer before older.
 */
export function compareForRemoval(a: KObject, b: KObject): number {
  const nodeA = !!(a.spec as Obj | undefined)?.nodeName;
  const nodeB = !!(b.spec as Obj | undefined)?.nodeName;
  if (nodeA !== nodeB) return nodeA ? 1 : -1;
  const ra = PHASE_RANK[podPhase(a)] ?? 0;
  const rb = PHASE_RANK[podPhase(b)] ?? 0;
  if (ra !== rb) return ra - rb;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  const restarts = restartsOf(b) - restartsOf(a);
  if (restarts !== 0) return restarts;
  return String(b.metadata.creationTimestamp ?? "").localeCompare(String(a.metadata.creationTimestamp ?? ""));
}
