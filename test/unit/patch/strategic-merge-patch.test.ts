import { describe, expect, it } from "vitest";
import { applyStrategicMergePatch } from "../../../src/kube/patch/strategic-merge-patch";
import { statusOf } from "./helpers";
import { configMap, deployment, directiveKeys, pod } from "./schemas";

type Json = Record<string, any>;

const smp = (original: unknown, patch: unknown, schema = pod) =>
  applyStrategicMergePatch(original, patch, schema) as Json;

/** The deployment of the "Update API Objects in Place Using kubectl patch" task page. */
const patchDemo = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "patch-demo", labels: { app: "nginx" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "nginx" } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: {
        containers: [{ name: "patch-demo-ctr", image: "nginx" }],
        tolerations: [{ effect: "NoSchedule", key: "dedicated", value: "test-team" }],
      },
    },
  },
});

describe("applyStrategicMergePatch: the kubectl patch task page", () => {
  it("merges containers by name; the new container comes first", () => {
    const out = smp(
      patchDemo(),
      { spec: { template: { spec: { containers: [{ name: "patch-demo-ctr-2", image: "redis" }] } } } },
      deployment,
    );
    expect(out.spec.template.spec.containers).toEqual([
      { name: "patch-demo-ctr-2", image: "redis" },
      { name: "patch-demo-ctr", image: "nginx" },
    ]);
  });

  it("replaces tolerations, which have no patch strategy", () => {
    const out = smp(
      patchDemo(),
      { spec: { template: { spec: { tolerations: [{ effect: "NoSchedule", key: "disktype", value: "ssd" }] } } } },
      deployment,
    );
    expect(out.spec.template.spec.tolerations).toEqual([{ effect: "NoSchedule", key: "disktype", value: "ssd" }]);
  });

  it("keeps rollingUpdate when only the strategy type changes", () => {
    const out = smp(patchDemo(), { spec: { strategy: { type: "Recreate" } } }, deployment);
    expect(out.spec.strategy).toEqual({
      type: "Recreate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
  });

  it("clears the fields $retainKeys does not list", () => {
    const out = smp(patchDemo(), { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } }, deployment);
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
    expect(directiveKeys(out)).toEqual([]);
  });

  it("replaces the list with --type merge semantics only when asked with $patch: replace", () => {
    const out = smp(
      patchDemo(),
      { spec: { template: { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "busybox" }] } } } },
      deployment,
    );
    expect(out.spec.template.spec.containers).toEqual([{ name: "only", image: "busybox" }]);
  });
});

