/**
 * Schemas of apiextensions.k8s.io/v1 (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1, v1.32):
 * CustomResourceDefinition.
 *
 * Field names, required lists and list markers follow the Go struct tags of release-1.32. Nothing here is a Go
 * +enum except ValidationRule.reason (FieldValueErrorReason); scope, conversion strategy and condition
 * type/status are plain strings. Fields added after 1.32 (CustomResourceDefinitionStatus.observedGeneration and
 * CustomResourceDefinitionCondition.observedGeneration, CRDObservedGenerationTracking) are left out.
 *
 * JSONSchemaProps is recursive (properties, patternProperties, definitions, allOf/oneOf/anyOf, not) and goes
 * through `lazy`. Its Go wrapper types have custom JSON forms and no OpenAPI type, so they are `any` here:
 * - JSON (default, example, enum items): any JSON value;
 * - JSONSchemaPropsOrArray (items): a schema object or an array of schema objects;
 * - JSONSchemaPropsOrBool (additionalProperties, additionalItems): a schema object or a boolean;
 * - JSONSchemaPropsOrStringArray (dependencies values): a schema object or an array of strings.
 */
import {
  any,
  bool,
  bytes,
  enumOf,
  int32,
  int64,
  lazy,
  list,
  listMap,
  map,
  num,
  type ObjectSchema,
  obj,
  type Schema,
  str,
  time,
} from "../schema/dsl";
import { objectMeta, typeMeta } from "./meta";

