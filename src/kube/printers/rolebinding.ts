/**
 * RoleBinding columns (printers.go printRoleBinding): NAME ROLE AGE | wide: USERS GROUPS SERVICEACCOUNTS. ROLE is
 * "Kind/name" of roleRef; the subject cells follow rbac.SubjectsStrings, joined by ", ".
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, nameColumn, rec, str } from "./common";

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts (other kinds are dropped here). */
export function subjectsStrings(binding: KObject): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of arr(binding.subjects).map(rec)) {
    switch (str(s.kind)) {
      case "ServiceAccount":
        serviceAccounts.push(`${str(s.namespace)}/${str(s.name)}`);
        break;
      case "User":
        users.push(str(s.name));
        break;
      case "Group":
        groups.push(str(s.name));
        break;
    }
  }
  return { users, groups, serviceAccounts };
}

/** ROLE AGE USERS GROUPS SERVICEACCOUNTS after NAME; `what` names the kind in the subject descriptions. */
export function bindingColumns(roleDescription: string, what: string): TableColumn[] {
  return [
    nameColumn,
    {
      name: "Role",
      type: "string",
      format: "",
      description: roleDescription,
      priority: 0,
      cell: (obj) => {
        const ref = field(obj, "roleRef");
        return `${str(ref.kind)}/${str(ref.name)}`;
      },
    },
    ageColumn,
    {
      name: "Users",
      type: "string",
      format: "",
      description: `Users in the ${what}`,
      priority: 1,
      cell: (obj) => subjectsStrings(obj).users.join(", "),
    },
    {
      name: "Groups",
      type: "string",
      format: "",
      description: `Groups in the ${what}`,
      priority: 1,
      cell: (obj) => subjectsStrings(obj).groups.join(", "),
    },
    {
      name: "ServiceAccounts",
      type: "string",
      format: "",
      description: `ServiceAccounts in the ${what}`,
      priority: 1,
      cell: (obj) => subjectsStrings(obj).serviceAccounts.join(", "),
    },
  ];
}

export const roleBindingColumns: readonly TableColumn[] = bindingColumns(
  "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.",
  "roleBinding",
);