describe("applyStrategicMergePatch: maps", () => {
  it("merges nested maps and deletes keys set to null", () => {
    const out = smp(
      { metadata: { name: "p", labels: { a: "1", b: "2" }, annotations: { x: "y" } } },
      { metadata: { labels: { b: null, c: "3" }, annotations: null } },
    );
    expect(out.metadata).toEqual({ name: "p", labels: { a: "1", c: "3" } });
  });

  it("ignores null for absent keys and drops nulls inside new values", () => {
    const out = smp({ metadata: { name: "p" } }, { metadata: { labels: { a: "1", b: null }, annotations: null } });
    expect(out.metadata).toEqual({ name: "p", labels: { a: "1" } });
  });

  it("replaces a value whose JSON type changes", () => {
    const out = smp({ spec: { nodeSelector: "x" } }, { spec: { nodeSelector: { disk: "ssd", gone: null } } });
    expect(out.spec.nodeSelector).toEqual({ disk: "ssd" });
  });

  it("$patch: replace replaces a map", () => {
    const out = smp(
      { metadata: { labels: { a: "1", b: "2" } } },
      { metadata: { labels: { $patch: "replace", c: "3" } } },
    );
    expect(out.metadata.labels).toEqual({ c: "3" });
  });

  it("$patch: delete empties a map (the key stays)", () => {
    const out = smp({ metadata: { name: "p", labels: { a: "1" } } }, { metadata: { labels: { $patch: "delete" } } });
    expect(out.metadata).toEqual({ name: "p", labels: {} });
  });

  it("$patch: replace at the top replaces the whole object", () => {
    const out = smp(
      { metadata: { name: "p" }, spec: { restartPolicy: "Always" } },
      {
        $patch: "replace",
        metadata: { name: "q" },
      },
    );
    expect(out).toEqual({ metadata: { name: "q" } });
  });

  it("drops a new value that carries a $patch directive (removeDirectives)", () => {
    const out = smp({ metadata: { name: "p" } }, { metadata: { labels: { $patch: "replace", a: "1" } } });
    expect(out.metadata).toEqual({ name: "p" });
  });

  it("rejects $patch: merge on a map like the Go code", () => {
    const s = statusOf(() => smp({ metadata: { labels: { a: "1" } } }, { metadata: { labels: { $patch: "merge" } } }));
    expect(s).toMatchObject({ code: 500, reason: "", message: "unknown patch type: merge in map: map[$patch:merge]" });
  });

  it("rejects an unknown map directive, printing it with %s", () => {
    const s = statusOf(() =>
      smp({ spec: { nodeSelector: { a: "1" } } }, { spec: { nodeSelector: { $patch: 1, b: "x" } } }),
    );
    expect(s.message).toBe("unknown patch type: %!s(int64=1) in map: map[$patch:1 b:x]");
  });

  it("falls back to JSON merge semantics for undeclared fields", () => {
    const out = smp(
      { spec: { extra: { a: 1, l: [1, 2] } } },
      { spec: { extra: { b: 2, l: [3] }, other: { x: null, y: 1 } } },
    );
    expect(out.spec).toEqual({ extra: { a: 1, b: 2, l: [3] }, other: { y: 1 } });
  });

  it("falls back to JSON merge semantics inside free-form (any) fields", () => {
    const out = smp(
      { status: { conditions: [{ type: "A" }], phase: "Running", nested: { a: 1 } } },
      { status: { conditions: [{ type: "B" }], nested: { b: 2, a: null } } },
    );
    expect(out.status).toEqual({ conditions: [{ type: "B" }], phase: "Running", nested: { b: 2 } });
  });

  it("handles map schemas (ConfigMap data) and __proto__ keys as data", () => {
    const original = { data: JSON.parse('{"a":"1","__proto__":"2"}') };
    const out = smp(original, JSON.parse('{"data":{"__proto__":"3","b":"4"}}'), configMap);
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(JSON.stringify(out.data)).toBe('{"a":"1","__proto__":"3","b":"4"}');
  });
});

