/**
 * Schemas of rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1, v1.32): Role, ClusterRole, RoleBinding,
 * ClusterRoleBinding.
 *
 * Field names, required lists and list/struct markers follow the Go struct tags of release-1.32. No RBAC type is
 * a Go +enum, so every string stays free-form (Subject.kind is "User" | "Group" | "ServiceAccount" by
 * convention only).
 */
import { list, obj, str } from "../schema/dsl";
import { labelSelector, objectMeta, typeMeta } from "./meta";

const rbac = (name: string) => `io.k8s.api.rbac.v1.${name}`;
const gvk = (kind: string) => [{ group: "rbac.authorization.k8s.io", version: "v1", kind }];

export const policyRule = obj(
  rbac("PolicyRule"),
  {
    verbs: list(str()),
    apiGroups: list(str()),
    resources: list(str()),
    resourceNames: list(str()),
    nonResourceURLs: list(str()),
  },
  { required: ["verbs"] },
);

/** +structType=atomic */
export const subject = obj(
  rbac("Subject"),
  { kind: str(), apiGroup: str(), name: str(), namespace: str() },
  { required: ["kind", "name"], mapType: "atomic" },
);

/** +structType=atomic */
export const roleRef = obj(
  rbac("RoleRef"),
  { apiGroup: str(), kind: str(), name: str() },
  { required: ["apiGroup", "kind", "name"], mapType: "atomic" },
);

export const aggregationRule = obj(rbac("AggregationRule"), {
  clusterRoleSelectors: list(labelSelector),
});

export const roleSchema = obj(
  rbac("Role"),
  { ...typeMeta, metadata: objectMeta, rules: list(policyRule) },
  {
    description:
      "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.",
    gvk: gvk("Role"),
  },
);

export const clusterRoleSchema = obj(
  rbac("ClusterRole"),
  { ...typeMeta, metadata: objectMeta, rules: list(policyRule), aggregationRule },
  {
    description:
      "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.",
    gvk: gvk("ClusterRole"),
  },
);

export const roleBindingSchema = obj(
  rbac("RoleBinding"),
  { ...typeMeta, metadata: objectMeta, subjects: list(subject), roleRef },
  {
    description:
      "RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.  RoleBindings in a given namespace only have effect in that namespace.",
    required: ["roleRef"],
    gvk: gvk("RoleBinding"),
  },
);

export const clusterRoleBindingSchema = obj(
  rbac("ClusterRoleBinding"),
  { ...typeMeta, metadata: objectMeta, subjects: list(subject), roleRef },
  {
    description:
      "ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.",
    required: ["roleRef"],
    gvk: gvk("ClusterRoleBinding"),
  },
);
