/** Deployment columns (printers.go printDeployment): NAME READY UP-TO-DATE AVAILABLE AGE | wide: CONTAINERS IMAGES SELECTOR. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, containerColumns, field, nameColumn } from "./common";
import { labelSelectorString } from "./labels";
import { specReplicas, statusInt } from "./workload";

export const deploymentColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Ready",
    type: "string",
    format: "",
    description: "Number of the pod with ready state",
    priority: 0,
    cell: (obj) => `${statusInt(obj, "readyReplicas")}/${specReplicas(obj)}`,
  },
  {
    name: "Up-to-date",
    // Declared "string" in printers.go, but the cell is an int64.
    type: "string",
    format: "",
    description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
    priority: 0,
    cell: (obj) => statusInt(obj, "updatedReplicas"),
  },
  {
    name: "Available",
    // Declared "string" in printers.go, but the cell is an int64.
    type: "string",
    format: "",
    description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
    priority: 0,
    cell: (obj) => statusInt(obj, "availableReplicas"),
  },
  ageColumn,
  ...containerColumns(),
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
    priority: 1,
    // LabelSelectorAsSelector(selector).String(): "" when empty, "<invalid>" on error (not FormatLabelSelector).
    cell: (obj) => labelSelectorString(field(obj, "spec").selector) ?? "<invalid>",
  },
];