describe("applyStrategicMergePatch: lists", () => {
  const twoContainers = () => ({
    spec: {
      containers: [
        {
          name: "app",
          image: "app:1",
          ports: [{ containerPort: 80, name: "http" }, { containerPort: 443 }],
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
          args: ["--a", "--b"],
        },
        { name: "sidecar", image: "envoy" },
      ],
    },
  });

  it("merges nested lists by their merge keys", () => {
    const out = smp(twoContainers(), {
      spec: {
        containers: [
          {
            name: "app",
            image: "app:2",
            ports: [{ containerPort: 80, protocol: "TCP" }],
            env: [{ name: "B", value: "3" }],
            args: ["--c"],
          },
        ],
      },
    });
    expect(out.spec.containers).toEqual([
      {
        name: "app",
        image: "app:2",
        ports: [{ containerPort: 80, name: "http", protocol: "TCP" }, { containerPort: 443 }],
        env: [
          { name: "A", value: "1" },
          { name: "B", value: "3" },
        ],
        args: ["--c"],
      },
      { name: "sidecar", image: "envoy" },
    ]);
  });

  it("deletes list items with $patch: delete", () => {
    const out = smp(twoContainers(), {
      spec: {
        containers: [
          { name: "sidecar", $patch: "delete" },
          { name: "app", env: [{ name: "A", $patch: "delete" }] },
        ],
      },
    });
    expect(out.spec.containers).toHaveLength(1);
    expect(out.spec.containers[0].env).toEqual([{ name: "B", value: "2" }]);
    expect(directiveKeys(out)).toEqual([]);
  });

  it("orders patch items by the patch, keeping server-only items before the items they preceded", () => {
    const original = { spec: { containers: [{ name: "a" }, { name: "b" }, { name: "c" }] } };
    const out = smp(original, {
      spec: {
        containers: [
          { name: "c", image: "x" },
          { name: "a", image: "y" },
        ],
      },
    });
    expect(out.spec.containers.map((c: Json) => c.name)).toEqual(["b", "c", "a"]);
  });

  it("unites finalizers (a merge set of scalars) and puts new items first", () => {
    const original = { metadata: { finalizers: ["a", "b"] } };
    expect(smp(original, { metadata: { finalizers: ["c"] } }).metadata.finalizers).toEqual(["c", "a", "b"]);
    expect(smp(original, { metadata: { finalizers: ["b", "c"] } }).metadata.finalizers).toEqual(["a", "b", "c"]);
    expect(smp(original, { metadata: { finalizers: ["a"] } }).metadata.finalizers).toEqual(["a", "b"]);
  });

  it("merges ownerReferences by uid", () => {
    const original = { metadata: { ownerReferences: [{ uid: "1", kind: "ReplicaSet", name: "rs" }] } };
    const out = smp(original, { metadata: { ownerReferences: [{ uid: "1", controller: true }] } });
    expect(out.metadata.ownerReferences).toEqual([{ uid: "1", kind: "ReplicaSet", name: "rs", controller: true }]);
  });

  it("$deleteFromPrimitiveList removes scalars, even from lists without a merge strategy", () => {
    const out = smp(
      { metadata: { finalizers: ["a", "b", "a"] }, spec: { containers: [{ name: "c", args: ["x", "y"] }] } },
      {
        metadata: { "$deleteFromPrimitiveList/finalizers": ["a", "zzz"] },
        spec: { containers: [{ name: "c", "$deleteFromPrimitiveList/args": ["y"] }] },
      },
    );
    expect(out.metadata.finalizers).toEqual(["b"]);
    expect(out.spec.containers[0].args).toEqual(["x"]);
  });

  it("$deleteFromPrimitiveList never creates the list", () => {
    const out = smp({ metadata: { name: "p" } }, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } });
    expect(out.metadata).toEqual({ name: "p" });
  });

  it("$setElementOrder reorders a merged list (kubectl apply)", () => {
    const out = smp(
      { spec: { containers: [{ name: "a" }, { name: "b", image: "b1" }, { name: "x" }] } },
      {
        spec: {
          "$setElementOrder/containers": [{ name: "b" }, { name: "new" }, { name: "a" }],
          containers: [
            { name: "b", image: "b2" },
            { name: "new", image: "n" },
          ],
        },
      },
    );
    expect(out.spec.containers).toEqual([
      { name: "b", image: "b2" },
      { name: "new", image: "n" },
      { name: "a" },
      { name: "x" },
    ]);
  });

  it("$setElementOrder with deletions inside a new container leaves no directive behind", () => {
    const out = smp(
      { spec: { containers: [{ name: "a" }] } },
      {
        spec: {
          "$setElementOrder/containers": [{ name: "a" }, { name: "b" }],
          containers: [
            {
              name: "b",
              "$setElementOrder/env": [{ name: "X" }],
              env: [
                { name: "X", value: "1" },
                { name: "gone", $patch: "delete" },
              ],
              ports: null,
            },
          ],
        },
      },
    );
    expect(out.spec.containers).toEqual([{ name: "a" }, { name: "b", env: [{ name: "X", value: "1" }] }]);
    expect(directiveKeys(out)).toEqual([]);
  });

  it("retainKeys on list items switches a volume source", () => {
    const out = smp(
      {
        spec: {
          volumes: [
            { name: "data", emptyDir: {} },
            { name: "cfg", configMap: { name: "c" } },
          ],
        },
      },
      { spec: { volumes: [{ name: "data", $retainKeys: ["hostPath", "name"], hostPath: { path: "/srv" } }] } },
    );
    expect(out.spec.volumes).toEqual([
      { name: "data", hostPath: { path: "/srv" } },
      { name: "cfg", configMap: { name: "c" } },
    ]);
  });

  it('matches merge keys by value and type (80 is not "80")', () => {
    const original = { spec: { containers: [{ name: "c", ports: [{ containerPort: 80 }] }] } };
    const out = smp(original, { spec: { containers: [{ name: "c", ports: [{ containerPort: "80" }] }] } });
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: "80" }, { containerPort: 80 }]);
  });

  it("keeps the empty list when both sides are empty", () => {
    expect(smp({ metadata: { finalizers: [] } }, { metadata: { finalizers: [] } }).metadata.finalizers).toEqual([]);
  });
});

