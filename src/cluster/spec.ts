/**
 * What a cluster is created with (the lifecycle API's request body, after validation): the Kubernetes minor
 * it reports, its worker-node template and its clock. Stored with the cluster (D1 `clusters.spec`) and handed
 * to its Durable Object at birth.
 */
export const SUPPORTED_MINORS = ["1.30", "1.31", "1.32"] as const;
export type KubernetesMinor = (typeof SUPPORTED_MINORS)[number];
export const DEFAULT_MINOR: KubernetesMinor = "1.32";

export interface NodeTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Worker nodes (the control-plane node always exists, as in kind). */
export interface NodeTemplate {
  /** Number of worker nodes (kind's default cluster in the course has 2). */
  count: number;
  /** Node capacity (= allocatable); quantities as strings, e.g. { cpu: "4", memory: "8Gi", pods: "110" }. */
  capacity?: { cpu?: string; memory?: string; pods?: string; "ephemeral-storage"?: string };
  labels?: Record<string, string>;
  taints?: NodeTaint[];
}

export interface ClusterSpec {
  kubernetesVersion: KubernetesMinor;
  nodes: NodeTemplate;
  clock: "real" | "virtual";
  /** Sandbox lifetime; the cluster deletes itself (by alarm) this long after creation. */
  ttlSeconds?: number;
}

export const DEFAULT_CLUSTER_SPEC: ClusterSpec = {
  kubernetesVersion: DEFAULT_MINOR,
  nodes: { count: 2 },
  clock: "real",
};
