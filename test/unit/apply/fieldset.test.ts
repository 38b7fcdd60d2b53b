import { describe, expect, it } from "vitest";
import {
  compareTyped,
  FieldSet,
  fieldPath,
  fieldPE,
  fieldSetOf,
  keyPE,
  mergeTyped,
  pathString,
  removeItems,
  validateTyped,
  valuePE,
} from "../../../src/kube/apply/fieldset";
import { deployment, nginxDeployment, widget } from "./schemas";

// What kube stores for `kubectl create deployment nginx --image=nginx --port=80` (manager kubectl-create).
const kubeFieldsV1 = {
  "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
  "f:spec": {
    "f:progressDeadlineSeconds": {},
    "f:replicas": {},
    "f:selector": {},
    "f:strategy": { "f:rollingUpdate": { ".": {}, "f:maxSurge": {}, "f:maxUnavailable": {} }, "f:type": {} },
    "f:template": {
      "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
      "f:spec": {
        "f:containers": {
          'k:{"name":"nginx"}': {
            ".": {},
            "f:image": {},
            "f:imagePullPolicy": {},
            "f:name": {},
            "f:ports": {
              ".": {},
              'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:protocol": {} },
            },
            "f:resources": {},
          },
        },
        "f:dnsPolicy": {},
        "f:restartPolicy": {},
      },
    },
  },
};

describe("FieldsV1", () => {
  it("round-trips kube's encoding, including key order", () => {
    const set = FieldSet.fromFieldsV1(kubeFieldsV1);
    expect(JSON.stringify(set.toFieldsV1())).toBe(JSON.stringify(kubeFieldsV1));
    expect(set.has(fieldPath("spec", "replicas"))).toBe(true);
    expect(set.has(fieldPath("spec", "strategy", "rollingUpdate"))).toBe(true); // the "." member
    expect(set.has(fieldPath("spec", "strategy"))).toBe(false);
    const portPath = [
      ...fieldPath("spec", "template", "spec", "containers"),
      keyPE({ name: "nginx" }),
      fieldPE("ports"),
      keyPE({ protocol: "TCP", containerPort: 80 }),
    ];
    expect(set.has(portPath)).toBe(true);
    expect(pathString(portPath)).toBe(
      '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
    );
  });

  it("decodes unsorted keys and unknown element types, sorts on output", () => {
    const set = FieldSet.fromFieldsV1({
      "f:b": {},
      'k:{"protocol":"UDP","containerPort":53}': {},
      "f:a": { "f:y": {}, "f:x": {} },
      "z:future": {},
      'v:"x"': {},
      "i:2": {},
    });
    expect(Object.keys(set.toFieldsV1())).toEqual([
      "f:a",
      "f:b",
      'k:{"containerPort":53,"protocol":"UDP"}',
      'v:"x"',
      "i:2",
    ]);
    expect(Object.keys(set.toFieldsV1()["f:a"] as object)).toEqual(["f:x", "f:y"]);
  });

  it("rejects malformed keys", () => {
    expect(() => FieldSet.fromFieldsV1({ x: {} })).toThrow(/key must be 2 characters long/);
    expect(() => FieldSet.fromFieldsV1({ "f-a": {} })).toThrow(/missing colon/);
    expect(() => FieldSet.fromFieldsV1({ "k:{bad": {} })).toThrow();
  });

  it("escapes list keys like Go's encoder", () => {
    const s = FieldSet.of([fieldPE("env"), keyPE({ name: "<a&b>" })]);
    expect(Object.keys(s.toFieldsV1()["f:env"] as object)).toEqual(['k:{"name":"\\u003ca\\u0026b\\u003e"}']);
  });
});

describe("set algebra", () => {
  const a = FieldSet.of(
    fieldPath("spec", "replicas"),
    fieldPath("spec", "paused"),
    fieldPath("metadata", "labels", "x"),
  );
  const b = FieldSet.of(fieldPath("spec", "replicas"), fieldPath("metadata", "labels"));

  it("union, intersection, difference", () => {
    expect(a.union(b).size()).toBe(4);
    expect(a.intersection(b).paths().map(pathString)).toEqual([".spec.replicas"]);
    expect(a.difference(b).paths().map(pathString)).toEqual([".metadata.labels.x", ".spec.paused"]);
    expect(a.difference(a).isEmpty()).toBe(true);
  });

  it("recursive difference removes children of members", () => {
    expect(a.recursiveDifference(b).paths().map(pathString)).toEqual([".spec.paused"]);
    expect(
      a
        .recursiveDifference(FieldSet.of(fieldPath("spec")))
        .paths()
        .map(pathString),
    ).toEqual([".metadata.labels.x"]);
  });

  it("iterates members before children, each sorted", () => {
    const s = FieldSet.of(fieldPath("spec", "template", "x"), fieldPath("spec", "replicas"), fieldPath("kind"));
    expect(s.paths().map(pathString)).toEqual([".kind", ".spec.replicas", ".spec.template.x"]);
  });
});

