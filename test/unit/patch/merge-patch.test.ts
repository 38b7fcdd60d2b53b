import { describe, expect, it } from "vitest";
import { applyMergePatch, INVALID_JSON_PATCH } from "../../../src/kube/patch/merge-patch";
import { statusOf } from "./helpers";

describe("applyMergePatch", () => {
  // RFC 7396 Appendix A, minus the two cases where evanphx/json-patch rejects the patch (see below).
  const rfcExamples: [unknown, unknown, unknown][] = [
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ],
    [{ a: "b" }, ["c"], ["c"]],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(rfcExamples)("RFC 7396 example %j + %j", (original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual(expected);
  });

  it("merges labels and replaces lists whole", () => {
    const pod = {
      metadata: { name: "p", labels: { app: "web", tier: "fe" } },
      spec: { containers: [{ name: "a", image: "nginx" }, { name: "b" }] },
    };
    const out = applyMergePatch(pod, {
      metadata: { labels: { tier: null, env: "prod" } },
      spec: { containers: [{ name: "c", image: "redis" }] },
    });
    expect(out).toEqual({
      metadata: { name: "p", labels: { app: "web", env: "prod" } },
      spec: { containers: [{ name: "c", image: "redis" }] },
    });
  });

  it("ignores null for a member the document lacks", () => {
    expect(applyMergePatch({ a: 1 }, { b: null })).toEqual({ a: 1 });
  });

  it("prunes nulls inside added objects and objects inside arrays, but keeps null array elements", () => {
    expect(applyMergePatch({}, { a: { b: null, c: [null, { d: null, e: 1 }] } })).toEqual({
      a: { c: [null, { e: 1 }] },
    });
  });

  it("prunes nulls when a scalar is replaced by an object", () => {
    expect(applyMergePatch({ a: "x" }, { a: { b: null, c: 1 } })).toEqual({ a: { c: 1 } });
  });

  it("keeps nested nulls when an object is replaced by an array (evanphx quirk)", () => {
    expect(applyMergePatch({ a: { b: 1 } }, { a: [{ c: null }] })).toEqual({ a: [{ c: null }] });
  });

  it("treats a null member of the document as absent", () => {
    expect(applyMergePatch({ a: null }, { a: { b: 1, c: null } })).toEqual({ a: { b: 1 } });
  });

  it("rejects a null patch with 400 Invalid JSON Patch", () => {
    const s = statusOf(() => applyMergePatch({ a: 1 }, null));
    expect(s).toMatchObject({ code: 400, reason: "BadRequest", message: INVALID_JSON_PATCH });
  });

  it.each([["bar"], [5], [true]])("rejects the scalar patch %j with 400", (patch) => {
    expect(statusOf(() => applyMergePatch({ a: 1 }, patch))).toMatchObject({
      code: 400,
      message: "Invalid JSON Patch",
    });
  });

  it("does not modify its inputs", () => {
    const original = { a: { b: 1 }, l: [1] };
    const patch = { a: { c: 2 }, l: [2] };
    const out = applyMergePatch(original, patch) as { a: unknown };
    expect(original).toEqual({ a: { b: 1 }, l: [1] });
    expect(patch).toEqual({ a: { c: 2 }, l: [2] });
    expect(out.a).not.toBe(original.a);
  });

  it("handles a __proto__ member as data", () => {
    const original = JSON.parse('{"data":{"x":"1"}}');
    const patch = JSON.parse('{"data":{"__proto__":"y"}}');
    const out = applyMergePatch(original, patch) as { data: Record<string, unknown> };
    expect(Object.keys(out.data)).toEqual(["x", "__proto__"]);
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"data":{"x":"1","__proto__":"y"}}');
  });
});
