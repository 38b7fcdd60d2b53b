import { describe, expect, it } from "vitest";
import { configMapColumns } from "../../../src/kube/printers/configmap";
import { controllerRevisionColumns } from "../../../src/kube/printers/controllerrevision";
import { daemonSetColumns } from "../../../src/kube/printers/daemonset";
import { deploymentColumns } from "../../../src/kube/printers/deployment";
import { endpointsColumns } from "../../../src/kube/printers/endpoints";
import { leaseColumns } from "../../../src/kube/printers/lease";
import { namespaceColumns } from "../../../src/kube/printers/namespace";
import { replicaSetColumns } from "../../../src/kube/printers/replicaset";
import { secretColumns } from "../../../src/kube/printers/secret";
import { serviceAccountColumns } from "../../../src/kube/printers/serviceaccount";
import { statefulSetColumns } from "../../../src/kube/printers/statefulset";
import { ago, cells, DAY, HOUR, headers, k, MIN, SEC } from "./helpers";

const future = ago(-1900); // time.Now().Add(1.9e9) in printers_test: "0s"
const template = {
  spec: {
    containers: [
      { name: "fake-container1", image: "fake-image1" },
      { name: "fake-container2", image: "fake-image2" },
    ],
  },
};

describe("namespace (TestPrintNamespace)", () => {
  it("columns", () => expect(headers(namespaceColumns)).toEqual(["NAME", "STATUS", "AGE"]));
  it("status and age", () => {
    const ns = k({ metadata: { name: "namespace1", creationTimestamp: future }, status: { phase: "FooStatus" } });
    expect(cells(namespaceColumns, ns)).toEqual(["namespace1", "FooStatus", "0s"]);
  });
  it("without status or age", () => {
    expect(cells(namespaceColumns, k({ metadata: { name: "namespace2" } }))).toEqual(["namespace2", "", "<unknown>"]);
  });
});

describe("secret (TestPrintSecret)", () => {
  it("columns", () => expect(headers(secretColumns)).toEqual(["NAME", "TYPE", "DATA", "AGE"]));
  it("type, data count (an int64 cell), age", () => {
    const s = k({
      metadata: { name: "secret1", creationTimestamp: future },
      type: "kubernetes.io/service-account-token",
      data: { token: "c2VjcmV0IGRhdGE=" },
    });
    expect(cells(secretColumns, s)).toEqual(["secret1", "kubernetes.io/service-account-token", 1, "0s"]);
    const empty = k({ metadata: { name: "secret1", creationTimestamp: future }, type: "Opaque" });
    expect(cells(secretColumns, empty)).toEqual(["secret1", "Opaque", 0, "0s"]);
  });
});

describe("serviceaccount (TestPrintServiceAccount)", () => {
  it("columns", () => expect(headers(serviceAccountColumns)).toEqual(["NAME", "SECRETS", "AGE"]));
  it("secret counts", () => {
    expect(
      cells(serviceAccountColumns, k({ metadata: { name: "sa1", creationTimestamp: future }, secrets: [] })),
    ).toEqual(["sa1", 0, "0s"]);
    const two = k({
      metadata: { name: "sa1", creationTimestamp: future },
      secrets: [{ name: "Secret1" }, { name: "Secret2" }],
    });
    expect(cells(serviceAccountColumns, two)).toEqual(["sa1", 2, "0s"]);
  });
});

describe("configmap", () => {
  it("columns", () => expect(headers(configMapColumns)).toEqual(["NAME", "DATA", "AGE"]));
  it("counts data and binaryData", () => {
    const cm = k({
      metadata: { name: "cm", creationTimestamp: ago(3 * HOUR + 20 * MIN) },
      data: { a: "1", b: "2" },
      binaryData: { c: "AA==" },
    });
    expect(cells(configMapColumns, cm)).toEqual(["cm", 3, "3h20m"]);
    expect(cells(configMapColumns, k({ metadata: { name: "e" } }))).toEqual(["e", 0, "<unknown>"]);
  });
});

describe("lease", () => {
  it("holder", () => {
    expect(headers(leaseColumns)).toEqual(["NAME", "HOLDER", "AGE"]);
    const l = k({
      metadata: { name: "kube-scheduler", creationTimestamp: ago(45 * DAY) },
      spec: { holderIdentity: "node-1_abc" },
    });
    expect(cells(leaseColumns, l)).toEqual(["kube-scheduler", "node-1_abc", "45d"]);
    expect(cells(leaseColumns, k({ metadata: { name: "x" }, spec: {} }))[1]).toBe("");
  });
});

