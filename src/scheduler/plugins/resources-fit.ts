/**
 * NodeResourcesFit (filter + LeastAllocated score) and NodeResourcesBalancedAllocation, as in
 * pkg/scheduler/framework/plugins/noderesources.
 */
import { CPU, EPHEMERAL_STORAGE, type FilterStatus, MEMORY, type NodeInfo, type PodInfo } from "../types";

export const ERR_TOO_MANY_PODS = "Too many pods";

function insufficient(pod: PodInfo, node: NodeInfo, r: string): boolean {
  const want = pod.requests.get(r);
  if (!want) return false;
  return want > (node.allocatable.get(r) ?? 0) - (node.requested.get(r) ?? 0);
}

/** fitsRequest: pod count first, then cpu, memory, ephemeral-storage, then extended resources the pod asks for. */
export function resourcesFitFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  const reasons: string[] = [];
  if (node.pods.size + 1 > node.allocPods) reasons.push(ERR_TOO_MANY_PODS);
  if (pod.cpu > 0 && pod.cpu > node.allocCpu - node.reqCpu) reasons.push(`Insufficient ${CPU}`);
  if (pod.memory > 0 && pod.memory > node.allocMemory - node.reqMemory) reasons.push(`Insufficient ${MEMORY}`);
  if (pod.ephemeral > 0 && pod.ephemeral > node.allocEphemeral - node.reqEphemeral) {
    reasons.push(`Insufficient ${EPHEMERAL_STORAGE}`);
  }
  for (let i = 0; i < pod.scalars.length; i++) {
    if (insufficient(pod, node, pod.scalars[i])) reasons.push(`Insufficient ${pod.scalars[i]}`);
  }
  return reasons.length > 0 ? { reasons, unresolvable: false } : undefined;
}

/** LeastAllocated over cpu and memory (weight 1 each), using the non-zero requests. */
export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const part = (alloc: number, requested: number) =>
    alloc === 0 || requested > alloc ? 0 : Math.floor(((alloc - requested) * 100) / alloc);
  const cpu = part(node.allocCpu, node.nonZeroCpu + pod.nonZeroCpu);
  const mem = part(node.allocMemory, node.nonZeroMemory + pod.nonZeroMemory);
  return Math.floor((cpu + mem) / 2);
}

/** BalancedAllocation: 100 × (1 − standard deviation of the cpu and memory fractions after placing the pod). */
export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const fraction = (alloc: number, requested: number) => {
    if (alloc === 0) return 0;
    const f = requested / alloc;
    return Math.min(f, 1);
  };
  const std =
    Math.abs(fraction(node.allocCpu, node.reqCpu + pod.cpu) - fraction(node.allocMemory, node.reqMemory + pod.memory)) /
    2;
  return Math.floor((1 - std) * 100);
}
