/** Taints and tolerations as the node-lifecycle and taint-eviction controllers read them. */
import type { KObject } from "../../kube/object";
import type { Toleration } from "../../kube/scheduling/tolerations";
import { podSpec } from "./pods";

export { nodeTaints, tolerates } from "../../kube/scheduling/tolerations";

export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";

export function podTolerations(pod: KObject): Toleration[] {
  return podSpec(pod).tolerations ?? [];
}
