/**
 * The field-number table must cover every object schema reachable from the served kinds: a property without a
 * number would silently vanish from protobuf request bodies. Adding a kind (or a field) without its numbers
 * makes this test list what is missing.
 */
import { describe, expect, it } from "vitest";
import { FIELD_NUMBERS } from "../../../src/kube/protobuf/field-numbers";
import { type ObjectSchema, resolve, type Schema } from "../../../src/kube/schema/dsl";
import { ROOT_SCHEMAS } from "./schemas";

/** Every object schema reachable from the roots, by definition name. */
function reachable(roots: ObjectSchema[]): Map<string, ObjectSchema> {
  const seen = new Map<string, ObjectSchema>();
  const visit = (s: Schema): void => {
    const r = resolve(s);
    if (r.kind === "object") {
      if (seen.has(r.name)) return;
      seen.set(r.name, r);
      for (const p of Object.values(r.properties)) visit(p);
    } else if (r.kind === "array") visit(r.items);
    else if (r.kind === "map") visit(r.values);
  };
  for (const root of roots) visit(root);
  return seen;
}

/** JSON names a message's table provides, following inline embedded types. */
function covered(definition: string, into = new Set<string>()): Set<string> {
  for (const e of Object.values(FIELD_NUMBERS[definition] ?? {})) {
    if (e.inline) covered(e.name, into);
    else into.add(e.name);
  }
  return into;
}

const SCHEMAS = reachable(ROOT_SCHEMAS);
/** TypeMeta travels in the protobuf envelope, not in the object's message. */
const ENVELOPE_FIELDS = new Set(["apiVersion", "kind"]);

describe("protobuf field numbers", () => {
  it("reaches the served kinds' types", () => {
    expect(ROOT_SCHEMAS.length).toBe(18);
    expect(SCHEMAS.size).toBeGreaterThan(150);
  });

  it("numbers every property of every reachable object schema", () => {
    const missing: string[] = [];
    for (const [name, schema] of SCHEMAS) {
      if (!FIELD_NUMBERS[name]) {
        missing.push(`${name} (no message)`);
        continue;
      }
      const have = covered(name);
      for (const prop of Object.keys(schema.properties)) {
        if (!ENVELOPE_FIELDS.has(prop) && !have.has(prop)) missing.push(`${name}.${prop}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names only properties the schemas declare", () => {
    const stale: string[] = [];
    for (const [name, schema] of SCHEMAS) {
      for (const [num, e] of Object.entries(FIELD_NUMBERS[name] ?? {})) {
        if (e.inline) {
          if (!FIELD_NUMBERS[e.name]) stale.push(`${name}#${num}: inline ${e.name} has no message`);
          for (const inner of covered(e.name)) {
            if (!(inner in schema.properties)) stale.push(`${name}#${num}: inline field ${inner}`);
          }
        } else if (!(e.name in schema.properties)) stale.push(`${name}#${num}: ${e.name}`);
      }
    }
    expect(stale).toEqual([]);
  });

  it("marks pointers only on scalars and never repeats a field name", () => {
    const bad: string[] = [];
    for (const [name, schema] of SCHEMAS) {
      const names = new Set<string>();
      for (const e of Object.values(FIELD_NUMBERS[name] ?? {})) {
        if (names.has(e.name)) bad.push(`${name}: ${e.name} twice`);
        names.add(e.name);
        if (!e.pointer) continue;
        const kind = resolve(schema.properties[e.name]).kind;
        if (!["string", "integer", "number", "boolean"].includes(kind))
          bad.push(`${name}.${e.name}: pointer on ${kind}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("knows well-known numbers", () => {
    expect(FIELD_NUMBERS["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"][17]).toEqual({ name: "managedFields" });
    expect(FIELD_NUMBERS["io.k8s.api.core.v1.Container"][19]).toEqual({ name: "envFrom" });
    expect(FIELD_NUMBERS["io.k8s.api.core.v1.Probe"][1]).toEqual({
      name: "io.k8s.api.core.v1.ProbeHandler",
      inline: true,
    });
    expect(FIELD_NUMBERS["io.k8s.api.core.v1.VolumeSource"][26]).toEqual({ name: "projected" });
    expect(FIELD_NUMBERS["io.k8s.api.apps.v1.DeploymentSpec"][1]).toEqual({ name: "replicas", pointer: true });
    expect(FIELD_NUMBERS["io.k8s.api.core.v1.Secret"][5]).toEqual({ name: "immutable", pointer: true });
  });
});
