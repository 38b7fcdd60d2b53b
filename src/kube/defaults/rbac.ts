/**
 * rbac.authorization.k8s.io/v1 defaulting (pkg/apis/rbac/v1/defaults.go, Kubernetes 1.32).
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

type Obj = Record<string, unknown>;
const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Role / ClusterRole: `rules` is not omitempty, so a role without rules shows `rules: null`. */
export function defaultRole(role: KObject): void {
  const r = role as Obj;
  if (!Array.isArray(r.rules)) r.rules = null;
}

export const defaultClusterRole = defaultRole;

/** SetDefaults_Subject: User and Group subjects get apiGroup rbac.authorization.k8s.io (ServiceAccount ""). */
function defaultSubjects(subjects: unknown): void {
  if (!Array.isArray(subjects)) return;
  for (const s of subjects) {
    if (!isPlainObject(s) || s.apiGroup) continue;
    if (s.kind === "User" || s.kind === "Group") s.apiGroup = RBAC_GROUP;
    // ServiceAccount subjects default to the core group "", which Go's omitempty leaves out of the JSON.
    else if (s.kind === "ServiceAccount") delete s.apiGroup;
  }
}

/** SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding: roleRef.apiGroup, then each subject. */
export function defaultRoleBinding(rb: KObject): void {
  const b = rb as Obj;
  if (!isPlainObject(b.roleRef)) b.roleRef = {};
  const ref = b.roleRef as Obj;
  if (!ref.apiGroup) ref.apiGroup = RBAC_GROUP;
  defaultSubjects(b.subjects);
}

export const defaultClusterRoleBinding = defaultRoleBinding;