describe("applyStrategicMergePatch: errors", () => {
  const original = { spec: { containers: [{ name: "c", image: "a" }] } };

  it("a list item without its merge key is a 500 naming the item", () => {
    const s = statusOf(() => smp(original, { spec: { containers: [{ image: "nginx" }] } }));
    expect(s).toMatchObject({
      code: 500,
      reason: "",
      message: "map: map[image:nginx] does not contain declared merge key: name",
    });
  });

  it("a delete directive without the merge key is a 500", () => {
    const s = statusOf(() => smp(original, { spec: { containers: [{ $patch: "delete" }] } }));
    expect(s.message).toBe("map: map[$patch:delete] does not contain declared merge key: name");
  });

  it("$patch: merge and unknown directives on list items are 500s", () => {
    expect(statusOf(() => smp(original, { spec: { containers: [{ name: "c", $patch: "merge" }] } })).message).toBe(
      "merging lists cannot yet be specified in the patch",
    );
    expect(statusOf(() => smp(original, { spec: { containers: [{ name: "c", $patch: "nope" }] } })).message).toBe(
      "unknown patch type: nope in map: map[$patch:nope name:c]",
    );
  });

  it("mixed element types are a 500", () => {
    const s = statusOf(() => smp({ metadata: { finalizers: ["a"] } }, { metadata: { finalizers: [{ x: 1 }] } }));
    expect(s).toMatchObject({ code: 500, message: "list element types are not identical: [[a] [map[x:1]]]" });
  });

  it("lists of lists are a 422 with the canned message", () => {
    const s = statusOf(() => smp({ metadata: { finalizers: [] } }, { metadata: { finalizers: [["a"]] } }));
    expect(s).toMatchObject({
      code: 422,
      reason: "Invalid",
      message: "the server rejected our request due to an error in our request",
      details: {},
    });
    expect(s.cause).toBe("lists of lists are not supported");
  });

  it("maps in a merge list of scalars need a merge key", () => {
    const s = statusOf(() => smp({ metadata: { finalizers: [] } }, { metadata: { finalizers: [{ a: 1 }] } }));
    expect(s.message).toBe("cannot merge lists without merge key for string");
  });

  it("malformed $retainKeys is a 400", () => {
    const bad = (strategy: unknown) => statusOf(() => smp(patchDemo(), { spec: { strategy } }, deployment));
    expect(bad({ $retainKeys: "type", type: "Recreate" })).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message: "invalid patch format of retainKeys",
    });
    expect(bad({ $retainKeys: ["rollingUpdate"], type: "Recreate" }).message).toBe(
      "invalid patch format of retainKeys",
    );
    // null values and directive lists need not be listed
    expect(
      smp(
        patchDemo(),
        { spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: null } } },
        deployment,
      ).spec.strategy,
    ).toEqual({ type: "Recreate" });
  });

  it("malformed directive keys are 400s", () => {
    expect(statusOf(() => smp(original, { spec: { "$setElementOrderX/containers": [] } }))).toMatchObject({
      code: 400,
      message: "invalid patch format of setElementOrder list",
    });
    expect(statusOf(() => smp(original, { spec: { $deleteFromPrimitiveList: ["a"] } }))).toMatchObject({
      code: 400,
      message: "invalid patch format of primitive list",
    });
  });

  it("a $setElementOrder that is not a list, or disagrees with the patch list, is a 500", () => {
    expect(statusOf(() => smp(original, { spec: { "$setElementOrder/containers": "c" } })).message).toBe(
      "expected a []interface {}, but received a string",
    );
    const s = statusOf(() =>
      smp(
        { spec: { containers: [{ name: "a" }, { name: "b" }] } },
        {
          spec: {
            "$setElementOrder/containers": [{ name: "a" }, { name: "b" }],
            containers: [{ name: "b" }, { name: "a" }],
          },
        },
      ),
    );
    expect(s.message).toBe(
      "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
    );
  });

  it("a patch that is not a JSON object is a 400; null is an empty patch", () => {
    expect(statusOf(() => smp(original, [1]))).toMatchObject({
      code: 400,
      message: "json: cannot unmarshal array into Go value of type map[string]interface {}",
    });
    expect(statusOf(() => smp(original, "x")).message).toBe(
      "json: cannot unmarshal string into Go value of type map[string]interface {}",
    );
    expect(smp(original, null)).toEqual(original);
  });
});

describe("applyStrategicMergePatch: purity", () => {
  it("does not modify the original or the patch", () => {
    const original = patchDemo();
    const patch = {
      spec: {
        strategy: { $retainKeys: ["type"], type: "Recreate" },
        template: {
          spec: {
            containers: [
              { name: "patch-demo-ctr", $patch: "delete" },
              { name: "n", env: [{ name: "A" }] },
            ],
          },
        },
      },
    };
    const patchCopy = structuredClone(patch);
    const out = smp(original, patch, deployment);
    out.spec.template.spec.containers[0].env.push({ name: "B" });
    expect(original).toEqual(patchDemo());
    expect(patch).toEqual(patchCopy);
  });
});
