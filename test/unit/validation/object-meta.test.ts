import { describe, expect, it } from "vitest";
import { fieldErrorString, invalid } from "../../../src/kube/errors";
import {
  GoValue,
  goIntOrString,
  goLabelSelector,
  goStringMap,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../../../src/kube/validation/object-meta";

const ns = { namespaced: true, nameRule: "subdomain" } as const;
const strs = (errs: Parameters<typeof fieldErrorString>[0][]) => errs.map(fieldErrorString);

describe("validateObjectMeta", () => {
  it("renders a bad pod name the way kubectl prints it", () => {
    const errs = validateObjectMeta({ name: "Bad_Name", namespace: "default" }, ns);
    expect(invalid("Pod", "", "Bad_Name", errs).message).toBe(
      `Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  it("requires a name or generateName, and a namespace for namespaced kinds", () => {
    expect(strs(validateObjectMeta({}, ns))).toEqual([
      "metadata.name: Required value: name or generateName is required",
      "metadata.namespace: Required value",
    ]);
  });

  it("validates generateName as a prefix (a trailing dash is fine)", () => {
    expect(validateObjectMeta({ generateName: "web-", name: "web-x7k2p", namespace: "default" }, ns)).toEqual([]);
    expect(strs(validateObjectMeta({ generateName: "Web-", name: "web-abcde", namespace: "default" }, ns))[0]).toMatch(
      /^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/,
    );
  });

  it("checks the namespace is a DNS label", () => {
    expect(strs(validateObjectMeta({ name: "a", namespace: "my.ns" }, ns))).toEqual([
      'metadata.namespace: Invalid value: "my.ns": must not contain dots',
    ]);
  });

  it("forbids a namespace on cluster-scoped kinds", () => {
    expect(
      strs(validateObjectMeta({ name: "n1", namespace: "x" }, { namespaced: false, nameRule: "subdomain" })),
    ).toEqual(["metadata.namespace: Forbidden: not allowed on this type"]);
  });

  it("applies the label name rule", () => {
    expect(strs(validateObjectMeta({ name: "a.b" }, { namespaced: false, nameRule: "label" }))).toEqual([
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
  });

  it("applies the path-segment name rule", () => {
    expect(strs(validateObjectMeta({ name: "a/b" }, { namespaced: false, nameRule: "path-segment" }))).toEqual([
      "metadata.name: Invalid value: \"a/b\": may not contain '/'",
    ]);
    expect(validateObjectMeta({ name: "system:admin" }, { namespaced: false, nameRule: "path-segment" })).toEqual([]);
  });

  it("validates labels and annotations", () => {
    const errs = strs(
      validateObjectMeta({ name: "a", namespace: "d", labels: { app: "bad value" }, annotations: { "-x": "" } }, ns),
    );
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^metadata\.labels: Invalid value: "bad value": a valid label must be an empty string/);
    expect(errs[1]).toMatch(/^metadata\.annotations: Invalid value: "-x": name part must consist of alphanumeric/);
  });

  it("checks owner references, at the list's path", () => {
    const errs = validateObjectMeta(
      { name: "a", namespace: "d", ownerReferences: [{ apiVersion: "", kind: "", name: "", uid: "" }] },
      ns,
    );
    expect(strs(errs)).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
  });

  it("allows at most one controller owner", () => {
    const ref = (name: string) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: name, controller: true });
    const errs = validateObjectMeta({ name: "a", namespace: "d", ownerReferences: [ref("one"), ref("two")] }, ns);
    expect(errs).toHaveLength(1);
    expect(errs[0].field).toBe("metadata.ownerReferences");
    expect(errs[0].detail).toBe(
      'Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/one and ReplicaSet/two',
    );
  });

  it("refuses Events as owners", () => {
    const errs = validateObjectMeta(
      { name: "a", namespace: "d", ownerReferences: [{ apiVersion: "v1", kind: "Event", name: "e", uid: "u" }] },
      ns,
    );
    expect(errs.map((e) => e.detail)).toEqual(["/v1, Kind=Event is disallowed from being an owner"]);
  });

  it("checks finalizer names", () => {
    expect(
      validateObjectMeta({ name: "a", namespace: "d", finalizers: ["kubernetes", "example.com/x", "orphan"] }, ns),
    ).toEqual([]);
    expect(strs(validateObjectMeta({ name: "a", namespace: "d", finalizers: ["foo"] }, ns))).toEqual([
      'metadata.finalizers[0]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    const both = validateObjectMeta({ name: "a", namespace: "d", finalizers: ["orphan", "foregroundDeletion"] }, ns);
    expect(both.map((e) => [e.field, String(e.value), e.detail])).toEqual([
      [
        "metadata.finalizers",
        '[]string{"orphan", "foregroundDeletion"}',
        "finalizer orphan and foregroundDeletion cannot be both set",
      ],
    ]);
  });

  it("rejects a negative generation", () => {
    expect(strs(validateObjectMeta({ name: "a", namespace: "d", generation: -1 }, ns))).toEqual([
      "metadata.generation: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });
});

describe("validateObjectMetaUpdate", () => {
  const old = {
    name: "a",
    namespace: "d",
    uid: "u1",
    resourceVersion: "5",
    creationTimestamp: "2024-01-02T03:04:05Z",
    generation: 2,
  };

  it("accepts an unchanged identity", () => {
    expect(validateObjectMetaUpdate({ ...old, labels: { x: "y" } }, old)).toEqual([]);
  });

  it("makes name, namespace and uid immutable", () => {
    expect(strs(validateObjectMetaUpdate({ ...old, name: "b", namespace: "e", uid: "u2" }, old))).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "e": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });

  it("prints creationTimestamp like Go's time.Time", () => {
    const errs = validateObjectMetaUpdate({ ...old, creationTimestamp: "2025-01-01T00:00:00Z" }, old);
    expect(errs).toHaveLength(1);
    expect(String(errs[0].value)).toBe("2025-01-01 00:00:00 +0000 UTC");
  });

  it("requires a resourceVersion and a non-decreasing generation", () => {
    expect(strs(validateObjectMetaUpdate({ ...old, resourceVersion: "", generation: 1 }, old))).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      "metadata.generation: Invalid value: 1: must not be decremented",
    ]);
    expect(
      validateObjectMetaUpdate({ ...old, resourceVersion: "" }, old, "metadata", { requireResourceVersion: false }),
    ).toEqual([]);
  });

  it("refuses new finalizers on an object being deleted", () => {
    const deleting = { ...old, deletionTimestamp: "2024-02-01T00:00:00Z", finalizers: ["a.io/x"] };
    expect(strs(validateObjectMetaUpdate({ ...deleting, finalizers: ["a.io/x", "b.io/y"] }, deleting))).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });
});

describe("Go %#v rendering", () => {
  it("renders maps, selectors and IntOrString like kube", () => {
    expect(goStringMap({ b: "2", a: "1" })).toBe('map[string]string{"a":"1", "b":"2"}');
    expect(goStringMap(undefined)).toBe("map[string]string(nil)");
    expect(goLabelSelector({ matchLabels: { app: "nginx2" } })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
    expect(goLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: ["a"] }] })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"k", Operator:"In", Values:[]string{"a"}}}}',
    );
    expect(goIntOrString(0)).toBe('intstr.IntOrString{Type:0, IntVal:0, StrVal:""}');
    expect(goIntOrString("150%")).toBe('intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}');
  });

  it("serializes to the plain value", () => {
    expect(JSON.stringify(new GoValue({ a: "1" }, "x"))).toBe('{"a":"1"}');
  });
});
