import { describe, expect, it } from "vitest";
import { serviceColumns } from "../../../src/kube/printers/service";
import { ago, cells, headers, k, MIN } from "./helpers";

const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
  k({ metadata: { name }, spec, status });

describe("service columns", () => {
  it("declares printers.go's columns", () => {
    expect(headers(serviceColumns)).toEqual(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
    expect(headers(serviceColumns, true)).toEqual([
      "NAME",
      "TYPE",
      "CLUSTER-IP",
      "EXTERNAL-IP",
      "PORT(S)",
      "AGE",
      "SELECTOR",
    ]);
  });
});

describe("printService (TestPrintService, TestPrintServiceLoadBalancer)", () => {
  it("ClusterIP with a single port", () => {
    const s = svc("test1", {
      type: "ClusterIP",
      ports: [{ protocol: "TCP", port: 2233 }],
      clusterIP: "10.9.8.7",
      clusterIPs: ["10.9.8.7"],
      selector: { foo: "bar" },
    });
    expect(cells(serviceColumns, s, true)).toEqual([
      "test1",
      "ClusterIP",
      "10.9.8.7",
      "<none>",
      "2233/TCP",
      "<unknown>",
      "foo=bar",
    ]);
  });

  it("NodePort with node ports", () => {
    const s = svc("test2", {
      type: "NodePort",
      ports: [
        { protocol: "TCP", port: 8888, nodePort: 9999 },
        { protocol: "UDP", port: 53, nodePort: 30053 },
      ],
      clusterIPs: ["10.9.8.7"],
    });
    expect(cells(serviceColumns, s)).toEqual([
      "test2",
      "NodePort",
      "10.9.8.7",
      "<none>",
      "8888:9999/TCP,53:30053/UDP",
      "<unknown>",
    ]);
  });

  it("ClusterIP with external IPs and a selector", () => {
    const s = svc("test3", {
      type: "ClusterIP",
      ports: [{ protocol: "TCP", port: 80 }],
      clusterIP: "10.9.8.7",
      externalIPs: ["1.2.3.4", "5.6.7.8"],
      selector: { b: "2", a: "1" },
    });
    expect(cells(serviceColumns, s, true)).toEqual([
      "test3",
      "ClusterIP",
      "10.9.8.7",
      "1.2.3.4,5.6.7.8",
      "80/TCP",
      "<unknown>",
      "a=1,b=2",
    ]);
  });

  it("ExternalName", () => {
    const s = svc("test4", { type: "ExternalName", externalName: "my.database.example.com" });
    expect(cells(serviceColumns, s, true)).toEqual([
      "test4",
      "ExternalName",
      "<none>",
      "my.database.example.com",
      "<none>",
      "<unknown>",
      "<none>",
    ]);
  });

  it("headless service shows None", () => {
    const s = svc("h", {
      type: "ClusterIP",
      clusterIP: "None",
      clusterIPs: ["None"],
      ports: [{ port: 80, protocol: "TCP" }],
    });
    expect(cells(serviceColumns, s)[2]).toBe("None");
  });

  it("LoadBalancer with multiple ingress IPs", () => {
    const s = svc(
      "service1",
      { clusterIPs: ["1.2.3.4"], type: "LoadBalancer", ports: [{ port: 80, protocol: "TCP" }] },
      { loadBalancer: { ingress: [{ ip: "2.3.4.5" }, { ip: "3.4.5.6" }] } },
    );
    expect(cells(serviceColumns, s)).toEqual([
      "service1",
      "LoadBalancer",
      "1.2.3.4",
      "2.3.4.5,3.4.5.6",
      "80/TCP",
      "<unknown>",
    ]);
  });

  it("LoadBalancer without ingress is <pending>", () => {
    const s = svc("service2", {
      clusterIPs: ["1.3.4.5"],
      type: "LoadBalancer",
      ports: [
        { port: 80, protocol: "TCP" },
        { port: 8090, protocol: "UDP" },
        { port: 8000, protocol: "TCP" },
        { port: 7777, protocol: "SCTP" },
      ],
    });
    expect(cells(serviceColumns, s)).toEqual([
      "service2",
      "LoadBalancer",
      "1.3.4.5",
      "<pending>",
      "80/TCP,8090/UDP,8000/TCP,7777/SCTP",
      "<unknown>",
    ]);
  });

  it("LoadBalancer addresses are never clipped (the server prints wide)", () => {
    const s = svc(
      "service4",
      {
        clusterIPs: ["1.5.6.7"],
        type: "LoadBalancer",
        ports: [{ port: 80, protocol: "TCP" }],
        selector: { foo: "bar" },
      },
      { loadBalancer: { ingress: [{ ip: "2.3.4.5" }, { ip: "3.4.5.6" }, { ip: "5.6.7.8", hostname: "host5678" }] } },
    );
    expect(cells(serviceColumns, s, true)).toEqual([
      "service4",
      "LoadBalancer",
      "1.5.6.7",
      "2.3.4.5,3.4.5.6,5.6.7.8",
      "80/TCP",
      "<unknown>",
      "foo=bar",
    ]);
  });

  it("LoadBalancer hostnames are sorted, de-duplicated and followed by external IPs", () => {
    const s = svc(
      "lb",
      {
        clusterIP: "10.0.0.1",
        type: "LoadBalancer",
        externalIPs: ["9.9.9.9"],
        ports: [{ port: 443, nodePort: 31443, protocol: "TCP" }],
      },
      {
        loadBalancer: {
          ingress: [{ hostname: "b.example.com" }, { hostname: "a.example.com" }, { hostname: "a.example.com" }],
        },
      },
    );
    expect(cells(serviceColumns, s).slice(3, 5)).toEqual(["a.example.com,b.example.com,9.9.9.9", "443:31443/TCP"]);
  });

  it("AGE", () => {
    const s = k({
      metadata: { name: "x", creationTimestamp: ago(5 * MIN) },
      spec: { type: "ClusterIP", clusterIP: "10.0.0.2" },
    });
    expect(cells(serviceColumns, s)[5]).toBe("5m");
  });
});