describe("endpoints (formatEndpoints)", () => {
  const ep = (subsets?: unknown) => k({ metadata: { name: "ep" }, subsets });
  it("columns", () => expect(headers(endpointsColumns)).toEqual(["NAME", "ENDPOINTS", "AGE"]));
  it.each([
    ["no subsets", undefined, "<none>"],
    ["empty subsets", [], "<none>"],
    [
      "one address, one port",
      [{ addresses: [{ ip: "1.2.3.4" }], ports: [{ port: 8001, protocol: "TCP" }] }],
      "1.2.3.4:8001",
    ],
    [
      "two ports",
      [{ addresses: [{ ip: "1.2.3.4" }], ports: [{ port: 8001 }, { port: 8002, name: "b" }] }],
      "1.2.3.4:8001,1.2.3.4:8002",
    ],
    [
      "more than three",
      [
        {
          addresses: [{ ip: "1.2.3.4" }, { ip: "2.3.4.5" }, { ip: "3.4.5.6" }, { ip: "4.5.6.7" }, { ip: "5.6.7.8" }],
          ports: [{ port: 8001 }],
        },
      ],
      "1.2.3.4:8001,2.3.4.5:8001,3.4.5.6:8001 + 2 more...",
    ],
    [
      "counted over subsets and ports",
      [
        { addresses: [{ ip: "1.2.3.4" }, { ip: "2.3.4.5" }], ports: [{ port: 80 }, { port: 443 }] },
        { addresses: [{ ip: "9.9.9.9" }], ports: [{ port: 53 }] },
      ],
      "1.2.3.4:80,2.3.4.5:80,1.2.3.4:443 + 2 more...",
    ],
    ["headless without ports", [{ addresses: [{ ip: "1.2.3.4" }, { ip: "1.2.3.5" }] }], "1.2.3.4,1.2.3.5"],
    ["IPv6", [{ addresses: [{ ip: "fd00::1" }], ports: [{ port: 80 }] }], "[fd00::1]:80"],
    ["only not-ready addresses", [{ notReadyAddresses: [{ ip: "1.2.3.4" }], ports: [{ port: 80 }] }], ""],
  ])("%s", (_name, subsets, want) => {
    expect(cells(endpointsColumns, ep(subsets))[1]).toBe(want);
  });
});

describe("deployment (TestPrintDeployment)", () => {
  const d = k({
    metadata: { name: "test1", creationTimestamp: future },
    spec: { replicas: 5, template, selector: { matchLabels: { foo: "bar" } } },
    status: { replicas: 10, updatedReplicas: 2, availableReplicas: 1, unavailableReplicas: 4 },
  });
  it("columns", () => {
    expect(headers(deploymentColumns)).toEqual(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    expect(headers(deploymentColumns, true)).toEqual([
      "NAME",
      "READY",
      "UP-TO-DATE",
      "AVAILABLE",
      "AGE",
      "CONTAINERS",
      "IMAGES",
      "SELECTOR",
    ]);
  });
  it("default and wide", () => {
    expect(cells(deploymentColumns, d)).toEqual(["test1", "0/5", 2, 1, "0s"]);
    expect(cells(deploymentColumns, d, true)).toEqual([
      "test1",
      "0/5",
      2,
      1,
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "foo=bar",
    ]);
  });
  it("selector is the raw selector string: empty stays empty, invalid is <invalid>", () => {
    const sel = (selector: unknown) =>
      cells(deploymentColumns, k({ metadata: { name: "d" }, spec: { replicas: 1, selector } }), true)[7];
    expect(sel({})).toBe("");
    expect(sel({ matchExpressions: [{ key: "tier", operator: "In", values: [] }] })).toBe("<invalid>");
    expect(
      sel({
        matchLabels: { app: "nginx" },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["b", "a"] },
          { key: "env", operator: "NotIn", values: ["prod"] },
          { key: "canary", operator: "DoesNotExist" },
          { key: "zone", operator: "Exists" },
        ],
      }),
    ).toBe("app=nginx,!canary,env notin (prod),tier in (a,b),zone");
  });
  it("ready/desired", () => {
    const ready = k({
      metadata: { name: "web" },
      spec: { replicas: 3 },
      status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
    });
    expect(cells(deploymentColumns, ready).slice(0, 4)).toEqual(["web", "3/3", 3, 3]);
  });
});

