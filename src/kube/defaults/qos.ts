/** Pod QoS class (k8s.io/component-helpers/resource/qos ComputePodQOS, Kubernetes 1.32). */

import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { type Quantity, quantityFromJSON } from "../quantity";

export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const ZERO = quantityFromJSON("0");

function positive(v: unknown): Quantity | undefined {
  try {
    const q = quantityFromJSON(v);
    return q.cmp(ZERO) > 0 ? q : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Guaranteed when every container (init containers included) has cpu and memory limits and the summed
 * requests equal the summed limits; BestEffort when nothing requests or limits cpu/memory; else Burstable.
 * Only cpu and memory count, and zero quantities are ignored.
 */
export function podQOSClass(pod: KObject): PodQOSClass {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ].filter(isPlainObject);
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (m: Map<string, Quantity>, k: string, q: Quantity) =>
    m.set(k, m.has(k) ? (m.get(k) as Quantity).add(q) : q);
  for (const c of containers) {
    const res = isPlainObject(c.resources) ? c.resources : {};
    const reqs = isPlainObject(res.requests) ? res.requests : {};
    const lims = isPlainObject(res.limits) ? res.limits : {};
    for (const [k, v] of Object.entries(reqs)) {
      if (k !== "cpu" && k !== "memory") continue;
      const q = positive(v);
      if (q) add(requests, k, q);
    }
    const found = new Set<string>();
    for (const [k, v] of Object.entries(lims)) {
      if (k !== "cpu" && k !== "memory") continue;
      const q = positive(v);
      if (!q) continue;
      found.add(k);
      add(limits, k, q);
    }
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [k, req] of requests) {
      const lim = limits.get(k);
      if (lim?.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
