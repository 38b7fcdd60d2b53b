/**
 * Resource arithmetic as kube-scheduler does it (component-helpers/resource.PodRequests): quantities become
 * plain numbers once, so fitting a pod on a node is a handful of comparisons.
 */
import { isPlainObject } from "../kube/object";
import { quantityFromJSON } from "../kube/quantity";
import { CPU, MEMORY, type Resources } from "./types";

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without requests counts as. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const cache = new Map<string, number>();

/** A quantity as a number: cpu in millicores, everything else in whole units (rounded up, like Value()). */
export function quantityNumber(resource: string, v: unknown): number {
  const text = typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
  const ck = `${resource === CPU ? "m" : "u"}${text}`;
  const hit = cache.get(ck);
  if (hit !== undefined) return hit;
  let n = 0;
  try {
    const q = quantityFromJSON(v);
    n = Number(resource === CPU ? q.milliValue() : q.value());
  } catch {
    n = 0;
  }
  if (cache.size < 10_000) cache.set(ck, n);
  return n;
}

export function resourcesOf(list: unknown): Resources {
  const out: Resources = new Map();
  if (!isPlainObject(list)) return out;
  for (const [k, v] of Object.entries(list)) out.set(k, quantityNumber(k, v));
  return out;
}

function addInto(into: Resources, r: Resources): void {
  for (const [k, v] of r) into.set(k, (into.get(k) ?? 0) + v);
}

function maxInto(into: Resources, r: Resources): void {
  for (const [k, v] of r) if (v > (into.get(k) ?? 0)) into.set(k, v);
}

type Container = { resources?: { requests?: unknown }; restartPolicy?: string };

/**
 * PodRequests: the sum of the app containers and restartable init containers (sidecars), or the largest
 * regular init container plus the sidecars started before it, whichever is larger; then the pod overhead.
 * `nonZero` applies the scheduler's defaults for containers without cpu/memory requests.
 */
export function podRequests(spec: Record<string, unknown>, nonZero: boolean): Resources {
  const containerReqs = (c: Container): Resources => {
    const r = resourcesOf(c.resources?.requests);
    if (nonZero) {
      if (!r.has(CPU) || r.get(CPU) === 0) r.set(CPU, DEFAULT_MILLI_CPU_REQUEST);
      if (!r.has(MEMORY) || r.get(MEMORY) === 0) r.set(MEMORY, DEFAULT_MEMORY_REQUEST);
    }
    return r;
  };
  const reqs: Resources = new Map();
  for (const c of (spec.containers as Container[] | undefined) ?? []) addInto(reqs, containerReqs(c));
  const sidecars: Resources = new Map();
  const initMax: Resources = new Map();
  for (const c of (spec.initContainers as Container[] | undefined) ?? []) {
    const r = containerReqs(c);
    if (c.restartPolicy === "Always") {
      addInto(reqs, r);
      addInto(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const withSidecars = new Map(r);
      addInto(withSidecars, sidecars);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(reqs, initMax);
  addInto(reqs, resourcesOf(spec.overhead));
  return reqs;
}
