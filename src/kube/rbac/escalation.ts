/**
 * RBAC escalation prevention (pkg/registry/rbac: the policy-based storages of roles, clusterroles,
 * rolebindings and clusterrolebindings, validation.ConfirmNoEscalation and component-helpers' Covers).
 *
 * Writing a Role/ClusterRole is allowed when the writer is in system:masters, holds the `escalate` verb on
 * that kind, or already holds every permission the role grants (in the role's namespace; cluster-wide for a
 * ClusterRole). Setting an aggregationRule needs full authority (* on *.* and all URLs). Writing a binding is
 * allowed for system:masters, for holders of `bind` on the referenced role, or when the writer already holds
 * every permission of the referenced role (in the binding's namespace; cluster-wide for a
 * ClusterRoleBinding). Otherwise kube answers 403 with the missing permissions, compacted and sorted:
 *
 *   user "u" (groups=["g" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:
 *   {APIGroups:[""], Resources:["pods"], Verbs:["delete"]}
 */
import { forbidden, notFound, type StatusError } from "../errors";
import { compareGoStrings, goQuote } from "../selectors/go-format";
import { authorize, SYSTEM_MASTERS } from "./authorizer";
import { aggregateErrors, roleReferenceRules, rulesFor, type UserInfo } from "./resolver";
import { type PolicyRule, RBAC_GROUP, type RbacPolicy, type RoleRef } from "./types";

// ---- Covers (k8s.io/component-helpers/auth/rbac/validation) ------------------------------------------------

/** BreakdownRule: one rule per (group, resource, verb[, name]) and per (url, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames?.length) {
          for (const n of rule.resourceNames) {
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
          }
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

const hasAll = (set: readonly string[], wanted: readonly string[]) => wanted.every((w) => set.includes(w));

/** An owner's "*\/scale" covers "deployments/scale"; a subresource is otherwise only covered by itself or "*". */
function resourceCoversAll(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes("*") || hasAll(owner, wanted)) return true;
  return wanted.every((path) => {
    if (owner.includes(path)) return true;
    const slash = path.indexOf("/");
    return slash >= 0 && owner.includes(`*/${path.slice(slash + 1)}`);
  });
}

const urlCovers = (owner: string, sub: string) =>
  owner === sub || (owner.endsWith("*") && sub.startsWith(owner.replace(/\*+$/, "")));

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  return (
    (owner.verbs.includes("*") || hasAll(owner.verbs, sub.verbs)) &&
    ((owner.apiGroups ?? []).includes("*") || hasAll(owner.apiGroups ?? [], sub.apiGroups ?? [])) &&
    resourceCoversAll(owner.resources ?? [], sub.resources ?? []) &&
    (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => urlCovers(o, p))) &&
    (subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames))
  );
}

/**
 * Covers: whether `ownerRules` grant everything `requestedRules` do, and the atomic rules they do not.
 */
export function coveringRules(
  ownerRules: readonly PolicyRule[],
  requestedRules: readonly PolicyRule[],
): { covers: boolean; missing: PolicyRule[] } {
  const missing = requestedRules.flatMap(breakdownRule).filter((sub) => !ownerRules.some((o) => ruleCovers(o, sub)));
  return { covers: missing.length === 0, missing };
}

// ---- the message ----------------------------------------------------------------------------------------

