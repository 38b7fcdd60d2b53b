import { describe, expect, it } from "vitest";
import {
  decodeAgainstSchema,
  decodeBase64Go,
  decodeWithSchema,
  goTypeString,
  parseGoTime,
  parseQuantity,
} from "../../src/kube/decode";
import { StatusError } from "../../src/kube/errors";
import type { KindDeclaration } from "../../src/kube/registry/kind";
import {
  any,
  bool,
  bytes,
  enumOf,
  int32,
  int64,
  intOrString,
  lazy,
  list,
  listMap,
  map,
  microTime,
  num,
  obj,
  quantity,
  type Schema,
  str,
  time,
} from "../../src/kube/schema/dsl";
import { deploymentSchema } from "../../src/kube/types/apps";
import { scaleSchema } from "../../src/kube/types/autoscaling";
import { configMapSchema, secretSchema, serviceSchema } from "../../src/kube/types/core-other";
import { podSchema } from "../../src/kube/types/core-pod";
import { objectMeta, typeMeta } from "../../src/kube/types/meta";

const W = (n: string) => `io.k8s.api.widgets.v1.${n}`;
const port = obj(W("WidgetPort"), { name: str(), port: int32(), target: intOrString() }, { required: ["port"] });
const node: Schema = obj(W("Node"), { name: str(), children: lazy(() => list(node)) });
const widgetSpec = obj(W("WidgetSpec"), {
  replicas: int32(),
  big: int64(),
  ratio: num(),
  paused: bool(),
  mode: enumOf(["A", "B"]),
  ports: listMap(port, ["port"], { patchKey: "port" }),
  tags: list(str()),
  limits: map(quantity()),
  cpu: quantity(),
  payload: bytes(),
  files: map(bytes()),
  when: time(),
  exact: microTime(),
  extra: any(),
  labels: map(str()),
  tree: node,
});
const widget = obj(W("Widget"), { ...typeMeta, metadata: objectMeta, spec: widgetSpec }, { gvk: [] });
const decl: KindDeclaration = {
  group: "widgets.example.com",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  singular: "widget",
  namespaced: true,
  schema: widget,
  nameRule: "subdomain",
  columns: [],
};
const kind = (k: string, version: string, schema: KindDeclaration["schema"]): KindDeclaration => ({
  ...decl,
  group: "",
  version,
  kind: k,
  schema,
});

function errorOf(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

const base = { apiVersion: "widgets.example.com/v1", kind: "Widget", metadata: { name: "w" } };
const withSpec = (spec: Record<string, unknown>) => ({ ...base, spec });
const prefix = 'Widget in version "v1" cannot be handled as a Widget: ';

describe("decodeAgainstSchema: well-formed bodies", () => {
  it("keeps known fields and normalises values like kube stores them", () => {
    const { object, warnings } = decodeAgainstSchema(
      withSpec({
        replicas: 3,
        big: 1234567890123,
        ratio: 0.5,
        paused: false,
        mode: "whatever",
        ports: [
          { port: 80, target: "http" },
          { port: 81, target: 8080 },
        ],
        tags: ["a"],
        limits: { cpu: 0.5, memory: "1024Mi", storage: "1Gi" },
        cpu: "1000m",
        payload: "aGVs\nbG8=",
        files: { a: "eA==" },
        when: "2024-01-01T10:00:00.5+02:00",
        exact: "2024-01-01T10:00:00.123456+02:00",
        extra: { anything: [1, { deep: null }] },
        labels: { app: "x" },
        tree: { name: "root", children: [{ name: "leaf", children: [] }] },
      }),
      decl,
      "Strict",
    );
    expect(warnings).toEqual([]);
    expect(object.spec).toEqual({
      replicas: 3,
      big: 1234567890123,
      ratio: 0.5,
      paused: false,
      mode: "whatever",
      ports: [
        { port: 80, target: "http" },
        { port: 81, target: 8080 },
      ],
      tags: ["a"],
      limits: { cpu: "500m", memory: "1Gi", storage: "1Gi" },
      cpu: "1",
      payload: "aGVsbG8=",
      files: { a: "eA==" },
      when: "2024-01-01T08:00:00Z",
      exact: "2024-01-01T08:00:00.123456Z",
      extra: { anything: [1, { deep: null }] },
      labels: { app: "x" },
      tree: { name: "root", children: [{ name: "leaf", children: [] }] },
    });
    expect(object.metadata).toEqual({ name: "w" });
  });

  it("drops null fields and turns null list/map elements into zero values", () => {
    const { object } = decodeAgainstSchema(
      withSpec({ replicas: null, tags: ["a", null], labels: { a: null }, limits: { cpu: null }, ports: [null] }),
      decl,
      "Strict",
    );
    expect(object.spec).toEqual({ tags: ["a", ""], labels: { a: "" }, limits: { cpu: "0" }, ports: [{}] });
  });

  it("adds an empty metadata when the body has none and drops the zero time", () => {
    const { object } = decodeAgainstSchema(
      { apiVersion: "widgets.example.com/v1", kind: "Widget", spec: { when: "0001-01-01T00:00:00Z" } },
      decl,
      "Strict",
    );
    expect(object.metadata).toEqual({});
    expect(object.spec).toEqual({});
  });

  it("decodes a realistic Deployment without complaint", () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" }, annotations: { note: "x" } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            containers: [
              {
                name: "nginx",
                image: "nginx:1.27",
                ports: [{ containerPort: 80, protocol: "TCP" }],
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: 1, memory: "256Mi" } },
                env: [{ name: "A", value: "b" }],
                readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    };
    const { object, warnings } = decodeAgainstSchema(deployment, kind("Deployment", "v1", deploymentSchema), "Strict");
    expect(warnings).toEqual([]);
    const c = (object.spec as any).template.spec.containers[0];
    expect(c.resources.limits).toEqual({ cpu: "1", memory: "256Mi" });
    expect(c.ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
  });
});

