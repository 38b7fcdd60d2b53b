/**
 * Schemas of authorization.k8s.io/v1 (k8s.io/api/authorization/v1, v1.32): SelfSubjectAccessReview,
 * SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview (what `kubectl auth can-i` sends).
 *
 * Field names, required lists and list markers follow the Go struct tags of release-1.32: no enums, status
 * fields without omitempty are required (`allowed`, `resourceRules`, `nonResourceRules`, `incomplete`), and
 * fields added after 1.32 (authorizationOptions, conditionalDecision) are left out. ResourceAttributes'
 * fieldSelector/labelSelector (1.31+, AuthorizeWithSelectors) are included.
 */
import { bool, list, map, obj, str } from "../schema/dsl";
import { labelSelectorRequirement, objectMeta, typeMeta } from "./meta";

const authz = (name: string) => `io.k8s.api.authorization.v1.${name}`;
const gvk = (kind: string) => [{ group: "authorization.k8s.io", version: "v1", kind }];

/** metav1.FieldSelectorRequirement (k8s.io/apimachinery meta/v1); FieldSelectorOperator is not an enum. */
export const fieldSelectorRequirement = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement",
  { key: str(), operator: str(), values: list(str()) },
  { required: ["key", "operator"] },
);

export const fieldSelectorAttributes = obj(authz("FieldSelectorAttributes"), {
  rawSelector: str(),
  requirements: list(fieldSelectorRequirement),
});

export const labelSelectorAttributes = obj(authz("LabelSelectorAttributes"), {
  rawSelector: str(),
  requirements: list(labelSelectorRequirement),
});

export const resourceAttributes = obj(authz("ResourceAttributes"), {
  namespace: str(),
  verb: str(),
  group: str(),
  version: str(),
  resource: str(),
  subresource: str(),
  name: str(),
  fieldSelector: fieldSelectorAttributes,
  labelSelector: labelSelectorAttributes,
});

export const nonResourceAttributes = obj(authz("NonResourceAttributes"), {
  path: str(),
  verb: str(),
});

export const subjectAccessReviewSpec = obj(authz("SubjectAccessReviewSpec"), {
  resourceAttributes,
  nonResourceAttributes,
  user: str(),
  groups: list(str()),
  // map[string]ExtraValue; ExtraValue is []string (a wrapper message in protobuf, a plain array in JSON).
  extra: map(list(str())),
  uid: str(),
});

export const selfSubjectAccessReviewSpec = obj(authz("SelfSubjectAccessReviewSpec"), {
  resourceAttributes,
  nonResourceAttributes,
});

export const subjectAccessReviewStatus = obj(
  authz("SubjectAccessReviewStatus"),
  { allowed: bool(), denied: bool(), reason: str(), evaluationError: str() },
  { required: ["allowed"] },
);

export const selfSubjectRulesReviewSpec = obj(authz("SelfSubjectRulesReviewSpec"), {
  namespace: str(),
});

export const resourceRule = obj(
  authz("ResourceRule"),
  {
    verbs: list(str()),
    apiGroups: list(str()),
    resources: list(str()),
    resourceNames: list(str()),
  },
  { required: ["verbs"] },
);

export const nonResourceRule = obj(
  authz("NonResourceRule"),
  { verbs: list(str()), nonResourceURLs: list(str()) },
  { required: ["verbs"] },
);

export const subjectRulesReviewStatus = obj(
  authz("SubjectRulesReviewStatus"),
  {
    resourceRules: list(resourceRule),
    nonResourceRules: list(nonResourceRule),
    incomplete: bool(),
    evaluationError: str(),
  },
  { required: ["resourceRules", "nonResourceRules", "incomplete"] },
);

export const subjectAccessReviewSchema = obj(
  authz("SubjectAccessReview"),
  { ...typeMeta, metadata: objectMeta, spec: subjectAccessReviewSpec, status: subjectAccessReviewStatus },
  {
    description: "SubjectAccessReview checks whether or not a user or group can perform an action.",
    required: ["spec"],
    gvk: gvk("SubjectAccessReview"),
  },
);

export const selfSubjectAccessReviewSchema = obj(
  authz("SelfSubjectAccessReview"),
  { ...typeMeta, metadata: objectMeta, spec: selfSubjectAccessReviewSpec, status: subjectAccessReviewStatus },
  {
    description:
      'SelfSubjectAccessReview checks whether or the current user can perform an action.  Not filling in a spec.namespace means "in all namespaces".  Self is a special case, because users should always be able to check whether they can perform an action',
    required: ["spec"],
    gvk: gvk("SelfSubjectAccessReview"),
  },
);

export const localSubjectAccessReviewSchema = obj(
  authz("LocalSubjectAccessReview"),
  { ...typeMeta, metadata: objectMeta, spec: subjectAccessReviewSpec, status: subjectAccessReviewStatus },
  {
    description:
      "LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace. Having a namespace scoped resource makes it much easier to grant namespace scoped policy that includes permissions checking.",
    required: ["spec"],
    gvk: gvk("LocalSubjectAccessReview"),
  },
);

export const selfSubjectRulesReviewSchema = obj(
  authz("SelfSubjectRulesReview"),
  { ...typeMeta, metadata: objectMeta, spec: selfSubjectRulesReviewSpec, status: subjectRulesReviewStatus },
  {
    description:
      "SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace. The returned list of actions may be incomplete depending on the server's authorization mode, and any errors experienced during the evaluation. SelfSubjectRulesReview should be used by UIs to show/hide actions, or to quickly let an end user reason about their permissions. It should NOT Be used by external systems to drive authorization decisions as this raises confused deputy, cache lifetime/revocation, and correctness concerns. SubjectAccessReview, and LocalAccessReview are the correct way to defer authorization decisions to the API server.",
    required: ["spec"],
    gvk: gvk("SelfSubjectRulesReview"),
  },
);