describe("replicaset (TestPrintReplicaSet)", () => {
  const rs = k({
    metadata: { name: "test1", creationTimestamp: future },
    spec: { replicas: 5, template, selector: { matchLabels: { foo: "bar" } } },
    status: { replicas: 5, readyReplicas: 2 },
  });
  it("columns", () => {
    expect(headers(replicaSetColumns)).toEqual(["NAME", "DESIRED", "CURRENT", "READY", "AGE"]);
    expect(replicaSetColumns.slice(1, 4).map((c) => c.type)).toEqual(["integer", "integer", "integer"]);
  });
  it("default and wide", () => {
    expect(cells(replicaSetColumns, rs)).toEqual(["test1", 5, 5, 2, "0s"]);
    expect(cells(replicaSetColumns, rs, true)).toEqual([
      "test1",
      5,
      5,
      2,
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "foo=bar",
    ]);
  });
  it("FormatLabelSelector: <none> when empty", () => {
    expect(cells(replicaSetColumns, k({ metadata: { name: "r" }, spec: { replicas: 0, selector: {} } }), true)).toEqual(
      ["r", 0, 0, 0, "<unknown>", "", "", "<none>"],
    );
  });
});

describe("daemonset (TestPrintDaemonSet)", () => {
  const ds = k({
    metadata: { name: "test1", creationTimestamp: future },
    spec: { template, selector: { matchLabels: { foo: "bar" } } },
    status: {
      currentNumberScheduled: 2,
      desiredNumberScheduled: 3,
      numberReady: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 0,
    },
  });
  it("columns", () => {
    expect(headers(daemonSetColumns)).toEqual([
      "NAME",
      "DESIRED",
      "CURRENT",
      "READY",
      "UP-TO-DATE",
      "AVAILABLE",
      "NODE SELECTOR",
      "AGE",
    ]);
    expect(headers(daemonSetColumns, true).slice(8)).toEqual(["CONTAINERS", "IMAGES", "SELECTOR"]);
  });
  it("default and wide", () => {
    expect(cells(daemonSetColumns, ds)).toEqual(["test1", 3, 2, 1, 2, 0, "<none>", "0s"]);
    expect(cells(daemonSetColumns, ds, true)).toEqual([
      "test1",
      3,
      2,
      1,
      2,
      0,
      "<none>",
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "foo=bar",
    ]);
  });
  it("node selector", () => {
    const n = k({
      metadata: { name: "kube-proxy" },
      spec: { template: { spec: { nodeSelector: { "kubernetes.io/os": "linux", a: "b" } } } },
    });
    expect(cells(daemonSetColumns, n)[6]).toBe("a=b,kubernetes.io/os=linux");
  });
});

describe("statefulset (TestPrintStatefulSet)", () => {
  const ss = k({
    metadata: { name: "test1", creationTimestamp: future },
    spec: { replicas: 5, template },
    status: { replicas: 5, readyReplicas: 2 },
  });
  it("default and wide", () => {
    expect(headers(statefulSetColumns, true)).toEqual(["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]);
    expect(cells(statefulSetColumns, ss)).toEqual(["test1", "2/5", "0s"]);
    expect(cells(statefulSetColumns, ss, true)).toEqual([
      "test1",
      "2/5",
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
    ]);
  });
});

describe("controllerrevision (TestPrintControllerRevision)", () => {
  const cr = (ownerReferences: unknown[] | undefined, revision = 1) =>
    k({
      metadata: { name: "test1", creationTimestamp: ago(2 * DAY + 30 * SEC), ownerReferences },
      data: {},
      revision,
    } as never);
  it("columns", () => expect(headers(controllerRevisionColumns)).toEqual(["NAME", "CONTROLLER", "REVISION", "AGE"]));
  it("controller owner as kind.group/name", () => {
    const owners = [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "foo", uid: "u", controller: true }];
    expect(cells(controllerRevisionColumns, cr(owners))).toEqual(["test1", "daemonset.apps/foo", 1, "2d"]);
  });
  it("core-group controller", () => {
    const owners = [{ apiVersion: "v1", kind: "ReplicationController", name: "rc", uid: "u", controller: true }];
    expect(cells(controllerRevisionColumns, cr(owners, 7))[1]).toBe("replicationcontroller/rc");
  });
  it("no controller", () => {
    const owners = [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "foo", uid: "u", controller: false }];
    expect(cells(controllerRevisionColumns, cr(owners))[1]).toBe("<none>");
    expect(cells(controllerRevisionColumns, cr(undefined))[1]).toBe("<none>");
  });
  it("empty group and kind give the bare name", () => {
    const owners = [{ apiVersion: "", kind: "", name: "foo", uid: "u", controller: true }];
    expect(cells(controllerRevisionColumns, cr(owners))[1]).toBe("foo");
  });
});
