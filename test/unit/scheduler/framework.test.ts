import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { benchmarkScheduler } from "../../../src/scheduler/bench";
import { SchedulerCache } from "../../../src/scheduler/cache";
import { fitErrorMessage } from "../../../src/scheduler/fit-error";
import { numFeasibleNodesToFind, schedulePod, scoreNodes } from "../../../src/scheduler/framework";
import { newNodeInfo } from "../../../src/scheduler/node-info";
import { taintTolerationFilter } from "../../../src/scheduler/plugins/node-basics";
import { resourcesFitFilter } from "../../../src/scheduler/plugins/resources-fit";
import { newPodInfo } from "../../../src/scheduler/pod-info";
import { podRequests } from "../../../src/scheduler/resources";
import type { FilterStatus } from "../../../src/scheduler/types";

function node(
  name: string,
  opts: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: unknown[] } = {},
): KObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...opts.labels } },
    spec: opts.taints ? { taints: opts.taints } : {},
    status: { allocatable: { cpu: opts.cpu ?? "4", memory: opts.memory ?? "8Gi", pods: opts.pods ?? "110" } },
  };
}

function pod(name: string, spec: Record<string, unknown> = {}, extra: Partial<KObject["metadata"]> = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}`, ...extra },
    spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
  };
}

const req = (cpu: string, memory?: string) => ({
  containers: [{ name: "c", image: "nginx", resources: { requests: { cpu, ...(memory ? { memory } : {}) } } }],
});

function snapshot(nodes: KObject[], pods: KObject[] = []) {
  const c = new SchedulerCache();
  c.load({ nodes, pods, namespaces: [], pvcs: [], pvs: [], classes: [], services: [] });
  return c;
}

const rnd = () => 0.5;

describe("pod requests", () => {
  it("take the larger of the containers' sum and the largest init container, plus sidecars and overhead", () => {
    const r = podRequests(
      {
        containers: [
          { resources: { requests: { cpu: "100m", memory: "64Mi" } } },
          { resources: { requests: { cpu: "200m" } } },
        ],
        initContainers: [
          { resources: { requests: { cpu: "1", memory: "10Mi" } } },
          { restartPolicy: "Always", resources: { requests: { cpu: "50m" } } },
        ],
        overhead: { cpu: "10m" },
      },
      false,
    );
    expect(r.get("cpu")).toBe(1010);
    expect(r.get("memory")).toBe(64 * 1024 * 1024);
  });
});

describe("filters", () => {
  it("NodeResourcesFit names every insufficient resource and the pod count", () => {
    const n = newNodeInfo(node("n", { cpu: "1", memory: "1Gi", pods: "0" }));
    expect(resourcesFitFilter(newPodInfo(pod("p", req("2", "2Gi"))), n)?.reasons).toEqual([
      "Too many pods",
      "Insufficient cpu",
      "Insufficient memory",
    ]);
  });

  it("TaintToleration reports the first untolerated NoSchedule taint with its value", () => {
    const n = newNodeInfo(node("n", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }));
    expect(taintTolerationFilter(newPodInfo(pod("p")), n)?.reasons).toEqual([
      "node(s) had untolerated taint {dedicated: gpu}",
    ]);
    const tolerant = pod("q", {
      tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
    });
    expect(taintTolerationFilter(newPodInfo(tolerant), n)).toBeUndefined();
  });

  it("fit errors sort the reason histogram as Go's sort.Strings does", () => {
    const statuses = new Map<string, FilterStatus>([["a", { reasons: ["Insufficient cpu"], unresolvable: false }]]);
    for (let i = 0; i < 10; i++) statuses.set(`b${i}`, { reasons: ["node(s) were unschedulable"], unresolvable: true });
    expect(fitErrorMessage({ numAllNodes: 11, statuses })).toBe(
      "0/11 nodes are available: 1 Insufficient cpu, 10 node(s) were unschedulable.",
    );
  });
});

describe("scheduling cycle", () => {
  it("prefers the least allocated node and keeps required anti-affinity", () => {
    const busy = pod("busy", { ...req("3", "6Gi"), nodeName: "a" });
    const snap = snapshot([node("a"), node("b")], [busy]);
    const r = schedulePod(newPodInfo(pod("p", req("500m", "1Gi"))), snap, { nextStartNodeIndex: 0 }, rnd);
    expect(r).toMatchObject({ ok: true, node: "b" });
    const scores = scoreNodes(newPodInfo(pod("p", req("500m", "1Gi"))), snap.nodeList(), snap);
    expect(scores[1]).toBeGreaterThan(scores[0]);
  });

  it("PreferNoSchedule taints and preferred node affinity steer the choice", () => {
    const snap = snapshot([
      node("a", { taints: [{ key: "spot", effect: "PreferNoSchedule" }] }),
      node("b", { labels: { zone: "x" } }),
      node("c"),
    ]);
    const p = pod("p", {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["x"] }] } },
          ],
        },
      },
    });
    expect(schedulePod(newPodInfo(p), snap, { nextStartNodeIndex: 0 }, rnd)).toMatchObject({ ok: true, node: "b" });
  });

  it("preferred pod affinity pulls a pod next to its peers", () => {
    const peer = pod("peer", { nodeName: "c" }, { labels: { app: "db" } });
    const snap = snapshot([node("a"), node("b"), node("c")], [peer]);
    const p = pod("p", {
      affinity: {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: { labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" },
            },
          ],
        },
      },
    });
    expect(schedulePod(newPodInfo(p), snap, { nextStartNodeIndex: 0 }, rnd)).toMatchObject({ ok: true, node: "c" });
  });

  it("stops filtering once enough feasible nodes are found, like kube's adaptive percentage", () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
  });

  it("benchmarkScheduler schedules every pod and reports a rate", () => {
    const r = benchmarkScheduler(200, 200);
    expect(r.scheduled).toBe(200);
    expect(r.podsPerSecond).toBeGreaterThan(0);
  });
});
