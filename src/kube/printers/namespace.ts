/** Namespace columns (printers.go printNamespace): NAME STATUS AGE. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, nameColumn, str } from "./common";

export const namespaceColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Status",
    type: "string",
    format: "",
    description: "The status of the namespace",
    priority: 0,
    cell: (obj) => str(field(obj, "status").phase),
  },
  ageColumn,
];
