/** rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding. */

import { defaultRole, defaultRoleBinding } from "../defaults/rbac";
import { clusterRoleBindingColumns, clusterRoleColumns, roleBindingColumns, roleColumns } from "../printers";
import { clusterRoleBindingSchema, clusterRoleSchema, roleBindingSchema, roleSchema } from "../types/rbac";
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding } from "../validation/rbac";
import { defineKind } from "./define";

const rbac = { group: "rbac.authorization.k8s.io", version: "v1", nameRule: "path-segment" } as const;

export const roleKind = defineKind({
  ...rbac,
  kind: "Role",
  plural: "roles",
  namespaced: true,
  schema: roleSchema,
  columns: roleColumns,
  defaults: defaultRole,
  validate: (o, old) => validateRole(o, old),
});
export const clusterRoleKind = defineKind({
  ...rbac,
  kind: "ClusterRole",
  plural: "clusterroles",
  namespaced: false,
  schema: clusterRoleSchema,
  columns: clusterRoleColumns,
  defaults: defaultRole,
  validate: (o, old) => validateClusterRole(o, old),
});
export const roleBindingKind = defineKind({
  ...rbac,
  kind: "RoleBinding",
  plural: "rolebindings",
  namespaced: true,
  schema: roleBindingSchema,
  columns: roleBindingColumns,
  defaults: defaultRoleBinding,
  validate: (o, old) => validateRoleBinding(o, old),
});
export const clusterRoleBindingKind = defineKind({
  ...rbac,
  kind: "ClusterRoleBinding",
  plural: "clusterrolebindings",
  namespaced: false,
  schema: clusterRoleBindingSchema,
  columns: clusterRoleBindingColumns,
  defaults: defaultRoleBinding,
  validate: (o, old) => validateClusterRoleBinding(o, old),
});
