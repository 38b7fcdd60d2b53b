import { describe, expect, it } from "vitest";
import {
  allocateClusterIP,
  allocateLoadBalancerIP,
  allocateNodePort,
  assignLoadBalancerIngress,
  clusterIPAllocationError,
  collectServiceAllocations,
  DEFAULT_SERVICE_CIDR,
  dropTypeDependentFields,
  ipRangeOffset,
  nodePortAllocationError,
  nodePortRangeOffset,
  parsePortRange,
  parseServiceCIDR,
  prepareServiceAllocation,
  releasedResources,
  requestClusterIP,
  requestNodePort,
} from "../../../src/kube/admission/service-ip";
import { defaultService, prepareServiceForUpdate } from "../../../src/kube/defaults/core-misc";
import { fieldErrorString, invalid, isStatusError, type StatusError } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import { validateService } from "../../../src/kube/validation/core-misc";

const ipInt = (ip: string) => ip.split(".").reduce((a, b) => a * 256 + Number(b), 0);
const seeded = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
};
const SEEDED_USED = { clusterIPs: new Set(["10.96.0.1", "10.96.0.10"]), nodePorts: new Set<number>() };

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

function svc(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec };
}

describe("service CIDR and ranges", () => {
  it("parses the default service CIDR like ipallocator.New", () => {
    const r = parseServiceCIDR();
    expect(r.cidr).toBe("10.96.0.0/12");
    expect(r.base).toBe(ipInt("10.96.0.1"));
    expect(r.max).toBe(2 ** 20 - 2);
    expect(r.offset).toBe(256);
  });

  it("masks a host address to the network, as cidr.String() does", () => {
    expect(parseServiceCIDR("10.96.7.9/12").cidr).toBe("10.96.0.0/12");
    expect(parseServiceCIDR("192.168.1.77/24").cidr).toBe("192.168.1.0/24");
  });

  it("sizes the static band min(max(16, size/16), 256)", () => {
    expect(ipRangeOffset(16)).toBe(0); // /28
    expect(ipRangeOffset(32)).toBe(16); // /27
    expect(ipRangeOffset(256)).toBe(16); // /24
    expect(ipRangeOffset(1024)).toBe(64); // /22
    expect(ipRangeOffset(4096)).toBe(256); // /20
    expect(ipRangeOffset(2 ** 20)).toBe(256); // /12
  });

  it("sizes the node-port static band min(max(16, size/32), 128)", () => {
    expect(nodePortRangeOffset(2768)).toBe(86);
    expect(nodePortRangeOffset(16)).toBe(0);
    expect(nodePortRangeOffset(100)).toBe(16);
    expect(nodePortRangeOffset(10000)).toBe(128);
    expect(parsePortRange()).toEqual({ base: 30000, size: 2768, text: "30000-32767", offset: 86 });
    expect(parsePortRange("30000+99").text).toBe("30000-30099");
  });

  it("rejects malformed ranges", () => {
    expect(() => parseServiceCIDR("10.96.0.0")).toThrow();
    expect(() => parseServiceCIDR("10.96.0.0/33")).toThrow();
    expect(() => parsePortRange("32767-30000")).toThrow();
  });
});

