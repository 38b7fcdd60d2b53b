import { describe, expect, it } from "vitest";
import { admitDefaultStorageClass, defaultStorageClass } from "../../../src/kube/admission/default-storage-class";
import type { KObject } from "../../../src/kube/object";
import { createTestCluster } from "../harness/memory-cluster";

function storageClass(name: string, isDefault: boolean, created = "2026-01-01T00:00:00Z"): KObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name,
      creationTimestamp: created,
      annotations: isDefault ? { "storageclass.kubernetes.io/is-default-class": "true" } : undefined,
    },
    provisioner: "rancher.io/local-path",
  };
}

function pvc(name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default", annotations },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  };
}

const classOf = (o: KObject) => (o.spec as { storageClassName?: string | null }).storageClassName;

describe("DefaultStorageClass admission", () => {
  it("gives a claim created without a class the default class (kind's standard)", () => {
    const c = createTestCluster({ controllers: [] });
    c.create(pvc("data"));
    expect(classOf(c.get("persistentvolumeclaims", "default", "data")!)).toBe("standard");
  });

  it('leaves a claim that names a class, asks for none ("") or uses the beta annotation', () => {
    const c = createTestCluster({ controllers: [] });
    c.create(storageClass("fast", false));
    c.create(pvc("named", { storageClassName: "fast" }));
    c.create(pvc("none", { storageClassName: "" }));
    c.create(pvc("beta", {}, { "volume.beta.kubernetes.io/storage-class": "fast" }));
    expect(classOf(c.get("persistentvolumeclaims", "default", "named")!)).toBe("fast");
    expect(classOf(c.get("persistentvolumeclaims", "default", "none")!)).toBe("");
    expect(classOf(c.get("persistentvolumeclaims", "default", "beta")!)).toBeUndefined();
  });

  it("does nothing without a default class, and does not add one on update", () => {
    const c = createTestCluster({ controllers: [] });
    c.update("storageclasses.storage.k8s.io", undefined, "standard", (sc) => {
      sc.metadata.annotations = { "storageclass.kubernetes.io/is-default-class": "false" };
    });
    c.create(pvc("plain"));
    expect(classOf(c.get("persistentvolumeclaims", "default", "plain")!)).toBeUndefined();
    c.update("storageclasses.storage.k8s.io", undefined, "standard", (sc) => {
      sc.metadata.annotations = { "storageclass.kubernetes.io/is-default-class": "true" };
    });
    c.update("persistentvolumeclaims", "default", "plain", (o) => {
      o.metadata.labels = { touched: "yes" };
    });
    expect(classOf(c.get("persistentvolumeclaims", "default", "plain")!)).toBeUndefined();
  });

  it("picks the newest of several default classes, then the first name", () => {
    const older = storageClass("a-old", true, "2025-01-01T00:00:00Z");
    const newer = storageClass("z-new", true, "2025-06-01T00:00:00Z");
    const twin = storageClass("m-new", true, "2025-06-01T00:00:00Z");
    expect(defaultStorageClass([older, newer, storageClass("plain", false)])?.metadata.name).toBe("z-new");
    expect(defaultStorageClass([older, newer, twin])?.metadata.name).toBe("m-new");
    const claim = pvc("x");
    admitDefaultStorageClass(claim, [older]);
    expect(classOf(claim)).toBe("a-old");
  });
});
