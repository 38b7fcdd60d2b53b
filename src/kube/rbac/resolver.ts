/**
 * Which rules apply to a user in a namespace (pkg/registry/rbac/validation DefaultRuleResolver): every
 * ClusterRoleBinding naming the user, then — for a namespaced request — every RoleBinding of that namespace
 * naming the user, each resolved to the rules of its Role (same namespace) or ClusterRole. A binding whose
 * role is missing contributes an error instead of rules; rules are additive, so resolution carries on.
 */
import { goQuote } from "../selectors/go-format";
import { type PolicyRule, RBAC_GROUP, type RbacPolicy, roleRefOf, rulesOf, type Subject, subjectsOf } from "./types";

export interface UserInfo {
  user: string;
  groups: readonly string[];
}

/**
 * How a missing role is named in errors. The authorizer reads informer listers, whose NotFound names the
 * singular resource (`clusterrole.rbac.authorization.k8s.io "x" not found`); the escalation checks in the
 * RBAC registry read the storage, which names the plural (`clusterroles.rbac...`).
 */
export type NotFoundStyle = "lister" | "storage";

/** Visit returns false to stop (the authorizer stops at the first allowing rule). */
export type RuleVisitor = (
  source: string | undefined,
  rule: PolicyRule | undefined,
  error: string | undefined,
) => boolean;

function appliesToUser(u: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case "User":
      return u.user === s.name;
    case "Group":
      return u.groups.includes(s.name);
    case "ServiceAccount": {
      // A subject without a namespace means the binding's own (RoleBindings only; cluster bindings have none).
      const ns = s.namespace || namespace;
      return ns !== "" && u.user === `system:serviceaccount:${ns}:${s.name}`;
    }
    default:
      return false;
  }
}

/** describeSubject: ServiceAccounts print as "name/namespace" (sic). */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} ${goQuote(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${goQuote(s.name)}`;
}

export function roleReferenceRules(
  policy: RbacPolicy,
  ref: { kind: string; name: string } | undefined,
  bindingNamespace: string,
  style: NotFoundStyle = "lister",
): { rules: PolicyRule[] } | { error: string } {
  const plural = style === "storage" ? "s" : "";
  switch (ref?.kind) {
    case "Role": {
      const role = policy.getRole(bindingNamespace, ref.name);
      return role ? { rules: rulesOf(role) } : { error: `role${plural}.${RBAC_GROUP} ${goQuote(ref.name)} not found` };
    }
    case "ClusterRole": {
      const role = policy.getClusterRole(ref.name);
      return role
        ? { rules: rulesOf(role) }
        : { error: `clusterrole${plural}.${RBAC_GROUP} ${goQuote(ref.name)} not found` };
    }
    default:
      return { error: `unsupported role reference kind: ${goQuote(ref?.kind ?? "")}` };
  }
}

export function visitRulesFor(
  policy: RbacPolicy,
  u: UserInfo,
  namespace: string,
  visit: RuleVisitor,
  style: NotFoundStyle = "lister",
): void {
  for (const binding of policy.listClusterRoleBindings()) {
    const subject = subjectsOf(binding).find((s) => appliesToUser(u, s, ""));
    if (!subject) continue;
    const ref = roleRefOf(binding);
    const resolved = roleReferenceRules(policy, ref, "", style);
    if ("error" in resolved) {
      if (!visit(undefined, undefined, resolved.error)) return;
      continue;
    }
    const source = `ClusterRoleBinding ${goQuote(binding.metadata.name ?? "")} of ${ref!.kind} ${goQuote(ref!.name)} to ${describeSubject(subject, "")}`;
    for (const rule of resolved.rules) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const binding of policy.listRoleBindings(namespace)) {
    const subject = subjectsOf(binding).find((s) => appliesToUser(u, s, namespace));
    if (!subject) continue;
    const ref = roleRefOf(binding);
    const resolved = roleReferenceRules(policy, ref, namespace, style);
    if ("error" in resolved) {
      if (!visit(undefined, undefined, resolved.error)) return;
      continue;
    }
    const source = `RoleBinding ${goQuote(`${binding.metadata.name}/${namespace}`)} of ${ref!.kind} ${goQuote(ref!.name)} to ${describeSubject(subject, namespace)}`;
    for (const rule of resolved.rules) if (!visit(source, rule, undefined)) return;
  }
}

/** RulesFor: every rule that applies, and the resolution errors met on the way. */
export function rulesFor(
  policy: RbacPolicy,
  u: UserInfo,
  namespace: string,
  style: NotFoundStyle = "lister",
): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(
    policy,
    u,
    namespace,
    (_source, rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    },
    style,
  );
  return { rules, errors };
}

/** utilerrors.NewAggregate(errs).Error(): one message bare, several deduplicated inside brackets. */
export function aggregateErrors(errors: readonly string[]): string {
  if (errors.length === 1) return errors[0];
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}
