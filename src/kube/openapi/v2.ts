/**
 * OpenAPI v2 (Swagger 2.0) at `/openapi/v2`, shaped like kube-apiserver's swagger.json: `definitions` with
 * the same `x-kubernetes-*` extensions as the v3 documents, and `paths` for every resource of every served
 * group-version.
 *
 * Differences from v3 that mirror kube: references are `#/definitions/…` with sibling `description` /
 * extensions instead of `allOf`; IntOrString is `type: string, format: int-or-string`; Quantity is a string;
 * operations list `consumes`/`produces` instead of request/response content maps (kubectl's v2 patch-type
 * lookup reads the PATCH operation's `consumes`, and its v2 query-param verifier reads its `parameters`).
 *
 * Note: kubectl asks for `/openapi/v2` with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
 * and decodes the body as protobuf; this module only produces the JSON document.
 */
import type { KindDeclaration } from "../registry/kind";
import { type ResolvedSchema, resolve, type Schema } from "../schema/dsl";
import {
  definitionName,
  definitionsForPaths,
  groupVersionPaths,
  type Operation,
  type ParamSpec,
  type PathItem,
  QUANTITY,
  rootPaths,
  SCALAR_DESCRIPTIONS,
  servedGroupVersions,
} from "./common";
import { PATCH_CONTENT_TYPES } from "./v3";

type Json = Record<string, unknown>;

const REF = "#/definitions/";
const PRODUCES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const STREAM_PRODUCES = [
  "application/json",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
  "application/json;stream=watch",
  "application/vnd.kubernetes.protobuf;stream=watch",
];

export function useSiteV2(s: Schema, position: "property" | "items" | "values" = "property"): Json {
  const r = resolve(s);
  const name = definitionName(r);
  if (name) {
    const out: Json = { $ref: REF + name };
    if (r.kind !== "object" && r.description) out.description = r.description;
    if (r.kind === "object" && r.patchStrategy && position === "property") {
      out["x-kubernetes-patch-strategy"] = r.patchStrategy;
    }
    if (r.kind === "object" && position !== "property") out.default = {};
    return out;
  }
  const out: Json = {};
  switch (r.kind) {
    case "string":
      if (position !== "property") out.default = "";
      if (r.description) out.description = r.description;
      if (r.enum) out.enum = [...r.enum];
      if (r.format) out.format = r.format;
      out.type = "string";
      break;
    case "integer":
      if (r.description) out.description = r.description;
      out.format = r.format;
      out.type = "integer";
      break;
    case "number":
      if (r.description) out.description = r.description;
      out.format = "double";
      out.type = "number";
      break;
    case "boolean":
      if (r.description) out.description = r.description;
      out.type = "boolean";
      break;
    case "any":
      if (r.description) out.description = r.description;
      out["x-kubernetes-preserve-unknown-fields"] = true;
      break;
    case "map":
      out.additionalProperties = useSiteV2(r.values, "values");
      if (r.description) out.description = r.description;
      out.type = "object";
      if (r.mapType) out["x-kubernetes-map-type"] = r.mapType;
      break;
    case "array":
      if (r.description) out.description = r.description;
      out.items = useSiteV2(r.items, "items");
      out.type = "array";
      if (r.listMapKeys?.length) out["x-kubernetes-list-map-keys"] = [...r.listMapKeys];
      if (r.listType) out["x-kubernetes-list-type"] = r.listType;
      if (r.patchMergeKey) out["x-kubernetes-patch-merge-key"] = r.patchMergeKey;
      if (r.patchStrategy) out["x-kubernetes-patch-strategy"] = r.patchStrategy;
      break;
    default:
      break;
  }
  return out;
}

