/**
 * `kubectl rollout status` as a pure function of an object: the status viewers of kubectl v1.32
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), with their messages word for word (without the
 * trailing newline), so a CI report reads like the `kubectl rollout status` a developer would have run.
 * kubectl has no viewer for Jobs; theirs follows `kubectl wait --for=condition=complete` (Complete/Failed).
 */
import { groupOfApiVersion, type KObject } from "./object";

export interface RolloutStatus {
  /** Nothing more to wait for (rolled out, finished, or a kind without rollouts). */
  done: boolean;
  /** The rollout cannot finish by waiting: a Deployment past its progress deadline, a failed Job. */
  failed: boolean;
  message: string;
}

/** Kinds whose rollout is worth waiting for, as `group/Kind`. */
export const ROLLOUT_KINDS = ["apps/Deployment", "apps/DaemonSet", "apps/StatefulSet", "batch/Job"] as const;

export function hasRollout(apiVersion: string | undefined, kind: string | undefined): boolean {
  const group = groupOfApiVersion(apiVersion ?? "");
  return (ROLLOUT_KINDS as readonly string[]).includes(`${group}/${kind}`);
}

export function rolloutStatus(obj: KObject): RolloutStatus {
  if (!hasRollout(obj.apiVersion, obj.kind)) return done("created");
  switch (obj.kind) {
    case "Deployment":
      return deploymentStatus(obj);
    case "DaemonSet":
      return daemonSetStatus(obj);
    case "StatefulSet":
      return statefulSetStatus(obj);
    default:
      return jobStatus(obj);
  }
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const optNum = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const conditions = (status: Record<string, unknown>): Condition[] =>
  Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];

function done(message: string): RolloutStatus {
  return { done: true, failed: false, message };
}
function waiting(message: string): RolloutStatus {
  return { done: false, failed: false, message };
}
function failed(message: string): RolloutStatus {
  return { done: false, failed: true, message };
}

function deploymentStatus(d: KObject): RolloutStatus {
  const name = d.metadata.name ?? "";
  const spec = rec(d.spec);
  const st = rec(d.status);
  if (num(d.metadata.generation) > num(st.observedGeneration)) {
    return waiting("Waiting for deployment spec update to be observed...");
  }
  const progressing = conditions(st).find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return failed(`deployment ${q(name)} exceeded its progress deadline`);
  }
  const replicas = optNum(spec.replicas);
  const updated = num(st.updatedReplicas);
  if (replicas !== undefined && updated < replicas) {
    return waiting(
      `Waiting for deployment ${q(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    );
  }
  if (num(st.replicas) > updated) {
    return waiting(
      `Waiting for deployment ${q(name)} rollout to finish: ${num(st.replicas) - updated} old replicas are pending termination...`,
    );
  }
  if (num(st.availableReplicas) < updated) {
    return waiting(
      `Waiting for deployment ${q(name)} rollout to finish: ${num(st.availableReplicas)} of ${updated} updated replicas are available...`,
    );
  }
  return done(`deployment ${q(name)} successfully rolled out`);
}

function daemonSetStatus(ds: KObject): RolloutStatus {
  const name = ds.metadata.name ?? "";
  const st = rec(ds.status);
  if (rec(rec(ds.spec).updateStrategy).type !== "RollingUpdate") {
    // kubectl names the StatefulSet constant here; both are "RollingUpdate".
    return done("rollout status is only available for RollingUpdate strategy type");
  }
  if (num(ds.metadata.generation) > num(st.observedGeneration)) {
    return waiting("Waiting for daemon set spec update to be observed...");
  }
  const desired = num(st.desiredNumberScheduled);
  if (num(st.updatedNumberScheduled) < desired) {
    return waiting(
      `Waiting for daemon set ${q(name)} rollout to finish: ${num(st.updatedNumberScheduled)} out of ${desired} new pods have been updated...`,
    );
  }
  if (num(st.numberAvailable) < desired) {
    return waiting(
      `Waiting for daemon set ${q(name)} rollout to finish: ${num(st.numberAvailable)} of ${desired} updated pods are available...`,
    );
  }
  return done(`daemon set ${q(name)} successfully rolled out`);
}

function statefulSetStatus(sts: KObject): RolloutStatus {
  const spec = rec(sts.spec);
  const st = rec(sts.status);
  const strategy = rec(spec.updateStrategy);
  if (strategy.type !== "RollingUpdate") {
    return done("rollout status is only available for RollingUpdate strategy type");
  }
  const observed = num(st.observedGeneration);
  if (observed === 0 || num(sts.metadata.generation) > observed) {
    return waiting("Waiting for statefulset spec update to be observed...");
  }
  const replicas = optNum(spec.replicas);
  if (replicas !== undefined && num(st.readyReplicas) < replicas) {
    return waiting(`Waiting for ${replicas - num(st.readyReplicas)} pods to be ready...`);
  }
  // apps/v1 defaults rollingUpdate.partition to 0, so a defaulted StatefulSet always reports this way.
  if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
    const partition = optNum(rec(strategy.rollingUpdate).partition);
    if (replicas !== undefined && partition !== undefined && num(st.updatedReplicas) < replicas - partition) {
      return waiting(
        `Waiting for partitioned roll out to finish: ${num(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...`,
      );
    }
    return done(`partitioned roll out complete: ${num(st.updatedReplicas)} new pods have been updated...`);
  }
  if (st.updateRevision !== st.currentRevision) {
    return waiting(
      `waiting for statefulset rolling update to complete ${num(st.updatedReplicas)} pods at revision ${String(st.updateRevision ?? "")}...`,
    );
  }
  return done(
    `statefulset rolling update complete ${num(st.currentReplicas)} pods at revision ${String(st.currentRevision ?? "")}...`,
  );
}

function jobStatus(job: KObject): RolloutStatus {
  const name = job.metadata.name ?? "";
  const spec = rec(job.spec);
  const st = rec(job.status);
  const conds = conditions(st);
  const isTrue = (type: string) => conds.find((c) => c.type === type && c.status === "True");
  // Complete/Failed arrive once the Job's pods are gone; SuccessCriteriaMet/FailureTarget announce them first.
  if (isTrue("Complete")) return done(`job ${q(name)} completed`);
  const failure = isTrue("Failed") ?? isTrue("FailureTarget");
  if (failure) {
    const why = [failure.reason, failure.message].filter((s) => s).join(": ");
    return failed(`job ${q(name)} failed${why ? `: ${why}` : ""}`);
  }
  if (spec.suspend === true) return waiting(`job ${q(name)} is suspended`);
  const succeeded = num(st.succeeded);
  const active = num(st.active);
  const completions = optNum(spec.completions);
  const progress =
    completions !== undefined ? `${succeeded} of ${completions} completions succeeded` : `${succeeded} pods succeeded`;
  return waiting(`Waiting for job ${q(name)} to complete: ${progress}, ${active} active...`);
}

/** Go's %q for the names kubectl quotes (object names never need escapes beyond JSON's). */
function q(s: string): string {
  return JSON.stringify(s);
}