describe("decodeAgainstSchema: unknown fields", () => {
  const body = withSpec({ foo: 1, replicas: 1, ports: [{ port: 1, bogus: true }], tree: { nope: 1 } });

  it("Strict rejects with every unknown field, dotted path with indices", () => {
    const e = errorOf(() => decodeAgainstSchema({ ...body, status: {} }, decl, "Strict"));
    expect(e.code).toBe(400);
    expect(e.reason).toBe("BadRequest");
    expect(e.message).toBe(
      `${prefix}strict decoding error: unknown field "spec.foo", unknown field "spec.ports[0].bogus", unknown field "spec.tree.nope", unknown field "status"`,
    );
    expect(e.toStatus()).toMatchObject({ kind: "Status", status: "Failure", code: 400, reason: "BadRequest" });
  });

  it("Warn prunes them and returns one warning per field", () => {
    const { object, warnings } = decodeAgainstSchema(body, decl, "Warn");
    expect(warnings).toEqual([
      'unknown field "spec.foo"',
      'unknown field "spec.ports[0].bogus"',
      'unknown field "spec.tree.nope"',
    ]);
    expect(object.spec).toEqual({ replicas: 1, ports: [{ port: 1 }], tree: {} });
  });

  it("Ignore prunes them silently", () => {
    const { object, warnings } = decodeAgainstSchema(body, decl, "Ignore");
    expect(warnings).toEqual([]);
    expect(object.spec).toEqual({ replicas: 1, ports: [{ port: 1 }], tree: {} });
  });

  it("matches field names case-sensitively and names map keys with dots", () => {
    const mapOfStructs = obj(W("Holder"), { ...typeMeta, metadata: objectMeta, byName: map(port) });
    const d = { ...decl, schema: mapOfStructs };
    const e = errorOf(() =>
      decodeAgainstSchema({ ...base, Metadata: {}, byName: { a: { port: 1, zzz: 2 } } }, d, "Strict"),
    );
    expect(e.message).toBe(`${prefix}strict decoding error: unknown field "Metadata", unknown field "byName.a.zzz"`);
  });

  it("de-duplicates identical strict errors and keeps at most 100", () => {
    const many: Record<string, number> = {};
    for (let i = 0; i < 150; i++) many[`f${i}`] = i;
    const { warnings } = decodeAgainstSchema(withSpec(many), decl, "Warn");
    expect(warnings).toHaveLength(100);
    const e = errorOf(() => decodeAgainstSchema(withSpec(many), decl, "Strict"));
    expect(e.message.split("unknown field").length - 1).toBe(100);
  });

  it("accepts anything under any() and map values, and reports unknowns in real schemas", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", app: "x" }, data: { k: "v" } };
    const e = errorOf(() => decodeAgainstSchema(cm, kind("ConfigMap", "v1", configMapSchema), "Strict"));
    expect(e.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.app"',
    );
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", image: "i", redinessProbe: {} }] },
    };
    const e2 = errorOf(() => decodeAgainstSchema(pod, kind("Pod", "v1", podSchema), "Strict"));
    expect(e2.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].redinessProbe"',
    );
  });
});