const apiext = (name: string) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${name}`;
const gvk = (kind: string) => [{ group: "apiextensions.k8s.io", version: "v1", kind }];

// ---- JSONSchemaProps ------------------------------------------------------------------------------------

export const externalDocumentation = obj(apiext("ExternalDocumentation"), {
  description: str(),
  url: str(),
});

export const validationRule = obj(
  apiext("ValidationRule"),
  {
    rule: str(),
    message: str(),
    messageExpression: str(),
    // FieldValueErrorReason is +enum.
    reason: enumOf(["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"]),
    fieldPath: str(),
    optionalOldSelf: bool(),
  },
  { required: ["rule"] },
);

/** A nested JSONSchemaProps, deferred because the type contains itself. */
const nestedSchemaProps: Schema = lazy(() => jsonSchemaProps);

export const jsonSchemaProps: ObjectSchema = obj(apiext("JSONSchemaProps"), {
  id: str(),
  $schema: str(),
  $ref: str(),
  description: str(),
  type: str(),
  format: str(),
  title: str(),
  default: any(),
  maximum: num(),
  exclusiveMaximum: bool(),
  minimum: num(),
  exclusiveMinimum: bool(),
  maxLength: int64(),
  minLength: int64(),
  pattern: str(),
  maxItems: int64(),
  minItems: int64(),
  uniqueItems: bool(),
  multipleOf: num(),
  enum: list(any()),
  maxProperties: int64(),
  minProperties: int64(),
  required: list(str()),
  // JSONSchemaPropsOrArray: a schema or an array of schemas.
  items: any(),
  allOf: list(nestedSchemaProps),
  oneOf: list(nestedSchemaProps),
  anyOf: list(nestedSchemaProps),
  not: nestedSchemaProps,
  properties: map(nestedSchemaProps),
  // JSONSchemaPropsOrBool: a schema or a boolean.
  additionalProperties: any(),
  patternProperties: map(nestedSchemaProps),
  // JSONSchemaDependencies: map of JSONSchemaPropsOrStringArray (a schema or a list of property names).
  dependencies: map(any()),
  // JSONSchemaPropsOrBool.
  additionalItems: any(),
  definitions: map(nestedSchemaProps),
  externalDocs: externalDocumentation,
  example: any(),
  nullable: bool(),
  "x-kubernetes-preserve-unknown-fields": bool(),
  "x-kubernetes-embedded-resource": bool(),
  "x-kubernetes-int-or-string": bool(),
  "x-kubernetes-list-map-keys": list(str()),
  "x-kubernetes-list-type": str(),
  "x-kubernetes-map-type": str(),
  "x-kubernetes-validations": listMap(validationRule, ["rule"], { patchKey: "rule" }),
});

// ---- CustomResourceDefinition ---------------------------------------------------------------------------

export const customResourceDefinitionNames = obj(
  apiext("CustomResourceDefinitionNames"),
  {
    plural: str(),
    singular: str(),
    shortNames: list(str()),
    kind: str(),
    listKind: str(),
    categories: list(str()),
  },
  { required: ["plural", "kind"] },
);

export const customResourceValidation = obj(apiext("CustomResourceValidation"), {
  openAPIV3Schema: jsonSchemaProps,
});

/** An empty struct: its presence alone enables the /status subresource. */
export const customResourceSubresourceStatus = obj(apiext("CustomResourceSubresourceStatus"), {});

export const customResourceSubresourceScale = obj(
  apiext("CustomResourceSubresourceScale"),
  { specReplicasPath: str(), statusReplicasPath: str(), labelSelectorPath: str() },
  { required: ["specReplicasPath", "statusReplicasPath"] },
);

export const customResourceSubresources = obj(apiext("CustomResourceSubresources"), {
  status: customResourceSubresourceStatus,
  scale: customResourceSubresourceScale,
});

export const customResourceColumnDefinition = obj(
  apiext("CustomResourceColumnDefinition"),
  {
    name: str(),
    type: str(),
    format: str(),
    description: str(),
    priority: int32(),
    jsonPath: str(),
  },
  { required: ["name", "type", "jsonPath"] },
);

export const selectableField = obj(apiext("SelectableField"), { jsonPath: str() }, { required: ["jsonPath"] });

export const customResourceDefinitionVersion = obj(
  apiext("CustomResourceDefinitionVersion"),
  {
    name: str(),
    served: bool(),
    storage: bool(),
    deprecated: bool(),
    deprecationWarning: str(),
    schema: customResourceValidation,
    subresources: customResourceSubresources,
    additionalPrinterColumns: list(customResourceColumnDefinition),
    selectableFields: list(selectableField),
  },
  { required: ["name", "served", "storage"] },
);

export const serviceReference = obj(
  apiext("ServiceReference"),
  { namespace: str(), name: str(), path: str(), port: int32() },
  { required: ["namespace", "name"] },
);

export const webhookClientConfig = obj(apiext("WebhookClientConfig"), {
  url: str(),
  service: serviceReference,
  caBundle: bytes(),
});

export const webhookConversion = obj(
  apiext("WebhookConversion"),
  { clientConfig: webhookClientConfig, conversionReviewVersions: list(str()) },
  { required: ["conversionReviewVersions"] },
);

export const customResourceConversion = obj(
  apiext("CustomResourceConversion"),
  // ConversionStrategyType ("None" | "Webhook") is not a Go +enum.
  { strategy: str(), webhook: webhookConversion },
  { required: ["strategy"] },
);

export const customResourceDefinitionSpec = obj(
  apiext("CustomResourceDefinitionSpec"),
  {
    group: str(),
    names: customResourceDefinitionNames,
    // ResourceScope ("Cluster" | "Namespaced") is not a Go +enum.
    scope: str(),
    versions: list(customResourceDefinitionVersion),
    conversion: customResourceConversion,
    preserveUnknownFields: bool(),
  },
  { required: ["group", "names", "scope", "versions"] },
);

export const customResourceDefinitionCondition = obj(
  apiext("CustomResourceDefinitionCondition"),
  {
    type: str(),
    status: str(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const customResourceDefinitionStatus = obj(apiext("CustomResourceDefinitionStatus"), {
  // +listType=map +listMapKey=type, without a strategic-merge patch strategy.
  conditions: listMap(customResourceDefinitionCondition, ["type"]),
  acceptedNames: customResourceDefinitionNames,
  storedVersions: list(str()),
});

export const customResourceDefinitionSchema = obj(
  apiext("CustomResourceDefinition"),
  { ...typeMeta, metadata: objectMeta, spec: customResourceDefinitionSpec, status: customResourceDefinitionStatus },
  {
    description:
      "CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.",
    required: ["spec"],
    gvk: gvk("CustomResourceDefinition"),
  },
);
