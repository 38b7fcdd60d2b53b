/**
 * Node selection as kube-scheduler's NodeAffinity plugin and component-helpers/scheduling/corev1/nodeaffinity
 * evaluate it: spec.nodeSelector (every label equal) and required node affinity (NodeSelectorTerms ORed, each
 * term's matchExpressions on labels and matchFields on metadata.name ANDed). Pure; shared by the scheduler, the
 * DaemonSet controller and volume node affinity.
 */

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/**
 * The set-based operators (In, NotIn, Exists, DoesNotExist) against a value that may be absent (undefined).
 * Undefined for any other operator, so callers decide what it means (node selectors add Gt/Lt).
 */
export function setOperatorMatches(
  operator: string,
  values: readonly string[],
  value: string | undefined,
): boolean | undefined {
  switch (operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return undefined;
  }
}

/** A NodeSelectorRequirement: the set operators, plus Gt/Lt comparing one integer value; unknown matches nothing. */
export function nodeSelectorRequirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  const set = setOperatorMatches(r.operator, values, value);
  if (set !== undefined) return set;
  if (r.operator !== "Gt" && r.operator !== "Lt") return false;
  if (value === undefined || values.length !== 1) return false;
  const a = Number.parseInt(value, 10);
  const b = Number.parseInt(values[0], 10);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return r.operator === "Gt" ? a > b : a < b;
}

/** A NodeSelectorTerm against a node's labels and name; a term with no requirements matches nothing. */
export function nodeSelectorTermMatches(
  term: NodeSelectorTerm,
  labels: Readonly<Record<string, string>>,
  nodeName: string,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) {
    if (!nodeSelectorRequirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) return false;
  }
  // metadata.name is the only field a node selector may name.
  for (const r of fields) if (r.key !== "metadata.name" || !nodeSelectorRequirementMatches(r, nodeName)) return false;
  return true;
}

/**
 * spec.nodeSelector and the required node affinity terms (undefined = no required affinity; an empty list
 * matches nothing, as in kube).
 */
export function matchesNodeSelectorAndAffinity(
  nodeSelector: Readonly<Record<string, string>> | undefined,
  requiredTerms: readonly NodeSelectorTerm[] | undefined,
  labels: Readonly<Record<string, string>>,
  nodeName: string,
): boolean {
  for (const [k, v] of Object.entries(nodeSelector ?? {})) if (labels[k] !== v) return false;
  if (!requiredTerms) return true;
  return requiredTerms.some((t) => nodeSelectorTermMatches(t, labels, nodeName));
}
