/**
 * A small schema language for Kubernetes object shapes.
 *
 * One schema per type is the single source for: OpenAPI v2/v3 documents, decoding and type checking of
 * request bodies (unknown fields for fieldValidation, "cannot unmarshal" errors), strategic-merge-patch
 * metadata (patchStrategy / patchMergeKey) and server-side-apply list/map semantics. The shapes mirror the
 * Go types of k8s.io/api so that every consumer sees what a real API server would describe.
 */

export type ListType = "atomic" | "set" | "map";
export type PatchStrategy = "merge" | "replace" | "retainKeys" | "merge,retainKeys";

interface Base {
  description?: string;
}

export interface StringSchema extends Base {
  kind: "string";
  format?: "byte" | "date-time";
  enum?: readonly string[];
}
export interface IntegerSchema extends Base {
  kind: "integer";
  format: "int32" | "int64";
}
export interface NumberSchema extends Base {
  kind: "number";
}
export interface BooleanSchema extends Base {
  kind: "boolean";
}
/** intstr.IntOrString: `port: 80` or `port: http`, `maxSurge: 25%`. */
export interface IntOrStringSchema extends Base {
  kind: "int-or-string";
}
/** resource.Quantity: accepts a JSON string or number (`cpu: 1`, `memory: 128Mi`). */
export interface QuantitySchema extends Base {
  kind: "quantity";
}
/** metav1.Time / MicroTime: RFC 3339 strings. */
export interface TimeSchema extends Base {
  kind: "time";
  micro?: boolean;
}
/** runtime.RawExtension or free-form JSON: anything is accepted and kept (x-kubernetes-preserve-unknown-fields). */
export interface AnySchema extends Base {
  kind: "any";
}
export interface ObjectSchema extends Base {
  kind: "object";
  /** OpenAPI definition name, e.g. io.k8s.api.core.v1.Container. The last segment is the Go type name. */
  name: string;
  properties: Record<string, Schema>;
  required?: readonly string[];
  /** Strategic merge patch strategy for the struct itself (e.g. retainKeys on a Volume union). */
  patchStrategy?: "retainKeys";
  /** Server-side apply: atomic structs are replaced whole (e.g. LabelSelectorRequirement is granular). */
  mapType?: "atomic" | "granular";
  /** Top-level kinds carry their group/version/kind (x-kubernetes-group-version-kind). */
  gvk?: { group: string; version: string; kind: string }[];
}
/** map[string]T: labels, annotations, ConfigMap data, resource lists. */
export interface MapSchema extends Base {
  kind: "map";
  values: Schema;
  mapType?: "atomic" | "granular";
}
export interface ArraySchema extends Base {
  kind: "array";
  items: Schema;
  listType?: ListType;
  listMapKeys?: readonly string[];
  patchStrategy?: PatchStrategy;
  patchMergeKey?: string;
}
/** Deferred schema for recursive or cross-file types. */
export interface LazySchema {
  kind: "lazy";
  get: () => Schema;
}

export type Schema =
  | StringSchema
  | IntegerSchema
  | NumberSchema
  | BooleanSchema
  | IntOrStringSchema
  | QuantitySchema
  | TimeSchema
  | AnySchema
  | ObjectSchema
  | MapSchema
  | ArraySchema
  | LazySchema;

export type ResolvedSchema = Exclude<Schema, LazySchema>;

export function resolve(s: Schema): ResolvedSchema {
  let cur: Schema = s;
  while (cur.kind === "lazy") cur = cur.get();
  return cur;
}

// ---- builders -------------------------------------------------------------------------------------------