describe("decodeAgainstSchema: type errors (encoding/json wording)", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "string for int32",
      { replicas: "3" },
      "json: cannot unmarshal string into Go struct field WidgetSpec.spec.replicas of type int32",
    ],
    [
      "fraction for int32",
      { replicas: 1.5 },
      "json: cannot unmarshal number 1.5 into Go struct field WidgetSpec.spec.replicas of type int32",
    ],
    [
      "overflow for int32",
      { replicas: 3000000000 },
      "json: cannot unmarshal number 3000000000 into Go struct field WidgetSpec.spec.replicas of type int32",
    ],
    [
      "bool for int64",
      { big: true },
      "json: cannot unmarshal bool into Go struct field WidgetSpec.spec.big of type int64",
    ],
    [
      "string for float",
      { ratio: "x" },
      "json: cannot unmarshal string into Go struct field WidgetSpec.spec.ratio of type float64",
    ],
    [
      "string for bool",
      { paused: "true" },
      "json: cannot unmarshal string into Go struct field WidgetSpec.spec.paused of type bool",
    ],
    [
      "number for string",
      { mode: 1 },
      "json: cannot unmarshal number into Go struct field WidgetSpec.spec.mode of type string",
    ],
    [
      "object for list",
      { tags: {} },
      "json: cannot unmarshal object into Go struct field WidgetSpec.spec.tags of type []string",
    ],
    [
      "string for list of structs",
      { ports: "x" },
      "json: cannot unmarshal string into Go struct field WidgetSpec.spec.ports of type []v1.WidgetPort",
    ],
    [
      "array for struct",
      { tree: [] },
      "json: cannot unmarshal array into Go struct field WidgetSpec.spec.tree of type v1.Node",
    ],
    [
      "number in a list element's field",
      { ports: [{ port: 1 }, { port: "x" }] },
      "json: cannot unmarshal string into Go struct field WidgetPort.spec.ports.port of type int32",
    ],
    [
      "number for a map value",
      { labels: { a: 1 } },
      "json: cannot unmarshal number into Go struct field WidgetSpec.spec.labels of type string",
    ],
    [
      "string for a map",
      { labels: "a=b" },
      "json: cannot unmarshal string into Go struct field WidgetSpec.spec.labels of type map[string]string",
    ],
    [
      "number for bytes",
      { payload: 1 },
      "json: cannot unmarshal number into Go struct field WidgetSpec.spec.payload of type []uint8",
    ],
    [
      "nested recursive struct",
      { tree: { children: [{ name: 5 }] } },
      "json: cannot unmarshal number into Go struct field Node.spec.tree.children.name of type string",
    ],
  ];
  for (const [name, spec, msg] of cases) {
    it(name, () => {
      const e = errorOf(() => decodeAgainstSchema(withSpec(spec), decl, "Strict"));
      expect(e.code).toBe(400);
      expect(e.reason).toBe("BadRequest");
      expect(e.message).toBe(prefix + msg);
    });
  }

  it("reports the first type error in document order, before unknown fields, in every mode", () => {
    for (const mode of ["Strict", "Warn", "Ignore"] as const) {
      const e = errorOf(() => decodeAgainstSchema(withSpec({ zzz: 1, paused: 1, replicas: "x" }), decl, mode));
      expect(e.message).toBe(
        `${prefix}json: cannot unmarshal number into Go struct field WidgetSpec.spec.paused of type bool`,
      );
    }
  });

  it("uses the top-level struct for its own fields and Go value for a non-object body", () => {
    expect(errorOf(() => decodeAgainstSchema({ ...base, spec: 5 }, decl, "Strict")).message).toBe(
      `${prefix}json: cannot unmarshal number into Go struct field Widget.spec of type v1.WidgetSpec`,
    );
    expect(
      errorOf(() => decodeAgainstSchema({ ...base, metadata: { labels: { a: true } } }, decl, "Strict")).message,
    ).toBe(`${prefix}json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string`);
    expect(errorOf(() => decodeAgainstSchema([1], decl, "Strict")).message).toBe(
      `${prefix}json: cannot unmarshal array into Go value of type v1.Widget`,
    );
  });

  it("matches kube's message for a Deployment's replicas", () => {
    const e = errorOf(() =>
      decodeAgainstSchema(
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: "two" } },
        kind("Deployment", "v1", deploymentSchema),
        "Strict",
      ),
    );
    expect(e.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });
});

