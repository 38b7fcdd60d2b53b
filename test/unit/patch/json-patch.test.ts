import { describe, expect, it } from "vitest";
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from "../../../src/kube/patch/json-patch";
import { REJECTED_PATCH_MESSAGE } from "../../../src/kube/patch/patch-errors";
import { statusOf } from "./helpers";

const pod = () => ({
  metadata: { name: "web", labels: { app: "web" }, finalizers: ["a", "b"] },
  spec: { containers: [{ name: "c1", image: "nginx" }] },
});

/** The operation failure the API server answers (its own text is dropped; ours is kept as the cause). */
function rejected(original: unknown, patch: unknown) {
  const s = statusOf(() => applyJsonPatch(original, patch));
  expect(s).toMatchObject({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    code: 422,
    reason: "Invalid",
    message: REJECTED_PATCH_MESSAGE,
    details: {},
  });
  return String(s.cause);
}

describe("applyJsonPatch: add", () => {
  it("adds an object member and replaces an existing one", () => {
    const out = applyJsonPatch(pod(), [
      { op: "add", path: "/metadata/labels/tier", value: "fe" },
      { op: "add", path: "/metadata/labels/app", value: "api" },
    ]);
    expect((out as ReturnType<typeof pod>).metadata.labels).toEqual({ app: "api", tier: "fe" });
  });

  it("inserts into an array at an index and appends with -", () => {
    const out = applyJsonPatch(pod(), [
      { op: "add", path: "/metadata/finalizers/1", value: "x" },
      { op: "add", path: "/metadata/finalizers/-", value: "z" },
      { op: "add", path: "/metadata/finalizers/4", value: "end" },
    ]) as ReturnType<typeof pod>;
    expect(out.metadata.finalizers).toEqual(["a", "x", "b", "z", "end"]);
  });

  it("counts negative indexes from the end, -1 appending (json-patch v4)", () => {
    const out = applyJsonPatch({ l: [1, 2, 3] }, [
      { op: "add", path: "/l/-1", value: 9 },
      { op: "add", path: "/l/-5", value: 0 },
    ]);
    expect(out).toEqual({ l: [0, 1, 2, 3, 9] });
  });

  it("adds a whole object, copying the value", () => {
    const value = { b: [1] };
    const out = applyJsonPatch({}, [{ op: "add", path: "/a", value }]) as { a: { b: number[] } };
    out.a.b.push(2);
    expect(value).toEqual({ b: [1] });
  });

  it("adds null when the value member is missing", () => {
    expect(applyJsonPatch({}, [{ op: "add", path: "/a" }])).toEqual({ a: null });
  });

  it("fails when a parent is missing (no intermediate objects are created)", () => {
    const cause = rejected(pod(), [{ op: "add", path: "/metadata/annotations/a", value: "b" }]);
    expect(cause).toContain('doc is missing path: "/metadata/annotations/a"');
  });

  it("fails when a parent is a scalar or null", () => {
    rejected({ a: "x" }, [{ op: "add", path: "/a/b", value: 1 }]);
    rejected({ a: null }, [{ op: "add", path: "/a/b", value: 1 }]);
  });

  it.each([["/l/4"], ["/l/-5"], ["/l/x"], ["/l/1.5"]])("fails for the array index %s", (path) => {
    rejected({ l: [1, 2, 3] }, [{ op: "add", path, value: 0 }]);
  });

  it("fails for an empty path (the whole document cannot be replaced)", () => {
    rejected({ a: 1 }, [{ op: "add", path: "", value: { b: 2 } }]);
  });

  it("addresses the empty member name with /", () => {
    expect(applyJsonPatch({}, [{ op: "add", path: "/", value: 1 }])).toEqual({ "": 1 });
  });
});

describe("applyJsonPatch: remove and replace", () => {
  it("removes object members and array elements", () => {
    const out = applyJsonPatch(pod(), [
      { op: "remove", path: "/metadata/labels/app" },
      { op: "remove", path: "/metadata/finalizers/0" },
      { op: "remove", path: "/spec/containers/-1" },
    ]) as ReturnType<typeof pod>;
    expect(out.metadata).toEqual({ name: "web", labels: {}, finalizers: ["b"] });
    expect(out.spec.containers).toEqual([]);
  });

  it("removes a member whose value is null", () => {
    expect(applyJsonPatch({ a: null, b: 1 }, [{ op: "remove", path: "/a" }])).toEqual({ b: 1 });
  });

  it("fails to remove a missing member or index", () => {
    expect(rejected(pod(), [{ op: "remove", path: "/metadata/annotations" }])).toContain(
      "Unable to remove nonexistent key: annotations",
    );
    rejected(pod(), [{ op: "remove", path: "/metadata/finalizers/2" }]);
    rejected(pod(), [{ op: "remove", path: "/metadata/finalizers/-" }]);
  });

  it("replaces object members and array elements", () => {
    const out = applyJsonPatch(pod(), [
      { op: "replace", path: "/spec/containers/0/image", value: "nginx:1.27" },
      { op: "replace", path: "/metadata/finalizers/1", value: "c" },
    ]) as ReturnType<typeof pod>;
    expect(out.spec.containers[0].image).toBe("nginx:1.27");
    expect(out.metadata.finalizers).toEqual(["a", "c"]);
  });

  it("replace of a missing object member adds it (json-patch v4)", () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: "replace", path: "/b", value: 2 }])).toEqual({ a: 1, b: 2 });
  });

  it("fails to replace a missing array index", () => {
    rejected({ l: [1] }, [{ op: "replace", path: "/l/1", value: 2 }]);
    rejected({ l: [1] }, [{ op: "replace", path: "/l/-1", value: 2 }]);
  });
});

