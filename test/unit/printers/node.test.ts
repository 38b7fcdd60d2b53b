import { describe, expect, it } from "vitest";
import { nodeColumns } from "../../../src/kube/printers/node";
import { cells, headers, k } from "./helpers";

const node = (name: string, extra: Record<string, unknown> = {}, labels?: Record<string, string>) =>
  k({ metadata: { name, labels }, ...extra });

describe("node columns", () => {
  it("declares printers.go's columns", () => {
    expect(headers(nodeColumns)).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    expect(headers(nodeColumns, true)).toEqual([
      "NAME",
      "STATUS",
      "ROLES",
      "AGE",
      "VERSION",
      "INTERNAL-IP",
      "EXTERNAL-IP",
      "OS-IMAGE",
      "KERNEL-VERSION",
      "CONTAINER-RUNTIME",
    ]);
  });
});

describe("printNode status (TestPrintNodeStatus)", () => {
  const ready = (status: string) => ({ status: { conditions: [{ type: "Ready", status }] } });
  it.each([
    ["foo1", ready("True"), "Ready"],
    ["foo2", { spec: { unschedulable: true }, ...ready("True") }, "Ready,SchedulingDisabled"],
    [
      "foo3",
      {
        status: {
          conditions: [
            { type: "Ready", status: "True" },
            { type: "Ready", status: "True" },
          ],
        },
      },
      "Ready",
    ],
    ["foo4", ready("False"), "NotReady"],
    ["foo5", { spec: { unschedulable: true }, ...ready("False") }, "NotReady,SchedulingDisabled"],
    ["foo6", { status: { conditions: [{ type: "InvalidValue", status: "True" }] } }, "Unknown"],
    ["foo7", { status: { conditions: [{}] } }, "Unknown"],
    [
      "foo8",
      { spec: { unschedulable: true }, status: { conditions: [{ type: "InvalidValue", status: "True" }] } },
      "Unknown,SchedulingDisabled",
    ],
    ["foo9", { spec: { unschedulable: true }, status: { conditions: [{}] } }, "Unknown,SchedulingDisabled"],
    ["foo10", ready("Unknown"), "NotReady"],
  ])("%s", (name, extra, want) => {
    expect(cells(nodeColumns, node(name, extra))).toEqual([name, want, "<none>", "<unknown>", ""]);
  });
});

describe("printNode roles (TestPrintNodeRole)", () => {
  it("no labels: <none>", () => {
    expect(cells(nodeColumns, node("foo9"))).toEqual(["foo9", "Unknown", "<none>", "<unknown>", ""]);
  });
  it("node-role.kubernetes.io/* keys and kubernetes.io/role value, sorted", () => {
    const n = node(
      "foo10",
      {},
      {
        "node-role.kubernetes.io/master": "",
        "node-role.kubernetes.io/control-plane": "",
        "node-role.kubernetes.io/proxy": "",
        "kubernetes.io/role": "node",
      },
    );
    expect(cells(nodeColumns, n)).toEqual(["foo10", "Unknown", "control-plane,master,node,proxy", "<unknown>", ""]);
  });
  it("kubernetes.io/role alone", () => {
    expect(cells(nodeColumns, node("foo11", {}, { "kubernetes.io/role": "node" }))[2]).toBe("node");
  });
  it("empty role names are ignored and duplicates collapse", () => {
    const n = node(
      "x",
      {},
      { "node-role.kubernetes.io/": "", "node-role.kubernetes.io/worker": "", "kubernetes.io/role": "worker" },
    );
    expect(cells(nodeColumns, n)[2]).toBe("worker");
    expect(cells(nodeColumns, node("y", {}, { "kubernetes.io/role": "" }))[2]).toBe("<none>");
  });
});

describe("printNode wide", () => {
  it("OS image, kernel version, container runtime default to <unknown>", () => {
    const n = node("foo1", {
      status: { nodeInfo: { osImage: "fake-os-image" }, addresses: [{ type: "ExternalIP", address: "1.1.1.1" }] },
    });
    expect(cells(nodeColumns, n, true)).toEqual([
      "foo1",
      "Unknown",
      "<none>",
      "<unknown>",
      "",
      "<none>",
      "1.1.1.1",
      "fake-os-image",
      "<unknown>",
      "<unknown>",
    ]);
  });
  it("first internal and external addresses (TestPrintNodeExternalIP/InternalIP)", () => {
    const n = node("foo3", {
      status: {
        nodeInfo: { kubeletVersion: "v1.32.4", kernelVersion: "6.1.0", containerRuntimeVersion: "containerd://1.7.24" },
        addresses: [
          { type: "ExternalIP", address: "2.2.2.2" },
          { type: "InternalIP", address: "3.3.3.3" },
          { type: "ExternalIP", address: "4.4.4.4" },
        ],
      },
    });
    expect(cells(nodeColumns, n, true)).toEqual([
      "foo3",
      "Unknown",
      "<none>",
      "<unknown>",
      "v1.32.4",
      "3.3.3.3",
      "2.2.2.2",
      "<unknown>",
      "6.1.0",
      "containerd://1.7.24",
    ]);
  });
});
