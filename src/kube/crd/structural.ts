/**
 * CustomResourceDefinition schemas: the JSON form of `spec.versions[].schema.openAPIV3Schema` (JSONSchemaProps),
 * its structural skeleton (k8s.io/apiextensions-apiserver/pkg/apiserver/schema: NewStructural) and the translation
 * of that skeleton into our schema DSL, so that OpenAPI publishing, JSON merge patch / server-side apply and the
 * generic store work on custom resources the way they work on built-in kinds.
 *
 * The skeleton is what pruning and defaulting walk: `properties`, `additionalProperties`, `items`, the
 * x-kubernetes-* extensions, `nullable` and `default`. Value validations (pattern, enum, allOf/anyOf/oneOf/not,
 * minimum, …) stay on the raw JSONSchemaProps: kube validates custom resources against the full schema with
 * kube-openapi's validator, not against the skeleton (see validate.ts).
 *
 * Names in the DSL: the root object is `<reversed group>.<version>.<Kind>` (kube's definition name for a CRD kind,
 * e.g. `com.example.stable.v1.CronTab`), nested objects append the JSON path (`….CronTab.spec`,
 * `….CronTab.spec.containers.items`, `….CronTab.spec.labels.additionalProperties`); names are made unique within
 * one CRD version. kube inlines nested CRD objects in its OpenAPI documents, so these names only identify the
 * shapes inside our own machinery.
 */
import {
  type ArraySchema,
  any,
  bool,
  type IntegerSchema,
  intOrString,
  type MapSchema,
  type ObjectSchema,
  type Schema,
  type StringSchema,
} from "../schema/dsl";
import { objectMeta } from "../types/meta";

// ---- JSONSchemaProps (apiextensions.k8s.io/v1) ----------------------------------------------------------------

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** apiextensions/v1 JSONSchemaProps as it travels in JSON. */
export interface JSONSchemaProps {
  id?: string;
  $schema?: string;
  $ref?: string;
  description?: string;
  type?: string;
  format?: string;
  title?: string;
  default?: unknown;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  items?: JSONSchemaProps | JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  patternProperties?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, JSONSchemaProps | string[]>;
  additionalItems?: JSONSchemaProps | boolean;
  definitions?: Record<string, JSONSchemaProps>;
  externalDocs?: { description?: string; url?: string };
  example?: unknown;
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-validations"?: ValidationRule[];
}

// ---- the structural skeleton ------------------------------------------------------------------------------

