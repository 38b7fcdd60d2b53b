import { describe, expect, it } from "vitest";
import { BundleError, bundleFromValues, parseBundle } from "../../../src/webhooks/bundle";

const errorOf = (f: () => unknown): BundleError => {
  try {
    f();
  } catch (e) {
    if (e instanceof BundleError) return e;
    throw e;
  }
  throw new Error("expected a BundleError");
};

describe("parseBundle", () => {
  it("reads a multi-document YAML bundle, skipping empty and comment-only documents", () => {
    const objs = parseBundle(`# the app
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
---
# nothing here
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
...
`);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Namespace/shop", "Deployment/web"]);
    expect(objs[1].spec).toEqual({ replicas: 2 });
  });

  it("reads a single JSON object exactly, and a JSON document among YAML ones", () => {
    const big = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"n":"1e400","v":"0x10"}}';
    expect(parseBundle(big)[0].data).toEqual({ n: "1e400", v: "0x10" });
    const mixed = `${big}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n`;
    expect(parseBundle(mixed).map((o) => o.kind)).toEqual(["ConfigMap", "Secret"]);
  });

  it("flattens kind: List (and typed lists like ConfigMapList), nested lists included", () => {
    const objs = parseBundle(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: a}
- apiVersion: v1
  kind: ConfigMapList
  items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
---
apiVersion: v1
kind: List
items: []
`);
    expect(objs.map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
  });

  it("names the document index and line of a YAML syntax error", () => {
    const e = errorOf(() =>
      parseBundle(`apiVersion: v1
kind: ConfigMap
metadata: {name: ok}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
 data: [
`),
    );
    expect(e.index).toBe(1);
    expect(e.message).toMatch(/^document 2 \(line 5\): yaml: /);
  });

  it("names the document holding junk that is not an object, and an object missing apiVersion or kind", () => {
    const junk = errorOf(() =>
      parseBundle("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\njust some text\n"),
    );
    expect(junk.message).toBe(
      'document 2 (line 5): expected a Kubernetes object (a mapping with apiVersion and kind), found a string ("just some text")',
    );
    // A leading `---` opens the first document; the second one is index 1.
    const noKind = errorOf(() => parseBundle("---\n---\nmetadata:\n  name: x\n"));
    expect(noKind.message).toBe("document 2 (line 3): error validating data: [apiVersion not set, kind not set]");
    const inList = errorOf(() => parseBundle("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"));
    expect(inList.message).toBe("document 1 (line 1), item 0: error validating data: [metadata.name not set]");
  });

  it("refuses duplicate keys (as kubectl's strict decoding does)", () => {
    expect(errorOf(() => parseBundle("apiVersion: v1\nkind: ConfigMap\nkind: Secret\n")).message).toMatch(
      /^document 1 \(line 1\): yaml: Map keys must be unique/,
    );
  });

  it("limits the number of objects and the size of the bundle", () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    const five = Array.from({ length: 5 }, (_, i) => doc(i)).join("---\n");
    expect(parseBundle(five, { maxObjects: 5 })).toHaveLength(5);
    expect(errorOf(() => parseBundle(five, { maxObjects: 4 })).message).toBe(
      "the bundle holds more than 4 objects; split it into several deliveries",
    );
    expect(errorOf(() => parseBundle(five, { maxBytes: 100 })).message).toMatch(
      /^the bundle is \d+ bytes; at most 100/,
    );
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    expect(() => parseBundle(lines.join("\n"))).toThrow(BundleError);
  });

  it("takes objects already decoded from JSON", () => {
    const objs = bundleFromValues([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } },
      null,
      { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Secret", metadata: { name: "b" } }] },
    ]);
    expect(objs.map((o) => o.kind)).toEqual(["ConfigMap", "Secret"]);
    expect(errorOf(() => bundleFromValues([{ kind: "Pod" }])).message).toBe(
      "document 1: error validating data: [apiVersion not set, metadata.name not set]",
    );
  });
});