export function definitionV2(name: string, r: ResolvedSchema): Json {
  switch (r.kind) {
    case "time":
      return { description: SCALAR_DESCRIPTIONS[name], format: "date-time", type: "string" };
    case "quantity":
      return { description: SCALAR_DESCRIPTIONS[QUANTITY], type: "string" };
    case "int-or-string":
      return { description: SCALAR_DESCRIPTIONS[name], format: "int-or-string", type: "string" };
    case "object": {
      const out: Json = {};
      if (r.description) out.description = r.description;
      const props = Object.entries(r.properties);
      if (props.length) out.properties = Object.fromEntries(props.map(([k, v]) => [k, useSiteV2(v)]));
      if (r.required?.length) out.required = [...r.required];
      out.type = "object";
      if (r.gvk?.length) out["x-kubernetes-group-version-kind"] = r.gvk.map((g) => ({ ...g }));
      if (r.mapType) out["x-kubernetes-map-type"] = r.mapType;
      return out;
    }
    default:
      return useSiteV2(r);
  }
}

function paramV2(p: ParamSpec): Json {
  const out: Json = { description: p.description, in: p.in, name: p.name };
  if (p.required) out.required = true;
  out.type = p.type;
  out.uniqueItems = true;
  return out;
}

function operationV2(op: Operation): Json {
  const out: Json = {};
  if (op.body) out.consumes = op.body.patch ? [...PATCH_CONTENT_TYPES] : ["*/*"];
  out.description = op.description;
  out.operationId = op.operationId;
  const parameters: Json[] = [];
  if (op.body) {
    parameters.push({
      in: "body",
      name: "body",
      ...(op.body.patch || op.action === "post" || op.action === "put" ? { required: true } : {}),
      schema: { $ref: REF + op.body.schema },
    });
  }
  parameters.push(...op.params.map(paramV2));
  if (parameters.length) out.parameters = parameters;
  out.produces = op.streaming ? [...STREAM_PRODUCES] : [...PRODUCES];
  const responses: Json = {};
  for (const [code, r] of Object.entries(op.responses)) {
    responses[code] = r.schema
      ? { description: r.description, schema: { $ref: REF + r.schema } }
      : { description: r.description };
  }
  responses["401"] = { description: "Unauthorized" };
  out.responses = responses;
  out.schemes = ["https"];
  out.tags = [op.tag];
  if (op.action) out["x-kubernetes-action"] = op.action;
  if (op.gvk) out["x-kubernetes-group-version-kind"] = { ...op.gvk };
  return out;
}

function pathsV2(items: readonly PathItem[]): Json {
  const out: Json = {};
  for (const item of items) {
    const entry: Json = {};
    for (const m of ["delete", "get", "patch", "post", "put"] as const) {
      const op = item.ops[m];
      if (op) entry[m] = operationV2(op);
    }
    if (item.params.length) entry.parameters = item.params.map(paramV2);
    out[item.path] = entry;
  }
  return out;
}

const cache = new WeakMap<readonly KindDeclaration[], Json>();

/** The whole Swagger 2.0 document of the served kinds. */
export function openapiV2(decls: readonly KindDeclaration[]): Json {
  const hit = cache.get(decls);
  if (hit) return hit;
  const gvs = servedGroupVersions(decls);
  const items: PathItem[] = [...rootPaths("api"), ...rootPaths("apis"), ...rootPaths("version")];
  for (const gv of gvs) {
    if (gv.group && !items.some((i) => i.path === `/apis/${gv.group}/`)) items.push(...rootPaths({ group: gv.group }));
    items.push(...groupVersionPaths(decls, gv.group, gv.version));
  }
  items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const defs = definitionsForPaths(decls, items, gvs);
  const definitions = Object.fromEntries(
    [...defs.keys()].sort().map((n) => [n, definitionV2(n, defs.get(n)!)] as const),
  );
  const doc: Json = {
    definitions,
    info: { title: "Kubernetes", version: "unversioned" },
    paths: pathsV2(items),
    security: [{ BearerToken: [] }],
    securityDefinitions: {
      BearerToken: { description: "Bearer Token authentication", in: "header", name: "authorization", type: "apiKey" },
    },
    swagger: "2.0",
  };
  cache.set(decls, doc);
  return doc;
}
