/**
 * Where a DaemonSet's pods belong (pkg/controller/daemon, v1.32): NodeShouldRunDaemonPod runs the scheduler's
 * NodeName, NodeAffinity (nodeSelector + required node affinity) and TaintToleration checks against a pod made from
 * the template with the tolerations the controller always adds (AddOrUpdateDaemonPodTolerations). A node whose
 * NoSchedule taint is not tolerated gets no new pod but keeps a running one; an untolerated NoExecute taint
 * removes it.
 */
import type { KObject } from "../../kube/object";
import { addDaemonTolerations, type DaemonPodSpec, targetNodeName } from "../../kube/scheduling/daemon-pod";
import { matchesNodeSelectorAndAffinity } from "../../kube/scheduling/node-affinity";
import { nodeTaints, untoleratedTaint } from "../../kube/scheduling/tolerations";

/** GetTargetNodeName: spec.nodeName once bound, else the node the matchFields affinity pins it to. */
export function targetNodeOf(pod: KObject): string | undefined {
  return targetNodeName((pod.spec ?? {}) as DaemonPodSpec);
}

/** The NodeAffinity filter: nodeSelector labels and any of the required terms. */
export function fitsNodeAffinity(spec: DaemonPodSpec, node: KObject): boolean {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return matchesNodeSelectorAndAffinity(
    spec.nodeSelector,
    required ? (required.nodeSelectorTerms ?? []) : undefined,
    node.metadata.labels ?? {},
    String(node.metadata.name),
  );
}

/** The template's pod spec with the daemon tolerations, as NewPod(ds, node) builds it for the predicates. */
export function daemonPodSpec(ds: KObject): DaemonPodSpec {
  const template = (ds.spec as { template?: { spec?: DaemonPodSpec } } | undefined)?.template;
  const spec = structuredClone(template?.spec ?? {}) as DaemonPodSpec;
  addDaemonTolerations(spec);
  return spec;
}

/** NodeShouldRunDaemonPod: whether a new daemon pod belongs on `node`, and whether an existing one may stay. */
export function nodeShouldRunDaemonPod(
  node: KObject,
  spec: DaemonPodSpec,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = nodeTaints(node);
  const tolerations = spec.tolerations ?? [];
  if (untoleratedTaint(taints, tolerations, ["NoSchedule", "NoExecute"])) {
    return { shouldRun: false, shouldContinueRunning: !untoleratedTaint(taints, tolerations, ["NoExecute"]) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
