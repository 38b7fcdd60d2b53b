import { describe, expect, it } from "vitest";
import { type JSONSchemaProps, toStructural } from "../../../src/kube/crd/structural";
import type { CustomResourceSchema } from "../../../src/kube/crd/validate";
import {
  applyDefaults,
  checkFormat,
  compileGoRegexp,
  decodeCustomResource,
  effectiveFormat,
  goFloat,
  goSharpV,
  normalizeCustomResource,
  pruneNonNullableNulls,
  strictDecodingError,
  validateAgainstSchema,
  validateCustomResource,
  validateEmbeddedResources,
  validateListSetsAndMaps,
  validateScaleSpec,
  validateScaleStatus,
  validateTypeMeta,
} from "../../../src/kube/crd/validate";
import { type FieldError, fieldErrorString, invalid, StatusError } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import { CRON_PATTERN, cronTabCRD, webAppCRD } from "./fixtures";

const render = (errs: FieldError[]) => errs.map(fieldErrorString);
const check = (schema: JSONSchemaProps, obj: unknown, old?: unknown) =>
  render(validateAgainstSchema(obj, schema, old === undefined ? {} : { old }));

function schemaOf(crd: ReturnType<typeof webAppCRD>, version: string): CustomResourceSchema {
  const v = crd.spec.versions.find((x) => x.name === version)!;
  const raw = v.schema!.openAPIV3Schema!;
  return {
    group: crd.spec.group,
    version,
    kind: crd.spec.names.kind,
    openAPIV3Schema: raw,
    structural: toStructural(raw),
    statusSubresource: !!v.subresources?.status,
    scale: v.subresources?.scale,
  };
}

const cron = () => schemaOf(cronTabCRD(), "v1");
const webapp = () => schemaOf(webAppCRD(), "v1");

function cronObj(spec: Record<string, unknown>): KObject {
  return {
    apiVersion: "stable.example.com/v1",
    kind: "CronTab",
    metadata: { name: "my-new-cron-object", namespace: "default" },
    spec,
  };
}

function webObj(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apps.example.com/v1",
    kind: "WebApp",
    metadata: { name: "shop", namespace: "default" },
    spec,
    ...extra,
  };
}

