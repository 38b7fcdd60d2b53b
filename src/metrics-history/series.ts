/**
 * The metric series a cluster's history keeps, and their label sets. Labels are stored as one canonical
 * string, "k=v,k=v" sorted by key ("" for cluster-wide series), so one sample is one row and a label filter
 * is a string match. Kubernetes names and label values cannot contain "," or "=", so the string is
 * unambiguous.
 */

export const SERIES = {
  /** Per node (labels: node): CPU of its pods plus the node's own overhead, as `kubectl top node` shows. */
  nodeCpu: "node_cpu_usage_millicores",
  nodeMemory: "node_memory_usage_bytes",
  /** Per running pod (labels: namespace, pod): sum over its containers, as `kubectl top pod` shows. */
  podCpu: "pod_cpu_usage_millicores",
  podMemory: "pod_memory_usage_bytes",
  /** Everything the cluster's store holds (every kind, events included). */
  clusterObjects: "cluster_objects",
  /** Pods per status.phase (labels: phase), every phase present so a chart's lines do not come and go. */
  clusterPods: "cluster_pods",
  /** Nodes whose Ready condition is True. */
  clusterNodesReady: "cluster_nodes_ready",
  /** The API server's request counter (cumulative; maintained by the Durable Object). */
  apiserverRequests: "apiserver_requests_total",
} as const;

export type SeriesName = (typeof SERIES)[keyof typeof SERIES];

/** Every known series name, for validating queries. */
export const SERIES_NAMES: readonly SeriesName[] = Object.values(SERIES);

export function isSeriesName(name: string): name is SeriesName {
  return (SERIES_NAMES as readonly string[]).includes(name);
}

export interface MetricSample {
  series: SeriesName;
  /** Canonical label string: "k=v,k=v" sorted by key; "" for none. */
  labels: string;
  value: number;
}

/** The canonical label string of a label set. */
export function canonicalLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}
