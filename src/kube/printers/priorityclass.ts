/**
 * PriorityClass columns (printers.go printPriorityClass): NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.
 * PREEMPTIONPOLICY is registered without a priority, so it is part of the default view ("" when unset).
 */
import type { TableColumn } from "../registry/kind";
import { ageColumn, int, nameColumn, str } from "./common";

export const priorityClassColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Value",
    type: "integer",
    format: "",
    description:
      "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.",
    priority: 0,
    cell: (obj) => int(obj.value),
  },
  {
    name: "Global-Default",
    type: "boolean",
    format: "",
    description:
      "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.",
    priority: 0,
    cell: (obj) => obj.globalDefault === true,
  },
  ageColumn,
  {
    name: "PreemptionPolicy",
    type: "string",
    format: "",
    description:
      "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
    priority: 0,
    cell: (obj) => str(obj.preemptionPolicy),
  },
];