describe("schema validation messages (kube-openapi + kubeOpenAPIResultToFieldErrors)", () => {
  it("reports the docs' CronTab errors like kube-apiserver", () => {
    const errs = validateCustomResource(
      cronObj({ cronSpec: "* * * *", image: "my-awesome-cron-image", replicas: 15 }),
      cron(),
    );
    expect(render(errs)).toEqual([
      `spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '${CRON_PATTERN}'`,
      "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10",
    ]);
    const status = invalid("CronTab", "stable.example.com", "my-new-cron-object", errs);
    expect(status.message).toBe(
      `CronTab.stable.example.com "my-new-cron-object" is invalid: [spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '${CRON_PATTERN}', spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10]`,
    );
    expect(status.details?.causes?.[1]).toEqual({
      reason: "FieldValueInvalid",
      message: "Invalid value: 15: spec.replicas in body should be less than or equal to 10",
      field: "spec.replicas",
    });
  });

  it("accepts a valid CronTab", () => {
    expect(validateCustomResource(cronObj({ cronSpec: "*/5 * * * *", image: "img", replicas: 1 }), cron())).toEqual([]);
  });

  it("type errors name the JSON type found", () => {
    const errs = validateCustomResource(cronObj({ replicas: "string", image: 5, cronSpec: ["x"] }), cron());
    expect(render(errs)).toEqual([
      'spec.cronSpec: Invalid value: "array": spec.cronSpec in body must be of type string: "array"',
      'spec.image: Invalid value: "integer": spec.image in body must be of type string: "integer"',
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
    expect(errs[2].type).toBe("FieldValueTypeInvalid");
  });

  it("floats are 'number', objects 'object', booleans 'boolean', null 'null'", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: { a: { type: "integer" }, b: { type: "string" }, c: { type: "array" }, d: { type: "object" } },
    };
    expect(check(s, { a: 1.5, b: { x: 1 }, c: true, d: null })).toEqual([
      'a: Invalid value: "number": a in body must be of type integer: "number"',
      'b: Invalid value: "object": b in body must be of type string: "object"',
      'c: Invalid value: "boolean": c in body must be of type array: "boolean"',
      'd: Invalid value: "null": d in body must be of type object: "null"',
    ]);
    // An integral number satisfies both integer and number.
    expect(
      check({ type: "object", properties: { a: { type: "number" }, b: { type: "integer" } } }, { a: 3, b: 2.0 }),
    ).toEqual([]);
  });

  it("a type error at the root has no field path", () => {
    // kube-openapi's path is "" there, hence the message starting with " in body".
    expect(check({ type: "object" }, "x")).toEqual([
      '<nil>: Invalid value: "string":  in body must be of type object: "string"',
    ]);
  });

  it("required fields, nested and at the root", () => {
    const s = webapp();
    expect(render(validateCustomResource(webObj({}), s))).toEqual(["spec.image: Required value"]);
    const noSpec = webObj({});
    delete noSpec.spec;
    expect(render(validateCustomResource(noSpec, s))).toEqual(["spec: Required value"]);
  });

  it("nullable allows null; the other checks still see it", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        a: { type: "string", nullable: true },
        b: { nullable: true },
        c: { type: "string", nullable: true, enum: ["x"] },
      },
    };
    expect(check(s, { a: null, b: null })).toEqual([]);
    // kube-openapi's enum check runs on nil too and never matches it.
    expect(check(s, { c: null })).toEqual(['c: Unsupported value: null: supported values: "x"']);
  });

  it("enum: Unsupported value with the supported values quoted, non-strings JSON-encoded", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        tier: { type: "string", enum: ["a", "b"] },
        n: { type: "integer", enum: [1, 2] },
        o: { type: "object", enum: [{ k: "v" }] },
      },
    };
    expect(check(s, { tier: "x", n: 3, o: { k: "w" } })).toEqual([
      'tier: Unsupported value: "x": supported values: "a", "b"',
      'n: Unsupported value: 3: supported values: "1", "2"',
      'o: Unsupported value: map[string]interface {}{"k":"w"}: supported values: "{\\"k\\":\\"v\\"}"',
    ]);
    expect(check(s, { tier: "a", n: 2, o: { k: "v" } })).toEqual([]);
    // A type error and an enum error are both reported.
    expect(check(s, { n: "x" })).toEqual([
      'n: Invalid value: "string": n in body must be of type integer: "string"',
      'n: Unsupported value: "x": supported values: "1", "2"',
    ]);
  });

  it("pattern, minLength and maxLength (in runes); only the first string failure", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        a: { type: "string", minLength: 3, pattern: "^[a-z]+$" },
        b: { type: "string", maxLength: 2, pattern: "^[a-z]+$" },
        c: { type: "string", maxLength: 2 },
      },
    };
    expect(check(s, { a: "A", b: "ABC", c: "éé" })).toEqual([
      'a: Invalid value: "A": a in body should be at least 3 chars long',
      "b: Too long: value is too long",
    ]);
    expect(check(s, { a: "ABC" })).toEqual(["a: Invalid value: \"ABC\": a in body should match '^[a-z]+$'"]);
  });

  it("minimum/maximum (exclusive too) and multipleOf", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        a: { type: "integer", minimum: 1 },
        b: { type: "integer", minimum: 1, exclusiveMinimum: true },
        c: { type: "number", maximum: 10, exclusiveMaximum: true },
        d: { type: "integer", multipleOf: 5 },
        e: { type: "number", multipleOf: 0.5 },
        f: { type: "number", maximum: 1000000 },
      },
    };
    expect(check(s, { a: 0, b: 1, c: 10, d: 7, e: 1.25, f: 1000000.5 })).toEqual([
      "a: Invalid value: 0: a in body should be greater than or equal to 1",
      "b: Invalid value: 1: b in body should be greater than 1",
      "c: Invalid value: 10: c in body should be less than 10",
      "d: Invalid value: 7: d in body should be a multiple of 5",
      "e: Invalid value: 1.25: e in body should be a multiple of 0.5",
      "f: Invalid value: 1.0000005e+06: f in body should be less than or equal to 1e+06",
    ]);
    expect(check(s, { a: 1, b: 2, c: 9.5, d: 10, e: 1.5, f: 3 })).toEqual([]);
  });

  it("integers compare against truncated limits (kube-openapi's int64 path)", () => {
    const s: JSONSchemaProps = { type: "object", properties: { a: { type: "integer", minimum: 1.5 } } };
    expect(check(s, { a: 1 })).toEqual([]);
    expect(check(s, { a: 0 })).toEqual(["a: Invalid value: 0: a in body should be greater than or equal to 1"]);
  });

  it("minItems, maxItems, uniqueItems", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        a: { type: "array", minItems: 2, items: { type: "string" } },
        b: { type: "array", maxItems: 2, items: { type: "string" } },
        c: { type: "array", uniqueItems: true },
      },
    };
    expect(check(s, { a: ["x"], b: ["x", "y", "z"], c: [1, 2, 1] })).toEqual([
      "a: Invalid value: 1: a in body should have at least 2 items",
      "b: Too many: 3: has too many items",
      'c: Invalid value: "": c in body shouldn\'t contain duplicates',
    ]);
  });

  it("item errors carry the index", () => {
    const s = webapp();
    const errs = validateCustomResource(webObj({ image: "x", hosts: ["ok.example.com", "-bad-"] }), s);
    expect(render(errs)).toEqual([
      'spec.hosts[1]: Invalid value: "-bad-": spec.hosts[1] in body must be of type hostname: "-bad-"',
    ]);
  });

  it("additionalProperties: false forbids other keys", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: { o: { type: "object", additionalProperties: false, properties: { a: { type: "string" } } } },
    };
    expect(check(s, { o: { a: "x", b: 1 } })).toEqual(['o: Invalid value: "b": o.b in body is a forbidden property']);
  });

  it("minProperties/maxProperties stop the object's other checks", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        m: { type: "object", maxProperties: 1, required: ["z"], additionalProperties: { type: "string" } },
        n: { type: "object", minProperties: 2 },
      },
    };
    expect(check(s, { m: { a: 1, b: 2 }, n: { a: 1 } })).toEqual([
      "m: Too many: must have at most 1 items",
      'n: Invalid value: "": n in body should have at least 2 properties',
    ]);
    expect(check(s, { m: { a: 1 } })).toEqual([
      'm.a: Invalid value: "integer": m.a in body must be of type string: "integer"',
      "m.z: Required value",
    ]);
  });

  it("x-kubernetes-int-or-string accepts integers and strings only", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        p: { "x-kubernetes-int-or-string": true },
        q: { "x-kubernetes-int-or-string": true, nullable: true },
      },
    };
    expect(check(s, { p: 80, q: null })).toEqual([]);
    expect(check(s, { p: "http" })).toEqual([]);
    expect(check(s, { p: 1.5 })).toEqual([
      'p: Invalid value: "number": p in body must be of type integer,string: "number"',
    ]);
    expect(check(s, { p: null })).toEqual([
      'p: Invalid value: "null": p in body must be of type integer,string: "null"',
    ]);
  });

  it("anyOf/allOf/oneOf/not report the composite error on <nil> plus the best branch's errors", () => {
    const s: JSONSchemaProps = {
      type: "object",
      properties: {
        f: { nullable: true, "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
        g: { allOf: [{ anyOf: [{ type: "integer" }, { type: "string" }] }] },
        h: { oneOf: [{ type: "integer" }, { minimum: 0 }] },
        k: { not: { type: "string" } },
      },
    };
    expect(check(s, { f: true })).toEqual([
      'f: Invalid value: "boolean": f in body must be of type integer,string: "boolean"',
      '<nil>: Invalid value: "": "f" must validate at least one schema (anyOf)',
      'f: Invalid value: "boolean": f in body must be of type integer: "boolean"',
    ]);
    expect(check(s, { g: 1.5 })).toEqual([
      '<nil>: Invalid value: "": "g" must validate at least one schema (anyOf)',
      'g: Invalid value: "number": g in body must be of type integer: "number"',
      '<nil>: Invalid value: "": "g" must validate all the schemas (allOf). None validated',
    ]);
    expect(check(s, { h: 3 })).toEqual([
      '<nil>: Invalid value: "": "h" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
    expect(check(s, { k: "x" })).toEqual(['<nil>: Invalid value: "": "k" must not validate the schema (not)']);
    expect(check(s, { f: 1, g: "x", h: 1.5, k: 3 })).toEqual([]);
  });

  it("formats: date-time, date, uri, email, ipv4/ipv6/cidr, uuid, byte, quantity, duration", () => {
    const s = webapp();
    expect(render(validateCustomResource(webObj({ image: "x", url: "not a uri", startAt: "yesterday" }), s))).toEqual([
      'spec.url: Invalid value: "not a uri": spec.url in body must be of type uri: "not a uri"',
      'spec.startAt: Invalid value: "yesterday": spec.startAt in body must be of type date-time: "yesterday"',
    ]);
    expect(
      validateCustomResource(webObj({ image: "x", url: "https://a.example/x", startAt: "2024-01-02T03:04:05Z" }), s),
    ).toEqual([]);
    const table: [string, string, boolean][] = [
      ["date-time", "2024-01-02T03:04:05.123+02:00", true],
      ["date-time", "2024-01-02 03:04:05Z", false],
      ["date-time", "2024-02-30T00:00:00Z", false],
      ["date", "2024-02-29", true],
      ["date", "2023-02-29", false],
      ["email", "Ann <ann@example.com>", true],
      ["email", "nope", false],
      ["ipv4", "10.0.0.1", true],
      ["ipv4", "10.0.0.01", false],
      ["ipv4", "::1", false],
      ["ipv6", "fe80::1", true],
      ["ipv6", "1.2.3.4", false],
      ["cidr", "10.0.0.0/8", true],
      ["cidr", "10.0.0.0/33", false],
      ["mac", "00:00:5e:00:53:01", true],
      ["mac", "00:00:5e:00:53", false],
      ["uuid", "123e4567-e89b-12d3-a456-426614174000", true],
      ["uuid4", "123e4567-e89b-12d3-a456-426614174000", false],
      ["byte", "aGVsbG8=", true],
      ["byte", "hello", false],
      ["quantity", "500m", true],
      ["quantity", "5 apples", false],
      ["duration", "1h30m", true],
      ["duration", "3 days", true],
      ["duration", "soon", false],
      ["hostname", "my-host.example.com", true],
      ["hostname", "-bad-", false],
      ["hexcolor", "#ff0000", true],
      ["rgbcolor", "rgb(255, 0, 0)", true],
      ["isbn10", "0321751043", true],
      ["isbn13", "978-0321751041", true],
      ["ssn", "123-45-6789", true],
      ["creditcard", "4111 1111 1111 1111", true],
      ["creditcard", "4111 1111 1111 1112", false],
      ["bsonobjectid", "507f1f77bcf86cd799439011", true],
      ["password", "anything", true],
    ];
    for (const [format, value, ok] of table)
      expect([format, value, checkFormat(format, value)]).toEqual([format, value, ok]);
  });

  it("unsupported formats are ignored; integer formats do not restrict the range", () => {
    expect(effectiveFormat({ type: "string", format: "k8s-short-name" })).toBe("");
    expect(effectiveFormat({ type: "string", format: "date-time" })).toBe("date-time");
    expect(effectiveFormat({ type: "integer", format: "int32" })).toBe("int32");
    expect(effectiveFormat({ type: "boolean", format: "byte" })).toBe("");
    const s: JSONSchemaProps = {
      type: "object",
      properties: { n: { type: "integer", format: "int32" }, w: { type: "string", format: "whatever" } },
    };
    expect(check(s, { n: 2 ** 40, w: "anything" })).toEqual([]);
    // A number where a formatted string is expected reports the format, with the number's Go format.
    expect(check({ type: "object", properties: { t: { type: "string", format: "date-time" } } }, { t: 5 })).toEqual([
      't: Invalid value: "int64": t in body must be of type date-time: "int64"',
    ]);
  });

  it("additionalProperties schemas validate map values; the key is part of the path", () => {
    const s = webapp();
    const errs = validateCustomResource(
      webObj({ image: "x", resources: { cpu: "500m", memory: "lots", gpu: true } }),
      s,
    );
    expect(render(errs)).toEqual([
      "spec.resources.memory: Invalid value: \"lots\": spec.resources.memory in body should match '^[0-9]+(m|Mi|Gi)?$'",
      'spec.resources.gpu: Invalid value: "boolean": spec.resources.gpu in body must be of type integer,string: "boolean"',
      '<nil>: Invalid value: "": "spec.resources.gpu" must validate at least one schema (anyOf)',
      'spec.resources.gpu: Invalid value: "boolean": spec.resources.gpu in body must be of type integer: "boolean"',
    ]);
  });

  it("metadata.name constraints of the schema are validated", () => {
    const obj = webObj({ image: "x" });
    obj.metadata.name = "a-very-long-name-for-a-webapp";
    expect(render(validateCustomResource(obj, webapp()))).toEqual(["metadata.name: Too long: value is too long"]);
  });

  it("CEL rules are not evaluated", () => {
    expect(
      validateCustomResource(webObj({ image: "x", strategy: { type: "Rolling", maxSurge: -1 } }), webapp()),
    ).toEqual([]);
  });
});

describe("ratcheting (CRDValidationRatcheting)", () => {
  const s: JSONSchemaProps = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        properties: {
          a: { type: "string", maxLength: 3 },
          b: { type: "integer", maximum: 5 },
          items: { type: "array", items: { type: "string", maxLength: 2 } },
          set: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string", maxLength: 2 } },
          byName: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            items: { type: "object", properties: { name: { type: "string" }, v: { type: "integer", maximum: 1 } } },
          },
        },
      },
    },
  };

  it("keeps errors of unchanged values out, reports changed ones", () => {
    const old = { spec: { a: "toolong", b: 1 } };
    expect(check(s, { spec: { a: "toolong", b: 2 } }, old)).toEqual([]);
    expect(check(s, { spec: { a: "toolong", b: 9 } }, old)).toEqual([
      "spec.b: Invalid value: 9: spec.b in body should be less than or equal to 5",
    ]);
    expect(check(s, { spec: { a: "toolong2", b: 2 } }, old)).toEqual(["spec.a: Too long: value is too long"]);
    // Without an old object nothing is ratcheted.
    expect(check(s, { spec: { a: "toolong", b: 2 } })).toEqual(["spec.a: Too long: value is too long"]);
  });

  it("correlates list items by index, list-map items by key, never set items", () => {
    expect(check(s, { spec: { items: ["abc", "x"] } }, { spec: { items: ["abc"] } })).toEqual([]);
    expect(check(s, { spec: { items: ["x", "abc"] } }, { spec: { items: ["abc"] } })).toEqual([
      "spec.items[1]: Too long: value is too long",
    ]);
    expect(
      check(
        s,
        {
          spec: {
            byName: [
              { name: "n", v: 1 },
              { name: "m", v: 5 },
            ],
          },
        },
        { spec: { byName: [{ name: "m", v: 5 }] } },
      ),
    ).toEqual([]);
    // Set items cannot be correlated, so even an unchanged set is not ratcheted (ratcheting.go's CachedDeepEqual).
    expect(check(s, { spec: { set: ["abc"] } }, { spec: { set: ["abc"] } })).toEqual([
      "spec.set[0]: Too long: value is too long",
    ]);
    // ... while its unchanged scalar siblings still are.
    expect(check(s, { spec: { a: "toolong", set: ["x"] } }, { spec: { a: "toolong", set: ["x"] } })).toEqual([]);
  });

  it("applies through validateCustomResource on update", () => {
    const crs = cron();
    const old = cronObj({ cronSpec: "bad", replicas: 3 });
    expect(validateCustomResource(cronObj({ cronSpec: "bad", replicas: 4 }), crs, { old })).toEqual([]);
    expect(render(validateCustomResource(cronObj({ cronSpec: "bad", replicas: 4 }), crs))).toHaveLength(1);
  });
});

