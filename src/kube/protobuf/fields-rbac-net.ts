/**
 * Protobuf field numbers of the rbac.authorization.k8s.io/v1, networking.k8s.io/v1, authorization.k8s.io/v1 and
 * apiextensions.k8s.io/v1 message types, in the format of field-numbers.ts (to be merged into FIELD_NUMBERS).
 *
 * rbac, networking, authorization and metav1.FieldSelectorRequirement are read from the generated.proto
 * descriptors compiled into kubectl v1.32 (`kubectl create role|clusterrole|rolebinding|clusterrolebinding|
 * ingress` and `kubectl auth can-i` send these as protobuf). apiextensions is not linked into kubectl; its
 * numbers are those of the release-1.32 Go struct tags (k8s.io/apiextensions-apiserver), including the 1.29+
 * additions (ValidationRule messageExpression/reason/fieldPath/optionalOldSelf, CustomResourceDefinitionVersion
 * selectableFields). CRDs normally arrive as JSON/YAML.
 *
 * Line syntax as in field-numbers.ts: `N name` (JSON field name), `N name?` (Go pointer scalar), `N ^Type`
 * (embedded struct inlined in JSON). Names may contain `$` and `-` (JSONSchemaProps' `$ref`,
 * `x-kubernetes-*`), so lines are split on ", " only.
 *
 * Wire shapes that are not plain objects (the JSON side is `any` in the schemas, see apiextensions.ts):
 * - apiextensions JSON {1 raw}: `raw` holds the JSON text of the value (default, example, each enum item): the
 *   same shape as runtime.RawExtension, so decode.ts's `any` handling applies.
 * - JSONSchemaPropsOrArray {1 schema, 2 jSONSchemas} (items): JSON is the `schema` message as an object when
 *   field 1 is set, otherwise the array of `jSONSchemas` messages.
 * - JSONSchemaPropsOrBool {1 allows, 2 schema} (additionalProperties, additionalItems): JSON is the `schema`
 *   message as an object when field 2 is set (allows is then true), otherwise the boolean `allows`.
 * - JSONSchemaPropsOrStringArray {1 schema, 2 property} (dependencies values): JSON is the `schema` message as
 *   an object when field 1 is set, otherwise the string array `property`.
 * - authorization ExtraValue {1 items} (SubjectAccessReviewSpec.extra map values): JSON is the plain string
 *   array `items`.
 * These wrapper tables are keyed by their Go type's definition name and name proto fields, not JSON properties;
 * no schema refers to them as objects, so decoding them needs a dedicated case (decode.ts treats an `any` field
 * as RawExtension, which fits only JSON).
 */

export type FieldNumbersRbacNet = Record<string, Record<number, { name: string; inline?: true; pointer?: true }>>;

type Messages = Record<string, string>;

// ---- meta (only what authorization adds)
const meta: Messages = {
  FieldSelectorRequirement: "1 key, 2 operator, 3 values",
};

// ---- rbac
const rbac: Messages = {
  AggregationRule: "1 clusterRoleSelectors",
  ClusterRole: "1 metadata, 2 rules, 3 aggregationRule",
  ClusterRoleBinding: "1 metadata, 2 subjects, 3 roleRef",
  PolicyRule: "1 verbs, 2 apiGroups, 3 resources, 4 resourceNames, 5 nonResourceURLs",
  Role: "1 metadata, 2 rules",
  RoleBinding: "1 metadata, 2 subjects, 3 roleRef",
  RoleRef: "1 apiGroup, 2 kind, 3 name",
  Subject: "1 kind, 2 apiGroup, 3 name, 4 namespace",
};

