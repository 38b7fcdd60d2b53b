/** StatefulSet columns (printers.go printStatefulSet): NAME READY AGE | wide: CONTAINERS IMAGES. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, containerColumns, nameColumn } from "./common";
import { specReplicas, statusInt } from "./workload";

export const statefulSetColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Ready",
    type: "string",
    format: "",
    description: "Number of the pod with ready state",
    priority: 0,
    cell: (obj) => `${statusInt(obj, "readyReplicas")}/${specReplicas(obj)}`,
  },
  ageColumn,
  ...containerColumns(),
];
