/**
 * scheduling.k8s.io/v1 PriorityClass defaulting (pkg/apis/scheduling/v1/defaults.go, Kubernetes 1.32).
 */
import type { KObject } from "../object";

/** SetDefaults_PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: KObject): void {
  const p = pc as Record<string, unknown>;
  if (p.preemptionPolicy === undefined || p.preemptionPolicy === null) p.preemptionPolicy = "PreemptLowerPriority";
}
