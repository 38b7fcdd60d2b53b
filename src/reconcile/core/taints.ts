/** Taints and tolerations as k8s.io/api/core/v1's helpers match them. */
import type { KObject } from "../../kube/object";
import { podSpec, type Taint, type Toleration } from "./pods";

export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";

export function nodeTaints(node: KObject | undefined): Taint[] {
  return ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).slice();
}

/** Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  const op = t.operator ?? "Equal";
  if (!t.key) return op === "Exists";
  if (t.key !== taint.key) return false;
  if (op === "Exists") return true;
  return (t.value ?? "") === (taint.value ?? "");
}

export function podTolerations(pod: KObject): Toleration[] {
  return podSpec(pod).tolerations ?? [];
}
