import { describe, expect, it } from "vitest";
import { addDaemonTolerations, pinToNode, targetNodeName } from "../../../src/kube/scheduling/daemon-pod";
import {
  matchesNodeSelectorAndAffinity,
  nodeSelectorRequirementMatches,
  setOperatorMatches,
} from "../../../src/kube/scheduling/node-affinity";
import { tolerates, untoleratedTaint } from "../../../src/kube/scheduling/tolerations";

const cp = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

describe("tolerations", () => {
  it("matches like Toleration.ToleratesTaint", () => {
    expect(tolerates({ key: cp.key, operator: "Exists", effect: "NoSchedule" }, cp)).toBe(true);
    expect(tolerates({ key: cp.key, effect: "NoSchedule" }, cp)).toBe(true); // Equal, both values empty
    expect(tolerates({ key: cp.key, operator: "Equal", value: "x" }, cp)).toBe(false);
    expect(tolerates({ key: cp.key, effect: "NoExecute", operator: "Exists" }, cp)).toBe(false);
    expect(tolerates({ operator: "Exists" }, cp)).toBe(true); // empty key and effect: everything
    expect(tolerates({ key: cp.key, operator: "Bogus" }, cp)).toBe(false);
  });

  it("finds the first untolerated taint among the given effects", () => {
    const taints = [{ key: "a", effect: "PreferNoSchedule" }, cp, { key: "b", value: "1", effect: "NoExecute" }];
    expect(untoleratedTaint(taints, [], ["NoSchedule", "NoExecute"])).toEqual(cp);
    expect(untoleratedTaint(taints, [{ key: cp.key, operator: "Exists" }], ["NoExecute"])?.key).toBe("b");
    expect(untoleratedTaint(taints, [{ operator: "Exists" }], ["NoSchedule", "NoExecute"])).toBeUndefined();
  });
});

describe("node affinity", () => {
  const labels = { "kubernetes.io/os": "linux", size: "8" };
  it("evaluates the requirement operators, Gt/Lt as integers", () => {
    expect(nodeSelectorRequirementMatches({ key: "size", operator: "Gt", values: ["4"] }, "8")).toBe(true);
    expect(nodeSelectorRequirementMatches({ key: "size", operator: "Lt", values: ["4"] }, "8")).toBe(false);
    expect(nodeSelectorRequirementMatches({ key: "size", operator: "Gt", values: ["x"] }, "8")).toBe(false);
    expect(nodeSelectorRequirementMatches({ key: "zone", operator: "NotIn", values: ["a"] }, undefined)).toBe(true);
    expect(setOperatorMatches("Gt", ["1"], "2")).toBeUndefined();
  });

  it("ANDs nodeSelector with the required terms, ORing the terms", () => {
    const sel = { "kubernetes.io/os": "linux" };
    const byName = [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["w1"] }] }];
    expect(matchesNodeSelectorAndAffinity(sel, undefined, labels, "w2")).toBe(true);
    expect(matchesNodeSelectorAndAffinity({ "kubernetes.io/os": "windows" }, undefined, labels, "w1")).toBe(false);
    expect(matchesNodeSelectorAndAffinity(sel, byName, labels, "w1")).toBe(true);
    expect(matchesNodeSelectorAndAffinity(sel, byName, labels, "w2")).toBe(false);
    expect(matchesNodeSelectorAndAffinity(undefined, [{}, ...byName], labels, "w1")).toBe(true);
    expect(matchesNodeSelectorAndAffinity(undefined, [], labels, "w1")).toBe(false);
  });
});

describe("daemon pods", () => {
  it("pins to the node and adds the daemon tolerations once", () => {
    const spec: Parameters<typeof addDaemonTolerations>[0] = {
      hostNetwork: true,
      tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" }],
    };
    addDaemonTolerations(spec);
    addDaemonTolerations(spec);
    pinToNode(spec, "w1");
    expect(spec.tolerations?.map((t) => t.key)).toEqual([
      "node.kubernetes.io/not-ready",
      "node.kubernetes.io/unreachable",
      "node.kubernetes.io/disk-pressure",
      "node.kubernetes.io/memory-pressure",
      "node.kubernetes.io/pid-pressure",
      "node.kubernetes.io/unschedulable",
      "node.kubernetes.io/network-unavailable",
    ]);
    expect(targetNodeName(spec)).toBe("w1");
    expect(targetNodeName({ ...spec, nodeName: "w2" })).toBe("w2");
  });
});
