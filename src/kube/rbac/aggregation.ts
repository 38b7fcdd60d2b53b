/**
 * What kube-controller-manager's clusterrole-aggregation controller does to ClusterRoles with an
 * aggregationRule: their rules become the rules of every other ClusterRole matched by its selectors (selector
 * by selector, matches sorted by name, exact duplicates dropped). The seed already holds admin/edit/view
 * aggregated; this is for roles created later (e.g. a CRD's role labelled
 * `rbac.authorization.k8s.io/aggregate-to-view: "true"`), until a real controller runs it on changes.
 *
 * Chains (view feeds edit, which feeds admin) are followed by repeating until nothing changes, as the
 * controller's requeues would.
 */
import { deepEqual, type KObject } from "../object";
import { type LabelSelectorObject, labelSelectorFromObject, matches } from "../selectors/label-selector";
import { type PolicyRule, rulesOf } from "./types";

interface AggregationRule {
  clusterRoleSelectors?: LabelSelectorObject[];
}

/** The rules the controller would give `role`, or undefined when it has no aggregationRule. */
export function aggregatedRules(role: KObject, clusterRoles: readonly KObject[]): PolicyRule[] | undefined {
  const rule = role.aggregationRule as AggregationRule | undefined;
  if (!rule) return undefined;
  const rules: PolicyRule[] = [];
  for (const sel of rule.clusterRoleSelectors ?? []) {
    const selector = labelSelectorFromObject(sel);
    const selected = clusterRoles
      .filter((r) => r.metadata.name !== role.metadata.name && matches(selector, r.metadata.labels))
      .sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
    for (const r of selected.flatMap(rulesOf)) {
      if (!rules.some((have) => deepEqual(have, r))) rules.push(r);
    }
  }
  return rules;
}

/**
 * Returns the ClusterRoles with aggregated rules filled in (new objects for the changed ones, the same
 * objects otherwise), and the names of those that changed.
 */
export function aggregateClusterRoles(roles: readonly KObject[]): { roles: KObject[]; changed: string[] } {
  const current = [...roles];
  const changed = new Set<string>();
  // Bounded: a cycle of aggregating roles converges as rules only accumulate, but never loop forever.
  for (let pass = 0; pass < 16; pass++) {
    let any = false;
    for (let i = 0; i < current.length; i++) {
      const next = aggregatedRules(current[i], current);
      if (next === undefined || deepEqual(next, rulesOf(current[i]))) continue;
      current[i] = { ...current[i], rules: next };
      changed.add(current[i].metadata.name ?? "");
      any = true;
    }
    if (!any) break;
  }
  return { roles: current, changed: [...changed] };
}
