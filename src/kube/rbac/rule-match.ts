/**
 * Whether one PolicyRule allows a request (plugin/pkg/auth/authorizer/rbac RuleAllows with the matchers of
 * pkg/apis/rbac/v1 helpers). Wildcards are "*" for verbs, apiGroups, resources and nonResourceURLs; a
 * resource "*\/scale" matches the scale subresource of anything; a nonResourceURL ending in "*" is a prefix.
 * resourceNames restrict only by name, so a rule listing names never matches a request without one (create,
 * list, watch and deletecollection carry no name unless a fieldSelector on metadata.name supplies it).
 */
import { type Attributes, isResourceRequest, type PolicyRule } from "./types";

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === "*" || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === "*" || g === group);
}

/** `combined` is "pods" or "pods/log"; `subresource` is "" or "log". */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)) {
      return true;
    }
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** A trailing run of "*" makes the rest a prefix (strings.TrimRight). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === "*" || u === path || (u.endsWith("*") && path.startsWith(u.replace(/\*+$/, ""))),
  );
}

export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (!isResourceRequest(attrs)) {
    return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path ?? "");
  }
  const resource = attrs.resource ?? "";
  const sub = attrs.subresource ?? "";
  const combined = sub ? `${resource}/${sub}` : resource;
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.apiGroup ?? "") &&
    resourceMatches(rule, combined, sub) &&
    resourceNameMatches(rule, attrs.name ?? "")
  );
}