/**
 * CompactRules: rules with one group, one resource and at most one name that differ only in verbs are merged
 * (verbs in order of appearance); the rest are kept as they are.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      (r.resourceNames?.length ?? 0) <= 1 &&
      (r.nonResourceURLs?.length ?? 0) === 0 &&
      r.apiGroups?.length === 1 &&
      r.resources?.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { ...r, verbs: [...r.verbs] });
    }
  }
  return [...compacted, ...simple.values()];
}

/** Go's %q of a []string: `["a" "b"]`. */
const goQuoteList = (xs: readonly string[]) => `[${xs.map(goQuote).join(" ")}]`;

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goQuoteList(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoteList(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(r.resourceNames)}`);
  if (r.verbs.length) parts.push(`Verbs:${goQuoteList(r.verbs)}`);
  return `{${parts.join(", ")}}`;
}

/** ConfirmNoEscalation's error text for the missing (uncompacted) rules. */
export function escalationMessage(
  u: UserInfo,
  missing: readonly PolicyRule[],
  resolutionErrors: string[] = [],
): string {
  const lines = [...new Set(compactRules(missing).map(compactString))].sort(compareGoStrings);
  let msg = `user ${goQuote(u.user)} (groups=${goQuoteList(u.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join("\n")}`;
  // `%v` of a []error holding one aggregate: "[a]" or "[[a, b]]".
  if (resolutionErrors.length > 0) msg += `; resolution errors: [${aggregateErrors(resolutionErrors)}]`;
  return msg;
}

/** ConfirmNoEscalation: undefined when the user holds every rule in `namespace` ("" = cluster-wide only). */
export function confirmNoEscalation(
  policy: RbacPolicy,
  u: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | undefined {
  const owner = rulesFor(policy, u, namespace, "storage");
  const { covers, missing } = coveringRules(owner.rules, rules);
  return covers ? undefined : escalationMessage(u, missing, owner.errors);
}

// ---- the storages' checks ---------------------------------------------------------------------------------

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
  { verbs: ["*"], nonResourceURLs: ["*"] },
];

export interface RoleWrite {
  kind: "Role" | "ClusterRole";
  /** The role's namespace (Roles), "" for ClusterRoles. */
  namespace: string;
  name: string;
  /**
   * The name in the request's URL, which RoleEscalationAuthorized asks `escalate` about: none ("") for a
   * create, so an `escalate` rule limited by resourceNames never covers creating. Defaults to `name`.
   */
  requestName?: string;
  rules: PolicyRule[];
  /** ClusterRoles: whether the new object has an aggregationRule that the old one did not have (or differs). */
  aggregationRuleChanged?: boolean;
}

/**
 * The role storages' check on create/update: undefined when allowed, else the 403 to answer. Updates that only
 * touch metadata needed by the garbage collector are the caller's to let through before calling this.
 */
export function checkRoleWrite(policy: RbacPolicy, u: UserInfo, write: RoleWrite): StatusError | undefined {
  if (u.groups.includes(SYSTEM_MASTERS)) return undefined;
  const resource = write.kind === "Role" ? "roles" : "clusterroles";
  const gr = { group: RBAC_GROUP, resource };
  const escalate = authorize(
    {
      user: u.user,
      groups: [...u.groups],
      verb: "escalate",
      apiGroup: RBAC_GROUP,
      resource,
      name: write.requestName ?? write.name,
      namespace: write.namespace,
    },
    policy,
  );
  if (escalate.allowed) return undefined;
  const denied = confirmNoEscalation(policy, u, write.namespace, write.rules);
  if (denied) return forbidden(gr, write.name, denied);
  if (write.aggregationRuleChanged && confirmNoEscalation(policy, u, write.namespace, FULL_AUTHORITY)) {
    return forbidden(gr, write.name, "must have cluster-admin privileges to use the aggregationRule");
  }
  return undefined;
}

export interface BindingWrite {
  kind: "RoleBinding" | "ClusterRoleBinding";
  /** The binding's namespace (RoleBindings), "" for ClusterRoleBindings. */
  namespace: string;
  name: string;
  roleRef: RoleRef;
}

/** The binding storages' check on create/update: undefined when allowed, else the error to answer. */
export function checkBindingWrite(policy: RbacPolicy, u: UserInfo, write: BindingWrite): StatusError | undefined {
  if (u.groups.includes(SYSTEM_MASTERS)) return undefined;
  const ref = write.roleRef;
  const refResource = ref.kind === "Role" ? "roles" : ref.kind === "ClusterRole" ? "clusterroles" : undefined;
  if (refResource) {
    // BindingAuthorized: `bind` on the referenced role, asked in the binding's namespace.
    const bind = authorize(
      {
        user: u.user,
        groups: [...u.groups],
        verb: "bind",
        apiGroup: ref.apiGroup ?? RBAC_GROUP,
        resource: refResource,
        name: ref.name,
        namespace: write.namespace,
      },
      policy,
    );
    if (bind.allowed) return undefined;
  }
  const resolved = roleReferenceRules(policy, ref, write.namespace, "storage");
  if ("error" in resolved) {
    // The storage's own NotFound (404) for the referenced role, as kube returns it unwrapped.
    return refResource
      ? notFound({ group: RBAC_GROUP, resource: refResource }, ref.name)
      : forbiddenBinding(write, resolved.error);
  }
  const denied = confirmNoEscalation(policy, u, write.namespace, resolved.rules);
  return denied ? forbiddenBinding(write, denied) : undefined;
}

function forbiddenBinding(write: BindingWrite, why: string): StatusError {
  const resource = write.kind === "RoleBinding" ? "rolebindings" : "clusterrolebindings";
  return forbidden({ group: RBAC_GROUP, resource }, write.name, why);
}