describe("fieldSetOf", () => {
  it("gives the leaves: keyed items, set values, atomic structs, non-struct map keys", () => {
    const d = nginxDeployment({ replicas: 2 });
    (d.metadata as Record<string, unknown>).finalizers = ["a", "b"];
    (d.spec.template.spec.containers[0] as Record<string, unknown>).args = ["-g", "daemon off;"];
    const fv = fieldSetOf(d, deployment).toFieldsV1();
    expect(fv).toEqual({
      "f:apiVersion": {},
      "f:kind": {},
      "f:metadata": {
        "f:finalizers": { 'v:"a"': {}, 'v:"b"': {} },
        "f:labels": { "f:app": {} },
        "f:name": {},
        "f:namespace": {},
      },
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"nginx"}': {
                ".": {},
                "f:args": {},
                "f:image": {},
                "f:name": {},
                "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
              },
            },
          },
        },
      },
    });
  });

  it("deduces free-form values: maps granular with members, lists atomic", () => {
    const fv = fieldSetOf({ spec: { a: { b: 1 }, l: [1, 2] } }, widget).toFieldsV1();
    expect(fv).toEqual({ "f:spec": { "f:a": { ".": {}, "f:b": {} }, "f:l": {} } });
  });
});

describe("compare, merge, remove", () => {
  it("compares leaves and marks added/removed nodes", () => {
    const l = nginxDeployment({ replicas: 1 });
    const r = nginxDeployment({ replicas: 3, image: "nginx:1.28" });
    (r.spec.template.spec.containers as unknown[]).push({ name: "side", image: "busybox" });
    const c = compareTyped(l, r, deployment);
    expect(c.modified.paths().map(pathString)).toEqual([
      ".spec.replicas",
      '.spec.template.spec.containers[name="nginx"].image',
    ]);
    expect(c.added.paths().map(pathString)).toEqual([
      '.spec.template.spec.containers[name="side"]',
      '.spec.template.spec.containers[name="side"].image',
      '.spec.template.spec.containers[name="side"].name',
    ]);
    expect(c.removed.isEmpty()).toBe(true);
  });

  it("merges associative lists by key and keeps both sides' order", () => {
    const live = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "a", image: "1" },
              { name: "b", image: "1" },
            ],
          },
        },
      },
    };
    const cfg = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "c", image: "2" },
              { name: "a", image: "2" },
            ],
          },
        },
      },
    };
    const out = mergeTyped(live, cfg, deployment) as typeof live;
    expect(out.spec.template.spec.containers).toEqual([
      { name: "c", image: "2" },
      { name: "a", image: "2" },
      { name: "b", image: "1" },
    ]);
  });

  it("replaces atomic lists and structs, merges sets", () => {
    const live = {
      metadata: { finalizers: ["x"] },
      spec: {
        selector: { matchLabels: { a: "1", b: "2" } },
        template: { spec: { containers: [{ name: "c", args: ["1", "2"] }] } },
      },
    };
    const cfg = {
      metadata: { finalizers: ["y"] },
      spec: { selector: { matchLabels: { a: "1" } }, template: { spec: { containers: [{ name: "c", args: ["3"] }] } } },
    };
    expect(mergeTyped(live, cfg, deployment)).toEqual({
      metadata: { finalizers: ["x", "y"] },
      spec: { selector: { matchLabels: { a: "1" } }, template: { spec: { containers: [{ name: "c", args: ["3"] }] } } },
    });
  });

  it("removes fields and items", () => {
    const v = nginxDeployment({ replicas: 2 });
    const out = removeItems(
      v,
      FieldSet.of(fieldPath("spec", "replicas"), [
        ...fieldPath("spec", "template", "spec", "containers"),
        keyPE({ name: "nginx" }),
      ]),
      deployment,
    ) as { spec: Record<string, unknown> };
    expect(out.spec.replicas).toBeUndefined();
    // an emptied list becomes null, as in Go
    expect((out.spec.template as { spec: { containers: unknown } }).spec.containers).toBeNull();
    expect(FieldSet.of([fieldPE("finalizers"), valuePE("a")]).has([fieldPE("finalizers"), valuePE("a")])).toBe(true);
  });

  it("validates applied configurations like structured-merge-diff", () => {
    const d = nginxDeployment() as Record<string, any>;
    d.spec.template.spec.containers.push({ image: "x" });
    d.spec.template.spec.containers.push({ name: "nginx" });
    d.spec.replicas = "3";
    d.spec.foo = 1;
    expect(
      validateTyped(d, deployment)
        .map((e) => `${e.path}: ${e.message}`)
        .sort(),
    ).toEqual([
      ".spec.replicas: expected numeric (int or float), got string",
      '.spec.template.spec.containers: duplicate entries for key [name="nginx"]',
      '.spec.template.spec.containers: element 1: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ]);
    expect(validateTyped(d, deployment, { strict: true }).map((e) => e.path)).toContain(".spec.foo");
  });
});