describe("decodeCustomResource (pruning, nulls, ObjectMeta, defaults)", () => {
  const body = () => ({
    apiVersion: "apps.example.com/v1",
    kind: "WebApp",
    metadata: { name: "shop", namespace: "default", labels: { a: "b" }, bogus: 1 },
    spec: {
      image: "nginx",
      unknown: 1,
      env: [{ name: "A", extra: true }],
      config: { anything: { goes: [1, 2] } },
      template: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", stray: "x" },
        spec: { containers: [] },
      },
      startAt: null,
      paused: null,
    },
    status: { replicas: 1, other: "x" },
    extra: "top",
  });

  it("drops unknown fields, reports them sorted (metadata ones last), keeps preserved subtrees", () => {
    const { object, unknownFields, warnings } = decodeCustomResource(body(), webapp(), "Warn");
    expect(unknownFields).toEqual([
      "extra",
      "spec.env[0].extra",
      "spec.unknown",
      "status.other",
      "spec.template.metadata.stray",
      "metadata.bogus",
    ]);
    expect(warnings).toEqual(unknownFields.map((f) => `unknown field "${f}"`));
    const spec = object.spec as Record<string, unknown>;
    expect(spec.config).toEqual({ anything: { goes: [1, 2] } });
    expect(spec.template).toEqual({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [] } });
    expect(object.metadata).toEqual({ name: "shop", namespace: "default", labels: { a: "b" } });
    expect(object).not.toHaveProperty("extra");
  });

  it("non-nullable nulls disappear, nullable ones stay; defaults fill the rest", () => {
    const { object } = decodeCustomResource(body(), webapp(), "Ignore");
    const spec = object.spec as Record<string, unknown>;
    expect(spec.startAt).toBeNull();
    expect(spec).not.toHaveProperty("paused");
    expect(spec.replicas).toBe(1);
    expect(spec.tier).toBe("frontend");
    expect(spec.port).toBe(8080);
    expect(spec.env).toEqual([{ name: "A", value: "" }]);
  });

  it("Strict turns unknown fields into a 400 strict decoding error", () => {
    let err: unknown;
    try {
      decodeCustomResource(body(), webapp(), "Strict");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(400);
    expect((err as StatusError).message).toBe(
      'WebApp in version "v1" cannot be handled as a WebApp: strict decoding error: unknown field "extra", unknown field "spec.env[0].extra", unknown field "spec.unknown", unknown field "status.other", unknown field "spec.template.metadata.stray", unknown field "metadata.bogus"',
    );
    expect(strictDecodingError({ kind: "CronTab", version: "v1" }, ["spec.foo"]).message).toBe(
      'CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.foo"',
    );
  });

  it("Strict without unknown fields passes; Ignore reports nothing", () => {
    const b = cronObj({ cronSpec: "* * * * *", image: "x", replicas: 1 });
    expect(decodeCustomResource(b, cron(), "Strict").unknownFields).toEqual([]);
    const r = decodeCustomResource({ ...b, spec: { foo: 1 } }, cron(), "Ignore");
    expect(r.warnings).toEqual([]);
    expect(r.object.spec).toEqual({});
  });

  it("malformed metadata is a decode error with the Go unmarshal message", () => {
    const b = { ...body(), metadata: { name: "x", labels: "nope" } };
    expect(() => decodeCustomResource(b, webapp(), "Strict")).toThrow(
      'WebApp in version "v1" cannot be handled as a WebApp: json: cannot unmarshal string into Go struct field ObjectMeta.labels of type map[string]string',
    );
  });

  it("embedded resources need string apiVersion/kind", () => {
    const b = body();
    (b.spec.template as Record<string, unknown>).kind = 5;
    expect(() => decodeCustomResource(b, webapp(), "Ignore")).toThrow(
      'WebApp in version "v1" cannot be handled as a WebApp: spec.template.kind: Invalid value: 5: must be a string',
    );
  });

  it("a schema preserving unknown fields at the root keeps everything", () => {
    const crs = schemaOf(webAppCRD(), "v1alpha1");
    const { object, unknownFields } = decodeCustomResource({ ...body(), metadata: { name: "x" } }, crs, "Strict");
    expect(unknownFields).toEqual([]);
    expect(object.extra).toBe("top");
  });

  it("the body must be an object", () => {
    expect(() => decodeCustomResource([1], cron(), "Strict")).toThrow(
      'CronTab in version "v1" cannot be handled as a CronTab: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });

  it("normalizeCustomResource prunes and defaults objects that did not come from a request body", () => {
    const obj = webObj({ image: "x", junk: 1 });
    normalizeCustomResource(obj, webapp());
    expect(obj.spec).toEqual({ image: "x", replicas: 1, tier: "frontend", port: 8080 });
  });
});

describe("defaulting and null pruning (pkg/apiserver/schema/defaulting)", () => {
  const s = toStructural({
    type: "object",
    properties: {
      a: {
        type: "object",
        default: { x: 1, junk: 2 },
        properties: { x: { type: "integer" }, y: { type: "string", default: "y" } },
      },
      b: { type: "string", default: "b" },
      c: { type: "string" },
      d: { type: "string", nullable: true, default: "d" },
      list: { type: "array", items: { type: "object", properties: { k: { type: "string", default: "k" } } } },
      m: { type: "object", additionalProperties: { type: "string", default: "dv" } },
    },
  });

  it("defaults outside in, with pruned default values, also replacing non-nullable nulls", () => {
    const obj: Record<string, unknown> = { b: null, c: null, d: null, list: [{}, { k: "z" }], m: { p: null } };
    pruneNonNullableNulls(obj, s);
    expect(obj).toEqual({ b: null, d: null, list: [{}, { k: "z" }], m: { p: null } });
    applyDefaults(obj, s);
    expect(obj).toEqual({
      a: { x: 1, y: "y" },
      b: "b",
      d: null,
      list: [{ k: "k" }, { k: "z" }],
      m: { p: "dv" },
    });
  });
});

describe("list-type set/map invariants", () => {
  const s = webapp();
  it("reports Duplicate value for repeated set elements and list-map keys", () => {
    const obj = webObj({
      image: "x",
      hosts: ["a.example", "b.example", "a.example"],
      env: [{ name: "A" }, { name: "B" }, { name: "A", value: "2" }],
      ports: [
        { port: 80, protocol: "TCP" },
        { port: 80, protocol: "UDP" },
        { port: 80, protocol: "TCP" },
      ],
    });
    expect(render(validateListSetsAndMaps(obj, s.structural))).toEqual([
      'spec.hosts[2]: Duplicate value: "a.example"',
      'spec.env[2]: Duplicate value: map[string]interface {}{"name":"A"}',
      'spec.ports[2]: Duplicate value: map[string]interface {}{"port":80, "protocol":"TCP"}',
    ]);
    expect(render(validateCustomResource(obj, s))).toContain('spec.hosts[2]: Duplicate value: "a.example"');
  });

  it("list-map items must be objects; items missing the key collide as unspecified", () => {
    expect(render(validateListSetsAndMaps(webObj({ env: ["x"] }), s.structural))).toEqual([
      'spec.env[0]: Invalid value: "x": must be an object for an array of list-type map',
    ]);
    expect(render(validateListSetsAndMaps(webObj({ env: [{ value: "1" }, { value: "2" }] }), s.structural))).toEqual([
      "spec.env[1]: Duplicate value: map[string]interface {}{}",
    ]);
  });

  it("conditions list keyed by type", () => {
    const obj = webObj(
      { image: "x" },
      {
        status: {
          conditions: [
            { type: "Ready", status: "True" },
            { type: "Ready", status: "False" },
          ],
        },
      },
    );
    expect(render(validateListSetsAndMaps(obj, s.structural))).toEqual([
      'status.conditions[1]: Duplicate value: map[string]interface {}{"type":"Ready"}',
    ]);
  });
});

describe("embedded resources' ObjectMeta", () => {
  const s = webapp();
  it("requires apiVersion and kind, validates metadata with path-segment names", () => {
    const obj = webObj({ image: "x", template: { metadata: { name: "a/b", labels: { "bad key!": "v" } } } });
    expect(render(validateEmbeddedResources(obj, s.structural))).toEqual([
      "spec.template.apiVersion: Required value: must not be empty",
      "spec.template.kind: Required value: must not be empty",
      `spec.template.metadata.name: Invalid value: "a/b": may not contain '/'`,
      expect.stringContaining('spec.template.metadata.labels: Invalid value: "bad key!"'),
    ]);
  });

  it("rejects bad group/versions and empty kinds", () => {
    const obj = webObj({ image: "x", template: { apiVersion: "a/b/c", kind: "" } });
    expect(render(validateEmbeddedResources(obj, s.structural))).toEqual([
      'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      'spec.template.kind: Invalid value: "": must not be empty',
    ]);
    expect(
      validateEmbeddedResources(webObj({ template: { apiVersion: "apps/v1", kind: "Deployment" } }), s.structural),
    ).toEqual([]);
  });
});

describe("scale subresource paths and TypeMeta", () => {
  const scale = {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
    labelSelectorPath: ".status.selector",
  };
  it("spec and status replicas must be int32-sized non-negative integers", () => {
    expect(render(validateScaleSpec(webObj({ replicas: -1 }), scale))).toEqual([
      ".spec.replicas: Invalid value: -1: should be a non-negative integer",
    ]);
    expect(render(validateScaleSpec(webObj({ replicas: 2 ** 31 }), scale))).toEqual([
      ".spec.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647",
    ]);
    expect(render(validateScaleSpec(webObj({ replicas: "3" }), scale))).toEqual([
      ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: 3 is of the type string, expected int64",
    ]);
    expect(render(validateScaleStatus(webObj({}, { status: { replicas: 1.5, selector: 7 } }), scale))).toEqual([
      ".status.replicas: Invalid value: 0: .status.replicas accessor error: 1.5 is of the type float64, expected int64",
      '.status.selector: Invalid value: "": .status.selector accessor error: 7 is of the type int64, expected string',
    ]);
    expect(render(validateScaleStatus(webObj({}, { status: "x" }), scale))).toEqual([
      ".status.replicas: Invalid value: 0: .status.replicas accessor error: x is of the type string, expected map[string]interface{}",
      '.status.selector: Invalid value: "": .status.selector accessor error: x is of the type string, expected map[string]interface{}',
    ]);
    expect(validateScaleStatus(webObj({}, { status: null }), scale)).toEqual([]);
    expect(validateScaleSpec(webObj({}), scale)).toEqual([]);
  });

  it("kind and apiVersion must match; they are reported alone", () => {
    const obj = webObj({ image: 5 });
    obj.kind = "Other";
    obj.apiVersion = "apps.example.com/v2";
    expect(render(validateCustomResource(obj, webapp()))).toEqual([
      'kind: Invalid value: "Other": must be WebApp',
      'apiVersion: Invalid value: "apps.example.com/v2": must be apps.example.com/v1',
    ]);
    expect(validateTypeMeta(webObj({}), webapp())).toEqual([]);
  });

  it("status updates do not check spec replicas", () => {
    const obj = webObj({ image: "x", replicas: -5 });
    expect(render(validateCustomResource(obj, webapp(), { subresource: "status" }))).toEqual([
      "spec.replicas: Invalid value: -5: spec.replicas in body should be greater than or equal to 0",
    ]);
  });
});

describe("Go formatting helpers", () => {
  it("goFloat is strconv 'g' with the shortest precision", () => {
    expect(goFloat(1.5)).toBe("1.5");
    expect(goFloat(1e6)).toBe("1e+06");
    expect(goFloat(123456)).toBe("123456");
    expect(goFloat(0.00001)).toBe("1e-05");
    expect(goFloat(1e21)).toBe("1e+21");
  });

  it("goSharpV is %#v of interface values", () => {
    expect(goSharpV({ b: [1, "x", null], a: true })).toBe(
      'map[string]interface {}{"a":true, "b":[]interface {}{1, "x", interface {}(nil)}}',
    );
  });

  it("Go regular expressions: flags, named groups, \\z, POSIX classes", () => {
    expect((compileGoRegexp("(?i)^abc$") as RegExp).test("ABC")).toBe(true);
    expect((compileGoRegexp("^(?P<x>[[:digit:]]+)\\z") as RegExp).test("123")).toBe(true);
    expect((compileGoRegexp("^\\pL+$") as RegExp).test("héllo")).toBe(true);
    expect((compileGoRegexp("^a\\-b$") as RegExp).test("a-b")).toBe(true);
    expect(compileGoRegexp("+")).toBeInstanceOf(Error);
  });
});
