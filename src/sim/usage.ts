/**
 * Simulated resource usage of running containers: what metrics.k8s.io reports, `kubectl top` shows and the
 * HPA scales on. A steady baseline per container (a little above idle for servers), plus scripted load from
 * annotations (see src/sim/annotations.ts). Pure function of the pod and the time, so there is nothing to
 * store and no timer to run for it.
 */
import type { KObject } from "../kube/object";
import { parseQuantity, type Quantity } from "../kube/quantity";

/** A quantity from an annotation; undefined when it does not parse (annotations are user input). */
function quantityOr(text: string, f: (q: Quantity) => number): number | undefined {
  try {
    return f(parseQuantity(text));
  } catch {
    return undefined;
  }
}

export interface Usage {
  /** CPU in nanocores (1 core = 1e9). */
  cpuNanoCores: number;
  memoryBytes: number;
}

type Container = { name: string; image?: string; resources?: { requests?: Record<string, string> } };

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Usage of one container of a pod at `nowMs`; undefined when it is not running. */
export function containerUsage(pod: KObject, containerName: string, nowMs: number): Usage | undefined {
  const status = (pod.status ?? {}) as {
    containerStatuses?: { name: string; state?: { running?: { startedAt?: string } } }[];
  };
  const cs = status.containerStatuses?.find((c) => c.name === containerName);
  const startedAt = cs?.state?.running?.startedAt;
  if (!startedAt) return undefined;
  const spec = (pod.spec ?? {}) as { containers?: Container[] };
  const c = spec.containers?.find((x) => x.name === containerName);
  if (!c) return undefined;
  const seed = hash(`${pod.metadata.uid}/${containerName}`);
  // Baseline: servers idle at ~1-3m CPU and a few MiB; jitter per container so a list does not look copied.
  let cpu = (1 + (seed % 3)) * 1e6;
  let mem = (3 + (seed % 5)) * 1024 * 1024 + (seed % 997) * 1024;
  const ann = pod.metadata.annotations ?? {};
  const load = ann["sim.edgeplane.dev/cpu-load"];
  if (load) {
    const n = quantityOr(load, (q) => Number(q.scaledValue(-9)));
    if (n !== undefined) cpu = Math.max(cpu, n);
  }
  const memBase = ann["sim.edgeplane.dev/memory"];
  if (memBase) {
    const n = quantityOr(memBase, (q) => Number(q.value()));
    if (n !== undefined) mem = n;
  }
  void nowMs;
  return { cpuNanoCores: Math.round(cpu), memoryBytes: Math.round(mem) };
}

/** Sum over a pod's running containers; undefined when none is running. */
export function podUsage(pod: KObject, nowMs: number): { containers: { name: string; usage: Usage }[] } | undefined {
  const spec = (pod.spec ?? {}) as { containers?: Container[] };
  const containers: { name: string; usage: Usage }[] = [];
  for (const c of spec.containers ?? []) {
    const u = containerUsage(pod, c.name, nowMs);
    if (u) containers.push({ name: c.name, usage: u });
  }
  return containers.length ? { containers } : undefined;
}
