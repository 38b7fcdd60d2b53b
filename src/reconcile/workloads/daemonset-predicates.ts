/**
 * Where a DaemonSet's pods belong (pkg/controller/daemon, v1.32): NodeShouldRunDaemonPod runs the scheduler's
 * NodeName, NodeAffinity (nodeSelector + required node affinity) and TaintToleration checks against a pod made from
 * the template with the tolerations the controller always adds (AddOrUpdateDaemonPodTolerations). A node whose
 * NoSchedule taint is not tolerated gets no new pod but keeps a running one; an untolerated NoExecute taint
 * removes it.
 */
import type { KObject } from "../../kube/object";

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

interface PodSpecLike {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
      [k: string]: unknown;
    };
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** The tolerations every daemon pod gets, in the order the controller appends them. */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];
/** Only host-network pods can start before the node's network is configured. */
const HOST_NETWORK_TOLERATION: Toleration = {
  key: "node.kubernetes.io/network-unavailable",
  operator: "Exists",
  effect: "NoSchedule",
};

const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? "") === (b.key ?? "") &&
  (a.operator ?? "Equal") === (b.operator ?? "Equal") &&
  (a.value ?? "") === (b.value ?? "") &&
  (a.effect ?? "") === (b.effect ?? "");

/** AddOrUpdateDaemonPodTolerations, in place. */
export function addDaemonTolerations(spec: PodSpecLike): void {
  const tolerations = [...(spec.tolerations ?? [])];
  const extra = spec.hostNetwork ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS;
  for (const t of extra) if (!tolerations.some((x) => sameToleration(x, t))) tolerations.push({ ...t });
  spec.tolerations = tolerations;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes "this node only". */
export function pinToNode(spec: PodSpecLike, node: string): void {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] }] };
  spec.affinity = {
    ...(spec.affinity ?? {}),
    nodeAffinity: { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: required },
  };
}

/** GetTargetNodeName: spec.nodeName once bound, else the node the matchFields affinity pins it to. */
export function targetNodeOf(pod: KObject): string | undefined {
  const spec = (pod.spec ?? {}) as PodSpecLike;
  if (spec.nodeName) return spec.nodeName;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || values.length !== 1) return false;
      const v = Number.parseInt(value, 10);
      const bound = Number.parseInt(values[0], 10);
      if (Number.isNaN(v) || Number.isNaN(bound)) return false;
      return r.operator === "Gt" ? v > bound : v < bound;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: every requirement holds; a term with none matches nothing. */
function termMatches(term: NodeSelectorTerm, node: KObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return (
    exprs.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
    fields.every((r) => r.key === "metadata.name" && requirementMatches(r, node.metadata.name))
  );
}

/** The NodeAffinity filter: nodeSelector labels and any of the required terms. */
export function fitsNodeAffinity(spec: PodSpecLike, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  const op = t.operator ?? "";
  return (op === "" || op === "Equal") && (t.value ?? "") === (taint.value ?? "");
}

function untolerated(taints: Taint[], tolerations: Toleration[], effects: string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

export function nodeTaints(node: KObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
}

/** The template's pod spec with the daemon tolerations, as NewPod(ds, node) builds it for the predicates. */
export function daemonPodSpec(ds: KObject): PodSpecLike {
  const template = (ds.spec as { template?: { spec?: PodSpecLike } } | undefined)?.template;
  const spec = structuredClone(template?.spec ?? {}) as PodSpecLike;
  addDaemonTolerations(spec);
  return spec;
}

/** NodeShouldRunDaemonPod: whether a new daemon pod belongs on `node`, and whether an existing one may stay. */
export function nodeShouldRunDaemonPod(
  node: KObject,
  spec: PodSpecLike,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = nodeTaints(node);
  const tolerations = spec.tolerations ?? [];
  if (untolerated(taints, tolerations, ["NoSchedule", "NoExecute"])) {
    return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tolerations, ["NoExecute"]) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
