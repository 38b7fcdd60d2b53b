import { describe, expect, it } from "vitest";
import {
  API_VERSION_DESCRIPTION,
  crdDefinitionName,
  crdObjectSchema,
  type JSONSchemaProps,
  KIND_DESCRIPTION,
  pruneUnknownFields,
  toDSL,
  toStructural,
} from "../../../src/kube/crd/structural";
import { collectDefinitions } from "../../../src/kube/openapi/common";
import { resolve, type Schema, schemaAt } from "../../../src/kube/schema/dsl";
import { objectMeta } from "../../../src/kube/types/meta";
import { cronTabCRD, webAppCRD } from "./fixtures";

const webappRaw = () => webAppCRD().spec.versions[1].schema!.openAPIV3Schema!;
const cronRaw = () => cronTabCRD().spec.versions[0].schema!.openAPIV3Schema!;
const gvk = { group: "apps.example.com", version: "v1", kind: "WebApp" };

function at(s: Schema, path: string) {
  const r = schemaAt(s, path);
  if (!r) throw new Error(`no schema at ${path}`);
  return resolve(r);
}

describe("toStructural (NewStructural)", () => {
  it("keeps the skeleton and the x-kubernetes extensions", () => {
    const s = toStructural(webappRaw());
    const spec = s.properties!.spec;
    expect(s.type).toBe("object");
    expect(s.required).toEqual(["spec"]);
    expect(spec.properties!.replicas).toMatchObject({ type: "integer", format: "int32", default: { value: 1 } });
    expect(spec.properties!.port).toMatchObject({ type: "", intOrString: true, default: { value: 8080 } });
    expect(spec.properties!.env).toMatchObject({ type: "array", listType: "map", listMapKeys: ["name"] });
    expect(spec.properties!.hosts.listType).toBe("set");
    expect(spec.properties!.labels.additionalProperties).toMatchObject({ type: "string" });
    expect(spec.properties!.config.preserveUnknownFields).toBe(true);
    expect(spec.properties!.template).toMatchObject({ embeddedResource: true, preserveUnknownFields: true });
    expect(spec.properties!.strategy.mapType).toBe("atomic");
    expect(spec.properties!.strategy.validations).toEqual([
      { rule: "self.maxSurge >= 0", message: "maxSurge must be >= 0" },
    ]);
    expect(spec.properties!.startAt.nullable).toBe(true);
  });

  it("value validations inside anyOf are not part of the skeleton", () => {
    const s = toStructural({
      type: "object",
      properties: { a: { anyOf: [{ properties: { hidden: { type: "string" } } }], type: "object" } },
    });
    expect(s.properties!.a.properties).toBeUndefined();
  });

  it("prunes default values against their schema; a null default is no default", () => {
    const s = toStructural({
      type: "object",
      properties: {
        a: { type: "object", default: { keep: 1, drop: 2 }, properties: { keep: { type: "integer" } } },
        b: { type: "string", default: null },
      },
    });
    expect(s.properties!.a.default).toEqual({ value: { keep: 1 } });
    expect(s.properties!.b.default).toBeUndefined();
  });
});

describe("pruneUnknownFields (pruning.PruneWithOptions)", () => {
  it("removes unknown fields and returns their sorted paths; root TypeMeta/ObjectMeta are left alone", () => {
    const obj: Record<string, unknown> = {
      apiVersion: "apps.example.com/v1",
      kind: "WebApp",
      metadata: { name: "x", whatever: 1 },
      spec: {
        image: "x",
        zzz: 1,
        env: [{ name: "a", bad: 1 }, { name: "b" }],
        labels: { k: "v" },
        config: { anything: { nested: true } },
        template: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { x: 1 } },
        strategy: { type: "Recreate", oops: true },
      },
      status: { conditions: [{ type: "Ready", status: "True", extra: 1 }] },
      top: 1,
    };
    const paths = pruneUnknownFields(obj, toStructural(webappRaw()), { isResourceRoot: true });
    expect(paths).toEqual(["spec.env[0].bad", "spec.strategy.oops", "spec.zzz", "status.conditions[0].extra", "top"]);
    expect(obj).toEqual({
      apiVersion: "apps.example.com/v1",
      kind: "WebApp",
      metadata: { name: "x", whatever: 1 },
      spec: {
        image: "x",
        env: [{ name: "a" }, { name: "b" }],
        labels: { k: "v" },
        config: { anything: { nested: true } },
        template: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { x: 1 } },
        strategy: { type: "Recreate" },
      },
      status: { conditions: [{ type: "Ready", status: "True" }] },
    });
  });

  it("without a schema everything below the root goes", () => {
    const obj = { apiVersion: "v", kind: "K", metadata: {}, spec: { a: 1 } };
    expect(pruneUnknownFields(obj, undefined, { isResourceRoot: true })).toEqual(["spec"]);
    expect(obj).toEqual({ apiVersion: "v", kind: "K", metadata: {} });
  });

  it("objects under preserve-unknown-fields keep unknown keys but known ones are still pruned", () => {
    const s = toStructural({
      type: "object",
      "x-kubernetes-preserve-unknown-fields": true,
      properties: { known: { type: "object", properties: { a: { type: "string" } } } },
    });
    const obj = { free: { x: 1 }, known: { a: "y", b: "z" } };
    expect(pruneUnknownFields(obj, s)).toEqual(["known.b"]);
    expect(obj).toEqual({ free: { x: 1 }, known: { a: "y" } });
  });

  it("a map with a value schema prunes inside the values with the key in the path", () => {
    const s = toStructural({
      type: "object",
      properties: {
        m: { type: "object", additionalProperties: { type: "object", properties: { v: { type: "string" } } } },
      },
    });
    const obj = { m: { one: { v: "a", w: "b" } } };
    expect(pruneUnknownFields(obj, s)).toEqual(["m.one.w"]);
  });
});

