import { describe, expect, it } from "vitest";
import {
  type ArraySchema,
  fieldSchema,
  goTypeName,
  resolve,
  type Schema,
  schemaAt,
} from "../../../src/kube/schema/dsl";
import {
  container,
  ephemeralContainer,
  persistentVolumeClaimSpec,
  podSchema,
  podSpec,
  podTemplateSchema,
  podTemplateSpec,
} from "../../../src/kube/types/core-pod";

function arrayAt(root: Schema, path: string): ArraySchema {
  const s = schemaAt(root, path);
  expect(s, path).toBeDefined();
  const r = resolve(s!);
  expect(r.kind, path).toBe("array");
  return r as ArraySchema;
}

describe("core/v1 Pod schemas", () => {
  it("declares Pod and PodTemplate kinds", () => {
    expect(podSchema.gvk).toEqual([{ group: "", version: "v1", kind: "Pod" }]);
    expect(podTemplateSchema.gvk).toEqual([{ group: "", version: "v1", kind: "PodTemplate" }]);
    expect(schemaAt(podTemplateSchema, "template.spec")).toBe(podSpec);
    expect(schemaAt(podTemplateSchema, "template")).toBe(podTemplateSpec);
  });

  it("merges containers by name", () => {
    for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
      const a = arrayAt(podSpec, field);
      expect(a.listType).toBe("map");
      expect(a.listMapKeys).toEqual(["name"]);
      expect(a.patchStrategy).toBe("merge");
      expect(a.patchMergeKey).toBe("name");
    }
    expect(goTypeName(schemaAt(podSpec, "containers")!)).toBe("[]Container");
    expect(goTypeName(schemaAt(podSpec, "ephemeralContainers")!)).toBe("[]EphemeralContainer");
  });

  it("keys container ports by containerPort+protocol for apply, containerPort for SMP", () => {
    for (const c of [container, ephemeralContainer]) {
      const ports = arrayAt(c, "ports");
      expect(ports.listMapKeys).toEqual(["containerPort", "protocol"]);
      expect(ports.patchMergeKey).toBe("containerPort");
      expect(ports.patchStrategy).toBe("merge");
    }
  });

  it("merges env, volumeMounts and volumeDevices on their keys", () => {
    expect(arrayAt(container, "env")).toMatchObject({ listMapKeys: ["name"], patchMergeKey: "name" });
    expect(arrayAt(container, "volumeMounts")).toMatchObject({
      listMapKeys: ["mountPath"],
      patchMergeKey: "mountPath",
    });
    expect(arrayAt(container, "volumeDevices")).toMatchObject({
      listMapKeys: ["devicePath"],
      patchMergeKey: "devicePath",
    });
    const args = arrayAt(container, "args");
    expect(args.listType).toBe("atomic");
    expect(args.patchStrategy).toBeUndefined();
  });

  it("uses merge,retainKeys for volumes and resource claims", () => {
    expect(arrayAt(podSpec, "volumes")).toMatchObject({
      listType: "map",
      listMapKeys: ["name"],
      patchMergeKey: "name",
      patchStrategy: "merge,retainKeys",
    });
    expect(arrayAt(podSpec, "resourceClaims").patchStrategy).toBe("merge,retainKeys");
    expect(arrayAt(podSchema, "status.resourceClaimStatuses").patchStrategy).toBe("merge,retainKeys");
  });

  it("keeps tolerations atomic and topology spread constraints keyed by two fields", () => {
    const tol = arrayAt(podSpec, "tolerations");
    expect(tol.listType).toBe("atomic");
    expect(tol.patchStrategy).toBeUndefined();
    expect(arrayAt(podSpec, "topologySpreadConstraints")).toMatchObject({
      listMapKeys: ["topologyKey", "whenUnsatisfiable"],
      patchMergeKey: "topologyKey",
    });
    expect(arrayAt(podSpec, "imagePullSecrets")).toMatchObject({ listMapKeys: ["name"], patchMergeKey: "name" });
    expect(arrayAt(podSpec, "hostAliases")).toMatchObject({ listMapKeys: ["ip"], patchMergeKey: "ip" });
  });

  it("describes status lists", () => {
    expect(arrayAt(podSchema, "status.conditions")).toMatchObject({ listMapKeys: ["type"], patchMergeKey: "type" });
    expect(arrayAt(podSchema, "status.podIPs")).toMatchObject({ listType: "map", patchMergeKey: "ip" });
    // hostIPs: SMP merge on ip, atomic for server-side apply.
    expect(arrayAt(podSchema, "status.hostIPs")).toMatchObject({ listType: "atomic", patchMergeKey: "ip" });
    expect(arrayAt(podSchema, "status.containerStatuses").listType).toBe("atomic");
  });

  it("finds declared fields and rejects unknown ones", () => {
    expect(resolve(schemaAt(podSchema, "spec.containers.resources.limits.cpu")!).kind).toBe("quantity");
    expect(resolve(schemaAt(podSchema, "spec.containers.livenessProbe.httpGet.port")!).kind).toBe("int-or-string");
    expect(resolve(schemaAt(podSchema, "spec.nodeSelector")!)).toMatchObject({ kind: "map", mapType: "atomic" });
    expect(schemaAt(podSchema, "spec.containers.imagePullPolicyy")).toBeUndefined();
    expect(schemaAt(podSchema, "spec.volumes.configMap.itemz")).toBeUndefined();
    expect(fieldSchema(container, "stopSignal")).toBeUndefined(); // added after v1.32
    expect(goTypeName(schemaAt(podSchema, "spec.volumes.emptyDir")!)).toBe("EmptyDirVolumeSource");
    expect(goTypeName(schemaAt(podSchema, "spec.securityContext.runAsUser")!)).toBe("int64");
    expect(resolve(schemaAt(persistentVolumeClaimSpec, "resources.requests.storage")!).kind).toBe("quantity");
  });

  it("gives every definition name a single shape", () => {
    const byName = new Map<string, string>();
    const visit = (s: Schema) => {
      const r = resolve(s);
      if (r.kind === "array") return visit(r.items);
      if (r.kind === "map") return visit(r.values);
      if (r.kind !== "object") return;
      const shape = Object.keys(r.properties).sort().join(",");
      const prev = byName.get(r.name);
      if (prev !== undefined) {
        expect(prev, r.name).toBe(shape);
        return;
      }
      byName.set(r.name, shape);
      Object.values(r.properties).forEach(visit);
    };
    visit(podSchema);
    visit(podTemplateSchema);
    expect(byName.size).toBeGreaterThan(100);
  });
});