// ---- networking
const networking: Messages = {
  HTTPIngressPath: "1 path, 2 backend, 3 pathType?",
  HTTPIngressRuleValue: "1 paths",
  Ingress: "1 metadata, 2 spec, 3 status",
  IngressBackend: "3 resource, 4 service",
  IngressClass: "1 metadata, 2 spec",
  // The proto field of apiGroup is named aPIGroup; the JSON name is what counts here.
  IngressClassParametersReference: "1 apiGroup?, 2 kind, 3 name, 4 scope?, 5 namespace?",
  IngressClassSpec: "1 controller, 2 parameters",
  IngressLoadBalancerIngress: "1 ip, 2 hostname, 4 ports",
  IngressLoadBalancerStatus: "1 ingress",
  IngressPortStatus: "1 port, 2 protocol, 3 error?",
  IngressRule: "1 host, 2 ^IngressRuleValue",
  IngressRuleValue: "1 http",
  IngressServiceBackend: "1 name, 2 port",
  IngressSpec: "1 defaultBackend, 2 tls, 3 rules, 4 ingressClassName?",
  IngressStatus: "1 loadBalancer",
  IngressTLS: "1 hosts, 2 secretName",
  IPBlock: "1 cidr, 2 except",
  NetworkPolicy: "1 metadata, 2 spec",
  NetworkPolicyEgressRule: "1 ports, 2 to",
  NetworkPolicyIngressRule: "1 ports, 2 from",
  NetworkPolicyPeer: "1 podSelector, 2 namespaceSelector, 3 ipBlock",
  NetworkPolicyPort: "1 protocol?, 2 port, 3 endPort?",
  NetworkPolicySpec: "1 podSelector, 2 ingress, 3 egress, 4 policyTypes",
  ServiceBackendPort: "1 name, 2 number",
};

// ---- authorization
const authorization: Messages = {
  FieldSelectorAttributes: "1 rawSelector, 2 requirements",
  LabelSelectorAttributes: "1 rawSelector, 2 requirements",
  LocalSubjectAccessReview: "1 metadata, 2 spec, 3 status",
  NonResourceAttributes: "1 path, 2 verb",
  NonResourceRule: "1 verbs, 2 nonResourceURLs",
  ResourceAttributes:
    "1 namespace, 2 verb, 3 group, 4 version, 5 resource, 6 subresource, 7 name, 8 fieldSelector, 9 labelSelector",
  ResourceRule: "1 verbs, 2 apiGroups, 3 resources, 4 resourceNames",
  SelfSubjectAccessReview: "1 metadata, 2 spec, 3 status",
  SelfSubjectAccessReviewSpec: "1 resourceAttributes, 2 nonResourceAttributes",
  SelfSubjectRulesReview: "1 metadata, 2 spec, 3 status",
  SelfSubjectRulesReviewSpec: "1 namespace",
  SubjectAccessReview: "1 metadata, 2 spec, 3 status",
  SubjectAccessReviewSpec: "1 resourceAttributes, 2 nonResourceAttributes, 3 user, 4 groups, 5 extra, 6 uid",
  SubjectAccessReviewStatus: "1 allowed, 2 reason, 3 evaluationError, 4 denied",
  SubjectRulesReviewStatus: "1 resourceRules, 2 nonResourceRules, 3 incomplete, 4 evaluationError",
  // Wrapper: the value of SubjectAccessReviewSpec.extra entries (JSON: the string array itself).
  ExtraValue: "1 items",
};

