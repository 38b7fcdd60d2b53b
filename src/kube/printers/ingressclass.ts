/** IngressClass columns (printers.go printIngressClass): NAME CONTROLLER PARAMETERS AGE. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, nameColumn, recOrUndef, str } from "./common";

export const ingressClassColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Controller",
    type: "string",
    format: "",
    description: "Controller that is responsible for handling this class",
    priority: 0,
    cell: (obj) => str(field(obj, "spec").controller),
  },
  {
    name: "Parameters",
    type: "string",
    format: "",
    description: "A reference to a resource with additional parameters",
    priority: 0,
    // "Kind[.apiGroup]/name", "<none>" without parameters.
    cell: (obj) => {
      const p = recOrUndef(field(obj, "spec").parameters);
      if (!p) return "<none>";
      const group = p.apiGroup === undefined || p.apiGroup === null ? "" : `.${str(p.apiGroup)}`;
      return `${str(p.kind)}${group}/${str(p.name)}`;
    },
  },
  ageColumn,
];
