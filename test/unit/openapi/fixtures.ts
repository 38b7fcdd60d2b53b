/** Kind declarations shared by the OpenAPI tests: real schemas plus a small hand-made CRD-like kind. */
import type { KindDeclaration } from "../../../src/kube/registry/kind";
import { any, int32, intOrString, listMap, map, obj, quantity, str } from "../../../src/kube/schema/dsl";
import { deploymentSchema } from "../../../src/kube/types/apps";
import { configMapSchema, namespaceSchema } from "../../../src/kube/types/core-other";
import { podSchema } from "../../../src/kube/types/core-pod";
import { objectMeta, typeMeta } from "../../../src/kube/types/meta";

const base = { nameRule: "subdomain", columns: [] } as const;

export const podDecl: KindDeclaration = {
  ...base,
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  singular: "pod",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  statusSubresource: true,
  schema: podSchema,
};

export const configMapDecl: KindDeclaration = {
  ...base,
  group: "",
  version: "v1",
  kind: "ConfigMap",
  plural: "configmaps",
  singular: "configmap",
  namespaced: true,
  shortNames: ["cm"],
  schema: configMapSchema,
};

export const namespaceDecl: KindDeclaration = {
  ...base,
  nameRule: "label",
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  singular: "namespace",
  namespaced: false,
  shortNames: ["ns"],
  statusSubresource: true,
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  schema: namespaceSchema,
};

export const deploymentDecl: KindDeclaration = {
  ...base,
  group: "apps",
  version: "v1",
  kind: "Deployment",
  plural: "deployments",
  singular: "deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  statusSubresource: true,
  scale: {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "status.selector",
  },
  schema: deploymentSchema,
};

const gadgetPort = obj(
  "io.example.rbac.v1.GadgetPort",
  { name: str("port name"), port: int32("port number"), target: intOrString("where to send") },
  { required: ["port"] },
);

/** A kind in a dotted group, without its own x-kubernetes-group-version-kind, with every schema feature. */
export const gadgetDecl: KindDeclaration = {
  ...base,
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "Gadget",
  plural: "gadgets",
  singular: "gadget",
  namespaced: false,
  verbs: ["get", "list", "create", "patch"],
  schema: obj(
    "io.example.rbac.v1.Gadget",
    {
      ...typeMeta,
      metadata: objectMeta,
      ports: listMap(gadgetPort, ["port"], { patchKey: "port" }),
      limits: map(quantity()),
      blob: any("free-form"),
    },
    { description: "Gadget is a test kind." },
  ),
};

export const decls: readonly KindDeclaration[] = [podDecl, configMapDecl, namespaceDecl, deploymentDecl, gadgetDecl];

type Json = Record<string, any>;

/** Every `$ref` in a document. */
export function refsOf(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string") out.push(x);
        else walk(x);
      }
    }
  };
  walk(doc);
  return out;
}

/**
 * What kubectl's strategicpatch.PatchMetaFromOpenAPIV3 does: read the patch extensions on the property, then
 * follow allOf[0] and $ref (and items for lists).
 */
export function patchMetaV3(doc: Json, start: Json, path: string[]): { strategy?: string; key?: string; schema: Json } {
  const schemas = doc.components.schemas as Record<string, Json>;
  const resolveSchema = (s: Json): Json => {
    let cur = s;
    if (cur.allOf?.length) cur = cur.allOf[0];
    if (cur.$ref) {
      const target = schemas[String(cur.$ref).replace("#/components/schemas/", "")];
      if (!target) throw new Error(`unable to resolve ${cur.$ref}`);
      cur = target;
    }
    return cur;
  };
  let cur = resolveSchema(start);
  let meta: { strategy?: string; key?: string } = {};
  for (const key of path) {
    const prop = cur.properties?.[key];
    if (!prop) throw new Error(`unable to find api field "${key}"`);
    meta = { strategy: prop["x-kubernetes-patch-strategy"], key: prop["x-kubernetes-patch-merge-key"] };
    cur = prop.items ? resolveSchema(prop.items) : resolveSchema(prop);
  }
  return { ...meta, schema: cur };
}
