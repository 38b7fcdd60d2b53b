/**
 * Schemas of apps/v1 (k8s.io/api/apps/v1, v1.32): Deployment, ReplicaSet, DaemonSet, StatefulSet and
 * ControllerRevision. Fields added after 1.32 (Deployment/ReplicaSet status.terminatingReplicas) are left out.
 */
import {
  any,
  bool,
  enumOf,
  int32,
  int64,
  intOrString,
  lazy,
  list,
  listMap,
  obj,
  type Schema,
  str,
  time,
} from "../schema/dsl";
import { persistentVolumeClaimSchema } from "./core-other";
import { podTemplateSpec } from "./core-pod";
import { labelSelector, objectMeta, typeMeta } from "./meta";

const apps = (name: string) => `io.k8s.api.apps.v1.${name}`;
const gvk = (kind: string) => [{ group: "apps", version: "v1", kind }];

const template: Schema = lazy(() => podTemplateSpec);

/** The condition shape shared by ReplicaSet, DaemonSet and StatefulSet (Deployment adds lastUpdateTime). */
function workloadCondition(name: string) {
  return obj(
    apps(name),
    {
      type: str(),
      status: str(),
      lastTransitionTime: time(),
      reason: str(),
      message: str(),
    },
    { required: ["type", "status"] },
  );
}

// ---- Deployment -----------------------------------------------------------------------------------------

export const rollingUpdateDeployment = obj(apps("RollingUpdateDeployment"), {
  maxUnavailable: intOrString(),
  maxSurge: intOrString(),
});

/** DeploymentSpec.strategy carries `patchStrategy:"retainKeys"`. */
export const deploymentStrategy = obj(
  apps("DeploymentStrategy"),
  {
    type: enumOf(["Recreate", "RollingUpdate"]),
    rollingUpdate: rollingUpdateDeployment,
  },
  { patchStrategy: "retainKeys" },
);

export const deploymentSpec = obj(
  apps("DeploymentSpec"),
  {
    replicas: int32(),
    selector: labelSelector,
    template,
    strategy: deploymentStrategy,
    minReadySeconds: int32(),
    revisionHistoryLimit: int32(),
    paused: bool(),
    progressDeadlineSeconds: int32(),
  },
  { required: ["selector", "template"] },
);