describe("allocateClusterIP", () => {
  it("starts its scan in the upper band, above the 256 static addresses", () => {
    expect(allocateClusterIP([], { random: () => 0 })).toBe("10.96.1.1");
    expect(allocateClusterIP([], { random: () => 0.9999999 })).toBe("10.111.255.254");
  });

  it("scans forward past used addresses", () => {
    expect(allocateClusterIP(["10.96.1.1", "10.96.1.2"], { random: () => 0 })).toBe("10.96.1.3");
  });

  it("wraps around within the upper band", () => {
    expect(allocateClusterIP(["10.111.255.254"], { random: () => 0.9999999 })).toBe("10.96.1.1");
  });

  it("never hands out the static band, the network or the broadcast address while the upper band has room", () => {
    const rnd = seeded(42);
    for (let i = 0; i < 500; i++) {
      const ip = allocateClusterIP(SEEDED_USED.clusterIPs, { random: rnd })!;
      const n = ipInt(ip);
      expect(n).toBeGreaterThanOrEqual(ipInt("10.96.1.1"));
      expect(n).toBeLessThanOrEqual(ipInt("10.111.255.254"));
    }
  });

  it("falls back to the static band once the upper band is full, then reports the range full", () => {
    const cidr = "10.0.0.0/27"; // 30 usable, 16 static: upper band is 10.0.0.17 - 10.0.0.30
    const used = new Set<string>();
    for (let i = 0; i < 14; i++) {
      const ip = allocateClusterIP(used, { cidr, random: seeded(i) })!;
      expect(ipInt(ip)).toBeGreaterThanOrEqual(ipInt("10.0.0.17"));
      used.add(ip);
    }
    const low = allocateClusterIP(used, { cidr, random: () => 0 });
    expect(low).toBe("10.0.0.1");
    for (let i = 1; i <= 16; i++) used.add(`10.0.0.${i}`);
    expect(allocateClusterIP(used, { cidr })).toBeUndefined();
  });

  it("uses the whole range when it is too small for a static band", () => {
    expect(allocateClusterIP([], { cidr: "10.0.0.0/28", random: () => 0 })).toBe("10.0.0.1");
    expect(allocateClusterIP([], { cidr: "10.0.0.0/32" })).toBeUndefined();
  });

  it("ignores used addresses outside the range and normalises sloppy ones", () => {
    expect(allocateClusterIP(["1.2.3.4", "010.096.001.001"], { random: () => 0 })).toBe("10.96.1.2");
  });
});

