/** ClusterRoleBinding columns (printers.go printClusterRoleBinding): NAME ROLE AGE | wide: USERS GROUPS SERVICEACCOUNTS. */
import type { TableColumn } from "../registry/kind";
import { bindingColumns } from "./rolebinding";

export const clusterRoleBindingColumns: readonly TableColumn[] = bindingColumns(
  "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.",
  "clusterRoleBinding",
);
