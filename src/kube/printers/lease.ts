/** Lease columns (printers.go printLease): NAME HOLDER AGE. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, nameColumn, str } from "./common";

export const leaseColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Holder",
    type: "string",
    format: "",
    description:
      "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.",
    priority: 0,
    cell: (obj) => str(field(obj, "spec").holderIdentity),
  },
  ageColumn,
];
