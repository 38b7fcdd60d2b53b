import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { endpointsController } from "../../../src/reconcile/core/endpoints-controller";
import { endpointSliceController } from "../../../src/reconcile/core/endpointslice-controller";
import { garbageCollector } from "../../../src/reconcile/garbage-collector";
import { createTestCluster } from "../harness/memory-cluster";
import { createPod, createService, setPodStatus } from "./fixtures";

const controllers = [endpointsController, endpointSliceController, garbageCollector];

type Subset = {
  addresses?: { ip: string; nodeName?: string; hostname?: string; targetRef: { name: string; kind: string } }[];
  notReadyAddresses?: { ip: string }[];
  ports?: { name?: string; port: number; protocol: string }[];
};
const subsetsOf = (ep: KObject | undefined) => (ep?.subsets ?? []) as Subset[];
const slicesOf = (c: ReturnType<typeof createTestCluster>, svc: string, ns = "default") =>
  c
    .list("endpointslices.discovery.k8s.io", ns)
    .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc);
type Ep = {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  nodeName?: string;
  targetRef: { name: string };
};

describe("endpoints and endpointslice controllers", () => {
  it("list ready and not-ready pods of a Service, resolving named target ports", async () => {
    const c = createTestCluster({ controllers });
    const ports = [{ name: "http", containerPort: 8080 }];
    createPod(c, "web-1", { labels: { app: "web" }, node: "test-worker", ip: "10.244.1.5", ports });
    createPod(c, "web-2", { labels: { app: "web" }, node: "test-worker2", ip: "10.244.2.7", ports, ready: false });
    createPod(c, "web-pending", { labels: { app: "web" } });
    createPod(c, "other", { labels: { app: "db" }, node: "test-worker", ip: "10.244.1.9" });
    const svc = createService(c, "web", {
      selector: { app: "web" },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    });
    await c.settle();

    const ep = c.get("endpoints", "default", "web");
    expect(ep?.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toBeDefined();
    const subsets = subsetsOf(ep);
    expect(subsets).toHaveLength(1);
    expect(subsets[0].ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(subsets[0].addresses).toEqual([
      {
        ip: "10.244.1.5",
        nodeName: "test-worker",
        targetRef: expect.objectContaining({ kind: "Pod", name: "web-1", namespace: "default" }),
      },
    ]);
    expect(subsets[0].notReadyAddresses?.map((a) => a.ip)).toEqual(["10.244.2.7"]);

    const slices = slicesOf(c, "web");
    expect(slices).toHaveLength(1);
    const slice = slices[0];
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels?.["endpointslice.kubernetes.io/managed-by"]).toBe("endpointslice-controller.k8s.io");
    expect(slice.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "Service",
      name: "web",
      uid: svc.metadata.uid,
      controller: true,
    });
    expect(slice.addressType).toBe("IPv4");
    expect(slice.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    const eps = (slice.endpoints as Ep[]).map((e) => [e.targetRef.name, e.addresses[0], e.conditions, e.nodeName]);
    expect(eps).toEqual([
      ["web-1", "10.244.1.5", { ready: true, serving: true, terminating: false }, "test-worker"],
      ["web-2", "10.244.2.7", { ready: false, serving: false, terminating: false }, "test-worker2"],
    ]);

    // The pod turns ready: it moves to addresses; the slice is updated in place.
    setPodStatus(c, "web-2", { node: "test-worker2", ip: "10.244.2.7" });
    await c.settle();
    expect(subsetsOf(c.get("endpoints", "default", "web"))[0].addresses?.map((a) => a.ip)).toEqual([
      "10.244.1.5",
      "10.244.2.7",
    ]);
    const after = slicesOf(c, "web");
    expect(after.map((s) => s.metadata.name)).toEqual([slice.metadata.name]);
    expect((after[0].endpoints as Ep[]).every((e) => e.conditions.ready)).toBe(true);
  });

  it("keeps terminating pods in slices (not ready) but drops them from Endpoints", async () => {
    const c = createTestCluster({ controllers });
    createPod(c, "a", { labels: { app: "a" }, node: "test-worker", ip: "10.244.1.2" });
    createService(c, "a", { selector: { app: "a" }, ports: [{ port: 80, targetPort: 80 }] });
    await c.settle();
    c.delete("pods", "default", "a");
    await c.settle();
    expect(subsetsOf(c.get("endpoints", "default", "a"))).toEqual([]);
    const ep = (slicesOf(c, "a")[0].endpoints as Ep[])[0];
    expect(ep.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it("publishNotReadyAddresses lists unready pods as ready; headless Services get the headless label", async () => {
    const c = createTestCluster({ controllers });
    createPod(c, "db-0", {
      labels: { app: "db" },
      node: "test-worker",
      ip: "10.244.1.3",
      ready: false,
      hostname: "db-0",
      subdomain: "db",
    });
    createService(c, "db", {
      selector: { app: "db" },
      clusterIP: "None",
      publishNotReadyAddresses: true,
      ports: [{ port: 5432 }],
    });
    await c.settle();
    const ep = c.get("endpoints", "default", "db");
    expect(ep?.metadata.labels?.["service.kubernetes.io/headless"]).toBe("");
    expect(subsetsOf(ep)[0].addresses?.[0]).toMatchObject({ ip: "10.244.1.3", hostname: "db-0" });
    const slice = slicesOf(c, "db")[0];
    expect(slice.metadata.labels?.["service.kubernetes.io/headless"]).toBe("");
    expect((slice.endpoints as Ep[])[0].conditions).toEqual({ ready: true, serving: false, terminating: false });
  });

  it("gives a Service with no pods empty Endpoints and a placeholder slice, and cleans up after deletion", async () => {
    const c = createTestCluster({ controllers });
    createService(c, "empty", { selector: { app: "none" }, ports: [{ port: 80 }] });
    await c.settle();
    expect(c.get("endpoints", "default", "empty")).toBeDefined();
    expect(subsetsOf(c.get("endpoints", "default", "empty"))).toEqual([]);
    const slices = slicesOf(c, "empty");
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints ?? []).toEqual([]);
    c.delete("services", "default", "empty");
    await c.settle();
    expect(c.get("endpoints", "default", "empty")).toBeUndefined();
    expect(slicesOf(c, "empty")).toHaveLength(0);
  });

  it("leaves Services without a selector alone and recreates deleted Endpoints", async () => {
    const c = createTestCluster({ controllers });
    createService(c, "manual", { ports: [{ port: 80 }] });
    c.create({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "manual", namespace: "default" },
      subsets: [{ addresses: [{ ip: "1.2.3.4" }], ports: [{ port: 80 }] }],
    });
    createPod(c, "x", { labels: { app: "x" }, node: "test-worker", ip: "10.244.1.4" });
    createService(c, "x", { selector: { app: "x" }, ports: [{ port: 80 }] });
    await c.settle();
    expect(subsetsOf(c.get("endpoints", "default", "manual"))[0].addresses?.[0].ip).toBe("1.2.3.4");
    expect(slicesOf(c, "manual")).toHaveLength(0);
    c.delete("endpoints", "default", "x");
    await c.settle();
    expect(subsetsOf(c.get("endpoints", "default", "x"))[0].addresses?.[0].ip).toBe("10.244.1.4");
  });

  it("does not rewrite the seeded kube-dns and kubernetes endpoints", async () => {
    const c = createTestCluster({ controllers });
    const before = [
      c.get("endpoints", "kube-system", "kube-dns"),
      ...slicesOf(c, "kube-dns", "kube-system"),
      c.get("endpoints", "default", "kubernetes"),
      ...slicesOf(c, "kubernetes"),
    ].map((o) => o?.metadata.resourceVersion);
    for (const svc of ["kube-dns"]) c.ctx.enqueue("endpoints-controller", `core/services/kube-system/${svc}`);
    c.ctx.enqueue("endpointslice-controller", "core/services/kube-system/kube-dns");
    c.ctx.enqueue("endpoints-controller", "core/services/default/kubernetes");
    c.ctx.enqueue("endpointslice-controller", "core/services/default/kubernetes");
    await c.settle();
    const after = [
      c.get("endpoints", "kube-system", "kube-dns"),
      ...slicesOf(c, "kube-dns", "kube-system"),
      c.get("endpoints", "default", "kubernetes"),
      ...slicesOf(c, "kubernetes"),
    ].map((o) => o?.metadata.resourceVersion);
    expect(after).toEqual(before);
    expect(before).toHaveLength(4);
  });
});
