/**
 * rbac.authorization.k8s.io/v1 validation (pkg/apis/rbac/validation, Kubernetes 1.32): Role, ClusterRole,
 * RoleBinding, ClusterRoleBinding. Names only need to be valid path segments; a binding's roleRef is immutable.
 */
import { type FieldError, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { type LabelSelectorObject, labelSelectorFromObject, validateLabelSelector } from "../selectors/label-selector";
import { arr, type Obj, obj, str } from "./extra-common";
import { nameIsDNSSubdomain, validatePathSegmentName } from "./names";
import {
  child,
  GoValue,
  goLabelSelector,
  goQuote,
  goSliceValue,
  index,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** ValidatePolicyRule. */
export function validatePolicyRule(rule: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(rule.verbs).length === 0) errs.push(required(child(path, "verbs"), "verbs must contain at least one value"));
  const urls = arr(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        invalidValue(
          child(path, "nonResourceURLs"),
          goSliceValue(urls),
          "namespaced rules cannot apply to non-resource URLs",
        ),
      );
    if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
      errs.push(
        invalidValue(
          child(path, "nonResourceURLs"),
          goSliceValue(urls),
          "rules cannot apply to both regular resources and non-resource URLs",
        ),
      );
    }
    return errs;
  }
  if (arr(rule.apiGroups).length === 0)
    errs.push(required(child(path, "apiGroups"), "resource rules must supply at least one api group"));
  if (arr(rule.resources).length === 0)
    errs.push(required(child(path, "resources"), "resource rules must supply at least one resource"));
  return errs;
}

function validateRules(rules: unknown, namespaced: boolean): FieldError[] {
  return arr(rules).flatMap((r, i) => validatePolicyRule(obj(r), namespaced, index("rules", i)));
}

/** ValidateRole / ValidateRoleUpdate. */
export function validateRole(role: KObject, old?: KObject): FieldError[] {
  const errs = [
    ...validateObjectMeta(role.metadata, { namespaced: true, nameRule: validatePathSegmentName }),
    ...validateRules((role as Obj).rules, true),
  ];
  if (old) errs.push(...validateObjectMetaUpdate(role.metadata, old.metadata));
  return errs;
}

/** ValidateClusterRole / ValidateClusterRoleUpdate (aggregationRule needs at least one selector). */
export function validateClusterRole(role: KObject, old?: KObject): FieldError[] {
  const r = role as Obj;
  const errs = [
    ...validateObjectMeta(role.metadata, { namespaced: false, nameRule: validatePathSegmentName }),
    ...validateRules(r.rules, false),
  ];
  if (isPlainObject(r.aggregationRule)) {
    const selectors = arr(r.aggregationRule.clusterRoleSelectors);
    const p = "aggregationRule.clusterRoleSelectors";
    if (selectors.length === 0)
      errs.push(required(p, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
    const oldSelectors = old ? arr(obj((old as Obj).aggregationRule).clusterRoleSelectors) : [];
    const allowInvalid = oldSelectors.some(
      (s) => isPlainObject(s) && validateLabelSelector(s as LabelSelectorObject, p).length > 0,
    );
    selectors.forEach((s, i) => {
      const sp = index(p, i);
      const sel = obj(s) as LabelSelectorObject;
      errs.push(...validateLabelSelector(sel, sp, { allowInvalidLabelValueInSelector: allowInvalid }));
      try {
        labelSelectorFromObject(sel);
      } catch {
        errs.push(invalidValue(sp, new GoValue(sel, goLabelSelector(sel)), "invalid label selector."));
      }
    });
  }
  if (old) errs.push(...validateObjectMetaUpdate(role.metadata, old.metadata));
  return errs;
}

/** ValidateRoleBindingSubject. */
export function validateSubject(subject: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject.name);
  const apiGroup = str(subject.apiGroup);
  if (!name) errs.push(required(child(path, "name")));
  switch (subject.kind) {
    case "ServiceAccount":
      if (name) errs.push(...nameIsDNSSubdomain(name, false).map((m) => invalidValue(child(path, "name"), name, m)));
      if (apiGroup) errs.push(notSupported(child(path, "apiGroup"), apiGroup, [""]));
      if (!namespaced && !str(subject.namespace)) errs.push(required(child(path, "namespace")));
      break;
    case "User":
    case "Group":
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(child(path, "apiGroup"), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(child(path, "kind"), str(subject.kind), ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function goRoleRef(ref: Obj): GoValue {
  return new GoValue(
    ref,
    `rbac.RoleRef{APIGroup:${goQuote(str(ref.apiGroup))}, Kind:${goQuote(str(ref.kind))}, Name:${goQuote(str(ref.name))}}`,
  );
}

function validateBinding(b: KObject, old: KObject | undefined, namespaced: boolean): FieldError[] {
  const o = b as Obj;
  const ref = obj(o.roleRef);
  const errs = validateObjectMeta(b.metadata, { namespaced, nameRule: validatePathSegmentName });
  if (str(ref.apiGroup) !== RBAC_GROUP) errs.push(notSupported("roleRef.apiGroup", str(ref.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(str(ref.kind))) errs.push(notSupported("roleRef.kind", str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(required("roleRef.name"));
  else errs.push(...validatePathSegmentName(name, false).map((m) => invalidValue("roleRef.name", name, m)));
  arr(o.subjects).forEach((s, i) => {
    errs.push(...validateSubject(obj(s), namespaced, index("subjects", i)));
  });
  if (old) {
    errs.push(...validateObjectMetaUpdate(b.metadata, old.metadata));
    const oldRef = obj((old as Obj).roleRef);
    const same = ["apiGroup", "kind", "name"].every((k) => str(ref[k]) === str(oldRef[k]));
    if (!same) errs.push(invalidValue("roleRef", goRoleRef(ref), "cannot change roleRef"));
  }
  return errs;
}

/** ValidateRoleBinding / ValidateRoleBindingUpdate. Run defaultRoleBinding (apiGroup defaults) first. */
export function validateRoleBinding(rb: KObject, old?: KObject): FieldError[] {
  return validateBinding(rb, old, true);
}

/** ValidateClusterRoleBinding / ValidateClusterRoleBindingUpdate: ServiceAccount subjects need a namespace. */
export function validateClusterRoleBinding(crb: KObject, old?: KObject): FieldError[] {
  return validateBinding(crb, old, false);
}
