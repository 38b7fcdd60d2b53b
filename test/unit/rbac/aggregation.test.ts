import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { aggregateClusterRoles } from "../../../src/kube/rbac/aggregation";
import { authorize } from "../../../src/kube/rbac/authorizer";
import { staticPolicy } from "../../../src/kube/rbac/types";
import { authenticated, clusterRole, roleBinding, seedRbac, user } from "./fixtures";

const crontabs = clusterRole(
  "crontabs-view",
  [{ verbs: ["get", "list", "watch"], apiGroups: ["stable.example.com"], resources: ["crontabs"] }],
  { "rbac.authorization.k8s.io/aggregate-to-view": "true" },
);

describe("aggregateClusterRoles", () => {
  it("the seed arrives aggregated: nothing to change, and view allows get pods", () => {
    const { changed, roles } = aggregateClusterRoles(seedRbac().filter((o) => o.kind === "ClusterRole"));
    expect(changed).toEqual([]);
    const view = roles.find((r) => r.metadata.name === "view")!;
    expect((view.rules as unknown[]).length).toBeGreaterThan(0);
  });

  it("refills emptied admin/edit/view from the labelled roles, following view → edit → admin", () => {
    const emptied = seedRbac().map(
      (o): KObject =>
        o.kind === "ClusterRole" && ["admin", "edit", "view"].includes(o.metadata.name ?? "") ? { ...o, rules: [] } : o,
    );
    const binding = roleBinding("team-a", "v", "ClusterRole", "view", [user("alice")]);
    const get = { user: "alice", groups: authenticated(), verb: "get", resource: "pods", namespace: "team-a" };
    expect(authorize(get, staticPolicy([...emptied, binding])).allowed).toBe(false);

    const clusterRoles = emptied.filter((o) => o.kind === "ClusterRole");
    const { roles, changed } = aggregateClusterRoles(clusterRoles);
    expect(changed.sort()).toEqual(["admin", "edit", "view"]);
    const others = emptied.filter((o) => o.kind !== "ClusterRole");
    const policy = staticPolicy([...roles, ...others, binding]);
    expect(authorize(get, policy)).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "v/team-a" of ClusterRole "view" to User "alice"',
    });
    // and the refilled roles equal what the seed holds
    const seeded = seedRbac().filter((o) => o.kind === "ClusterRole");
    for (const name of ["admin", "edit", "view"]) {
      expect(roles.find((r) => r.metadata.name === name)!.rules).toEqual(
        seeded.find((r) => r.metadata.name === name)!.rules,
      );
    }
  });

  it("a new role labelled aggregate-to-view flows into view, edit and admin", () => {
    const clusterRoles = [...seedRbac().filter((o) => o.kind === "ClusterRole"), crontabs];
    const { roles, changed } = aggregateClusterRoles(clusterRoles);
    expect(changed.sort()).toEqual(["admin", "edit", "view"]);
    const policy = staticPolicy([...roles, roleBinding("team-a", "e", "ClusterRole", "admin", [user("alice")])]);
    expect(
      authorize(
        {
          user: "alice",
          groups: authenticated(),
          verb: "list",
          apiGroup: "stable.example.com",
          resource: "crontabs",
          namespace: "team-a",
        },
        policy,
      ).allowed,
    ).toBe(true);
    // running again changes nothing
    expect(aggregateClusterRoles(roles).changed).toEqual([]);
  });
});
