/**
 * OpenAPI v3: the `/openapi/v3` discovery document and one OpenAPI 3.0 document per group-version, shaped
 * like kube-apiserver's (k8s.io/kube-openapi handler3 + builder3).
 *
 * kubectl reads these documents for:
 * - `kubectl explain`: finds the GVK on a resource path's operation, then the component schema whose
 *   `x-kubernetes-group-version-kind` contains it, and walks `properties` / `$ref` / `allOf` / `items`.
 * - `kubectl apply` (client-side): the first PATCH operation tagged with the kind's GVK must accept
 *   `application/strategic-merge-patch+json`; the patch is then computed from the kind's component schema
 *   (`x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` are read on the property schema, before
 *   `allOf[0]` / `$ref` are followed).
 * - `--validate=strict` (the default): QueryParamVerifierV3 looks at the first PATCH operation tagged with the
 *   GVK and uses server-side validation when its parameters include `fieldValidation`. Every PATCH operation
 *   of a kind (main resource and /status) therefore carries `fieldValidation` and the four patch content types.
 *
 * ## serverRelativeURL and a path prefix (finding)
 *
 * client-go (k8s.io/client-go/openapi/client.go, since kubernetes/kubernetes#117463, in v1.28) reads each
 * `paths[*].serverRelativeURL` and:
 * - if it starts with `/openapi/v3`, fetches it with `restClient.Get().AbsPath(locator.Path)` plus the
 *   query parameters copied over; AbsPath joins the kubeconfig server URL's own path
 *   (`https://127.0.0.1:8787/clusters/demo` → `/clusters/demo/openapi/v3/apis/apps/v1?hash=…`);
 * - otherwise it treats the value as a real server-relative URL: `RequestURI(url)` *replaces* the request
 *   path (rest.Request.RequestURI sets pathPrefix = locator.Path, dropping the kubeconfig path), so only the
 *   host and scheme of the kubeconfig are kept.
 * Clients predating that change (v1.26 / early v1.27) always used RequestURI. So a URL *with* the prefix
 * (`/clusters/demo/openapi/v3/…`) works with every client version, and a URL *without* it works only with
 * client-go ≥ 1.28 (kubectl 1.32 included). `openapiV3Index` therefore takes the prefix under which the
 * request arrived and puts it in front of every serverRelativeURL; pass "" when served at the root.
 * (Checked with kubectl v1.32.4 against a server under `/clusters/demo`: explain and client-side apply load
 * the documents with either form.)
 */
import type { KindDeclaration } from "../registry/kind";
import { type ResolvedSchema, resolve, type Schema } from "../schema/dsl";
import {
  definitionName,
  definitionsForPaths,
  groupVersionPath,
  groupVersionPaths,
  INT_OR_STRING,
  type Operation,
  type ParamSpec,
  type PathItem,
  QUANTITY,
  rootPaths,
  SCALAR_DESCRIPTIONS,
  servedGroupVersions,
} from "./common";
import { contentHash } from "./hash";

type Json = Record<string, unknown>;

const REF = "#/components/schemas/";
const RESPONSE_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const STREAM_TYPES = [
  "application/json",
  "application/json;stream=watch",
  "application/vnd.kubernetes.protobuf",
  "application/vnd.kubernetes.protobuf;stream=watch",
  "application/yaml",
];
export const PATCH_CONTENT_TYPES = [
  "application/apply-patch+yaml",
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
];

// ---- schemas ---------------------------------------------------------------------------------------------