describe("applyJsonPatch: move, copy and test", () => {
  it("moves a member and an array element", () => {
    const out = applyJsonPatch({ a: { x: 1 }, l: [1, 2, 3] }, [
      { op: "move", from: "/a/x", path: "/b" },
      { op: "move", from: "/l/0", path: "/l/-" },
    ]);
    expect(out).toEqual({ a: {}, b: 1, l: [2, 3, 1] });
  });

  it("fails to move from a missing member or into its own child", () => {
    rejected({ a: 1 }, [{ op: "move", from: "/b", path: "/c" }]);
    rejected({ a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a/b/c" }]);
  });

  it("copies deeply", () => {
    const out = applyJsonPatch({ a: { l: [1] } }, [
      { op: "copy", from: "/a", path: "/b" },
      { op: "add", path: "/b/l/-", value: 2 },
    ]);
    expect(out).toEqual({ a: { l: [1] }, b: { l: [1, 2] } });
  });

  it("copies null from a missing object member (json-patch v4)", () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: "copy", from: "/missing", path: "/b" }])).toEqual({ a: 1, b: null });
  });

  it("passes and fails tests", () => {
    const doc = { a: { b: "c" }, l: [1, { x: true }], n: null };
    expect(
      applyJsonPatch(doc, [
        { op: "test", path: "/a/b", value: "c" },
        { op: "test", path: "/l", value: [1, { x: true }] },
        { op: "test", path: "/n", value: null },
      ]),
    ).toEqual(doc);
    expect(rejected(doc, [{ op: "test", path: "/a/b", value: "d" }])).toContain("testing value /a/b failed");
    rejected(doc, [{ op: "test", path: "/l", value: [1] }]);
    rejected(doc, [{ op: "test", path: "/a/b", value: ["c"] }]);
    rejected(doc, [{ op: "test", path: "/l/5", value: 1 }]);
  });

  it("tests a missing member as null and compares objects one-way (json-patch v4)", () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: "test", path: "/missing", value: null }])).toEqual({ a: 1 });
    expect(applyJsonPatch({ o: { a: 1 } }, [{ op: "test", path: "/o", value: { a: 1, b: 2 } }])).toEqual({
      o: { a: 1 },
    });
    rejected({ o: { a: 1, b: 2 } }, [{ op: "test", path: "/o", value: { a: 1 } }]);
  });

  it("a failing test discards earlier operations", () => {
    const original = pod();
    rejected(original, [
      { op: "add", path: "/metadata/labels/x", value: "y" },
      { op: "test", path: "/metadata/name", value: "other" },
    ]);
    expect(original).toEqual(pod());
  });
});

describe("applyJsonPatch: pointers and operations", () => {
  it("unescapes ~1 and ~0 in one pass", () => {
    const out = applyJsonPatch({ metadata: { annotations: {} } }, [
      { op: "add", path: "/metadata/annotations/example.com~1owner", value: "a" },
      { op: "add", path: "/metadata/annotations/t~0x", value: "b" },
      { op: "add", path: "/metadata/annotations/k~01", value: "c" },
    ]);
    expect(out).toEqual({ metadata: { annotations: { "example.com/owner": "a", "t~x": "b", "k~1": "c" } } });
  });

  it("ignores the first path segment like the library (a/b addresses /b)", () => {
    expect(applyJsonPatch({}, [{ op: "add", path: "a/b", value: 1 }])).toEqual({ b: 1 });
  });

  it("rejects unknown operations and missing fields", () => {
    expect(rejected({}, [{ op: "merge", path: "/a", value: 1 }])).toContain("Unexpected kind: merge");
    expect(rejected({}, [{ path: "/a", value: 1 }])).toContain("Unexpected kind: unknown");
    rejected({}, [null]);
    rejected({}, [{ op: "add", value: 1 }]);
    rejected({ a: 1 }, [{ op: "move", path: "/b" }]);
    rejected({ a: 1 }, [{ op: "copy", from: "/a" }]);
    rejected({ a: 1 }, [{ op: "test", path: "/a" }]);
  });

  it("treats a null patch as empty", () => {
    expect(applyJsonPatch(pod(), null)).toEqual(pod());
    expect(applyJsonPatch(pod(), [])).toEqual(pod());
  });

  it("answers 400 for a body that is not a patch document", () => {
    expect(statusOf(() => applyJsonPatch({}, { op: "add" }))).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
    });
    expect(statusOf(() => applyJsonPatch({}, ["add"]))).toMatchObject({
      code: 400,
      message: "json: cannot unmarshal string into Go value of type jsonpatch.Operation",
    });
  });

  it("limits the number of operations", () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: "test", path: "/a", value: 1 }));
    expect(statusOf(() => applyJsonPatch({ a: 1 }, ops))).toMatchObject({
      code: 413,
      reason: "RequestEntityTooLarge",
      message: "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
    });
  });

  it("does not modify the original or the patch", () => {
    const original = pod();
    const patch = [{ op: "add", path: "/spec/containers/0/args", value: ["a"] }];
    const out = applyJsonPatch(original, patch) as { spec: { containers: { args: string[] }[] } };
    out.spec.containers[0].args.push("b");
    expect(original).toEqual(pod());
    expect(patch[0].value).toEqual(["a"]);
  });

  it("handles __proto__ as a member name", () => {
    const out = applyJsonPatch({ data: {} }, [{ op: "add", path: "/data/__proto__", value: "x" }]) as {
      data: object;
    };
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"data":{"__proto__":"x"}}');
  });
});
