/** ReplicaSet columns (printers.go printReplicaSet): NAME DESIRED CURRENT READY AGE | wide: CONTAINERS IMAGES SELECTOR. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, containerColumns, field, nameColumn } from "./common";
import { formatLabelSelector } from "./labels";
import { specReplicas, statusInt } from "./workload";

export const replicaSetColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Desired",
    type: "integer",
    format: "",
    description:
      "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
    priority: 0,
    cell: (obj) => specReplicas(obj),
  },
  {
    name: "Current",
    type: "integer",
    format: "",
    description:
      "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
    priority: 0,
    cell: (obj) => statusInt(obj, "replicas"),
  },
  {
    name: "Ready",
    type: "integer",
    format: "",
    description: "The number of ready replicas for this replica set.",
    priority: 0,
    cell: (obj) => statusInt(obj, "readyReplicas"),
  },
  ageColumn,
  ...containerColumns(),
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    priority: 1,
    cell: (obj) => formatLabelSelector(field(obj, "spec").selector),
  },
];
