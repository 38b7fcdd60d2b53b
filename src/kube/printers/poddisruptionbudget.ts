/**
 * PodDisruptionBudget columns (printers.go printPodDisruptionBudget): NAME MIN AVAILABLE MAX UNAVAILABLE
 * ALLOWED DISRUPTIONS AGE. The IntOrString fields print as given ("2", "50%"), "N/A" when unset.
 */
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, int, nameColumn, str } from "./common";

/** intstr.IntOrString.String() of a pointer field, "N/A" when nil. */
export function intOrStringOrNA(v: unknown): string {
  if (v === undefined || v === null) return "N/A";
  return typeof v === "number" ? String(int(v)) : str(v);
}

export const podDisruptionBudgetColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Min Available",
    type: "string",
    format: "",
    description: "The minimum number of pods that must be available.",
    priority: 0,
    cell: (obj) => intOrStringOrNA(field(obj, "spec").minAvailable),
  },
  {
    name: "Max Unavailable",
    type: "string",
    format: "",
    description: "The maximum number of pods that may be unavailable.",
    priority: 0,
    cell: (obj) => intOrStringOrNA(field(obj, "spec").maxUnavailable),
  },
  {
    name: "Allowed Disruptions",
    type: "integer",
    format: "",
    description: "Calculated number of pods that may be disrupted at this time.",
    priority: 0,
    cell: (obj) => int(field(obj, "status").disruptionsAllowed),
  },
  ageColumn,
];