// ---- apiextensions
const apiextensions: Messages = {
  CustomResourceColumnDefinition: "1 name, 2 type, 3 format, 4 description, 5 priority, 6 jsonPath",
  CustomResourceConversion: "1 strategy, 2 webhook",
  CustomResourceDefinition: "1 metadata, 2 spec, 3 status",
  CustomResourceDefinitionCondition: "1 type, 2 status, 3 lastTransitionTime, 4 reason, 5 message",
  CustomResourceDefinitionNames: "1 plural, 2 singular, 3 shortNames, 4 kind, 5 listKind, 6 categories",
  CustomResourceDefinitionSpec: "1 group, 3 names, 4 scope, 7 versions, 9 conversion, 10 preserveUnknownFields",
  CustomResourceDefinitionStatus: "1 conditions, 2 acceptedNames, 3 storedVersions",
  CustomResourceDefinitionVersion:
    "1 name, 2 served, 3 storage, 4 schema, 5 subresources, 6 additionalPrinterColumns, 7 deprecated, 8 deprecationWarning?, 9 selectableFields",
  CustomResourceSubresourceScale: "1 specReplicasPath, 2 statusReplicasPath, 3 labelSelectorPath?",
  CustomResourceSubresourceStatus: "",
  CustomResourceSubresources: "1 status, 2 scale",
  CustomResourceValidation: "1 openAPIV3Schema",
  ExternalDocumentation: "1 description, 2 url",
  JSONSchemaProps:
    "1 id, 2 $schema, 3 $ref?, 4 description, 5 type, 6 format, 7 title, 8 default, 9 maximum?, 10 exclusiveMaximum, " +
    "11 minimum?, 12 exclusiveMinimum, 13 maxLength?, 14 minLength?, 15 pattern, 16 maxItems?, 17 minItems?, " +
    "18 uniqueItems, 19 multipleOf?, 20 enum, 21 maxProperties?, 22 minProperties?, 23 required, 24 items, 25 allOf, " +
    "26 oneOf, 27 anyOf, 28 not, 29 properties, 30 additionalProperties, 31 patternProperties, 32 dependencies, " +
    "33 additionalItems, 34 definitions, 35 externalDocs, 36 example, 37 nullable, " +
    "38 x-kubernetes-preserve-unknown-fields?, 39 x-kubernetes-embedded-resource, 40 x-kubernetes-int-or-string, " +
    "41 x-kubernetes-list-map-keys, 42 x-kubernetes-list-type?, 43 x-kubernetes-map-type?, 44 x-kubernetes-validations",
  SelectableField: "1 jsonPath",
  ServiceReference: "1 namespace, 2 name, 3 path?, 4 port?",
  ValidationRule: "1 rule, 2 message, 3 messageExpression, 4 reason?, 5 fieldPath, 6 optionalOldSelf?",
  WebhookClientConfig: "1 service, 2 caBundle, 3 url?",
  WebhookConversion: "2 clientConfig, 3 conversionReviewVersions",
  // Wrappers with their own JSON forms (see the header): proto field names, not JSON properties.
  JSON: "1 raw",
  JSONSchemaPropsOrArray: "1 schema, 2 jSONSchemas",
  JSONSchemaPropsOrBool: "1 allows, 2 schema",
  JSONSchemaPropsOrStringArray: "1 schema, 2 property",
};

const PACKAGES: Record<string, Messages> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1": meta,
  "io.k8s.api.rbac.v1": rbac,
  "io.k8s.api.networking.v1": networking,
  "io.k8s.api.authorization.v1": authorization,
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1": apiextensions,
};

function parseMessage(pkg: string, line: string): Record<number, { name: string; inline?: true; pointer?: true }> {
  const out: Record<number, { name: string; inline?: true; pointer?: true }> = {};
  if (line.trim() === "") return out;
  for (const token of line.split(", ")) {
    const m = /^\s*(\d+) (\^?)([A-Za-z0-9.$-]+)(\??)\s*$/.exec(token);
    if (!m) throw new Error(`fields-rbac-net: bad entry "${token}" in ${pkg}`);
    const [, num, caret, name, question] = m;
    const n = Number(num);
    if (out[n]) throw new Error(`fields-rbac-net: field ${n} twice in ${pkg}`);
    if (caret) out[n] = { name: name.includes(".") ? name : `${pkg}.${name}`, inline: true };
    else out[n] = question ? { name, pointer: true } : { name };
  }
  return out;
}

function build(): FieldNumbersRbacNet {
  const table: FieldNumbersRbacNet = {};
  for (const [pkg, messages] of Object.entries(PACKAGES)) {
    for (const [name, line] of Object.entries(messages)) table[`${pkg}.${name}`] = parseMessage(pkg, line);
  }
  return table;
}

/** Definition name → field number → JSON field (or inline embedded type) for the rbac/networking/authz/CRD types. */
export const FIELD_NUMBERS_RBAC_NET: Record<
  string,
  Record<number, { name: string; inline?: true; pointer?: true }>
> = build();