/** A schema where it is used (a property, array items, map values). */
export function useSiteV3(s: Schema, position: "property" | "items" | "values" = "property"): Json {
  const r = resolve(s);
  const name = definitionName(r);
  if (name) {
    const siblings: Json = {};
    // Field descriptions live on the scalar wrappers (time("…")); an object's description is its type's.
    if (r.kind !== "object" && r.description) siblings.description = r.description;
    if (r.kind === "object" && r.patchStrategy && position === "property") {
      siblings["x-kubernetes-patch-strategy"] = r.patchStrategy;
    }
    if (r.kind === "object" && position !== "property") siblings.default = {};
    if (!Object.keys(siblings).length) return { $ref: REF + name };
    return { allOf: [{ $ref: REF + name }], ...siblings };
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
      out.additionalProperties = useSiteV3(r.values, "values");
      if (r.description) out.description = r.description;
      out.type = "object";
      if (r.mapType) out["x-kubernetes-map-type"] = r.mapType;
      break;
    case "array":
      if (r.description) out.description = r.description;
      out.items = useSiteV3(r.items, "items");
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

/** The component (definition) of a named schema. */
export function componentV3(name: string, r: ResolvedSchema): Json {
  switch (r.kind) {
    case "time":
      return { description: SCALAR_DESCRIPTIONS[name], format: "date-time", type: "string" };
    case "quantity":
      return { description: SCALAR_DESCRIPTIONS[QUANTITY], oneOf: [{ type: "string" }, { type: "number" }] };
    case "int-or-string":
      return {
        description: SCALAR_DESCRIPTIONS[INT_OR_STRING],
        format: "int-or-string",
        oneOf: [{ type: "integer" }, { type: "string" }],
        "x-kubernetes-int-or-string": true,
      };
    case "object": {
      const out: Json = {};
      if (r.description) out.description = r.description;
      const props = Object.entries(r.properties);
      if (props.length) out.properties = Object.fromEntries(props.map(([k, v]) => [k, useSiteV3(v)]));
      if (r.required?.length) out.required = [...r.required];
      out.type = "object";
      if (r.gvk?.length) out["x-kubernetes-group-version-kind"] = r.gvk.map((g) => ({ ...g }));
      if (r.mapType) out["x-kubernetes-map-type"] = r.mapType;
      return out;
    }
    default:
      return useSiteV3(r);
  }
}

function componentsOf(defs: Map<string, ResolvedSchema>): Json {
  const names = [...defs.keys()].sort();
  return Object.fromEntries(names.map((n) => [n, componentV3(n, defs.get(n)!)]));
}

// ---- paths -----------------------------------------------------------------------------------------------

function paramV3(p: ParamSpec): Json {
  const out: Json = { description: p.description, in: p.in, name: p.name };
  if (p.required) out.required = true;
  out.schema = { type: p.type, uniqueItems: true };
  return out;
}

function contentOf(types: readonly string[], schema: string): Json {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: REF + schema } }]));
}

function operationV3(op: Operation): Json {
  const out: Json = { description: op.description, operationId: op.operationId };
  if (op.params.length) out.parameters = op.params.map(paramV3);
  if (op.body) {
    out.requestBody = {
      content: contentOf(op.body.patch ? PATCH_CONTENT_TYPES : ["*/*"], op.body.schema),
      ...(op.body.patch || op.action === "post" || op.action === "put" ? { required: true } : {}),
    };
  }
  const responses: Json = {};
  for (const [code, r] of Object.entries(op.responses)) {
    responses[code] = r.schema
      ? { content: contentOf(op.streaming ? STREAM_TYPES : RESPONSE_TYPES, r.schema), description: r.description }
      : { description: r.description };
  }
  responses["401"] = { description: "Unauthorized" };
  out.responses = responses;
  out.tags = [op.tag];
  if (op.action) out["x-kubernetes-action"] = op.action;
  if (op.gvk) out["x-kubernetes-group-version-kind"] = { ...op.gvk };
  return out;
}

function pathsV3(items: readonly PathItem[]): Json {
  const out: Json = {};
  for (const item of items) {
    const entry: Json = {};
    for (const m of ["delete", "get", "patch", "post", "put"] as const) {
      const op = item.ops[m];
      if (op) entry[m] = operationV3(op);
    }
    if (item.params.length) entry.parameters = item.params.map(paramV3);
    out[item.path] = entry;
  }
  return out;
}

