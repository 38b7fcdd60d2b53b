/**
 * Label selectors: k8s.io/apimachinery/pkg/labels (Parse, NewRequirement, Selector) and the metav1.LabelSelector
 * helpers (LabelSelectorAsSelector, FormatLabelSelector, ValidateLabelSelector).
 *
 * Two entry points build selectors, with Kubernetes' semantics for "empty":
 * - parseLabelSelector("") and labelSelectorFromObject({}) match everything;
 * - labelSelectorFromObject(null | undefined) matches nothing (metav1.LabelSelectorAsSelector(nil)).
 * Errors are thrown as LabelSelectorError whose message is exactly the Go error text, which the apiserver
 * returns verbatim in a 400 for a bad ?labelSelector=.
 */
import { type FieldError, forbiddenField, invalidValue, required } from "../errors";
import { isValidLabelValue, validateLabelName, validateLabels } from "../validation/names";
import { compareGoStrings, goQuote } from "./go-format";
import {
  LabelSelectorError,
  newRequirement,
  type Operator,
  type Requirement,
  requirementMatches,
  requirementToString,
} from "./label-requirement";
import { parseLabelSelectorRequirements } from "./label-selector-parser";

export {
  LabelSelectorError,
  newRequirement,
  type Operator,
  parseInt64,
  type Requirement,
  requirementMatches,
  requirementToString,
} from "./label-requirement";

export interface LabelSelector {
  /** ANDed, sorted by key (stable), as internalSelector keeps them. */
  readonly requirements: readonly Requirement[];
  /** labels.Nothing(): matches no object. Its requirements are empty. */
  readonly nothing: boolean;
}

export const everything = (): LabelSelector => ({ requirements: [], nothing: false });
export const nothing = (): LabelSelector => ({ requirements: [], nothing: true });

/** Stable sort by key (Go sorts small slices by insertion, which is stable). */
const byKey = (reqs: Requirement[]) => reqs.sort((a, b) => compareGoStrings(a.key, b.key));

/** labels.Parse. Empty or blank input selects everything. */
export function parseLabelSelector(s: string): LabelSelector {
  return { requirements: byKey(parseLabelSelectorRequirements(s)), nothing: false };
}

/** labels.SelectorFromSet: `k=v` for each entry; an empty or missing set selects everything. */
export function selectorFromSet(set: Record<string, string> | null | undefined): LabelSelector {
  const reqs = Object.keys(set ?? {}).map((k): Requirement => ({ key: k, operator: "=", values: [set![k]] }));
  return { requirements: byKey(reqs), nothing: false };
}

export interface LabelSelectorRequirementObject {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementObject[] | null;
}

const METAV1_OPERATORS: Record<string, Operator> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/**
 * metav1.LabelSelectorAsSelector: null/undefined → nothing, no terms → everything. Requirements are
 * validated with NewRequirement; the first failure is thrown. matchLabels are visited in sorted key order
 * (Go's map order is random, so which of several bad labels is reported is not fixed there either).
 */
export function labelSelectorFromObject(sel: LabelSelectorObject | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return nothing();
  const labels = sel.matchLabels ?? {};
  const exprs = sel.matchExpressions ?? [];
  const keys = Object.keys(labels).sort(compareGoStrings);
  if (keys.length + exprs.length === 0) return everything();
  const reqs: Requirement[] = keys.map((k) => newRequirement(k, "=", [labels[k]]));
  for (const expr of exprs) {
    const op = Object.hasOwn(METAV1_OPERATORS, expr.operator) ? METAV1_OPERATORS[expr.operator] : undefined;
    if (!op)
      throw new LabelSelectorError(`${goQuote(String(expr.operator ?? ""))} is not a valid pod selector operator`);
    // append([]string(nil), values...) is nil when empty, hence `null` in the message.
    const values = expr.values && expr.values.length > 0 ? expr.values : null;
    reqs.push(newRequirement(expr.key, op, values));
  }
  return { requirements: byKey(reqs), nothing: false };
}

/** metav1.FormatLabelSelector, as printed in table columns: "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelectorObject | null | undefined): string {
  let s: string;
  try {
    s = selectorToString(labelSelectorFromObject(sel));
  } catch {
    return "<error>";
  }
  return s.length === 0 ? "<none>" : s;
}

export function matches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  if (selector.nothing) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

/** Selector.Empty(): true when it restricts nothing. Nothing() is not empty. */
export const isEmpty = (selector: LabelSelector): boolean => !selector.nothing && selector.requirements.length === 0;

/** Selector.String(): requirements joined with ","; "" for everything and for nothing. */
export function selectorToString(selector: LabelSelector): string {
  return selector.requirements.map(requirementToString).join(",");
}

/** RequiresExactMatch: the value a key must equal (=, == or a single-valued in), if any. */
export function requiresExactMatch(selector: LabelSelector, key: string): string | undefined {
  const r = selector.requirements.find((req) => req.key === key);
  if (!r) return undefined;
  if ((r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1) return r.values[0];
  return undefined;
}

/**
 * metav1validation.ValidateLabelSelector for objects' selector fields (spec.selector…). With
 * allowInvalidLabelValueInSelector (for objects persisted before 1.28), expression values are not checked.
 */
export function validateLabelSelector(
  sel: LabelSelectorObject | null | undefined,
  fldPath: string,
  opts: { allowInvalidLabelValueInSelector?: boolean } = {},
): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) return errs;
  errs.push(...validateLabels(sel.matchLabels ?? undefined, `${fldPath}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${fldPath}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0)
          errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          errs.push(
            forbiddenField(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
          );
        }
        break;
      default:
        errs.push(invalidValue(`${p}.operator`, expr.operator, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(expr.key, `${p}.key`));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v)) errs.push(invalidValue(`${p}.values[${j}]`, v, msg));
      });
    }
  });
  return errs;
}