export const str = (description?: string): StringSchema => ({ kind: "string", description });
export const enumOf = (values: readonly string[], description?: string): StringSchema => ({
  kind: "string",
  enum: values,
  description,
});
export const bytes = (description?: string): StringSchema => ({ kind: "string", format: "byte", description });
export const int32 = (description?: string): IntegerSchema => ({ kind: "integer", format: "int32", description });
export const int64 = (description?: string): IntegerSchema => ({ kind: "integer", format: "int64", description });
export const num = (description?: string): NumberSchema => ({ kind: "number", description });
export const bool = (description?: string): BooleanSchema => ({ kind: "boolean", description });
export const intOrString = (description?: string): IntOrStringSchema => ({ kind: "int-or-string", description });
export const quantity = (description?: string): QuantitySchema => ({ kind: "quantity", description });
export const time = (description?: string): TimeSchema => ({ kind: "time", description });
export const microTime = (description?: string): TimeSchema => ({ kind: "time", micro: true, description });
export const any = (description?: string): AnySchema => ({ kind: "any", description });
export const lazy = (get: () => Schema): LazySchema => ({ kind: "lazy", get });

export function obj(
  name: string,
  properties: Record<string, Schema>,
  opts: Omit<ObjectSchema, "kind" | "name" | "properties"> = {},
): ObjectSchema {
  return { kind: "object", name, properties, ...opts };
}

export function map(values: Schema, opts: Omit<MapSchema, "kind" | "values"> = {}): MapSchema {
  return { kind: "map", values, ...opts };
}

/** An atomic list (replaced whole by patches and apply). */
export function list(items: Schema, description?: string): ArraySchema {
  return { kind: "array", items, listType: "atomic", description };
}

/** A list of scalars treated as a set (SMP merge strategy for scalars, SSA listType=set). */
export function set(items: Schema, opts: { patch?: boolean; description?: string } = {}): ArraySchema {
  return {
    kind: "array",
    items,
    listType: "set",
    patchStrategy: opts.patch ? "merge" : undefined,
    description: opts.description,
  };
}

/**
 * An associative list: keyed by `keys` for server-side apply; `patchKey` is the strategic-merge-patch merge
 * key (Kubernetes sometimes declares one without the other, e.g. containers' ports are SSA-keyed by
 * containerPort+protocol but SMP-merged on containerPort).
 */
export function listMap(
  items: Schema,
  keys: readonly string[],
  opts: { patchKey?: string; patchStrategy?: PatchStrategy; description?: string } = {},
): ArraySchema {
  return {
    kind: "array",
    items,
    listType: "map",
    listMapKeys: keys,
    patchMergeKey: opts.patchKey,
    patchStrategy: opts.patchStrategy ?? (opts.patchKey ? "merge" : undefined),
    description: opts.description,
  };
}

/** Go type name of a schema, as used in encoding/json error messages. */
export function goTypeName(s: Schema): string {
  const r = resolve(s);
  switch (r.kind) {
    case "string":
      return "string";
    case "integer":
      return r.format;
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "int-or-string":
      return "IntOrString";
    case "quantity":
      return "Quantity";
    case "time":
      return "Time";
    case "any":
      return "RawExtension";
    case "object":
      return r.name.slice(r.name.lastIndexOf(".") + 1);
    case "map":
      return `map[string]${goTypeName(r.values)}`;
    case "array":
      return `[]${goTypeName(r.items)}`;
  }
}

/** Child schema of an object/map field, or undefined when the field is not declared. */
export function fieldSchema(s: Schema, field: string): Schema | undefined {
  const r = resolve(s);
  if (r.kind === "object") return Object.hasOwn(r.properties, field) ? r.properties[field] : undefined;
  if (r.kind === "map") return r.values;
  if (r.kind === "any") return r;
  return undefined;
}

/** Follow a dotted path (`spec.template.spec`) through object fields. */
export function schemaAt(s: Schema, path: string): Schema | undefined {
  let cur: Schema | undefined = s;
  for (const part of path.split(".").filter(Boolean)) {
    if (!cur) return undefined;
    const r = resolve(cur);
    cur = r.kind === "array" ? fieldSchema(r.items, part) : fieldSchema(r, part);
  }
  return cur;
}
