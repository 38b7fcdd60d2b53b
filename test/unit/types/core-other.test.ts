import { describe, expect, it } from "vitest";
import { type ArraySchema, goTypeName, type ObjectSchema, resolve, schemaAt } from "../../../src/kube/schema/dsl";
import { daemonSetSchema, deploymentSchema, replicaSetSchema, statefulSetSchema } from "../../../src/kube/types/apps";
import { scaleSchema } from "../../../src/kube/types/autoscaling";
import { leaseSchema } from "../../../src/kube/types/coordination";
import {
  configMapSchema,
  endpointsSchema,
  eventSchema,
  namespaceSchema,
  nodeSchema,
  secretSchema,
  serviceAccountSchema,
  serviceSchema,
} from "../../../src/kube/types/core-other";

function arrayAt(root: ObjectSchema, path: string): ArraySchema {
  const s = schemaAt(root, path);
  expect(s, path).toBeDefined();
  const r = resolve(s!);
  expect(r.kind, path).toBe("array");
  return r as ArraySchema;
}

function objectAt(root: ObjectSchema, path: string): ObjectSchema {
  const s = schemaAt(root, path);
  expect(s, path).toBeDefined();
  const r = resolve(s!);
  expect(r.kind, path).toBe("object");
  return r as ObjectSchema;
}

