/** coordination.k8s.io/v1 Lease (node heartbeats, leader election). */
import { leaseColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { leaseSchema } from "../types/coordination";
import { validateLease } from "../validation/core-misc";

export const leaseKind: KindDeclaration = {
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  plural: "leases",
  singular: "lease",
  namespaced: true,
  schema: leaseSchema,
  nameRule: "subdomain",
  columns: leaseColumns,
  validate: validateLease,
};
