/**
 * Scheduling throughput of the pure core: a synthetic cluster of `nodes` kind-like workers, then `pods`
 * simple pods (100m cpu / 128Mi each) scheduled one after another, each placement applied to the cache as
 * the binding's store change would. Returns pods per second (the figure `npm run bench` reports).
 */
import type { KObject } from "../kube/object";
import { SchedulerCache } from "./cache";
import { type SchedulerState, schedulePod } from "./framework";
import { newPodInfo } from "./pod-info";

function node(name: string): KObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" } },
    spec: {},
    status: { allocatable: { cpu: "8", memory: "16365308Ki", pods: "110", "ephemeral-storage": "263112772Ki" } },
  };
}

function pod(i: number): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `bench-${i}`, namespace: "default", uid: `uid-${i}`, labels: { app: "bench" } },
    spec: {
      schedulerName: "default-scheduler",
      containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m", memory: "128Mi" } } }],
    },
  };
}

export interface BenchResult {
  podsPerSecond: number;
  scheduled: number;
  ms: number;
}

export function benchmarkScheduler(
  nodes = 1000,
  pods = 5000,
  now: () => number = () => performance.now(),
): BenchResult {
  const cache = new SchedulerCache();
  cache.load({
    nodes: Array.from({ length: nodes }, (_, i) => node(`node-${String(i).padStart(5, "0")}`)),
    pods: [],
    namespaces: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }],
    pvcs: [],
    pvs: [],
    classes: [],
    services: [],
  });
  const sched: SchedulerState = { nextStartNodeIndex: 0 };
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const objects = Array.from({ length: pods }, (_, i) => pod(i));
  let scheduled = 0;
  const start = now();
  for (const p of objects) {
    const r = schedulePod(newPodInfo(p), cache, sched, random);
    if (!r.ok) continue;
    scheduled++;
    const bound = { ...p, spec: { ...(p.spec as object), nodeName: r.node } };
    cache.apply({
      rev: scheduled,
      key: `core/pods/default/${p.metadata.name}`,
      type: "MODIFIED",
      object: bound,
      prev: p,
    });
  }
  const ms = now() - start;
  return { podsPerSecond: Math.round((scheduled * 1000) / ms), scheduled, ms: Math.round(ms) };
}