export const deploymentCondition = obj(
  apps("DeploymentCondition"),
  {
    type: str(),
    status: str(),
    lastUpdateTime: time(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const deploymentStatus = obj(apps("DeploymentStatus"), {
  observedGeneration: int64(),
  replicas: int32(),
  updatedReplicas: int32(),
  readyReplicas: int32(),
  availableReplicas: int32(),
  unavailableReplicas: int32(),
  conditions: listMap(deploymentCondition, ["type"], { patchKey: "type" }),
  collisionCount: int32(),
});

export const deploymentSchema = obj(
  apps("Deployment"),
  { ...typeMeta, metadata: objectMeta, spec: deploymentSpec, status: deploymentStatus },
  { description: "Deployment enables declarative updates for Pods and ReplicaSets.", gvk: gvk("Deployment") },
);

// ---- ReplicaSet -----------------------------------------------------------------------------------------

export const replicaSetSpec = obj(
  apps("ReplicaSetSpec"),
  {
    replicas: int32(),
    minReadySeconds: int32(),
    selector: labelSelector,
    template,
  },
  { required: ["selector"] },
);

export const replicaSetCondition = workloadCondition("ReplicaSetCondition");

export const replicaSetStatus = obj(
  apps("ReplicaSetStatus"),
  {
    replicas: int32(),
    fullyLabeledReplicas: int32(),
    readyReplicas: int32(),
    availableReplicas: int32(),
    observedGeneration: int64(),
    conditions: listMap(replicaSetCondition, ["type"], { patchKey: "type" }),
  },
  { required: ["replicas"] },
);

export const replicaSetSchema = obj(
  apps("ReplicaSet"),
  { ...typeMeta, metadata: objectMeta, spec: replicaSetSpec, status: replicaSetStatus },
  {
    description: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    gvk: gvk("ReplicaSet"),
  },
);

// ---- DaemonSet ------------------------------------------------------------------------------------------

export const rollingUpdateDaemonSet = obj(apps("RollingUpdateDaemonSet"), {
  maxUnavailable: intOrString(),
  maxSurge: intOrString(),
});

/** Unlike Deployment's strategy, DaemonSetSpec.updateStrategy has no patchStrategy tag in Go. */
export const daemonSetUpdateStrategy = obj(apps("DaemonSetUpdateStrategy"), {
  type: enumOf(["OnDelete", "RollingUpdate"]),
  rollingUpdate: rollingUpdateDaemonSet,
});

export const daemonSetSpec = obj(
  apps("DaemonSetSpec"),
  {
    selector: labelSelector,
    template,
    updateStrategy: daemonSetUpdateStrategy,
    minReadySeconds: int32(),
    revisionHistoryLimit: int32(),
  },
  { required: ["selector", "template"] },
);

export const daemonSetCondition = workloadCondition("DaemonSetCondition");

export const daemonSetStatus = obj(
  apps("DaemonSetStatus"),
  {
    currentNumberScheduled: int32(),
    numberMisscheduled: int32(),
    desiredNumberScheduled: int32(),
    numberReady: int32(),
    observedGeneration: int64(),
    updatedNumberScheduled: int32(),
    numberAvailable: int32(),
    numberUnavailable: int32(),
    collisionCount: int32(),
    conditions: listMap(daemonSetCondition, ["type"], { patchKey: "type" }),
  },
  { required: ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"] },
);

export const daemonSetSchema = obj(
  apps("DaemonSet"),
  { ...typeMeta, metadata: objectMeta, spec: daemonSetSpec, status: daemonSetStatus },
  { description: "DaemonSet represents the configuration of a daemon set.", gvk: gvk("DaemonSet") },
);

// ---- StatefulSet ----------------------------------------------------------------------------------------

export const rollingUpdateStatefulSetStrategy = obj(apps("RollingUpdateStatefulSetStrategy"), {
  partition: int32(),
  maxUnavailable: intOrString(),
});

export const statefulSetUpdateStrategy = obj(apps("StatefulSetUpdateStrategy"), {
  type: enumOf(["OnDelete", "RollingUpdate"]),
  rollingUpdate: rollingUpdateStatefulSetStrategy,
});

/** PersistentVolumeClaimRetentionPolicyType is not a Go +enum (Retain, Delete). */
export const statefulSetPersistentVolumeClaimRetentionPolicy = obj(
  apps("StatefulSetPersistentVolumeClaimRetentionPolicy"),
  { whenDeleted: str(), whenScaled: str() },
);

export const statefulSetOrdinals = obj(apps("StatefulSetOrdinals"), { start: int32() });

export const statefulSetSpec = obj(
  apps("StatefulSetSpec"),
  {
    replicas: int32(),
    selector: labelSelector,
    template,
    volumeClaimTemplates: list(lazy(() => persistentVolumeClaimSchema)),
    // Required in 1.32 (marked optional only in 1.33).
    serviceName: str(),
    podManagementPolicy: enumOf(["OrderedReady", "Parallel"]),
    updateStrategy: statefulSetUpdateStrategy,
    revisionHistoryLimit: int32(),
    minReadySeconds: int32(),
    persistentVolumeClaimRetentionPolicy: statefulSetPersistentVolumeClaimRetentionPolicy,
    ordinals: statefulSetOrdinals,
  },
  { required: ["selector", "template", "serviceName"] },
);

export const statefulSetCondition = workloadCondition("StatefulSetCondition");

export const statefulSetStatus = obj(
  apps("StatefulSetStatus"),
  {
    observedGeneration: int64(),
    replicas: int32(),
    readyReplicas: int32(),
    currentReplicas: int32(),
    updatedReplicas: int32(),
    currentRevision: str(),
    updateRevision: str(),
    collisionCount: int32(),
    conditions: listMap(statefulSetCondition, ["type"], { patchKey: "type" }),
    availableReplicas: int32(),
  },
  { required: ["replicas"] },
);

export const statefulSetSchema = obj(
  apps("StatefulSet"),
  { ...typeMeta, metadata: objectMeta, spec: statefulSetSpec, status: statefulSetStatus },
  { description: "StatefulSet represents a set of pods with consistent identities.", gvk: gvk("StatefulSet") },
);

// ---- ControllerRevision ---------------------------------------------------------------------------------

export const controllerRevisionSchema = obj(
  apps("ControllerRevision"),
  {
    ...typeMeta,
    metadata: objectMeta,
    data: any(),
    revision: int64(),
  },
  {
    description: "ControllerRevision implements an immutable snapshot of state data.",
    required: ["revision"],
    gvk: gvk("ControllerRevision"),
  },
);
