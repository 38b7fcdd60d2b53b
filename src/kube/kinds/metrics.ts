/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics (what `kubectl top` and the HPA read). They are served
 * read-only, computed on each read from the simulated usage (src/sim/usage.ts) by src/apiserver/metrics.ts;
 * nothing is stored.
 */
import { defaultColumns } from "../printers";
import type { Verb } from "../registry/kind";
import { list, map, obj, quantity, str, time } from "../schema/dsl";
import { objectMeta, typeMeta } from "../types/meta";
import { defineKind } from "./define";

const READ: readonly Verb[] = ["get", "list"];
const name = (t: string) => `io.k8s.metrics.pkg.apis.metrics.v1beta1.${t}`;

const nodeMetricsSchema = obj(
  name("NodeMetrics"),
  { ...typeMeta, metadata: objectMeta, timestamp: time(), window: str(), usage: map(quantity()) },
  { gvk: [{ group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics" }] },
);

const containerMetrics = obj(name("ContainerMetrics"), { name: str(), usage: map(quantity()) });

const podMetricsSchema = obj(
  name("PodMetrics"),
  { ...typeMeta, metadata: objectMeta, timestamp: time(), window: str(), containers: list(containerMetrics) },
  { gvk: [{ group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics" }] },
);

export const nodeMetricsKind = defineKind({
  group: "metrics.k8s.io",
  version: "v1beta1",
  kind: "NodeMetrics",
  plural: "nodes",
  singular: "",
  namespaced: false,
  verbs: READ,
  schema: nodeMetricsSchema,
  columns: defaultColumns,
});

export const podMetricsKind = defineKind({
  group: "metrics.k8s.io",
  version: "v1beta1",
  kind: "PodMetrics",
  plural: "pods",
  singular: "",
  namespaced: true,
  verbs: READ,
  schema: podMetricsSchema,
  columns: defaultColumns,
});
