/**
 * apps/v1 defaulting (pkg/apis/apps/v1/defaults.go, Kubernetes 1.32): Deployment, ReplicaSet, DaemonSet, and
 * the PodSpec defaults of their pod templates (SetDefaults_PodSpec, not SetDefaults_Pod: templates get neither
 * enableServiceLinks nor requests copied from limits).
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { defaultPodTemplateSpec } from "./pod";

type Obj = Record<string, unknown>;

function specOf(o: KObject): Obj {
  if (!isPlainObject(o.spec)) o.spec = {};
  return o.spec as Obj;
}

/** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function defaultDeployment(d: KObject): void {
  const spec = specOf(d);
  if (typeof spec.replicas !== "number") spec.replicas = 1;
  if (!isPlainObject(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy as Obj;
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    if (!isPlainObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    const ru = strategy.rollingUpdate as Obj;
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = "25%";
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = "25%";
  }
  if (typeof spec.revisionHistoryLimit !== "number") spec.revisionHistoryLimit = 10;
  if (typeof spec.progressDeadlineSeconds !== "number") spec.progressDeadlineSeconds = 600;
  defaultPodTemplateSpec(spec.template);
}

/** SetDefaults_ReplicaSet: replicas 1. */
export function defaultReplicaSet(rs: KObject): void {
  const spec = specOf(rs);
  if (typeof spec.replicas !== "number") spec.replicas = 1;
  defaultPodTemplateSpec(spec.template);
}

/** SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 / maxSurge 0, revisionHistoryLimit 10. */
export function defaultDaemonSet(ds: KObject): void {
  const spec = specOf(ds);
  if (!isPlainObject(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy as Obj;
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    if (!isPlainObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    const ru = strategy.rollingUpdate as Obj;
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0;
  }
  if (typeof spec.revisionHistoryLimit !== "number") spec.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(spec.template);
}
