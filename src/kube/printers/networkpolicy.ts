/** NetworkPolicy columns (printers.go printNetworkPolicy): NAME POD-SELECTOR AGE. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, nameColumn } from "./common";
import { formatLabelSelector } from "./labels";

export const networkPolicyColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Pod-Selector",
    type: "string",
    format: "",
    description:
      "Selects the pods to which this NetworkPolicy object applies.  The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods.  In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.",
    priority: 0,
    // spec.podSelector is a struct, never nil: absent means the empty selector, "<none>".
    cell: (obj) => formatLabelSelector(field(obj, "spec").podSelector ?? {}),
  },
  ageColumn,
];