describe("decodeAgainstSchema: types with their own UnmarshalJSON", () => {
  it("IntOrString accepts strings and int32 numbers, and aborts otherwise with the field's context", () => {
    expect(
      errorOf(() => decodeAgainstSchema(withSpec({ ports: [{ port: 1, target: true }] }), decl, "Strict")).message,
    ).toBe(`${prefix}json: cannot unmarshal bool into Go struct field WidgetPort.spec.ports.target of type int32`);
    expect(
      errorOf(() => decodeAgainstSchema(withSpec({ ports: [{ port: 1, target: 1.5 }] }), decl, "Strict")).message,
    ).toBe(
      `${prefix}json: cannot unmarshal number 1.5 into Go struct field WidgetPort.spec.ports.target of type int32`,
    );
    expect(
      errorOf(() => decodeAgainstSchema(withSpec({ ports: [{ port: 1, target: {} }] }), decl, "Strict")).message,
    ).toBe(`${prefix}json: cannot unmarshal object into Go struct field WidgetPort.spec.ports.target of type int32`);
  });

  it("an aborting error wins over an earlier saved type error", () => {
    expect(errorOf(() => decodeAgainstSchema(withSpec({ replicas: "x", cpu: "abc" }), decl, "Strict")).message).toBe(
      `${prefix}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it("Quantity rejects unparsable strings, booleans and objects", () => {
    const fmt = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    expect(errorOf(() => decodeAgainstSchema(withSpec({ cpu: "1 cpu" }), decl, "Strict")).message).toBe(prefix + fmt);
    expect(errorOf(() => decodeAgainstSchema(withSpec({ cpu: true }), decl, "Strict")).message).toBe(prefix + fmt);
    expect(errorOf(() => decodeAgainstSchema(withSpec({ limits: { cpu: {} } }), decl, "Strict")).message).toBe(
      prefix + fmt,
    );
    expect(errorOf(() => decodeAgainstSchema(withSpec({ cpu: "12e" }), decl, "Strict")).message).toBe(
      `${prefix}unable to parse quantity's suffix`,
    );
    expect(decodeAgainstSchema(withSpec({ cpu: " 250m " }), decl, "Strict").object.spec).toEqual({ cpu: "250m" });
  });

  it("Time requires an RFC 3339 string", () => {
    expect(errorOf(() => decodeAgainstSchema(withSpec({ when: "yesterday" }), decl, "Strict")).message).toBe(
      `${prefix}parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`,
    );
    expect(errorOf(() => decodeAgainstSchema(withSpec({ when: 5 }), decl, "Strict")).message).toBe(
      `${prefix}json: cannot unmarshal number into Go struct field WidgetSpec.spec.when of type string`,
    );
    expect(
      errorOf(() => decodeAgainstSchema(withSpec({ exact: "2024-01-01T00:00:00Z" }), decl, "Strict")).message,
    ).toBe(
      `${prefix}parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"`,
    );
  });

  it("byte fields must be base64", () => {
    expect(errorOf(() => decodeAgainstSchema(withSpec({ payload: "aGVsbG8" }), decl, "Strict")).message).toBe(
      `${prefix}illegal base64 data at input byte 4`,
    );
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { k: "not base64!" } };
    expect(errorOf(() => decodeAgainstSchema(secret, kind("Secret", "v1", secretSchema), "Strict")).message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
  });

  it("Service targetPort and Pod resources through the real schemas", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { ports: [{ port: 80, targetPort: false }] },
    };
    expect(errorOf(() => decodeAgainstSchema(svc, kind("Service", "v1", serviceSchema), "Strict")).message).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    );
  });
});