describe("crdObjectSchema / toDSL", () => {
  it("names the root like kube's CRD definitions and adds TypeMeta and ObjectMeta", () => {
    expect(crdDefinitionName("stable.example.com", "v1", "CronTab")).toBe("com.example.stable.v1.CronTab");
    const root = crdObjectSchema(toStructural(cronRaw()), {
      group: "stable.example.com",
      version: "v1",
      kind: "CronTab",
    });
    expect(root.name).toBe("com.example.stable.v1.CronTab");
    expect(root.gvk).toEqual([{ group: "stable.example.com", version: "v1", kind: "CronTab" }]);
    expect(root.properties.apiVersion).toEqual({ kind: "string", description: API_VERSION_DESCRIPTION });
    expect(root.properties.kind).toEqual({ kind: "string", description: KIND_DESCRIPTION });
    expect(root.properties.metadata).toBe(objectMeta);
    const spec = at(root, "spec");
    expect(spec).toMatchObject({ kind: "object", name: "com.example.stable.v1.CronTab.spec" });
    expect(at(root, "spec.cronSpec")).toEqual({ kind: "string" });
    expect(at(root, "spec.replicas")).toEqual({ kind: "integer", format: "int64" });
  });

  it("translates every structural shape", () => {
    const root = crdObjectSchema(toStructural(webappRaw()), gvk);
    expect(root.description).toBe("WebApp runs a web application.");
    expect(root.required).toEqual(["spec"]);
    expect(at(root, "spec")).toMatchObject({ required: ["image"] });
    expect(at(root, "spec.replicas")).toEqual({ kind: "integer", format: "int32" });
    expect(at(root, "spec.ratio")).toEqual({ kind: "number" });
    expect(at(root, "spec.paused")).toEqual({ kind: "boolean" });
    expect(at(root, "spec.tier")).toEqual({ kind: "string", enum: ["frontend", "backend"] });
    expect(at(root, "spec.port")).toEqual({ kind: "int-or-string" });
    expect(at(root, "spec.startAt")).toEqual({ kind: "string", format: "date-time" });
    expect(at(root, "spec.url")).toEqual({ kind: "string" });
    expect(at(root, "spec.hosts")).toEqual({ kind: "array", items: { kind: "string" }, listType: "set" });
    expect(at(root, "spec.env")).toMatchObject({ kind: "array", listType: "map", listMapKeys: ["name"] });
    expect(resolve((at(root, "spec.env") as { items: Schema }).items)).toMatchObject({
      kind: "object",
      name: "com.example.apps.v1.WebApp.spec.env.items",
      required: ["name"],
    });
    expect(at(root, "spec.labels")).toEqual({ kind: "map", values: { kind: "string" } });
    expect(at(root, "spec.config")).toEqual({ kind: "any" });
    expect(at(root, "spec.strategy")).toMatchObject({ kind: "object", mapType: "atomic" });
    expect(at(root, "spec.resources")).toEqual({ kind: "map", values: { kind: "int-or-string" } });
    const template = at(root, "spec.template");
    expect(template).toMatchObject({
      kind: "object",
      embeddedResource: true,
      preserveUnknownFields: true,
      required: ["kind", "apiVersion"],
    });
    expect(Object.keys((template as { properties: object }).properties)).toEqual(["apiVersion", "kind", "metadata"]);
    expect(at(root, "status.conditions")).toMatchObject({ listType: "map", listMapKeys: ["type"] });
  });

  it("lists without x-kubernetes-list-type are atomic", () => {
    expect(toDSL(toStructural({ type: "array", items: { type: "string" } }), "x")).toEqual({
      kind: "array",
      items: { kind: "string" },
      listType: "atomic",
    });
  });

  it("a missing schema or a root preserving unknown fields gives a bare TypeMeta/ObjectMeta object", () => {
    const a = crdObjectSchema(undefined, gvk);
    expect(Object.keys(a.properties)).toEqual(["apiVersion", "kind", "metadata"]);
    expect(a.preserveUnknownFields).toBe(true);
    const b = crdObjectSchema(toStructural({ type: "object", "x-kubernetes-preserve-unknown-fields": true }), gvk);
    expect(b.preserveUnknownFields).toBe(true);
  });

  it("definition names stay unique even when JSON paths collide", () => {
    const raw: JSONSchemaProps = {
      type: "object",
      properties: {
        spec: {
          type: "object",
          properties: {
            a: { type: "object", properties: { b: { type: "object", properties: { x: { type: "string" } } } } },
            "a.b": { type: "object", properties: { y: { type: "string" } } },
            list: { type: "array", items: { type: "object", properties: { z: { type: "string" } } } },
          },
        },
      },
    };
    const root = crdObjectSchema(toStructural(raw), gvk);
    const defs = collectDefinitions([root]);
    const names = [...defs.keys()].filter((n) => n.startsWith("com.example.apps.v1.WebApp"));
    expect(names).toEqual([
      "com.example.apps.v1.WebApp",
      "com.example.apps.v1.WebApp.spec",
      "com.example.apps.v1.WebApp.spec.a",
      "com.example.apps.v1.WebApp.spec.a.b",
      "com.example.apps.v1.WebApp.spec.a.b_2",
      "com.example.apps.v1.WebApp.spec.list.items",
    ]);
  });
});
