/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition validation (apiextensions-apiserver
 * pkg/apis/apiextensions/validation and pkg/apiserver/schema, Kubernetes 1.32), limited to the checks users
 * commonly hit: the `<plural>.<group>` name, group, scope, names, versions (exactly one storage version,
 * schemas required), the structural-schema rules (types required, object at the root, metadata restrictions,
 * value validations free of structure), the unsupported OpenAPI keywords, subresources, printer columns,
 * conversion, API approval for *.k8s.io groups and stored versions.
 *
 * kube validates the internal object, converted from v1: when every version carries the same schema (always so
 * with a single version), the schema moves to the top-level `spec.validation`, and so do identical
 * subresources and additionalPrinterColumns. Errors therefore name `spec.validation.openAPIV3Schema...` in that
 * case and `spec.versions[i].schema.openAPIV3Schema...` otherwise, exactly as a real server reports them.
 */
import { type FieldError, fieldErrorString, forbiddenField, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { arr, GO_PTR, goTypedSlice, has, type Obj, obj, str } from "./extra-common";
import { isDNS1035Label, isDNS1123Subdomain, isKubernetesDomain, nameIsDNSSubdomain } from "./names";
import {
  child,
  GoValue,
  goQuote,
  index,
  key,
  semanticEqual,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";

const OPENAPI_TYPES = ["array", "boolean", "integer", "number", "object", "string"];
const PRINTER_COLUMN_TYPES = "boolean,date,integer,number,string";
const PRINTER_COLUMN_FORMATS = "byte,date,date-time,double,float,int32,int64,password";
export const API_APPROVAL_ANNOTATION = "api-approved.kubernetes.io";

// ---- the internal shape ------------------------------------------------------------------------------------------

interface InternalVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning: unknown;
  schema: unknown;
  subresources: unknown;
  additionalPrinterColumns: unknown;
  selectableFields: unknown;
}

interface InternalSpec {
  versions: InternalVersion[];
  versionsSet: boolean;
  validation: unknown;
  subresources: unknown;
  additionalPrinterColumns: unknown;
}

/** Convert_v1_CustomResourceDefinitionSpec_To_apiextensions: identical per-version fields move to the top level. */
function toInternal(spec: Obj): InternalSpec {
  const versions: InternalVersion[] = arr(spec.versions).map((raw) => {
    const v = obj(raw);
    return {
      name: str(v.name),
      served: v.served === true,
      storage: v.storage === true,
      deprecated: v.deprecated === true,
      deprecationWarning: v.deprecationWarning,
      schema: isPlainObject(v.schema) ? v.schema : undefined,
      subresources: isPlainObject(v.subresources) ? v.subresources : undefined,
      additionalPrinterColumns: Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : undefined,
      selectableFields: v.selectableFields,
    };
  });
  const out: InternalSpec = {
    versions,
    versionsSet: Array.isArray(spec.versions),
    validation: undefined,
    subresources: undefined,
    additionalPrinterColumns: undefined,
  };
  if (versions.length === 0) return out;
  const fields = ["subresources", "schema", "additionalPrinterColumns"] as const;
  for (const f of fields) {
    const first = versions[0][f];
    if (!versions.every((v) => semanticEqual(v[f], first))) continue;
    if (f === "schema") out.validation = first;
    else out[f] = first;
    for (const v of versions) v[f] = undefined;
  }
  return out;
}

function goVersions(versions: InternalVersion[], set: boolean): GoValue {
  if (!set && versions.length === 0) return new GoValue(null, "[]apiextensions.CustomResourceDefinitionVersion(nil)");
  const p = (present: boolean, t: string) => (present ? `(*${t})(${GO_PTR})` : `(*${t})(nil)`);
  const items = versions.map(
    (v) =>
      `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(v.name)}, Served:${v.served}, Storage:${v.storage}, Deprecated:${v.deprecated}, DeprecationWarning:${p(v.deprecationWarning !== undefined && v.deprecationWarning !== null, "string")}, Schema:${p(v.schema !== undefined, "apiextensions.CustomResourceValidation")}, Subresources:${p(v.subresources !== undefined, "apiextensions.CustomResourceSubresources")}, AdditionalPrinterColumns:${Array.isArray(v.additionalPrinterColumns) ? `[]apiextensions.CustomResourceColumnDefinition{...}` : "[]apiextensions.CustomResourceColumnDefinition(nil)"}, SelectableFields:[]apiextensions.SelectableField(nil)}`,
  );
  return new GoValue(versions, `[]apiextensions.CustomResourceDefinitionVersion{${items.join(", ")}}`);
}

// ---- structural schemas (pkg/apiserver/schema/validation.go) -----------------------------------------------------

type Level = "root" | "item" | "field";
const TYPE_REQUIRED: Record<Level, string> = {
  root: "must not be empty at the root",
  item: "must not be empty for specified array items",
  field: "must not be empty for specified object fields",
};

const sortedKeys = (o: unknown) => Object.keys(obj(o)).sort();

/** validateNestedValueValidation: structure may not hide inside anyOf/allOf/oneOf/not. */
function validateNestedValueValidation(s: unknown, path: string, skipAnyOf: boolean): FieldError[] {
  if (!isPlainObject(s)) return [];
  const errs = validateValueValidation(s, path, skipAnyOf, false);
  if (isPlainObject(s.items)) errs.push(...validateNestedValueValidation(s.items, child(path, "items"), false));
  for (const k of sortedKeys(s.properties))
    errs.push(...validateNestedValueValidation(obj(s.properties)[k], key(child(path, "properties"), k), false));
  const forbid = (f: string, msg: string) => errs.push(forbiddenField(child(path, f), msg));
  if (str(s.type)) forbid("type", "must be empty to be structural");
  if (has(s, "additionalProperties")) forbid("additionalProperties", "must be undefined to be structural");
  if (has(s, "default")) forbid("default", "must be undefined to be structural");
  if (str(s.title)) forbid("title", "must be empty to be structural");
  if (str(s.description)) forbid("description", "must be empty to be structural");
  if (s.nullable === true) forbid("nullable", "must be false to be structural");
  if (s["x-kubernetes-preserve-unknown-fields"] === true)
    forbid("x-kubernetes-preserve-unknown-fields", "must be false to be structural");
  if (s["x-kubernetes-embedded-resource"] === true)
    forbid("x-kubernetes-embedded-resource", "must be false to be structural");
  if (s["x-kubernetes-int-or-string"] === true) forbid("x-kubernetes-int-or-string", "must be false to be structural");
  if (arr(s["x-kubernetes-list-map-keys"]).length > 0)
    forbid("x-kubernetes-list-map-keys", "must be empty to be structural");
  if (has(s, "x-kubernetes-list-type")) forbid("x-kubernetes-list-type", "must be undefined to be structural");
  if (Object.hasOwn(obj(s.properties), "metadata"))
    errs.push(forbiddenField(key(child(path, "properties"), "metadata"), "must not be specified in a nested context"));
  return errs;
}

const isIntOrStringAnyOf = (anyOf: unknown) => {
  const a = arr(anyOf);
  return a.length === 2 && semanticEqual(a[0], { type: "integer" }) && semanticEqual(a[1], { type: "string" });
};

function validateValueValidation(s: Obj, path: string, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf)
    arr(s.anyOf).forEach((v, i) => {
      errs.push(...validateNestedValueValidation(v, index(child(path, "anyOf"), i), false));
    });
  arr(s.allOf).forEach((v, i) => {
    errs.push(...validateNestedValueValidation(v, index(child(path, "allOf"), i), skipFirstAllOfAnyOf && i === 0));
  });
  arr(s.oneOf).forEach((v, i) => {
    errs.push(...validateNestedValueValidation(v, index(child(path, "oneOf"), i), false));
  });
  errs.push(...validateNestedValueValidation(s.not, child(path, "not"), false));
  if (typeof s.pattern === "string" && s.pattern) {
    try {
      new RegExp(s.pattern, "u");
    } catch (e) {
      errs.push(
        invalidValue(
          child(path, "pattern"),
          s.pattern,
          `must be a valid regular expression, but isn't: ${(e as Error).message}`,
        ),
      );
    }
  }
  return errs;
}

