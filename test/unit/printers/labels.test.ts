import { describe, expect, it } from "vitest";
import { formatLabelSelector, formatLabels, labelSelectorString } from "../../../src/kube/printers/labels";

describe("formatLabels", () => {
  it("sorted k=v pairs, <none> when empty", () => {
    expect(formatLabels({ b: "2", a: "1" })).toBe("a=1,b=2");
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels(undefined)).toBe("<none>");
    expect(formatLabels({ "app.kubernetes.io/name": "x", app: "" })).toBe("app=,app.kubernetes.io/name=x");
  });
});

describe("label selectors (metav1.FormatLabelSelector)", () => {
  it.each([
    [undefined, "<none>"],
    [null, "<none>"],
    [{}, "<none>"],
    [{ matchLabels: { app: "nginx" } }, "app=nginx"],
    [{ matchLabels: { tier: "web", app: "nginx" } }, "app=nginx,tier=web"],
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] }, "tier in (a,b)"],
    [
      { matchLabels: { app: "nginx" }, matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] },
      "app=nginx,tier in (a,b)",
    ],
    [{ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, "env notin (prod)"],
    [{ matchExpressions: [{ key: "gpu", operator: "Exists" }] }, "gpu"],
    [{ matchExpressions: [{ key: "gpu", operator: "DoesNotExist" }] }, "!gpu"],
    [{ matchExpressions: [{ key: "gpu", operator: "Bogus" }] }, "<error>"],
    [{ matchExpressions: [{ key: "gpu", operator: "In", values: [] }] }, "<error>"],
    [{ matchExpressions: [{ key: "gpu", operator: "Exists", values: ["x"] }] }, "<error>"],
    [{ matchLabels: { "bad key!": "x" } }, "<error>"],
    [{ matchLabels: { app: "bad value!" } }, "<error>"],
  ])("%j -> %s", (sel, want) => {
    expect(formatLabelSelector(sel)).toBe(want);
  });

  it("the raw string is empty for empty selectors", () => {
    expect(labelSelectorString({})).toBe("");
    expect(labelSelectorString(undefined)).toBe("");
    expect(labelSelectorString({ matchLabels: { "bad key!": "x" } })).toBeUndefined();
  });
});
