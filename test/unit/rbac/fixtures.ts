/** A policy built from the real seed of a fresh cluster, plus the objects a test adds. */
import { kindClusterObjects } from "../../../src/cluster/seed";
import type { KObject } from "../../../src/kube/object";
import { type PolicyRule, type RbacPolicy, type Subject, staticPolicy } from "../../../src/kube/rbac/types";

const RBAC_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);
const NOW = Date.parse("2026-11-28T02:45:09.500Z");

export const seedRbac = (): KObject[] => kindClusterObjects("demo", NOW).filter((o) => RBAC_KINDS.has(o.kind ?? ""));

export function policyWith(...extra: KObject[]): RbacPolicy {
  return staticPolicy([...seedRbac(), ...extra]);
}

const rbac = "rbac.authorization.k8s.io/v1";

export const user = (name: string): Subject => ({ kind: "User", apiGroup: "rbac.authorization.k8s.io", name });
export const group = (name: string): Subject => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
export const sa = (name: string, namespace?: string): Subject => ({ kind: "ServiceAccount", name, namespace });

export function roleBinding(ns: string, name: string, roleKind: string, role: string, subjects: Subject[]): KObject {
  return {
    apiVersion: rbac,
    kind: "RoleBinding",
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
    subjects,
  };
}

export function clusterRoleBinding(name: string, role: string, subjects: Subject[]): KObject {
  return {
    apiVersion: rbac,
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects,
  };
}

export function role(ns: string, name: string, rules: PolicyRule[]): KObject {
  return { apiVersion: rbac, kind: "Role", metadata: { name, namespace: ns }, rules };
}

export function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): KObject {
  return { apiVersion: rbac, kind: "ClusterRole", metadata: { name, labels }, rules };
}

/** What an authenticator gives every authenticated user on top of its own groups. */
export const authenticated = (...groups: string[]) => [...groups, "system:authenticated"];