function validateStructuralInvariants(s: unknown, level: Level, path: string): FieldError[] {
  if (!isPlainObject(s)) return [];
  const errs: FieldError[] = [];
  const type = str(s.type);
  if (type === "array" && !isPlainObject(s.items)) errs.push(required(child(path, "items"), "must be specified"));
  errs.push(...validateStructuralInvariants(s.items, "item", child(path, "items")));
  for (const k of sortedKeys(s.properties))
    errs.push(...validateStructuralInvariants(obj(s.properties)[k], "field", key(child(path, "properties"), k)));
  if (has(s, "additionalProperties")) {
    if (level === "root")
      errs.push(forbiddenField(child(path, "additionalProperties"), "must not be used at the root"));
    if (isPlainObject(s.additionalProperties))
      errs.push(...validateStructuralInvariants(s.additionalProperties, "field", child(path, "additionalProperties")));
  }
  const intOrString = s["x-kubernetes-int-or-string"] === true;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  const embedded = s["x-kubernetes-embedded-resource"] === true;
  if (intOrString && preserve)
    errs.push(
      invalidValue(
        child(path, "x-kubernetes-preserve-unknown-fields"),
        true,
        "must be false if x-kubernetes-int-or-string is true",
      ),
    );
  if (intOrString && embedded)
    errs.push(
      invalidValue(
        child(path, "x-kubernetes-embedded-resource"),
        true,
        "must be false if x-kubernetes-int-or-string is true",
      ),
    );
  const skipAllOf = arr(s.allOf).length >= 1 && isIntOrStringAnyOf(obj(arr(s.allOf)[0]).anyOf);
  errs.push(...validateValueValidation(s, path, isIntOrStringAnyOf(s.anyOf), skipAllOf));
  const checkMetadata = level === "root" || embedded;
  if (embedded && type !== "object") {
    if (!type) errs.push(required(child(path, "type"), "must be object if x-kubernetes-embedded-resource is true"));
    else errs.push(invalidValue(child(path, "type"), type, "must be object if x-kubernetes-embedded-resource is true"));
  } else if (!type && !intOrString && !preserve) {
    errs.push(required(child(path, "type"), TYPE_REQUIRED[level]));
  }
  if (embedded && has(s, "additionalProperties"))
    errs.push(
      forbiddenField(child(path, "additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"),
    );
  if (level === "root" && type && type !== "object")
    errs.push(invalidValue(child(path, "type"), type, "must be object at the root"));
  const props = obj(s.properties);
  const pp = child(path, "properties");
  if (checkMetadata && Object.hasOwn(props, "kind") && str(obj(props.kind).type) !== "string")
    errs.push(invalidValue(child(key(pp, "kind"), "type"), str(obj(props.kind).type), "must be string"));
  if (checkMetadata && Object.hasOwn(props, "apiVersion") && str(obj(props.apiVersion).type) !== "string")
    errs.push(invalidValue(child(key(pp, "apiVersion"), "type"), str(obj(props.apiVersion).type), "must be string"));
  if (checkMetadata && Object.hasOwn(props, "metadata") && str(obj(props.metadata).type) !== "object")
    errs.push(invalidValue(child(key(pp, "metadata"), "type"), str(obj(props.metadata).type), "must be object"));
  if (level === "root" && Object.hasOwn(props, "metadata")) {
    const md = { ...obj(props.metadata) };
    const mdProps = Object.keys(obj(md.properties));
    const onlyNames = mdProps.every((p) => p === "name" || p === "generateName");
    if (onlyNames) delete md.properties;
    delete md.type;
    delete md.default;
    const extra = Object.keys(md).filter(
      (k) => md[k] !== undefined && md[k] !== null && md[k] !== false && md[k] !== "",
    );
    if (extra.length > 0) {
      errs.push(
        forbiddenField(
          key(pp, "metadata"),
          "must not specify anything other than name and generateName, but metadata is implicitly specified",
        ),
      );
    }
  }
  if (embedded && !preserve && Object.keys(props).length === 0) {
    errs.push(
      required(
        pp,
        "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
      ),
    );
  }
  return errs;
}

/** ValidateStructural: invariants, sorted by their message as kube sorts them. */
function validateStructural(schema: Obj, path: string): FieldError[] {
  return validateStructuralInvariants(schema, "root", path).sort((a, b) => {
    const x = fieldErrorString(a);
    const y = fieldErrorString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

// ---- OpenAPI schema keywords (ValidateCustomResourceDefinitionOpenAPISchema) -----------------------------------

function validateOpenAPISchema(s: unknown, path: string): FieldError[] {
  if (!isPlainObject(s)) return [];
  const errs: FieldError[] = [];
  const type = str(s.type);
  if (type && !OPENAPI_TYPES.includes(type)) errs.push(notSupported(child(path, "type"), type, OPENAPI_TYPES));
  if (str(s.id)) errs.push(forbiddenField(child(path, "id"), "id is not supported"));
  if (has(s, "additionalItems"))
    errs.push(forbiddenField(child(path, "additionalItems"), "additionalItems is not supported"));
  if (Object.keys(obj(s.patternProperties)).length)
    errs.push(forbiddenField(child(path, "patternProperties"), "patternProperties is not supported"));
  if (Object.keys(obj(s.definitions)).length)
    errs.push(forbiddenField(child(path, "definitions"), "definitions is not supported"));
  if (has(s, "dependencies")) errs.push(forbiddenField(child(path, "dependencies"), "dependencies is not supported"));
  if (has(s, "$ref")) errs.push(forbiddenField(child(path, "$ref"), "$ref is not supported"));
  if (type === "null")
    errs.push(forbiddenField(child(path, "type"), "type cannot be set to null, use nullable as an alternative"));
  if (Array.isArray(s.items))
    errs.push(forbiddenField(child(path, "items"), "items must be a schema object and not an array"));
  if (s.uniqueItems === true)
    errs.push(
      forbiddenField(
        child(path, "uniqueItems"),
        "uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
      ),
    );
  if (has(s, "additionalProperties")) {
    const ap = s.additionalProperties;
    if (Object.keys(obj(s.properties)).length && (ap === false || isPlainObject(ap)))
      errs.push(
        forbiddenField(child(path, "additionalProperties"), "additionalProperties and properties are mutual exclusive"),
      );
    errs.push(...validateOpenAPISchema(ap, child(path, "additionalProperties")));
  }
  for (const k of sortedKeys(s.properties))
    errs.push(...validateOpenAPISchema(obj(s.properties)[k], key(child(path, "properties"), k)));
  errs.push(...validateOpenAPISchema(s.not, child(path, "not")));
  for (const f of ["allOf", "oneOf", "anyOf"])
    arr(s[f]).forEach((v, i) => {
      errs.push(...validateOpenAPISchema(v, index(child(path, f), i)));
    });
  if (isPlainObject(s.items)) errs.push(...validateOpenAPISchema(s.items, child(path, "items")));
  if (s["x-kubernetes-preserve-unknown-fields"] === false)
    errs.push(invalidValue(child(path, "x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
  const listType = s["x-kubernetes-list-type"];
  if (has(s, "x-kubernetes-list-type")) {
    const lt = str(listType);
    if (!["atomic", "set", "map"].includes(lt))
      errs.push(notSupported(child(path, "x-kubernetes-list-type"), lt, ["atomic", "set", "map"]));
    else if (type !== "array")
      errs.push(invalidValue(child(path, "type"), type, "must be array if x-kubernetes-list-type is specified"));
  }
  return errs;
}

/** ValidateCustomResourceDefinitionValidation for one schema holder ({openAPIV3Schema}). */
function validateValidation(validation: unknown, statusEnabled: boolean, path: string): FieldError[] {
  if (!isPlainObject(validation) || !isPlainObject(validation.openAPIV3Schema)) return [];
  const schema = validation.openAPIV3Schema;
  const sp = child(path, "openAPIV3Schema");
  const errs: FieldError[] = [];
  if (statusEnabled && has(schema, "type") && str(schema.type) !== "object") {
    errs.push(
      invalidValue(
        child(path, "openAPIV3Schema.type"),
        str(schema.type),
        'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
      ),
    );
  }
  if (schema.nullable === true)
    errs.push(forbiddenField(child(path, "openAPIV3Schema.nullable"), "nullable cannot be true at the root"));
  errs.push(...validateStructural(schema, sp));
  errs.push(...validateOpenAPISchema(schema, sp));
  return errs;
}

// ---- subresources, printer columns, conversion ---------------------------------------------------------------

function validateSimpleJSONPath(s: string, path: string): FieldError[] {
  if (!s) return [invalidValue(path, s, "must not be empty")];
  if (s[0] !== ".") return [invalidValue(path, s, "must be a simple json path starting with .")];
  return [];
}

function validateSubresources(sub: unknown, path: string): FieldError[] {
  if (!isPlainObject(sub) || !isPlainObject(sub.scale)) return [];
  const scale = sub.scale;
  const errs: FieldError[] = [];
  const check = (f: string, prefix: string, msg: string, req: boolean) => {
    const p = child(path, `scale.${f}`);
    const v = str(scale[f]);
    if (!v) {
      if (req) errs.push(required(p));
      return;
    }
    const e = validateSimpleJSONPath(v, p);
    if (e.length) errs.push(...e);
    else if (!prefix.split("|").some((pre) => v.startsWith(pre))) errs.push(invalidValue(p, v, msg));
  };
  check("specReplicasPath", ".spec.", "should be a json path under .spec", true);
  check("statusReplicasPath", ".status.", "should be a json path under .status", true);
  check("labelSelectorPath", ".spec.|.status.", "should be a json path under either .spec or .status", false);
  return errs;
}

function validatePrinterColumn(col: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(col.name)) errs.push(required(child(path, "name")));
  const type = str(col.type);
  if (!type) errs.push(required(child(path, "type"), `must be one of ${PRINTER_COLUMN_TYPES}`));
  else if (!PRINTER_COLUMN_TYPES.split(",").includes(type))
    errs.push(invalidValue(child(path, "type"), type, `must be one of ${PRINTER_COLUMN_TYPES}`));
  const format = str(col.format);
  if (format && !PRINTER_COLUMN_FORMATS.split(",").includes(format))
    errs.push(invalidValue(child(path, "format"), format, `must be one of ${PRINTER_COLUMN_FORMATS}`));
  const jp = str(col.jsonPath);
  if (!jp) errs.push(required(child(path, "JSONPath")));
  else errs.push(...validateSimpleJSONPath(jp, child(path, "JSONPath")));
  return errs;
}

function validateConversion(conv: unknown): FieldError[] {
  if (!isPlainObject(conv)) return [];
  const errs: FieldError[] = [];
  const strategy = str(conv.strategy);
  const p = "spec.conversion";
  if (!strategy) errs.push(required(child(p, "strategy")));
  else if (strategy !== "None" && strategy !== "Webhook")
    errs.push(notSupported(child(p, "strategy"), strategy, ["None", "Webhook"]));
  const webhook = obj(conv.webhook);
  const clientConfig = webhook.clientConfig;
  const reviewVersions = arr(webhook.conversionReviewVersions).map(str);
  if (strategy === "Webhook") {
    if (!isPlainObject(clientConfig))
      errs.push(required(child(p, "webhookClientConfig"), "required when strategy is set to Webhook"));
    else if (has(clientConfig, "url") === has(clientConfig, "service"))
      errs.push(required(child(p, "webhookClientConfig"), "exactly one of url or service is required"));
    const rp = child(p, "conversionReviewVersions");
    if (reviewVersions.length === 0) errs.push(required(rp));
    else {
      const seen = new Set<string>();
      let accepted = false;
      reviewVersions.forEach((v, i) => {
        if (seen.has(v)) {
          errs.push(invalidValue(index(rp, i), v, "duplicate version"));
          return;
        }
        seen.add(v);
        errs.push(...isDNS1035Label(v).map((m) => invalidValue(index(rp, i), v, m)));
        if (v === "v1" || v === "v1beta1") accepted = true;
      });
      if (!accepted)
        errs.push(invalidValue(rp, goTypedSlice("string", reviewVersions), "must include at least one of v1, v1beta1"));
    }
  } else {
    if (isPlainObject(clientConfig))
      errs.push(
        forbiddenField(child(p, "webhookClientConfig"), "should not be set when strategy is not set to Webhook"),
      );
    if (reviewVersions.length > 0)
      errs.push(
        forbiddenField(child(p, "conversionReviewVersions"), "should not be set when strategy is not set to Webhook"),
      );
  }
  return errs;
}

// ---- names -------------------------------------------------------------------------------------------------------

/** ValidateCustomResourceDefinitionNames. */
function validateNames(names: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["plural", "singular"]) {
    const v = str(names[f]);
    const e = isDNS1035Label(v);
    if (v && e.length) errs.push(invalidValue(child(path, f), v, e.join(",")));
  }
  for (const f of ["kind", "listKind"]) {
    const v = str(names[f]);
    const e = isDNS1035Label(v.toLowerCase());
    if (v && e.length)
      errs.push(invalidValue(child(path, f), v, `may have mixed case, but should otherwise match: ${e.join(",")}`));
  }
  arr(names.shortNames).forEach((s, i) => {
    const e = isDNS1035Label(str(s));
    if (e.length) errs.push(invalidValue(index(child(path, "shortNames"), i), str(s), e.join(",")));
  });
  if (str(names.kind) && names.kind === names.listKind)
    errs.push(invalidValue(child(path, "listKind"), str(names.listKind), "kind and listKind may not be the same"));
  arr(names.categories).forEach((c, i) => {
    const e = isDNS1035Label(str(c));
    if (e.length) errs.push(invalidValue(index(child(path, "categories"), i), str(c), e.join(",")));
  });
  return errs;
}

// ---- spec --------------------------------------------------------------------------------------------------------

const schemaHasDefaults = (s: unknown): boolean => {
  if (Array.isArray(s)) return s.some(schemaHasDefaults);
  if (!isPlainObject(s)) return false;
  if (has(s, "default")) return true;
  return Object.entries(s).some(([k, v]) => k !== "default" && k !== "example" && k !== "enum" && schemaHasDefaults(v));
};

function validateSpec(spec: Obj, internal: InternalSpec): FieldError[] {
  const errs: FieldError[] = [];
  const group = str(spec.group);
  if (!group) errs.push(required("spec.group"));
  else {
    const e = isDNS1123Subdomain(group);
    if (e.length) errs.push(invalidValue("spec.group", group, e.join(",")));
    else if (group.split(".").length < 2)
      errs.push(invalidValue("spec.group", group, "should be a domain with at least one dot"));
  }
  const scope = str(spec.scope);
  if (!scope) errs.push(required("spec.scope"));
  else if (scope !== "Cluster" && scope !== "Namespaced")
    errs.push(notSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
  const topSchema = isPlainObject(internal.validation) && isPlainObject(internal.validation.openAPIV3Schema);
  if (!topSchema) {
    internal.versions.forEach((v, i) => {
      if (!isPlainObject(v.schema) || !isPlainObject(v.schema.openAPIV3Schema))
        errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`));
    });
  }
  const preserve = spec.preserveUnknownFields;
  const hasDefaults =
    schemaHasDefaults(obj(internal.validation).openAPIV3Schema) ||
    internal.versions.some((v) => schemaHasDefaults(obj(v.schema).openAPIV3Schema));
  if (hasDefaults && preserve === true)
    errs.push(invalidValue("spec.preserveUnknownFields", true, "must be false in order to use defaults in the schema"));
  let storageCount = 0;
  const seen = new Set<string>();
  let unique = true;
  const anyStatus =
    has(obj(internal.subresources), "status") || internal.versions.some((v) => has(obj(v.subresources), "status"));
  internal.versions.forEach((v, i) => {
    const vp = index("spec.versions", i);
    if (v.storage) storageCount++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const e = isDNS1035Label(v.name);
    if (e.length) errs.push(invalidValue(child(vp, "name"), v.name, e.join(",")));
    if (!v.deprecated && v.deprecationWarning !== undefined && v.deprecationWarning !== null)
      errs.push(
        invalidValue(
          child(vp, "deprecationWarning"),
          str(v.deprecationWarning),
          "can only be set for deprecated versions",
        ),
      );
    const subs = internal.subresources !== undefined ? internal.subresources : v.subresources;
    errs.push(...validateValidation(v.schema, has(obj(subs), "status"), child(vp, "schema")));
    errs.push(...validateSubresources(v.subresources, child(vp, "subresources")));
    arr(v.additionalPrinterColumns).forEach((c, j) => {
      errs.push(...validatePrinterColumn(obj(c), index(child(vp, "additionalPrinterColumns"), j)));
    });
  });
  if (!unique)
    errs.push(
      invalidValue(
        "spec.versions",
        goVersions(internal.versions, internal.versionsSet),
        "must contain unique version names",
      ),
    );
  if (storageCount !== 1)
    errs.push(
      invalidValue(
        "spec.versions",
        goVersions(internal.versions, internal.versionsSet),
        "must have exactly one version marked as storage version",
      ),
    );
  const names = obj(spec.names);
  for (const f of ["plural", "singular", "kind", "listKind"])
    if (!str(names[f])) errs.push(required(child("spec.names", f)));
  errs.push(...validateNames(names, "spec.names"));
  errs.push(...validateValidation(internal.validation, anyStatus, "spec.validation"));
  errs.push(...validateSubresources(internal.subresources, "spec.subresources"));
  arr(internal.additionalPrinterColumns).forEach((c, j) => {
    errs.push(...validatePrinterColumn(obj(c), index("spec.additionalPrinterColumns", j)));
  });
  const conv = obj(spec.conversion);
  if (has(spec, "conversion") && str(conv.strategy) !== "None" && preserve === true)
    errs.push(
      invalidValue(
        "spec.conversion.strategy",
        str(conv.strategy),
        "must be None if spec.preserveUnknownFields is true",
      ),
    );
  errs.push(...validateConversion(spec.conversion));
  return errs;
}

// ---- API approval and stored versions ------------------------------------------------------------------------------

type Approval = "missing" | "bypassed" | "approved" | "invalid";

function approvalState(annotations: Obj): [Approval, string] {
  const a = str(annotations[API_APPROVAL_ANNOTATION]);
  if (!a)
    return [
      "missing",
      `protected groups must have approval annotation "${API_APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`,
    ];
  if (a.startsWith("unapproved")) return ["bypassed", ""];
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]+/.test(a)) return ["approved", ""];
  return [
    "invalid",
    `protected groups must have approval annotation "${API_APPROVAL_ANNOTATION}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
  ];
}

function validateAPIApproval(crd: KObject, old?: KObject): FieldError[] {
  if (!isKubernetesDomain(str(obj(crd.spec).group))) return [];
  const [state, reason] = approvalState(obj(crd.metadata.annotations));
  if (old && approvalState(obj(old.metadata.annotations))[0] === state) return [];
  const p = key("metadata.annotations", API_APPROVAL_ANNOTATION);
  if (state === "missing") return [required(p, reason)];
  if (state === "invalid")
    return [invalidValue(p, str(obj(crd.metadata.annotations)[API_APPROVAL_ANNOTATION]), reason)];
  return [];
}

/** The status.storedVersions the strategy computes: the old ones plus the current storage version. */
export function crdStoredVersions(crd: KObject, old?: KObject): string[] {
  const stored = old ? arr(obj(old.status).storedVersions).map(str) : [];
  const storage = arr(obj(crd.spec).versions).find((v) => obj(v).storage === true);
  if (storage && !stored.includes(str(obj(storage).name))) stored.push(str(obj(storage).name));
  return stored;
}

function validateStoredVersions(stored: string[], versions: InternalVersion[]): FieldError[] {
  const p = "status.storedVersions";
  if (stored.length === 0)
    return [invalidValue(p, goTypedSlice("string", undefined), "must have at least one stored version")];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of versions) {
    const found = remaining.has(v.name);
    if (v.storage && !found)
      errs.push(invalidValue(p, goTypedSlice("string", stored), `must have the storage version ${v.name}`));
    if (found) remaining.delete(v.name);
  }
  for (const [v, i] of remaining) {
    errs.push(
      invalidValue(
        index(p, i),
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
  return errs;
}

const isEstablished = (crd: KObject) =>
  arr(obj(crd.status).conditions).some((c) => obj(c).type === "Established" && obj(c).status === "True");

/**
 * ValidateCustomResourceDefinition / ValidateCustomResourceDefinitionUpdate. Run defaultCustomResourceDefinition
 * (defaults/apiextensions.ts) first: singular/listKind and conversion are defaulted before validation.
 */
export function validateCustomResourceDefinition(crd: KObject, old?: KObject): FieldError[] {
  const spec = obj(crd.spec);
  const names = obj(spec.names);
  const internal = toInternal(spec);
  const requiredName = `${str(names.plural)}.${str(spec.group)}`;
  const nameFn = (name: string, prefix: boolean) => {
    const msgs = nameIsDNSSubdomain(name, prefix);
    if (name !== requiredName) msgs.push('must be spec.names.plural+"."+spec.group');
    return msgs;
  };
  const errs = old
    ? validateObjectMetaUpdate(crd.metadata, old.metadata)
    : validateObjectMeta(crd.metadata, { namespaced: false, nameRule: nameFn, generic: true });
  errs.push(...validateSpec(spec, internal));
  if (old) {
    const oldSpec = obj(old.spec);
    if (isEstablished(old)) {
      errs.push(...validateImmutableField(spec.scope ?? "", oldSpec.scope ?? "", "spec.scope"));
      errs.push(...validateImmutableField(names.kind ?? "", obj(oldSpec.names).kind ?? "", "spec.names.kind"));
    }
    errs.push(...validateImmutableField(spec.group ?? "", oldSpec.group ?? "", "spec.group"));
    errs.push(...validateImmutableField(names.plural ?? "", obj(oldSpec.names).plural ?? "", "spec.names.plural"));
  }
  errs.push(...validateNames(obj(obj(crd.status).acceptedNames), "status.acceptedNames"));
  errs.push(...validateStoredVersions(crdStoredVersions(crd, old), internal.versions));
  errs.push(...validateAPIApproval(crd, old));
  const oldPreserve = old ? obj(old.spec).preserveUnknownFields === true : false;
  if (!oldPreserve && spec.preserveUnknownFields === true) {
    errs.push(
      invalidValue(
        "spec.preserveUnknownFields",
        true,
        "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead",
      ),
    );
  }
  return errs;
}
