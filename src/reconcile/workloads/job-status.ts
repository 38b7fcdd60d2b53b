/** Job status shapes and the condition helpers of pkg/controller/job (newCondition, ensureJobConditionStatus). */
import { rfc3339 } from "../../apiserver/time";
import type { KObject } from "../../kube/object";

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  ready?: number;
}

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  completionMode?: string;
  suspend?: boolean;
  podReplacementPolicy?: string;
  podFailurePolicy?: unknown;
  ttlSecondsAfterFinished?: number;
  selector?: unknown;
  template?: { spec?: { restartPolicy?: string } };
}

export const jobSpecOf = (job: KObject): JobSpec => (job.spec ?? {}) as JobSpec;
export const jobStatusOf = (job: KObject): JobStatus => (job.status ?? {}) as JobStatus;

export function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(now);
  const c: JobCondition = { type, status, lastProbeTime: t, lastTransitionTime: t };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(status: JobStatus, type: string): JobCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/** The Complete or Failed condition that is True, if the Job is finished (util.IsJobFinished). */
export function finishedCondition(job: KObject): JobCondition | undefined {
  return jobStatusOf(job).conditions?.find(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
}

export const isJobFinished = (job: KObject): boolean => finishedCondition(job) !== undefined;

/**
 * ensureJobConditionStatus: sets a condition's status/reason/message (a new timestamp only when one of them
 * changes); a condition that does not exist yet is only added when True. Returns whether anything changed.
 */
export function ensureCondition(
  status: JobStatus,
  type: string,
  value: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  const list = status.conditions ?? [];
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status === value && (c.reason ?? "") === reason && (c.message ?? "") === message) return false;
    list[i] = newCondition(type, value, reason, message, now);
    status.conditions = list;
    return true;
  }
  if (value === "False") return false;
  status.conditions = [...list, newCondition(type, value, reason, message, now)];
  return true;
}

/** The status as the API serialises it: zero counters and empty lists are omitted (omitempty in Go). */
export function serializeStatus(s: JobStatus): JobStatus {
  const out: JobStatus = {};
  if (s.conditions && s.conditions.length > 0) out.conditions = s.conditions;
  if (s.startTime) out.startTime = s.startTime;
  if (s.completionTime) out.completionTime = s.completionTime;
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  if (s.terminating !== undefined) out.terminating = s.terminating;
  if (s.completedIndexes) out.completedIndexes = s.completedIndexes;
  const u = s.uncountedTerminatedPods ?? {};
  out.uncountedTerminatedPods = {};
  if (u.succeeded && u.succeeded.length > 0) out.uncountedTerminatedPods.succeeded = u.succeeded;
  if (u.failed && u.failed.length > 0) out.uncountedTerminatedPods.failed = u.failed;
  if (s.ready !== undefined) out.ready = s.ready;
  return out;
}
