/**
 * ReplicationController columns (printers.go printReplicationController): NAME DESIRED CURRENT READY AGE | wide:
 * CONTAINERS IMAGES SELECTOR (the selector is a plain label map: labels.FormatLabels).
 */
import type { TableColumn } from "../registry/kind";
import {
  ageColumn,
  CONTAINERS_DESCRIPTION,
  field,
  IMAGES_DESCRIPTION,
  layoutContainerCells,
  nameColumn,
  templateContainers,
} from "./common";
import { formatLabels } from "./labels";
import { specReplicas, statusInt } from "./workload";

const RC_DOC_LINK =
  " More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller";

export const replicationControllerColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Desired",
    type: "integer",
    format: "",
    description: `Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.${RC_DOC_LINK}`,
    priority: 0,
    cell: (obj) => specReplicas(obj),
  },
  {
    name: "Current",
    type: "integer",
    format: "",
    description: `Replicas is the most recently observed number of replicas.${RC_DOC_LINK}`,
    priority: 0,
    cell: (obj) => statusInt(obj, "replicas"),
  },
  {
    name: "Ready",
    type: "integer",
    format: "",
    description: "The number of ready replicas for this replication controller.",
    priority: 0,
    cell: (obj) => statusInt(obj, "readyReplicas"),
  },
  ageColumn,
  {
    name: "Containers",
    type: "string",
    format: "",
    description: CONTAINERS_DESCRIPTION,
    priority: 1,
    // spec.template is a pointer here; a missing template has no containers.
    cell: (obj) => layoutContainerCells(templateContainers(obj)).names,
  },
  {
    name: "Images",
    type: "string",
    format: "",
    description: IMAGES_DESCRIPTION,
    priority: 1,
    cell: (obj) => layoutContainerCells(templateContainers(obj)).images,
  },
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    priority: 1,
    cell: (obj) => formatLabels(field(obj, "spec").selector),
  },
];
