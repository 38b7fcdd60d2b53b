/** rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
import { clusterRoleBindingColumns, clusterRoleColumns, roleBindingColumns, roleColumns } from "../printers";
import { clusterRoleBindingSchema, clusterRoleSchema, roleBindingSchema, roleSchema } from "../types/rbac";
import { defineKind } from "./define";

const rbac = { group: "rbac.authorization.k8s.io", version: "v1", nameRule: "path-segment" } as const;

export const roleKind = defineKind({
  ...rbac,
  kind: "Role",
  plural: "roles",
  namespaced: true,
  schema: roleSchema,
  columns: roleColumns,
});
export const clusterRoleKind = defineKind({
  ...rbac,
  kind: "ClusterRole",
  plural: "clusterroles",
  namespaced: false,
  schema: clusterRoleSchema,
  columns: clusterRoleColumns,
});
export const roleBindingKind = defineKind({
  ...rbac,
  kind: "RoleBinding",
  plural: "rolebindings",
  namespaced: true,
  schema: roleBindingSchema,
  columns: roleBindingColumns,
});
export const clusterRoleBindingKind = defineKind({
  ...rbac,
  kind: "ClusterRoleBinding",
  plural: "clusterrolebindings",
  namespaced: false,
  schema: clusterRoleBindingSchema,
  columns: clusterRoleBindingColumns,
});
