/**
 * Simulated resource usage of running containers: what metrics.k8s.io reports, `kubectl top` shows and the
 * HPA scales on. A steady baseline per container (a little above idle for servers), plus scripted load from
 * annotations (see src/sim/annotations.ts). Pure function of the pod and the time, so there is nothing to
 * store and no timer to run for it.
 */
import type { KObject } from "../kube/object";
import { parseQuantity, type Quantity } from "../kube/quantity";
import { ANNOTATIONS } from "./annotations";

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

type Container = {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The container's steady memory: the `memory` annotation, or a few MiB with per-container jitter. */
function baselineMemory(pod: KObject, containerName: string): number {
  const seed = hash(`${pod.metadata.uid}/${containerName}`);
  const memBase = pod.metadata.annotations?.[ANNOTATIONS.memory];
  const n = memBase ? quantityOr(memBase, (q) => Number(q.value())) : undefined;
  return n ?? (3 + (seed % 5)) * 1024 * 1024 + (seed % 997) * 1024;
}

const RATE_UNITS: Record<string, number> = { s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Bytes per millisecond from the `memory-growth` annotation ("10Mi/s", "1Gi/h"); 0 when absent or invalid. */
export function memoryGrowthPerMs(pod: KObject): number {
  const text = pod.metadata.annotations?.[ANNOTATIONS.memoryGrowth];
  const m = text ? /^\s*([^/\s]+)\s*\/\s*([a-z]+)\s*$/.exec(text) : null;
  if (!m || !(m[2] in RATE_UNITS)) return 0;
  const bytes = quantityOr(m[1], (q) => Number(q.value()));
  return bytes && bytes > 0 ? bytes / RATE_UNITS[m[2]] : 0;
}

/** Memory of a container whose current run started at `startedAtMs` (baseline plus growth since then). */
export function memoryAt(pod: KObject, containerName: string, startedAtMs: number, nowMs: number): number {
  return baselineMemory(pod, containerName) + memoryGrowthPerMs(pod) * Math.max(0, nowMs - startedAtMs);
}

/** The container's memory limit in bytes, if it has one. */
export function memoryLimit(pod: KObject, containerName: string): number | undefined {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const c = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((x) => x.name === containerName);
  const limit = c?.resources?.limits?.memory;
  return limit === undefined ? undefined : quantityOr(limit, (q) => Number(q.value()));
}

/**
 * When the kernel's OOM killer ends a run that started at `startedAtMs`: the moment its memory reaches the
 * limit (at the earliest shortly after start, when the baseline alone is over it); undefined = never.
 */
export function oomKillAt(pod: KObject, containerName: string, startedAtMs: number): number | undefined {
  const limit = memoryLimit(pod, containerName);
  if (limit === undefined || limit <= 0) return undefined;
  const base = baselineMemory(pod, containerName);
  if (base >= limit) return startedAtMs + MIN_OOM_MS;
  const growth = memoryGrowthPerMs(pod);
  if (growth <= 0) return undefined;
  return startedAtMs + Math.max(MIN_OOM_MS, Math.ceil((limit - base) / growth));
}

/** A process over its limit from the start still gets to run briefly before the OOM killer picks it. */
const MIN_OOM_MS = 100;

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
  const ann = pod.metadata.annotations ?? {};
  const load = ann[ANNOTATIONS.cpuLoad];
  if (load) {
    const n = quantityOr(load, (q) => Number(q.scaledValue(-9)));
    if (n !== undefined) cpu = Math.max(cpu, n);
  }
  let mem = memoryAt(pod, containerName, Date.parse(startedAt), nowMs);
  const limit = memoryLimit(pod, containerName);
  if (limit !== undefined) mem = Math.min(mem, limit);
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
