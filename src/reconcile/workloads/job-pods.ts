/**
 * What the job controller reads from and writes into its Pods: phases, the tracking finalizer, completion
 * indexes, finish times, the pod template it stamps out (controller.GetPodFromTemplate plus the Indexed-Job
 * additions) and the order in which surplus pods go (controller.ActivePods).
 */
import type { KObject, OwnerReference } from "../../kube/object";

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
export const phaseOf = (pod: KObject): string => podStatusOf(pod).phase ?? "";

export function hasTrackingFinalizer(pod: KObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** controller.FilterActivePods: not finished and not being deleted. */
export function isActive(pod: KObject): boolean {
  const phase = phaseOf(pod);
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** controller.CountTerminatingPods: being deleted but not finished yet. */
export function isTerminating(pod: KObject): boolean {
  const phase = phaseOf(pod);
  return !!pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

export function isReady(pod: KObject): boolean {
  return podStatusOf(pod).conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/**
 * isPodFailed: phase Failed, or (unless only failed pods are replaced) deleted before it succeeded, which counts
 * orphaned or evicted pods that never reach a terminal phase.
 */
export function isPodFailed(pod: KObject, onlyReplaceFailed: boolean): boolean {
  if (phaseOf(pod) === "Failed") return true;
  if (onlyReplaceFailed) return false;
  return !!pod.metadata.deletionTimestamp && phaseOf(pod) !== "Succeeded";
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

export function controllerRefOf(obj: KObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: String(owner.metadata.name),
    uid: String(owner.metadata.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
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
  const spec = (job.spec ?? {}) as Obj;
  const template = structuredClone((spec.template ?? {}) as Obj);
  const tmeta = (template.metadata ?? {}) as Obj;
  const podSpec = (template.spec ?? {}) as Obj;
  const name = String(job.metadata.name);
  const labels = { ...((tmeta.labels ?? {}) as Record<string, string>) };
  const annotations = { ...((tmeta.annotations ?? {}) as Record<string, string>) };
  const finalizers = [...((tmeta.finalizers ?? []) as string[])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  let generateName = `${name}-`;
  if (index !== undefined) {
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
    annotations[COMPLETION_INDEX_KEY] = String(index);
    // PodIndexLabel (GA in 1.32) also puts the index in a label.
    labels[COMPLETION_INDEX_KEY] = String(index);
    podSpec.hostname = `${name}-${index}`;
    generateName = generateNameWithIndex(name, index);
  }
  const metadata: KObject["metadata"] = { generateName, namespace: job.metadata.namespace };
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  metadata.finalizers = finalizers;
  metadata.ownerReferences = [newControllerRef(job, "batch/v1", "Job")];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: podSpec };
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
  const ra = PHASE_RANK[phaseOf(a)] ?? 0;
  const rb = PHASE_RANK[phaseOf(b)] ?? 0;
  if (ra !== rb) return ra - rb;
  if (isReady(a) !== isReady(b)) return isReady(a) ? 1 : -1;
  const restarts = restartsOf(b) - restartsOf(a);
  if (restarts !== 0) return restarts;
  return String(b.metadata.creationTimestamp ?? "").localeCompare(String(a.metadata.creationTimestamp ?? ""));
}