describe("core/v1 schemas", () => {
  it("service ports are SSA-keyed by port+protocol and SMP-merged on port", () => {
    const ports = arrayAt(serviceSchema, "spec.ports");
    expect(ports.listType).toBe("map");
    expect(ports.listMapKeys).toEqual(["port", "protocol"]);
    expect(ports.patchMergeKey).toBe("port");
    expect(ports.patchStrategy).toBe("merge");
    expect(goTypeName(ports)).toBe("[]ServicePort");
    expect(goTypeName(schemaAt(serviceSchema, "spec.ports.targetPort")!)).toBe("IntOrString");
    expect((resolve(ports.items) as ObjectSchema).required).toEqual(["port"]);
  });

  it("service enums and atomic selector", () => {
    const type = resolve(schemaAt(serviceSchema, "spec.type")!);
    expect(type.kind === "string" && type.enum).toEqual(["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]);
    const selector = resolve(schemaAt(serviceSchema, "spec.selector")!);
    expect(selector.kind === "map" && selector.mapType).toBe("atomic");
    expect(goTypeName(schemaAt(serviceSchema, "status.conditions")!)).toBe("[]Condition");
    expect(schemaAt(serviceSchema, "spec.bogus")).toBeUndefined();
  });

  it("node conditions and addresses merge on type", () => {
    for (const path of ["status.conditions", "status.addresses"]) {
      const a = arrayAt(nodeSchema, path);
      expect(a.listType).toBe("map");
      expect(a.listMapKeys).toEqual(["type"]);
      expect(a.patchMergeKey).toBe("type");
      expect(a.patchStrategy).toBe("merge");
    }
    expect(goTypeName(schemaAt(nodeSchema, "status.conditions")!)).toBe("[]NodeCondition");
    expect(goTypeName(schemaAt(nodeSchema, "status.capacity")!)).toBe("map[string]Quantity");
    expect(goTypeName(schemaAt(nodeSchema, "spec.taints")!)).toBe("[]Taint");
    expect(arrayAt(nodeSchema, "spec.podCIDRs").patchStrategy).toBe("merge");
    expect(schemaAt(nodeSchema, "status.daemonEndpoints.kubeletEndpoint.Port")).toBeDefined();
    // Added in 1.33, not part of 1.32.
    expect(schemaAt(nodeSchema, "status.nodeInfo.swap")).toBeUndefined();
  });

  it("configmap, secret, service account, event, endpoints, namespace", () => {
    expect(goTypeName(schemaAt(configMapSchema, "binaryData")!)).toBe("map[string]string");
    expect(resolve(schemaAt(secretSchema, "data")!)).toMatchObject({ kind: "map", values: { format: "byte" } });
    const secrets = arrayAt(serviceAccountSchema, "secrets");
    expect(secrets.listMapKeys).toEqual(["name"]);
    expect(secrets.patchMergeKey).toBe("name");
    expect(goTypeName(schemaAt(serviceAccountSchema, "imagePullSecrets")!)).toBe("[]LocalObjectReference");
    expect(resolve(schemaAt(eventSchema, "eventTime")!)).toMatchObject({ kind: "time", micro: true });
    expect(goTypeName(schemaAt(eventSchema, "involvedObject")!)).toBe("ObjectReference");
    expect(eventSchema.required).toEqual(["metadata", "involvedObject"]);
    expect(goTypeName(schemaAt(endpointsSchema, "subsets.addresses.targetRef")!)).toBe("ObjectReference");
    expect(arrayAt(namespaceSchema, "status.conditions").patchMergeKey).toBe("type");
  });

  it("top-level kinds carry their GVK", () => {
    expect(nodeSchema.gvk).toEqual([{ group: "", version: "v1", kind: "Node" }]);
    expect(deploymentSchema.gvk).toEqual([{ group: "apps", version: "v1", kind: "Deployment" }]);
    expect(leaseSchema.gvk).toEqual([{ group: "coordination.k8s.io", version: "v1", kind: "Lease" }]);
    expect(scaleSchema.gvk).toEqual([{ group: "autoscaling", version: "v1", kind: "Scale" }]);
    for (const s of [deploymentSchema, replicaSetSchema, daemonSetSchema, statefulSetSchema, serviceSchema]) {
      expect(Object.keys(s.properties).slice(0, 3)).toEqual(["apiVersion", "kind", "metadata"]);
    }
  });
});

describe("apps/v1 and friends", () => {
  it("deployment strategy is retainKeys, daemonset updateStrategy is not", () => {
    expect(objectAt(deploymentSchema, "spec.strategy").patchStrategy).toBe("retainKeys");
    expect(objectAt(daemonSetSchema, "spec.updateStrategy").patchStrategy).toBeUndefined();
    expect(goTypeName(schemaAt(deploymentSchema, "spec.strategy.rollingUpdate.maxSurge")!)).toBe("IntOrString");
    expect(goTypeName(schemaAt(deploymentSchema, "spec.selector")!)).toBe("LabelSelector");
    expect(goTypeName(schemaAt(deploymentSchema, "spec.template")!)).toBe("PodTemplateSpec");
  });

  it("workload conditions merge on type", () => {
    for (const s of [deploymentSchema, replicaSetSchema, daemonSetSchema, statefulSetSchema]) {
      const c = arrayAt(s, "status.conditions");
      expect(c.listMapKeys).toEqual(["type"]);
      expect(c.patchMergeKey).toBe("type");
    }
    expect(goTypeName(schemaAt(deploymentSchema, "status.conditions")!)).toBe("[]DeploymentCondition");
    expect(schemaAt(deploymentSchema, "status.conditions.lastUpdateTime")).toBeDefined();
    expect(schemaAt(replicaSetSchema, "status.conditions.lastUpdateTime")).toBeUndefined();
  });

  it("statefulset claim templates, lease times, scale", () => {
    expect(goTypeName(schemaAt(statefulSetSchema, "spec.volumeClaimTemplates")!)).toBe("[]PersistentVolumeClaim");
    expect(objectAt(statefulSetSchema, "spec").required).toContain("serviceName");
    expect(resolve(schemaAt(leaseSchema, "spec.renewTime")!)).toMatchObject({ kind: "time", micro: true });
    expect(goTypeName(schemaAt(scaleSchema, "spec.replicas")!)).toBe("int32");
    expect(goTypeName(schemaAt(scaleSchema, "status.selector")!)).toBe("string");
  });
});
