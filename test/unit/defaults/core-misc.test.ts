import { describe, expect, it } from "vitest";
import {
  defaultEndpoints,
  defaultEvent,
  defaultNamespace,
  defaultNode,
  defaultSecret,
  defaultService,
  prepareNamespaceForCreate,
  prepareServiceForUpdate,
} from "../../../src/kube/defaults/core-misc";
import type { KObject } from "../../../src/kube/object";

describe("defaultService", () => {
  it("defaults a ClusterIP service like the API server", () => {
    const s: KObject = { metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } };
    defaultService(s);
    expect(s.spec).toEqual({
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      selector: { app: "web" },
      sessionAffinity: "None",
      type: "ClusterIP",
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it("adds externalTrafficPolicy for NodePort and allocateLoadBalancerNodePorts for LoadBalancer", () => {
    const np: KObject = {
      metadata: { name: "a" },
      spec: { type: "NodePort", ports: [{ port: 80, targetPort: "http" }] },
    };
    defaultService(np);
    expect((np.spec as Record<string, unknown>).externalTrafficPolicy).toBe("Cluster");
    expect((np.spec as { ports: unknown[] }).ports).toEqual([{ port: 80, protocol: "TCP", targetPort: "http" }]);
    const lb: KObject = { metadata: { name: "b" }, spec: { type: "LoadBalancer", ports: [{ port: 443 }] } };
    defaultService(lb);
    expect((lb.spec as Record<string, unknown>).allocateLoadBalancerNodePorts).toBe(true);
  });

  it("handles headless, selector-less and ExternalName services", () => {
    const headless: KObject = { metadata: { name: "h" }, spec: { clusterIP: "None" } };
    defaultService(headless);
    expect(headless.spec).toMatchObject({
      clusterIPs: ["None"],
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4"],
    });
    const ext: KObject = { metadata: { name: "e" }, spec: { type: "ExternalName", externalName: "example.com" } };
    defaultService(ext);
    expect(ext.spec).toEqual({ type: "ExternalName", externalName: "example.com", sessionAffinity: "None" });
  });

  it("defaults ClientIP affinity timeout", () => {
    const s: KObject = { metadata: { name: "s" }, spec: { sessionAffinity: "ClientIP", ports: [{ port: 1 }] } };
    defaultService(s);
    expect((s.spec as Record<string, unknown>).sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
});

describe("prepareServiceForUpdate", () => {
  it("patches allocated values a client left out", () => {
    const old: KObject = {
      metadata: { name: "s" },
      spec: {
        type: "NodePort",
        clusterIP: "10.96.0.5",
        clusterIPs: ["10.96.0.5"],
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        ports: [{ name: "http", port: 80, nodePort: 31000 }],
      },
    };
    const next: KObject = { metadata: { name: "s" }, spec: { type: "NodePort", ports: [{ name: "http", port: 80 }] } };
    prepareServiceForUpdate(next, old);
    expect(next.spec).toMatchObject({
      clusterIP: "10.96.0.5",
      clusterIPs: ["10.96.0.5"],
      ports: [{ name: "http", port: 80, nodePort: 31000 }],
    });
  });
});

describe("other kinds", () => {
  it("defaults a secret's type and merges stringData into data", () => {
    const s = { metadata: { name: "s" }, stringData: { password: "hunter2", note: "é" } } as KObject;
    defaultSecret(s);
    expect(s).toEqual({ metadata: { name: "s" }, type: "Opaque", data: { password: "aHVudGVyMg==", note: "w6k=" } });
  });

  it("labels and activates namespaces", () => {
    const ns: KObject = { metadata: { name: "team-a" } };
    defaultNamespace(ns);
    prepareNamespaceForCreate(ns);
    expect(ns).toEqual({
      metadata: { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  });

  it("materialises the event fields kube always serializes", () => {
    const ev = { metadata: { name: "e" }, involvedObject: { kind: "Pod" }, reason: "Created" } as KObject;
    defaultEvent(ev);
    expect(ev).toMatchObject({
      eventTime: null,
      firstTimestamp: null,
      lastTimestamp: null,
      reportingComponent: "",
      reportingInstance: "",
      source: {},
    });
  });

  it("defaults node allocatable to capacity, and endpoint port protocols", () => {
    const node = { metadata: { name: "n" }, status: { capacity: { cpu: "4" } } } as KObject;
    defaultNode(node);
    expect((node as Record<string, unknown>).status).toEqual({ capacity: { cpu: "4" }, allocatable: { cpu: "4" } });
    const ep = { metadata: { name: "e" }, subsets: [{ ports: [{ port: 80 }] }] } as KObject;
    defaultEndpoints(ep);
    expect((ep as Record<string, unknown>).subsets).toEqual([{ ports: [{ port: 80, protocol: "TCP" }] }]);
  });
});