describe("requestClusterIP", () => {
  it("accepts a free address, including the static band", () => {
    expect(requestClusterIP("10.96.0.20", SEEDED_USED.clusterIPs)).toBeUndefined();
    expect(requestClusterIP("10.111.255.254", [])).toBeUndefined();
  });

  it("lets headless services through", () => {
    expect(requestClusterIP("None", SEEDED_USED.clusterIPs)).toBeUndefined();
  });

  it("rejects an address outside the range with kube's message", () => {
    const err = requestClusterIP("10.0.0.5", [], DEFAULT_SERVICE_CIDR)!;
    expect(fieldErrorString(err)).toBe(
      'spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(invalid("Service", "", "web", [err]).message).toBe(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it("treats the network and broadcast addresses as out of range", () => {
    expect(clusterIPAllocationError("10.96.0.0", [])).toMatch(
      /^the provided IP \(10\.96\.0\.0\) is not in the valid range/,
    );
    expect(clusterIPAllocationError("10.111.255.255", [])).toMatch(/not in the valid range/);
  });

  it("rejects an address in use", () => {
    const err = requestClusterIP("10.96.0.10", SEEDED_USED.clusterIPs)!;
    expect(fieldErrorString(err)).toBe(
      'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it("prints the whole clusterIPs list as the bad value", () => {
    const err = requestClusterIP("10.0.0.5", [], DEFAULT_SERVICE_CIDR, ["10.0.0.5", "fd00::5"])!;
    expect(fieldErrorString(err)).toMatch(/^spec\.clusterIPs: Invalid value: \[\]string\{"10\.0\.0\.5", "fd00::5"\}/);
  });

  it("prints IPv6 addresses in canonical form", () => {
    expect(clusterIPAllocationError("fd00:0:0::0:5", [])).toBe(
      "the provided IP (fd00::5) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    );
  });
});

describe("node ports", () => {
  it("allocates from above the 86 static ports first", () => {
    expect(allocateNodePort([], () => 0)).toBe(30086);
    expect(allocateNodePort([], () => 0.9999999)).toBe(32767);
    expect(allocateNodePort([30086, 30087], () => 0)).toBe(30088);
  });

  it("falls back to the static band, then reports the range full", () => {
    const used = new Set<number>();
    for (let p = 30086; p <= 32767; p++) used.add(p);
    expect(allocateNodePort(used, () => 0)).toBe(30000);
    for (let p = 30000; p < 30086; p++) used.add(p);
    expect(allocateNodePort(used)).toBeUndefined();
  });

  it("stays inside the upper band for random draws", () => {
    const rnd = seeded(7);
    for (let i = 0; i < 300; i++) {
      const p = allocateNodePort([], rnd)!;
      expect(p).toBeGreaterThanOrEqual(30086);
      expect(p).toBeLessThanOrEqual(32767);
    }
  });

  it("rejects requested ports with kube's messages", () => {
    expect(requestNodePort(30080, [])).toBeUndefined();
    expect(fieldErrorString(requestNodePort(30080, [30080])!)).toBe(
      "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
    );
    expect(fieldErrorString(requestNodePort(8080, [], { index: 2 })!)).toBe(
      "spec.ports[2].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767",
    );
    expect(nodePortAllocationError(40000, [], "40000-40010")).toBeUndefined();
  });
});

describe("LoadBalancer ingress (simulated)", () => {
  it("hands out the lowest free address of the pool", () => {
    expect(allocateLoadBalancerIP([])).toBe("172.18.255.200");
    expect(allocateLoadBalancerIP(["172.18.255.200", "172.18.255.202"])).toBe("172.18.255.201");
  });

  it("honours a free requested address in the pool", () => {
    expect(allocateLoadBalancerIP([], { requested: "172.18.255.210" })).toBe("172.18.255.210");
    expect(allocateLoadBalancerIP(["172.18.255.210"], { requested: "172.18.255.210" })).toBe("172.18.255.200");
    expect(allocateLoadBalancerIP([], { requested: "8.8.8.8" })).toBe("172.18.255.200");
  });

  it("runs out after 51 addresses and accepts CIDR pools", () => {
    const used = Array.from({ length: 51 }, (_, i) => `172.18.255.${200 + i}`);
    expect(allocateLoadBalancerIP(used)).toBeUndefined();
    expect(allocateLoadBalancerIP([], { pool: "192.168.10.0/30" })).toBe("192.168.10.1");
  });

  it("sets status.loadBalancer.ingress for LoadBalancer services only", () => {
    const lb = svc("lb", { type: "LoadBalancer", loadBalancerIP: "172.18.255.220" });
    expect(assignLoadBalancerIngress(lb, [])).toBe("172.18.255.220");
    expect(lb.status).toEqual({ loadBalancer: { ingress: [{ ip: "172.18.255.220", ipMode: "VIP" }] } });
    expect(assignLoadBalancerIngress(lb, [])).toBeUndefined(); // already has one
    expect(assignLoadBalancerIngress(svc("c", { type: "ClusterIP" }), [])).toBeUndefined();
    const classed = svc("x", { type: "LoadBalancer", loadBalancerClass: "example.com/lb" });
    expect(assignLoadBalancerIngress(classed, [])).toBeUndefined();
    expect(classed.status).toBeUndefined();
  });
});

describe("prepareServiceAllocation on create", () => {
  it("allocates a ClusterIP and mirrors it in clusterIPs", () => {
    const s = svc("web", { type: "ClusterIP", ipFamilies: ["IPv4"], ports: [{ port: 80 }] });
    const r = prepareServiceAllocation(s, undefined, SEEDED_USED, { random: () => 0 });
    expect(s.spec).toMatchObject({ clusterIP: "10.96.1.1", clusterIPs: ["10.96.1.1"] });
    expect(r.allocated).toEqual({ clusterIPs: ["10.96.1.1"], nodePorts: [] });
    expect(r.released).toEqual({ clusterIPs: [], nodePorts: [] });
  });

  it("honours a requested ClusterIP", () => {
    const s = svc("dns", { type: "ClusterIP", clusterIP: "10.96.0.53", clusterIPs: ["10.96.0.53"] });
    const r = prepareServiceAllocation(s, undefined, SEEDED_USED);
    expect(s.spec).toMatchObject({ clusterIP: "10.96.0.53", clusterIPs: ["10.96.0.53"] });
    expect(r.allocated.clusterIPs).toEqual(["10.96.0.53"]);
  });

  it("rejects a requested ClusterIP that is taken or out of range, leaving the service untouched", () => {
    const s = svc("web", { type: "NodePort", clusterIPs: ["10.96.0.10"], ports: [{ port: 80 }] });
    const before = structuredClone(s);
    const e = thrown(() => prepareServiceAllocation(s, undefined, SEEDED_USED));
    expect(e.code).toBe(422);
    expect(e.message).toBe(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(s).toEqual(before);
    const out = thrown(() =>
      prepareServiceAllocation(svc("web", { clusterIP: "10.0.0.5", clusterIPs: ["10.0.0.5"] }), undefined, SEEDED_USED),
    );
    expect(out.message).toBe(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it("reports a full range as an internal error", () => {
    const e = thrown(() =>
      prepareServiceAllocation(
        svc("web", { type: "ClusterIP" }),
        undefined,
        { clusterIPs: new Set(["10.0.0.1", "10.0.0.2"]), nodePorts: new Set<number>() },
        { cidr: "10.0.0.0/30" },
      ),
    );
    expect(e.message).toBe("Internal error occurred: failed to allocate a serviceIP: range is full");
    expect(e.code).toBe(500);
  });

  it("passes headless and ExternalName services through", () => {
    const h = svc("h", { type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"], selector: { a: "b" } });
    expect(prepareServiceAllocation(h, undefined, SEEDED_USED).allocated.clusterIPs).toEqual([]);
    expect(h.spec).toMatchObject({ clusterIP: "None", clusterIPs: ["None"] });
    const x = svc("x", { type: "ExternalName", externalName: "example.com" });
    expect(prepareServiceAllocation(x, undefined, SEEDED_USED).allocated).toEqual({ clusterIPs: [], nodePorts: [] });
    expect(x.spec).toEqual({ type: "ExternalName", externalName: "example.com" });
  });

  it("allocates node ports, sharing one between ports with the same number", () => {
    const s = svc("dns", {
      type: "NodePort",
      ports: [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
        { name: "metrics", port: 9153, protocol: "TCP" },
      ],
    });
    const r = prepareServiceAllocation(s, undefined, SEEDED_USED, { random: () => 0 });
    const ports = (s.spec as { ports: { nodePort: number }[] }).ports.map((p) => p.nodePort);
    expect(ports).toEqual([30086, 30086, 30087]);
    expect(r.allocated.nodePorts).toEqual([30086, 30087]);
  });

  it("honours requested node ports, also when a later port of the same number asks", () => {
    const s = svc("web", {
      type: "NodePort",
      ports: [
        { port: 80, protocol: "TCP" },
        { port: 80, protocol: "UDP", nodePort: 30080 },
      ],
    });
    prepareServiceAllocation(s, undefined, SEEDED_USED);
    expect((s.spec as { ports: { nodePort: number }[] }).ports.map((p) => p.nodePort)).toEqual([30080, 30080]);
  });

  it("rejects a requested node port in use with its index", () => {
    const used = { clusterIPs: new Set<string>(), nodePorts: new Set([30080]) };
    const s = svc("web", {
      type: "NodePort",
      ports: [
        { port: 443, nodePort: 30443 },
        { port: 80, nodePort: 30080 },
      ],
    });
    const e = thrown(() => prepareServiceAllocation(s, undefined, used));
    expect(e.message).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(e.details?.causes).toEqual([
      {
        reason: "FieldValueInvalid",
        message: "Invalid value: 30080: provided port is already allocated",
        field: "spec.ports[1].nodePort",
      },
    ]);
  });

  it("rejects two ports asking for the same node port", () => {
    const s = svc("web", {
      type: "NodePort",
      ports: [
        { port: 80, nodePort: 30080 },
        { port: 81, nodePort: 30080 },
      ],
    });
    expect(thrown(() => prepareServiceAllocation(s, undefined, SEEDED_USED)).message).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });

  it("rejects an out-of-range node port", () => {
    const s = svc("web", { type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] });
    expect(thrown(() => prepareServiceAllocation(s, undefined, SEEDED_USED)).message).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it("reports a full node-port range as an internal error", () => {
    const full = { clusterIPs: new Set<string>(), nodePorts: new Set([30000]) };
    const e2 = thrown(() =>
      prepareServiceAllocation(svc("w", { type: "NodePort", ports: [{ port: 80 }] }), undefined, full, {
        nodePortRange: "30000-30000",
      }),
    );
    expect(e2.message).toBe("Internal error occurred: failed to allocate a nodePort: range is full");
  });

  it("gives LoadBalancer services node ports unless allocateLoadBalancerNodePorts is false", () => {
    const a = svc("a", { type: "LoadBalancer", allocateLoadBalancerNodePorts: true, ports: [{ port: 80 }] });
    prepareServiceAllocation(a, undefined, SEEDED_USED, { random: () => 0 });
    expect((a.spec as { ports: { nodePort?: number }[] }).ports[0].nodePort).toBe(30086);
    const b = svc("b", {
      type: "LoadBalancer",
      allocateLoadBalancerNodePorts: false,
      ports: [{ port: 80 }, { port: 443, nodePort: 30443 }],
    });
    const r = prepareServiceAllocation(b, undefined, SEEDED_USED, { random: () => 0 });
    expect((b.spec as { ports: { nodePort?: number }[] }).ports.map((p) => p.nodePort)).toEqual([undefined, 30443]);
    expect(r.allocated.nodePorts).toEqual([30443]);
  });

  it("allocates a health-check node port for externalTrafficPolicy: Local", () => {
    const s = svc("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local", ports: [{ port: 80 }] });
    const r = prepareServiceAllocation(s, undefined, SEEDED_USED, { random: () => 0 });
    expect(s.spec).toMatchObject({ healthCheckNodePort: 30087, ports: [{ port: 80, nodePort: 30086 }] });
    expect(r.allocated.nodePorts).toEqual([30086, 30087]);
  });

  it("reports a taken health-check node port as an internal error", () => {
    const used = { clusterIPs: new Set<string>(), nodePorts: new Set([30500]) };
    const s = svc("lb", {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 30500,
      ports: [{ port: 80 }],
    });
    const e = thrown(() => prepareServiceAllocation(s, undefined, used));
    expect(e.code).toBe(500);
    expect(e.message).toBe(
      "Internal error occurred: failed to allocate requested HealthCheck NodePort 30500: provided port is already allocated",
    );
  });

  it("rejects families this single-stack IPv4 cluster lacks", () => {
    const v6 = svc("v6", { type: "ClusterIP", ipFamilies: ["IPv6"], selector: { a: "b" } });
    expect(thrown(() => prepareServiceAllocation(v6, undefined, SEEDED_USED)).message).toBe(
      'Service "v6" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    );
    const dual = svc("d", {
      type: "ClusterIP",
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4"],
      selector: { a: "b" },
    });
    expect(thrown(() => prepareServiceAllocation(dual, undefined, SEEDED_USED)).message).toBe(
      'Service "d" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
    for (const ipFamilies of [undefined, ["IPv6"]]) {
      const ip6 = svc("i", { type: "ClusterIP", clusterIPs: ["fd00::5"], ipFamilies, selector: { a: "b" } });
      expect(thrown(() => prepareServiceAllocation(ip6, undefined, SEEDED_USED)).message).toBe(
        'Service "i" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::5"}: IPv6 is not configured on this cluster',
      );
    }
    const headless = svc("h", {
      clusterIP: "None",
      clusterIPs: ["None"],
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4", "IPv6"],
    });
    expect(() => prepareServiceAllocation(headless, undefined, SEEDED_USED)).not.toThrow();
  });

  it("dry run reserves nothing and returns kube's placeholder values", () => {
    const s = svc("web", { type: "NodePort", ports: [{ port: 80 }, { port: 443 }] });
    const r = prepareServiceAllocation(s, undefined, SEEDED_USED, { dryRun: true });
    expect(s.spec).toMatchObject({ clusterIP: "10.96.0.0", ports: [{ nodePort: 32769 }, { nodePort: 32770 }] });
    expect(r.allocated).toEqual({ clusterIPs: [], nodePorts: [] });
    const taken = svc("t", { clusterIPs: ["10.96.0.10"] });
    expect(() => prepareServiceAllocation(taken, undefined, SEEDED_USED, { dryRun: true })).not.toThrow();
    const outside = svc("o", { clusterIPs: ["10.0.0.1"] });
    expect(thrown(() => prepareServiceAllocation(outside, undefined, SEEDED_USED, { dryRun: true })).code).toBe(422);
  });
});

describe("prepareServiceAllocation on update", () => {
  const nodePortSvc = () =>
    svc("web", {
      type: "NodePort",
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      externalTrafficPolicy: "Cluster",
      ports: [
        { name: "http", port: 80, nodePort: 30080 },
        { name: "https", port: 443, nodePort: 30443 },
      ],
    });
  const usedWith = (old: KObject) => {
    const c = collectServiceAllocations([old]);
    return { clusterIPs: new Set([...c.clusterIPs, "10.96.0.1"]), nodePorts: c.nodePorts };
  };

  it("keeps the node ports the service already holds and allocates for new ports", () => {
    const old = nodePortSvc();
    const next = structuredClone(old);
    (next.spec as { ports: unknown[] }).ports.push({ name: "metrics", port: 9090 });
    const r = prepareServiceAllocation(next, old, usedWith(old), { random: () => 0 });
    expect((next.spec as { ports: { nodePort: number }[] }).ports.map((p) => p.nodePort)).toEqual([
      30080, 30443, 30086,
    ]);
    expect(r.allocated.nodePorts).toEqual([30086]);
    expect(r.released.nodePorts).toEqual([]);
  });

  it("moves a node port: the new one is reserved, the old one released", () => {
    const old = nodePortSvc();
    const next = structuredClone(old);
    (next.spec as { ports: { nodePort: number }[] }).ports[0].nodePort = 30081;
    const r = prepareServiceAllocation(next, old, usedWith(old));
    expect(r.allocated.nodePorts).toEqual([30081]);
    expect(r.released.nodePorts).toEqual([30080]);
  });

  it("rejects moving a node port onto one another service holds", () => {
    const old = nodePortSvc();
    const next = structuredClone(old);
    (next.spec as { ports: { nodePort: number }[] }).ports[1].nodePort = 31000;
    const used = usedWith(old);
    used.nodePorts.add(31000);
    expect(thrown(() => prepareServiceAllocation(next, old, used)).message).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 31000: provided port is already allocated',
    );
  });

  it("releases every node port when the type changes to ClusterIP", () => {
    const old = nodePortSvc();
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).type = "ClusterIP";
    const r = prepareServiceAllocation(next, old, usedWith(old));
    expect(r.released.nodePorts).toEqual([30080, 30443]);
    expect(r.released.clusterIPs).toEqual([]);
    expect(r.allocated).toEqual({ clusterIPs: [], nodePorts: [] });
  });

  it("allocates node ports when a ClusterIP service becomes NodePort", () => {
    const old = svc("web", {
      type: "ClusterIP",
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      ports: [{ port: 80 }],
    });
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).type = "NodePort";
    const r = prepareServiceAllocation(next, old, usedWith(old), { random: () => 0 });
    expect((next.spec as { ports: { nodePort: number }[] }).ports[0].nodePort).toBe(30086);
    expect(r.allocated).toEqual({ clusterIPs: [], nodePorts: [30086] });
  });

  it("releases the ClusterIP when the type changes to ExternalName, and allocates one on the way back", () => {
    const old = svc("web", {
      type: "ClusterIP",
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      ports: [{ port: 80 }],
    });
    const ext = svc("web", { type: "ExternalName", externalName: "example.com", ports: [{ port: 80 }] });
    expect(prepareServiceAllocation(ext, old, usedWith(old)).released.clusterIPs).toEqual(["10.96.5.5"]);
    const back = svc("web", { type: "ClusterIP", ports: [{ port: 80 }] });
    const r = prepareServiceAllocation(back, ext, SEEDED_USED, { random: () => 0 });
    expect(back.spec).toMatchObject({ clusterIP: "10.96.1.1", clusterIPs: ["10.96.1.1"] });
    expect(r.allocated.clusterIPs).toEqual(["10.96.1.1"]);
  });

  it("does not touch the ClusterIP of a headless service changing to ExternalName", () => {
    const old = svc("h", { type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"] });
    const next = svc("h", { type: "ExternalName", externalName: "example.com" });
    expect(prepareServiceAllocation(next, old, SEEDED_USED).released.clusterIPs).toEqual([]);
  });

  it("allocates and releases the health-check node port as externalTrafficPolicy changes", () => {
    const old = svc("lb", {
      type: "LoadBalancer",
      clusterIPs: ["10.96.5.5"],
      externalTrafficPolicy: "Cluster",
      allocateLoadBalancerNodePorts: true,
      ports: [{ port: 80, nodePort: 30080 }],
    });
    const local = structuredClone(old);
    (local.spec as Record<string, unknown>).externalTrafficPolicy = "Local";
    const r1 = prepareServiceAllocation(local, old, usedWith(old), { random: () => 0 });
    expect((local.spec as Record<string, unknown>).healthCheckNodePort).toBe(30086);
    expect(r1.allocated.nodePorts).toEqual([30086]);
    const cluster = structuredClone(local);
    (cluster.spec as Record<string, unknown>).externalTrafficPolicy = "Cluster";
    const r2 = prepareServiceAllocation(cluster, local, usedWith(local));
    expect(r2.released.nodePorts).toEqual([30086]);
  });

  it("keeps node ports and releases the health-check port going from LoadBalancer to NodePort", () => {
    const old = svc("lb", {
      type: "LoadBalancer",
      clusterIPs: ["10.96.5.5"],
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 30500,
      ports: [{ port: 80, nodePort: 30080 }],
    });
    const next = structuredClone(old);
    Object.assign(next.spec as object, { type: "NodePort" });
    const r = prepareServiceAllocation(next, old, usedWith(old));
    expect(r.released.nodePorts).toEqual([30500]);
    expect(r.allocated.nodePorts).toEqual([]);
  });
});

describe("releasedResources and collectServiceAllocations", () => {
  it("lists what a deleted service frees", () => {
    const s: KObject = {
      metadata: { name: "lb" },
      spec: {
        type: "LoadBalancer",
        clusterIP: "10.96.5.5",
        clusterIPs: ["10.96.5.5"],
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 30500,
        ports: [
          { port: 53, protocol: "UDP", nodePort: 30053 },
          { port: 53, protocol: "TCP", nodePort: 30053 },
        ],
      },
      status: { loadBalancer: { ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }] } },
    };
    expect(releasedResources(s)).toEqual({
      clusterIPs: ["10.96.5.5"],
      nodePorts: [30053, 30500],
      loadBalancerIPs: ["172.18.255.200"],
    });
  });

  it("frees nothing for headless or ExternalName services, and no stale health-check port", () => {
    expect(releasedResources({ metadata: {}, spec: { clusterIPs: ["None"] } }).clusterIPs).toEqual([]);
    expect(
      releasedResources({ metadata: {}, spec: { type: "ExternalName", clusterIP: "10.96.5.5" } }).clusterIPs,
    ).toEqual([]);
    expect(
      releasedResources({ metadata: {}, spec: { type: "NodePort", healthCheckNodePort: 30500, ports: [] } }).nodePorts,
    ).toEqual([]);
  });

  it("collects the allocator state from all services", () => {
    const c = collectServiceAllocations([
      { metadata: {}, spec: { clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1"] } },
      { metadata: {}, spec: { type: "NodePort", clusterIPs: ["10.96.3.3"], ports: [{ port: 80, nodePort: 30080 }] } },
    ]);
    expect([...c.clusterIPs]).toEqual(["10.96.0.1", "10.96.3.3"]);
    expect([...c.nodePorts]).toEqual([30080]);
  });
});

describe("dropTypeDependentFields", () => {
  it("wipes unchanged node ports and externalTrafficPolicy going from NodePort to ClusterIP", () => {
    const old = svc("web", {
      type: "NodePort",
      clusterIPs: ["10.96.5.5"],
      externalTrafficPolicy: "Cluster",
      ports: [{ port: 80, nodePort: 30080 }],
    });
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).type = "ClusterIP";
    dropTypeDependentFields(next, old);
    expect(next.spec).toEqual({ type: "ClusterIP", clusterIPs: ["10.96.5.5"], ports: [{ port: 80 }] });
    expect(next.status).toEqual({ loadBalancer: {} });
  });

  it("keeps node ports the client changed (validation then rejects them)", () => {
    const old = svc("web", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] });
    const next = svc("web", { type: "ClusterIP", ports: [{ port: 80, nodePort: 30099 }] });
    dropTypeDependentFields(next, old);
    expect((next.spec as { ports: { nodePort: number }[] }).ports[0].nodePort).toBe(30099);
  });

  it("clears LoadBalancer-only fields and the load-balancer status", () => {
    const old = svc("lb", {
      type: "LoadBalancer",
      allocateLoadBalancerNodePorts: true,
      loadBalancerClass: "example.com/lb",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 30500,
      ports: [{ port: 80, nodePort: 30080 }],
    });
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).type = "NodePort";
    next.status = { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } };
    dropTypeDependentFields(next, old);
    expect(next.spec).toEqual({
      type: "NodePort",
      externalTrafficPolicy: "Local",
      ports: [{ port: 80, nodePort: 30080 }],
    });
    expect(next.status).toEqual({ loadBalancer: {} });
  });

  it("wipes clusterIPs and IP-family fields going to ExternalName", () => {
    const old = svc("web", {
      type: "ClusterIP",
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
    const next = structuredClone(old);
    Object.assign(next.spec as object, { type: "ExternalName", externalName: "example.com" });
    dropTypeDependentFields(next, old);
    expect(next.spec).toEqual({ type: "ExternalName", externalName: "example.com" });
  });

  it("does nothing on create", () => {
    const s = svc("web", { type: "ClusterIP", ports: [{ port: 80, nodePort: 30080 }] });
    dropTypeDependentFields(s, undefined);
    expect(s.spec).toEqual({ type: "ClusterIP", ports: [{ port: 80, nodePort: 30080 }] });
  });
});

describe("with the registry's defaulting and validation", () => {
  it("creates a LoadBalancer service that validates", () => {
    const s = svc("lb", {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      selector: { app: "web" },
      ports: [{ port: 80 }],
    });
    defaultService(s);
    prepareServiceAllocation(s, undefined, SEEDED_USED, { random: () => 0 });
    expect(validateService(s)).toEqual([]);
    expect(s.spec).toMatchObject({ clusterIP: "10.96.1.1", healthCheckNodePort: 30087, ports: [{ nodePort: 30086 }] });
  });

  it("turns a NodePort service into ClusterIP the way kube orders it", () => {
    const old = svc("web", { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] });
    defaultService(old);
    prepareServiceAllocation(old, undefined, SEEDED_USED, { random: () => 0 });
    old.metadata.resourceVersion = "7";
    // kubectl apply sends the type change; the allocated fields come back from the old object.
    const next = svc("web", { type: "ClusterIP", selector: { app: "web" }, ports: [{ port: 80 }] });
    next.metadata.resourceVersion = "7";
    defaultService(next);
    prepareServiceForUpdate(next, old);
    const used = collectServiceAllocations([old]);
    const r = prepareServiceAllocation(next, old, used);
    dropTypeDependentFields(next, old);
    expect(validateService(next, old)).toEqual([]);
    expect(r.released.nodePorts).toEqual([30086]);
    expect(next.spec).toMatchObject({ type: "ClusterIP", clusterIP: "10.96.1.1" });
    expect((next.spec as { ports: { nodePort?: number }[] }).ports[0].nodePort).toBeUndefined();
  });
});
