/**
 * kube-apiserver's authorization decision for one request, as configured by kind (`--authorization-mode=
 * Node,RBAC`) minus the Node authorizer (our kubelets make no API requests):
 *   1. members of system:masters are allowed everything, with no reason (authorizerfactory.NewPrivilegedGroups,
 *      which kube-apiserver always puts first);
 *   2. RBAC (plugin/pkg/auth/authorizer/rbac): allowed by the first rule that matches, the reason naming the
 *      binding, role and subject ("RBAC: allowed by ClusterRoleBinding ..."); otherwise denied, with reason ""
 *      or "RBAC: <errors>" when a binding referred to a role that does not exist.
 *
 * Pure: the caller gives the policy (backed by its store) and the attributes; nothing here is wired into the
 * API server yet.
 */
import { aggregateErrors, rulesFor, type UserInfo, visitRulesFor } from "./resolver";
import { ruleAllows } from "./rule-match";
import type { Attributes, RbacPolicy } from "./types";

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** user.SystemPrivilegedGroup. */
export const SYSTEM_MASTERS = "system:masters";

export function authorize(attrs: Attributes, policy: RbacPolicy): Decision {
  if (attrs.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: "" };
  return rbacAuthorize(attrs, policy);
}

/** The RBAC authorizer alone. */
export function rbacAuthorize(attrs: Attributes, policy: RbacPolicy): Decision {
  let reason = "";
  const errors: string[] = [];
  visitRulesFor(policy, { user: attrs.user, groups: attrs.groups }, attrs.namespace ?? "", (source, rule, error) => {
    if (rule && ruleAllows(attrs, rule)) {
      reason = `RBAC: allowed by ${source}`;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (reason) return { allowed: true, reason };
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : "" };
}

export interface ResourceRuleInfo {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRuleInfo {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRuleInfo[];
  nonResourceRules: NonResourceRuleInfo[];
  incomplete: boolean;
  evaluationError?: string;
}

/**
 * SelfSubjectRulesReview's status (`kubectl auth can-i --list`): the privileged-group authorizer's "*" rules
 * for system:masters, then every RBAC rule that applies in the namespace, split into resource and
 * non-resource halves (a rule with both contributes to each). Resolution errors become evaluationError.
 */
export function subjectRulesReview(u: UserInfo, namespace: string, policy: RbacPolicy): SubjectRulesReviewStatus {
  const resourceRules: ResourceRuleInfo[] = [];
  const nonResourceRules: NonResourceRuleInfo[] = [];
  if (u.groups.includes(SYSTEM_MASTERS)) {
    resourceRules.push({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] });
    nonResourceRules.push({ verbs: ["*"], nonResourceURLs: ["*"] });
  }
  const { rules, errors } = rulesFor(policy, u, namespace);
  for (const r of rules) {
    if ((r.resources ?? []).length > 0) {
      const info: ResourceRuleInfo = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources };
      if (r.resourceNames?.length) info.resourceNames = r.resourceNames;
      resourceRules.push(info);
    }
    if ((r.nonResourceURLs ?? []).length > 0)
      nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
  }
  const status: SubjectRulesReviewStatus = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length > 0) status.evaluationError = aggregateErrors(errors);
  return status;
}
