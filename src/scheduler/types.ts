/**
 * The scheduler's own view of pods and nodes, parsed once from the API objects (like kube-scheduler's
 * framework.PodInfo / NodeInfo): quantities become numbers, selectors become matchers, so a scheduling cycle
 * over a thousand nodes never re-parses YAML-shaped data.
 */
import type { KObject } from "../kube/object";
import type { LabelSelector } from "../kube/selectors/label-selector";

/** Resource amounts: cpu in millicores, memory / ephemeral-storage in bytes, anything else in its units. */
export type Resources = Map<string, number>;

// Taints, tolerations and node selector terms are the API's own shapes, shared with the controllers.
import type { NodeSelectorTerm } from "../kube/scheduling/node-affinity";
import type { Taint, Toleration } from "../kube/scheduling/tolerations";

export type { NodeSelectorRequirement, NodeSelectorTerm } from "../kube/scheduling/node-affinity";
export type { Taint, Toleration } from "../kube/scheduling/tolerations";

/** A pod (anti-)affinity term with its selectors built once. */
export interface AffinityTerm {
  selector: LabelSelector;
  /** Namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector is set). */
  namespaces: Set<string>;
  /** Null: no namespaceSelector. An empty selector matches every namespace. */
  namespaceSelector: LabelSelector | null;
  topologyKey: string;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  selector: LabelSelector;
  minDomains: number;
  /** Honor (default): only nodes matching the pod's node affinity/selector count as domains. */
  nodeAffinityPolicy: "Honor" | "Ignore";
  /** Ignore (default): tainted nodes count as domains too. */
  nodeTaintsPolicy: "Honor" | "Ignore";
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  /** `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  uid: string;
  pod: KObject;
  labels: Record<string, string>;
  priority: number;
  preemptionPolicy: string;
  nodeName: string;
  nominatedNodeName: string;
  terminating: boolean;
  creationMs: number;
  /** Effective requests: max(sum of containers + sidecars, largest init container) + overhead. */
  requests: Resources;
  /** requests' cpu (millicores), memory and ephemeral-storage, as plain fields for the hot paths. */
  cpu: number;
  memory: number;
  ephemeral: number;
  /** Extended resources / hugepages requested, sorted. */
  scalars: string[];
  /** The same with kube's defaults for unset cpu/memory requests (100m, 200Mi) used for scoring. */
  nonZeroCpu: number;
  nonZeroMemory: number;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector: Record<string, string> | undefined;
  requiredNodeTerms: NodeSelectorTerm[] | undefined;
  preferredNodeTerms: { weight: number; preference: NodeSelectorTerm }[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
  spreadConstraints: TopologySpreadConstraint[];
  /** Names of PersistentVolumeClaims the pod's volumes use. */
  pvcNames: string[];
  images: string[];
}

export interface NodeInfo {
  name: string;
  node: KObject;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  allocatable: Resources;
  allocCpu: number;
  allocMemory: number;
  allocEphemeral: number;
  allocPods: number;
  /** Sum of pods' requests. */
  requested: Resources;
  reqCpu: number;
  reqMemory: number;
  reqEphemeral: number;
  nonZeroCpu: number;
  nonZeroMemory: number;
  pods: Map<string, PodInfo>;
  podsWithAffinity: Set<PodInfo>;
  podsWithRequiredAntiAffinity: Set<PodInfo>;
  /** `protocol/port` → host IPs in use. */
  usedPorts: Map<string, Set<string>>;
  images: Set<string>;
}

/** What a filter answers: nothing = fits; otherwise the reasons and whether preemption could help. */
export interface FilterStatus {
  reasons: string[];
  /** UnschedulableAndUnresolvable: removing pods from the node cannot help. */
  unresolvable: boolean;
}

export const CPU = "cpu";
export const MEMORY = "memory";
export const EPHEMERAL_STORAGE = "ephemeral-storage";
export const PODS = "pods";
