/** Small DSL schemas shaped like apps/v1 Deployment and core/v1 Pod, for the apply tests. */
import { any, int32, intOrString, list, listMap, map, obj, quantity, str } from "../../../src/kube/schema/dsl";
import { labelSelector, objectMeta, typeMeta } from "../../../src/kube/types/meta";

export const containerPort = obj("io.k8s.api.core.v1.ContainerPort", {
  name: str(),
  containerPort: int32(),
  protocol: str(),
});

export const envVar = obj("io.k8s.api.core.v1.EnvVar", { name: str(), value: str() });

export const container = obj("io.k8s.api.core.v1.Container", {
  name: str(),
  image: str(),
  imagePullPolicy: str(),
  args: list(str()),
  env: listMap(envVar, ["name"], { patchKey: "name" }),
  ports: listMap(containerPort, ["containerPort", "protocol"], { patchKey: "containerPort" }),
  resources: obj("io.k8s.api.core.v1.ResourceRequirements", { limits: map(quantity()), requests: map(quantity()) }),
});

export const podSpec = obj("io.k8s.api.core.v1.PodSpec", {
  containers: listMap(container, ["name"], { patchKey: "name" }),
  restartPolicy: str(),
  nodeSelector: map(str(), { mapType: "atomic" }),
});

export const podTemplateSpec = obj("io.k8s.api.core.v1.PodTemplateSpec", { metadata: objectMeta, spec: podSpec });

export const deploymentSpec = obj("io.k8s.api.apps.v1.DeploymentSpec", {
  replicas: int32(),
  selector: labelSelector,
  template: podTemplateSpec,
  strategy: obj("io.k8s.api.apps.v1.DeploymentStrategy", {
    type: str(),
    rollingUpdate: obj("io.k8s.api.apps.v1.RollingUpdateDeployment", {
      maxSurge: intOrString(),
      maxUnavailable: intOrString(),
    }),
  }),
});

export const deployment = obj(
  "io.k8s.api.apps.v1.Deployment",
  {
    ...typeMeta,
    metadata: objectMeta,
    spec: deploymentSpec,
    status: obj("io.k8s.api.apps.v1.DeploymentStatus", { replicas: int32(), readyReplicas: int32() }),
  },
  { gvk: [{ group: "apps", version: "v1", kind: "Deployment" }] },
);

export const pod = obj(
  "io.k8s.api.core.v1.Pod",
  { ...typeMeta, metadata: objectMeta, spec: podSpec, status: obj("io.k8s.api.core.v1.PodStatus", { phase: str() }) },
  { gvk: [{ group: "", version: "v1", kind: "Pod" }] },
);

/** A CRD-like kind whose spec preserves unknown fields. */
export const widget = obj(
  "com.example.v1.Widget",
  { ...typeMeta, metadata: objectMeta, spec: any() },
  { gvk: [{ group: "example.com", version: "v1", kind: "Widget" }] },
);

export function nginxDeployment(over: { replicas?: number; image?: string; labels?: Record<string, string> } = {}) {
  const labels = over.labels ?? { app: "nginx" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "nginx", namespace: "default", labels },
    spec: {
      ...(over.replicas === undefined ? {} : { replicas: over.replicas }),
      selector: { matchLabels: { app: "nginx" } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: { containers: [{ name: "nginx", image: over.image ?? "nginx:1.27", ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}
