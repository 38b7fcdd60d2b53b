/**
 * The shapes the RBAC machinery works on: rbac.authorization.k8s.io/v1 rules, subjects and role references,
 * the request attributes an authorizer is asked about, and the read-only view of the cluster's RBAC objects
 * (`RbacPolicy`) that the caller backs with its store.
 */
import type { KObject } from "../object";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

/**
 * authorizer.Attributes. A request is a non-resource request exactly when `path` is set (kube's
 * ResourceRequest flag); for resource requests `resource` is the plural, `subresource` e.g. "log".
 */
export interface Attributes {
  user: string;
  groups: string[];
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  path?: string;
}

export const isResourceRequest = (a: Attributes): boolean => a.path === undefined;

/**
 * The RBAC objects an authorizer reads, as plain KObjects. Getters answer undefined when the object does not
 * exist (the resolver turns that into kube's NotFound message); the lists answer what exists now.
 */
export interface RbacPolicy {
  getRole(namespace: string, name: string): KObject | undefined;
  getClusterRole(name: string): KObject | undefined;
  listRoleBindings(namespace: string): KObject[];
  listClusterRoleBindings(): KObject[];
}

/** A policy over a fixed list of objects (other kinds are ignored): tests, or a snapshot of the store. */
export function staticPolicy(objects: readonly KObject[]): RbacPolicy {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const roles = of("Role");
  const clusterRoles = of("ClusterRole");
  const roleBindings = of("RoleBinding");
  const clusterRoleBindings = of("ClusterRoleBinding");
  return {
    getRole: (ns, name) => roles.find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    getClusterRole: (name) => clusterRoles.find((r) => r.metadata.name === name),
    listRoleBindings: (ns) => roleBindings.filter((b) => b.metadata.namespace === ns),
    listClusterRoleBindings: () => clusterRoleBindings,
  };
}

export const rulesOf = (role: KObject): PolicyRule[] => (Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : []);
export const subjectsOf = (binding: KObject): Subject[] =>
  Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
export const roleRefOf = (binding: KObject): RoleRef | undefined =>
  (binding.roleRef as RoleRef | undefined) ?? undefined;

/** serviceaccount.MakeUsername. */
export const serviceAccountUsername = (namespace: string, name: string): string =>
  `system:serviceaccount:${namespace}:${name}`;

/** serviceaccount.MakeGroupNames: the groups an authenticator gives a ServiceAccount token's user. */
export const serviceAccountGroups = (namespace: string): string[] => [
  "system:serviceaccounts",
  `system:serviceaccounts:${namespace}`,
];
