/**
 * Reading a Pod's status as pkg/api/v1/pod (podutil) does: its conditions, its phase, IsPodReady and whether it
 * has finished. One copy for every controller, so "ready" and "terminal" never mean two things.
 */
import type { KObject } from "./object";

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export function podConditions(pod: KObject): PodCondition[] {
  return (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
}

/** podutil.GetPodCondition: the condition of that type, if the pod has one. */
export function podCondition(pod: KObject, type: string): PodCondition | undefined {
  return podConditions(pod).find((c) => c.type === type);
}

/** status.phase, "" while unset. */
export function podPhase(pod: KObject): string {
  return (pod.status as { phase?: string } | undefined)?.phase ?? "";
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KObject): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** podutil.IsPodTerminal: Succeeded or Failed. */
export function isPodTerminal(pod: KObject): boolean {
  const phase = podPhase(pod);
  return phase === "Succeeded" || phase === "Failed";
}