describe("decodeWithSchema", () => {
  it("decodes a subresource body such as autoscaling/v1 Scale", () => {
    const { value } = decodeWithSchema(
      { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "d" }, spec: { replicas: 5 } },
      scaleSchema,
      "Strict",
      { kind: "Scale", version: "v1" },
    );
    expect(value.spec).toEqual({ replicas: 5 });
    expect(() =>
      decodeWithSchema({ spec: { replicas: "5" } }, scaleSchema, "Strict", { kind: "Scale", version: "v1" }),
    ).toThrow(
      'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32',
    );
  });
});

describe("goTypeString", () => {
  it("names Go types like reflect does", () => {
    expect(goTypeString(deploymentSchema)).toBe("v1.Deployment");
    expect(goTypeString(objectMeta)).toBe("v1.ObjectMeta");
    expect(goTypeString(list(port))).toBe("[]v1.WidgetPort");
    expect(goTypeString(map(quantity()))).toBe("map[string]resource.Quantity");
    expect(goTypeString(bytes())).toBe("[]uint8");
    expect(goTypeString(intOrString())).toBe("intstr.IntOrString");
  });
});

describe("parseQuantity (resource.ParseQuantity + String())", () => {
  const ok: [string, string][] = [
    ["0", "0"],
    ["100m", "100m"],
    ["0.5", "500m"],
    ["0.1", "100m"],
    ["1.5", "1500m"],
    ["1000m", "1"],
    ["2k", "2k"],
    ["1e3", "1e3"],
    ["1.5e3", "1500"],
    ["129e6", "129e6"],
    ["128974848", "128974848"],
    ["2Gi", "2Gi"],
    ["8Gi", "8Gi"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["0.5Ki", "512"],
    ["1.1Ki", "1126400m"],
    ["0.0000000001", "1n"],
    ["-1", "-1"],
    ["-000", "0"],
    ["12345678901234567890Ki", "9223372036854775807"],
  ];
  for (const [input, want] of ok) {
    it(`${input} → ${want}`, () => expect(parseQuantity(input)).toEqual({ ok: true, value: want }));
  }
  const bad: [string, string][] = [
    ["", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["abc", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["1Qi", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["12e", "unable to parse quantity's suffix"],
    ["1mi", "unable to parse quantity's suffix"],
  ];
  for (const [input, want] of bad) {
    it(`${JSON.stringify(input)} fails`, () => expect(parseQuantity(input)).toEqual({ ok: false, error: want }));
  }
});

describe("parseGoTime", () => {
  const err = (v: string) => {
    const r = parseGoTime(v, "RFC3339");
    return r.ok ? "ok" : r.error;
  };
  it("produces Go's time.Parse errors", () => {
    expect(err("2024-13-01T00:00:00Z")).toBe('parsing time "2024-13-01T00:00:00Z": month out of range');
    expect(err("2024-02-30T00:00:00Z")).toBe('parsing time "2024-02-30T00:00:00Z": day out of range');
    expect(err("2024-01-01")).toBe('parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"');
    expect(err("2024/01/01")).toBe(
      'parsing time "2024/01/01" as "2006-01-02T15:04:05Z07:00": cannot parse "/01/01" as "-"',
    );
    expect(err("2024-01-01T00:00:00Zx")).toBe('parsing time "2024-01-01T00:00:00Zx": extra text: "x"');
    expect(err("2024-01-01T00:00:00")).toBe(
      'parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    );
    expect(err("2024-02-29T23:59:59-01:30")).toBe("ok");
  });
});

describe("decodeBase64Go", () => {
  it("follows encoding/base64 error positions", () => {
    const e = (s: string) => {
      const r = decodeBase64Go(s);
      return r.ok ? new TextDecoder().decode(r.bytes) : r.error;
    };
    expect(e("aGVsbG8=")).toBe("hello");
    expect(e("aGVs\r\nbG8=")).toBe("hello");
    expect(e("")).toBe("");
    expect(e("a")).toBe("illegal base64 data at input byte 0");
    expect(e("aGVsbG8")).toBe("illegal base64 data at input byte 4");
    expect(e("aGVsbG8=x")).toBe("illegal base64 data at input byte 8");
    expect(e("aG=a")).toBe("illegal base64 data at input byte 2");
    expect(e("a===")).toBe("illegal base64 data at input byte 1");
  });
});
