import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { persistentVolumeController } from "../../../src/reconcile/core/pv-controller";
import { garbageCollector } from "../../../src/reconcile/garbage-collector";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";

const controllers = [persistentVolumeController, garbageCollector];
const phase = (o: KObject | undefined) => (o?.status as { phase?: string } | undefined)?.phase;
const spec = (o: KObject | undefined) => (o?.spec ?? {}) as Record<string, any>;

function createClaim(c: TestCluster, name: string, extra: Record<string, unknown> = {}): KObject {
  return c.create({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default" },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...extra },
  });
}

describe("persistentvolume controller", () => {
  it("provisions a local-path volume for a WaitForFirstConsumer claim once a node is selected", async () => {
    const c = createTestCluster({ controllers });
    const pvc = createClaim(c, "data");
    await c.settle();
    expect(spec(c.get("persistentvolumeclaims", "default", "data")).storageClassName).toBe("standard");
    expect(phase(c.get("persistentvolumeclaims", "default", "data"))).toBe("Pending");
    expect(c.events("default", "data").map((e) => [e.reason, e.message])).toContainEqual([
      "WaitForFirstConsumer",
      "waiting for first consumer to be created before binding",
    ]);
    expect(c.list("persistentvolumes")).toHaveLength(0);

    c.update("persistentvolumeclaims", "default", "data", (o) => {
      o.metadata.annotations = { "volume.kubernetes.io/selected-node": "test-worker" };
    });
    await c.settle();
    const pvName = `pvc-${pvc.metadata.uid}`;
    const pv = c.get("persistentvolumes", undefined, pvName);
    expect(phase(pv)).toBe("Bound");
    expect(spec(pv).hostPath.path).toBe(`/var/local-path-provisioner/${pvName}_default_data`);
    expect(spec(pv).nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(["test-worker"]);
    expect(spec(pv).claimRef).toMatchObject({ name: "data", namespace: "default", uid: pvc.metadata.uid });
    expect(spec(pv).capacity).toEqual({ storage: "1Gi" });
    const bound = c.get("persistentvolumeclaims", "default", "data");
    expect(phase(bound)).toBe("Bound");
    expect(spec(bound).volumeName).toBe(pvName);
    expect(bound?.metadata.annotations).toMatchObject({
      "pv.kubernetes.io/bind-completed": "yes",
      "pv.kubernetes.io/bound-by-controller": "yes",
      "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path",
    });
    expect((bound!.status as { capacity?: unknown }).capacity).toEqual({ storage: "1Gi" });
    const reasons = c.events("default", "data").map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(["ExternalProvisioning", "Provisioning", "ProvisioningSucceeded"]));
    const ok = c.events("default", "data").find((e) => e.reason === "ProvisioningSucceeded");
    expect(ok?.message).toBe(`Successfully provisioned volume ${pvName}`);
    expect((ok!.source as { component: string }).component).toMatch(/^rancher\.io\/local-path_local-path-provisioner-/);

    // Reclaim policy Delete: the volume goes with its claim.
    c.delete("persistentvolumeclaims", "default", "data");
    await c.settle();
    expect(c.get("persistentvolumes", undefined, pvName)).toBeUndefined();
  });

  it("binds a claim to the smallest fitting static volume and releases a Retain volume", async () => {
    const c = createTestCluster({ controllers });
    const pv = (name: string, size: string, labels?: Record<string, string>) =>
      c.create({
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name, labels },
        spec: {
          capacity: { storage: size },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          storageClassName: "",
          hostPath: { path: `/data/${name}` },
        },
      });
    pv("big", "10Gi");
    pv("small", "2Gi");
    pv("tiny", "500Mi");
    await c.settle();
    expect(phase(c.get("persistentvolumes", undefined, "small"))).toBe("Available");
    createClaim(c, "claim", { storageClassName: "" });
    await c.settle();
    expect(spec(c.get("persistentvolumeclaims", "default", "claim")).volumeName).toBe("small");
    const small = c.get("persistentvolumes", undefined, "small");
    expect(phase(small)).toBe("Bound");
    expect(small?.metadata.annotations?.["pv.kubernetes.io/bound-by-controller"]).toBe("yes");
    expect(phase(c.get("persistentvolumes", undefined, "big"))).toBe("Available");

    createClaim(c, "nothing-fits", { storageClassName: "", resources: { requests: { storage: "50Gi" } } });
    await c.settle();
    expect(phase(c.get("persistentvolumeclaims", "default", "nothing-fits"))).toBe("Pending");
    expect(c.events("default", "nothing-fits").map((e) => e.message)).toContain(
      "no persistent volumes available for this claim and no storage class is set",
    );

    c.delete("persistentvolumeclaims", "default", "claim");
    await c.settle();
    expect(phase(c.get("persistentvolumes", undefined, "small"))).toBe("Released");
  });

  it("provisions at once for an Immediate class", async () => {
    const c = createTestCluster({ controllers });
    c.create({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "fast" },
      provisioner: "rancher.io/local-path",
      volumeBindingMode: "Immediate",
      reclaimPolicy: "Retain",
    });
    createClaim(c, "now", { storageClassName: "fast" });
    await c.settle();
    const claim = c.get("persistentvolumeclaims", "default", "now");
    expect(phase(claim)).toBe("Bound");
    expect(spec(c.get("persistentvolumes", undefined, spec(claim).volumeName)).persistentVolumeReclaimPolicy).toBe(
      "Retain",
    );
  });
});