/** schema.Structural: the skeleton used for pruning, defaulting, list/map invariants and embedded ObjectMeta. */
export interface Structural {
  /** "" when the schema has no type (x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields). */
  type: string;
  format?: string;
  description?: string;
  title?: string;
  nullable: boolean;
  /** Present only when the schema declares a non-null default; the value is already pruned against this schema. */
  default?: { value: unknown };
  properties?: Record<string, Structural>;
  /** A schema for map values; `true` allows anything (kept as is), `false` nothing. */
  additionalProperties?: Structural | boolean;
  items?: Structural;
  preserveUnknownFields: boolean;
  embeddedResource: boolean;
  intOrString: boolean;
  listType?: "atomic" | "set" | "map";
  listMapKeys?: string[];
  mapType?: "atomic" | "granular";
  /** The `required` list (a value validation in kube, kept here for the OpenAPI view). */
  required?: string[];
  /** The `enum` values (a value validation in kube, kept here for the OpenAPI view). */
  enum?: unknown[];
  /**
   * CEL rules (x-kubernetes-validations). Kept for publishing only: they are NOT evaluated (see validate.ts).
   */
  validations?: ValidationRule[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * NewStructural: the skeleton of a JSONSchemaProps. Properties, items and additionalProperties found only inside
 * allOf/anyOf/oneOf/not are value validations and not part of the skeleton (as in kube). Defaults are pruned
 * against the schema they belong to (kube's PruneDefaults).
 */
export function toStructural(props: JSONSchemaProps | undefined): Structural {
  const s = buildStructural(props ?? {});
  pruneDefaultsIn(s);
  return s;
}

function buildStructural(p: JSONSchemaProps): Structural {
  const out: Structural = {
    type: typeof p.type === "string" ? p.type : "",
    nullable: p.nullable === true,
    preserveUnknownFields: p["x-kubernetes-preserve-unknown-fields"] === true,
    embeddedResource: p["x-kubernetes-embedded-resource"] === true,
    intOrString: p["x-kubernetes-int-or-string"] === true,
  };
  if (typeof p.format === "string" && p.format) out.format = p.format;
  if (typeof p.description === "string") out.description = p.description;
  if (typeof p.title === "string") out.title = p.title;
  // A null default is no default (kube's Default.Object == nil).
  if (p.default !== undefined && p.default !== null) out.default = { value: structuredClone(p.default) };
  if (isObj(p.properties)) {
    out.properties = {};
    for (const [k, v] of Object.entries(p.properties)) {
      out.properties[k] = buildStructural(isObj(v) ? (v as JSONSchemaProps) : {});
    }
  }
  if (typeof p.additionalProperties === "boolean") out.additionalProperties = p.additionalProperties;
  else if (isObj(p.additionalProperties)) out.additionalProperties = buildStructural(p.additionalProperties);
  if (Array.isArray(p.items)) {
    // JSONSchemas (tuple items) are not structural; kube rejects them at CRD validation.
    if (p.items.length > 0 && isObj(p.items[0])) out.items = buildStructural(p.items[0]);
  } else if (isObj(p.items)) {
    out.items = buildStructural(p.items);
  }
  const lt = p["x-kubernetes-list-type"];
  if (lt === "atomic" || lt === "set" || lt === "map") out.listType = lt;
  const keys = p["x-kubernetes-list-map-keys"];
  if (Array.isArray(keys) && keys.length) out.listMapKeys = keys.map(String);
  const mt = p["x-kubernetes-map-type"];
  if (mt === "atomic" || mt === "granular") out.mapType = mt;
  if (Array.isArray(p.required) && p.required.length) out.required = p.required.map(String);
  if (Array.isArray(p.enum) && p.enum.length) out.enum = structuredClone(p.enum);
  if (Array.isArray(p["x-kubernetes-validations"]) && p["x-kubernetes-validations"].length) {
    out.validations = p["x-kubernetes-validations"];
  }
  return out;
}

/** Child schema of a map key (properties first, then additionalProperties); undefined when unknown. */
export function structuralField(s: Structural | undefined, key: string): Structural | undefined {
  if (!s) return undefined;
  if (s.properties && Object.hasOwn(s.properties, key)) return s.properties[key];
  if (isObj(s.additionalProperties)) return s.additionalProperties as Structural;
  return undefined;
}

// ---- pruning (pkg/apiserver/schema/pruning) --------------------------------------------------------------

const META_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

export interface PruneOptions {
  /**
   * The object is a resource root: apiVersion, kind and metadata are left alone (ObjectMeta is coerced
   * separately). Same treatment as an x-kubernetes-embedded-resource object.
   */
  isResourceRoot?: boolean;
}

/**
 * PruneWithOptions: removes, in place, every object field the skeleton does not specify (unless under
 * x-kubernetes-preserve-unknown-fields) and returns the paths of the removed fields, sorted like kube sorts
 * them: `spec.foo`, `spec.containers[0].bar`, map values as `spec.labels.key.x`.
 */
export function pruneUnknownFields(obj: unknown, s: Structural | undefined, opts: PruneOptions = {}): string[] {
  let schema = s;
  if (opts.isResourceRoot) {
    schema = schema ?? emptyStructural();
    if (!schema.embeddedResource) schema = { ...schema, embeddedResource: true };
  }
  const paths: string[] = [];
  prune(obj, schema, "", paths);
  return paths.sort();
}

export function emptyStructural(): Structural {
  return { type: "", nullable: false, preserveUnknownFields: false, embeddedResource: false, intOrString: false };
}

const appendKey = (parent: string, k: string) => (parent ? `${parent}.${k}` : k);

function prune(x: unknown, s: Structural | undefined, path: string, paths: string[]): void {
  if (s?.preserveUnknownFields) {
    skipPrune(x, s, path, paths);
    return;
  }
  if (isObj(x)) {
    if (!s) {
      for (const k of Object.keys(x)) {
        paths.push(appendKey(path, k));
        delete x[k];
      }
      return;
    }
    for (const [k, v] of Object.entries(x)) {
      if (s.embeddedResource && META_FIELDS.has(k)) continue;
      if (s.properties && Object.hasOwn(s.properties, k)) {
        prune(v, s.properties[k], appendKey(path, k), paths);
      } else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
        // additionalProperties: true has no skeleton below it (kube's nil Structural): nested objects are emptied.
        const child = isObj(s.additionalProperties) ? (s.additionalProperties as Structural) : undefined;
        prune(v, child, appendKey(path, k), paths);
      } else {
        if (!META_FIELDS.has(k) || path !== "") paths.push(appendKey(path, k));
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      prune(v, s?.items, `${path}[${i}]`, paths);
    });
  }
}

function skipPrune(x: unknown, s: Structural | undefined, path: string, paths: string[]): void {
  if (!s) return;
  if (isObj(x)) {
    for (const [k, v] of Object.entries(x)) {
      if (s.embeddedResource && META_FIELDS.has(k)) continue;
      if (s.properties && Object.hasOwn(s.properties, k)) prune(v, s.properties[k], appendKey(path, k), paths);
      else if (isObj(s.additionalProperties)) prune(v, s.additionalProperties as Structural, appendKey(path, k), paths);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      skipPrune(v, s.items, `${path}[${i}]`, paths);
    });
  }
}

// kube prunes default values against the schema they belong to (PruneDefaults) when it builds the skeleton.
function pruneDefaultsIn(s: Structural): void {
  if (s.default) prune(s.default.value, s, "", []);
  for (const p of Object.values(s.properties ?? {})) pruneDefaultsIn(p);
  if (isObj(s.additionalProperties)) pruneDefaultsIn(s.additionalProperties as Structural);
  if (s.items) pruneDefaultsIn(s.items);
}

// ---- the DSL view ---------------------------------------------------------------------------------------

/** A DSL object schema for a custom resource; `preserveUnknownFields` marks objects that keep unknown fields. */
export type CRDObjectSchema = ObjectSchema & { preserveUnknownFields?: boolean; embeddedResource?: boolean };

/** metav1.TypeMeta's OpenAPI descriptions, as kube's CRD OpenAPI builder adds them to the root. */
export const API_VERSION_DESCRIPTION =
  "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
export const KIND_DESCRIPTION =
  "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
/** The lower-case variants kube's builder uses for x-kubernetes-embedded-resource objects. */
export const EMBEDDED_API_VERSION_DESCRIPTION =
  "apiVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
export const EMBEDDED_KIND_DESCRIPTION =
  "kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

/** The OpenAPI definition name of a CRD kind: reversed group, version, kind (`com.example.stable.v1.CronTab`). */
export function crdDefinitionName(group: string, version: string, kind: string): string {
  const reversed = group.split(".").reverse().join(".");
  return `${reversed}.${version}.${kind}`;
}

/** Hands out unique definition names within one CRD version. */
export class Namer {
  private used = new Set<string>();
  unique(name: string): string {
    let n = name;
    for (let i = 2; this.used.has(n); i++) n = `${name}_${i}`;
    this.used.add(n);
    return n;
  }
}

const withDescription = <T extends Schema>(s: T, description: string | undefined): T =>
  description === undefined ? s : { ...s, description };

/**
 * The whole object's schema for one CRD version, as the rest of the server consumes it: the root gets apiVersion,
 * kind (TypeMeta descriptions) and metadata (ObjectMeta) like kube's CRD OpenAPI builder adds them, and carries
 * x-kubernetes-group-version-kind. A missing schema (or one preserving unknown fields at the root) yields an
 * object with just TypeMeta/ObjectMeta that keeps everything else.
 */
export function crdObjectSchema(
  structural: Structural | undefined,
  gvk: { group: string; version: string; kind: string },
): CRDObjectSchema {
  const namer = new Namer();
  const rootName = namer.unique(crdDefinitionName(gvk.group, gvk.version, gvk.kind));
  const props: Record<string, Schema> = {
    apiVersion: { kind: "string", description: API_VERSION_DESCRIPTION },
    kind: { kind: "string", description: KIND_DESCRIPTION },
    metadata: objectMeta,
  };
  for (const [k, v] of Object.entries(structural?.properties ?? {})) {
    if (META_FIELDS.has(k)) continue;
    props[k] = toDSL(v, `${rootName}.${k}`, namer);
  }
  const out: CRDObjectSchema = {
    kind: "object",
    name: rootName,
    properties: props,
    gvk: [{ ...gvk }],
  };
  if (structural?.description) out.description = structural.description;
  const required = structural?.required;
  if (required?.length) out.required = required;
  if (!structural || structural.preserveUnknownFields) out.preserveUnknownFields = true;
  if (structural?.mapType) out.mapType = structural.mapType;
  return out;
}

/** Translates one skeleton node into the DSL; `name` is the definition name used if it becomes an object. */
export function toDSL(s: Structural, name: string, namer: Namer = new Namer()): Schema {
  const d = s.description;
  if (s.intOrString) return intOrString(d);
  switch (s.type) {
    case "string": {
      const out: StringSchema = { kind: "string" };
      if (s.format === "byte" || s.format === "date-time") out.format = s.format;
      if (s.enum?.every((v) => typeof v === "string")) out.enum = s.enum as string[];
      return withDescription(out, d);
    }
    case "integer": {
      const out: IntegerSchema = { kind: "integer", format: s.format === "int32" ? "int32" : "int64" };
      return withDescription(out, d);
    }
    case "number":
      return withDescription({ kind: "number" }, d);
    case "boolean":
      return bool(d);
    case "array": {
      const out: ArraySchema = {
        kind: "array",
        items: s.items ? toDSL(s.items, `${name}.items`, namer) : any(),
        listType: s.listType ?? "atomic",
      };
      if (s.listType === "map" && s.listMapKeys) out.listMapKeys = [...s.listMapKeys];
      return withDescription(out, d);
    }
    case "object":
      return objectToDSL(s, name, namer);
    default:
      // No type: only valid with x-kubernetes-preserve-unknown-fields (or int-or-string, handled above).
      if (s.properties || s.embeddedResource) return objectToDSL(s, name, namer);
      return any(d);
  }
}

function objectToDSL(s: Structural, name: string, namer: Namer): Schema {
  const d = s.description;
  const hasProps = !!s.properties && Object.keys(s.properties).length > 0;
  if (!hasProps && !s.embeddedResource) {
    if (isObj(s.additionalProperties)) {
      const out: MapSchema = {
        kind: "map",
        values: toDSL(s.additionalProperties as Structural, `${name}.additionalProperties`, namer),
      };
      if (s.mapType) out.mapType = s.mapType;
      return withDescription(out, d);
    }
    if (s.additionalProperties === true) return withDescription({ kind: "map", values: any() } as MapSchema, d);
    if (s.preserveUnknownFields) return any(d);
  }
  const unique = namer.unique(name);
  const props: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    if (s.embeddedResource && META_FIELDS.has(k)) continue;
    props[k] = toDSL(v, `${unique}.${k}`, namer);
  }
  const required = [...(s.required ?? [])];
  if (s.embeddedResource) {
    props.apiVersion = { kind: "string", description: EMBEDDED_API_VERSION_DESCRIPTION };
    props.kind = { kind: "string", description: EMBEDDED_KIND_DESCRIPTION };
    props.metadata = objectMeta;
    if (!required.includes("kind")) required.push("kind");
    if (!required.includes("apiVersion")) required.push("apiVersion");
  }
  const out: CRDObjectSchema = { kind: "object", name: unique, properties: props };
  if (d !== undefined) out.description = d;
  if (required.length) out.required = required;
  if (s.mapType) out.mapType = s.mapType;
  if (s.preserveUnknownFields) out.preserveUnknownFields = true;
  if (s.embeddedResource) out.embeddedResource = true;
  return out;
}