function documentV3(paths: Json, schemas: Json): Json {
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths,
    components: {
      schemas,
      securitySchemes: {
        BearerToken: {
          description: "Bearer Token authentication",
          in: "header",
          name: "authorization",
          type: "apiKey",
        },
      },
    },
  };
}

// ---- documents -------------------------------------------------------------------------------------------

/** The keys of `/openapi/v3`: `api`, `api/v1`, `apis`, `apis/apps`, `apis/apps/v1`, `version`. */
export function openapiV3Paths(decls: readonly KindDeclaration[]): string[] {
  const out = new Set<string>(["api", "apis", "version"]);
  for (const gv of servedGroupVersions(decls)) {
    out.add(groupVersionPath(gv.group, gv.version));
    if (gv.group) out.add(`apis/${gv.group}`);
  }
  return [...out].sort();
}

/**
 * The OpenAPI 3.0 document of one entry of `/openapi/v3` (`api/v1`, `apis/apps/v1`, `api`, `apis`,
 * `apis/apps`, `version`), or undefined when there is no such entry.
 */
export function openapiV3GroupVersion(decls: readonly KindDeclaration[], groupVersionPath: string): Json | undefined {
  return cached(decls, groupVersionPath)?.doc;
}

/** The document serialised, and its content hash (the `hash` query parameter of its serverRelativeURL). */
export function openapiV3GroupVersionJSON(
  decls: readonly KindDeclaration[],
  groupVersionPath: string,
): { body: string; hash: string } | undefined {
  const c = cached(decls, groupVersionPath);
  return c && { body: c.body, hash: c.hash };
}

/**
 * `/openapi/v3`: `{ paths: { "apis/apps/v1": { serverRelativeURL: "<prefix>/openapi/v3/apis/apps/v1?hash=…" } } }`.
 * `prefix` is the path the cluster is served under (e.g. `/clusters/demo`); see the file comment for why it is
 * included.
 */
export function openapiV3Index(
  decls: readonly KindDeclaration[],
  prefix = "",
): { paths: Record<string, { serverRelativeURL: string }> } {
  const p = prefix.replace(/\/+$/, "");
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const key of openapiV3Paths(decls)) {
    const c = cached(decls, key)!;
    paths[key] = { serverRelativeURL: `${p}/openapi/v3/${key}?hash=${c.hash}` };
  }
  return { paths };
}

interface Built {
  doc: Json;
  body: string;
  hash: string;
}
const cache = new WeakMap<readonly KindDeclaration[], Map<string, Built | null>>();

function cached(decls: readonly KindDeclaration[], key: string): Built | undefined {
  let m = cache.get(decls);
  if (!m) {
    m = new Map();
    cache.set(decls, m);
  }
  if (!m.has(key)) {
    const doc = build(decls, key);
    if (doc) {
      const body = JSON.stringify(doc);
      m.set(key, { doc, body, hash: contentHash(body) });
    } else {
      m.set(key, null);
    }
  }
  return m.get(key) ?? undefined;
}

function build(decls: readonly KindDeclaration[], key: string): Json | undefined {
  const gvs = servedGroupVersions(decls);
  let items: PathItem[];
  if (key === "api" || key === "apis" || key === "version") {
    items = rootPaths(key);
  } else {
    const parts = key.split("/");
    if (parts[0] === "api" && parts.length === 2) {
      if (!gvs.some((g) => g.group === "" && g.version === parts[1])) return undefined;
      items = groupVersionPaths(decls, "", parts[1]);
    } else if (parts[0] === "apis" && parts.length === 2) {
      if (!gvs.some((g) => g.group === parts[1])) return undefined;
      items = rootPaths({ group: parts[1] });
    } else if (parts[0] === "apis" && parts.length === 3) {
      if (!gvs.some((g) => g.group === parts[1] && g.version === parts[2])) return undefined;
      items = groupVersionPaths(decls, parts[1], parts[2]);
    } else {
      return undefined;
    }
  }
  const defs = definitionsForPaths(decls, items, gvs);
  return documentV3(pathsV3(items), componentsOf(defs));
}
