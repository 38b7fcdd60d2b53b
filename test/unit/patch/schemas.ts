/**
 * Small schemas for the patch tests: a pod/deployment subset carrying the same patch metadata as k8s.io/api,
 * and the MergeItem type of k8s.io/apimachinery's strategicpatch tests.
 */
import {
  any,
  bool,
  int32,
  int64,
  intOrString,
  lazy,
  list,
  listMap,
  map,
  type ObjectSchema,
  obj,
  quantity,
  set,
  str,
} from "../../../src/kube/schema/dsl";
import { labelSelector, objectMeta, typeMeta } from "../../../src/kube/types/meta";

const containerPort = obj("io.k8s.api.core.v1.ContainerPort", {
  name: str(),
  containerPort: int32(),
  hostPort: int32(),
  protocol: str(),
});

const envVar = obj("io.k8s.api.core.v1.EnvVar", { name: str(), value: str() });

const volumeMount = obj("io.k8s.api.core.v1.VolumeMount", { name: str(), mountPath: str(), readOnly: bool() });

export const container = obj("io.k8s.api.core.v1.Container", {
  name: str(),
  image: str(),
  command: list(str()),
  args: list(str()),
  ports: listMap(containerPort, ["containerPort", "protocol"], { patchKey: "containerPort" }),
  env: listMap(envVar, ["name"], { patchKey: "name" }),
  volumeMounts: listMap(volumeMount, ["mountPath"], { patchKey: "mountPath" }),
  resources: obj("io.k8s.api.core.v1.ResourceRequirements", { limits: map(quantity()), requests: map(quantity()) }),
});

const toleration = obj("io.k8s.api.core.v1.Toleration", {
  key: str(),
  operator: str(),
  value: str(),
  effect: str(),
  tolerationSeconds: int64(),
});

const volume = obj("io.k8s.api.core.v1.Volume", {
  name: str(),
  emptyDir: obj("io.k8s.api.core.v1.EmptyDirVolumeSource", { medium: str(), sizeLimit: quantity() }),
  hostPath: obj("io.k8s.api.core.v1.HostPathVolumeSource", { path: str(), type: str() }),
  configMap: obj("io.k8s.api.core.v1.ConfigMapVolumeSource", { name: str(), optional: bool() }),
});

export const podSpec = obj("io.k8s.api.core.v1.PodSpec", {
  containers: listMap(container, ["name"], { patchKey: "name" }),
  initContainers: listMap(container, ["name"], { patchKey: "name" }),
  tolerations: list(toleration),
  volumes: listMap(volume, ["name"], { patchKey: "name", patchStrategy: "merge,retainKeys" }),
  nodeSelector: map(str()),
  restartPolicy: str(),
});

export const pod = obj("io.k8s.api.core.v1.Pod", {
  ...typeMeta,
  metadata: objectMeta,
  spec: podSpec,
  status: any(),
});

const deploymentStrategy = obj(
  "io.k8s.api.apps.v1.DeploymentStrategy",
  {
    type: str(),
    rollingUpdate: obj("io.k8s.api.apps.v1.RollingUpdateDeployment", {
      maxSurge: intOrString(),
      maxUnavailable: intOrString(),
    }),
  },
  { patchStrategy: "retainKeys" },
);

export const deployment = obj("io.k8s.api.apps.v1.Deployment", {
  ...typeMeta,
  metadata: objectMeta,
  spec: obj("io.k8s.api.apps.v1.DeploymentSpec", {
    replicas: int32(),
    selector: labelSelector,
    template: obj("io.k8s.api.core.v1.PodTemplateSpec", { metadata: objectMeta, spec: podSpec }),
    strategy: deploymentStrategy,
  }),
});

export const configMap = obj("io.k8s.api.core.v1.ConfigMap", {
  ...typeMeta,
  metadata: objectMeta,
  data: map(str()),
  extension: any(),
});

/** MergeItem / RetainKeysMergeItem of strategicpatch/patch_test.go. */
export const mergeItem: ObjectSchema = obj("MergeItem", {
  name: str(),
  value: str(),
  other: str(),
  mergingList: listMap(
    lazy(() => mergeItem),
    ["name"],
    { patchKey: "name" },
  ),
  nonMergingList: list(lazy(() => mergeItem)),
  mergingIntList: set(int64(), { patch: true }),
  nonMergingIntList: list(int64()),
  simpleMap: map(str()),
  retainKeysMap: obj(
    "RetainKeysMergeItem",
    {
      name: str(),
      value: str(),
      other: str(),
      simpleMap: map(str()),
      mergingIntList: set(int64(), { patch: true }),
      mergingList: listMap(
        lazy(() => mergeItem),
        ["name"],
        { patchKey: "name" },
      ),
      nonMergingList: list(lazy(() => mergeItem)),
    },
    { patchStrategy: "retainKeys" },
  ),
  retainKeysMergingList: listMap(
    lazy(() => mergeItem),
    ["name"],
    { patchKey: "name", patchStrategy: "merge,retainKeys" },
  ),
});

/** Every `$`-prefixed key found anywhere in a value (directives must never reach storage). */
export function directiveKeys(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => directiveKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k.startsWith("$") ? [`${path}.${k}`] : []),
    ...directiveKeys(v, `${path}.${k}`),
  ]);
}
