/** The API server's side of RBAC: the store-backed policy, escalation checks on writes, the tenant groups. */
import { describe, expect, it } from "vitest";
import { checkRbacWrite, indexedPolicy, isOnlyMutatingGCFields, StoreRbacPolicy } from "../../../src/apiserver/authz";
import { authorize } from "../../../src/kube/rbac/authorizer";
import { storageKey } from "../../../src/kube/registry/registry";
import { createTestCluster } from "../harness/memory-cluster";
import { authenticated, clusterRole, clusterRoleBinding, group, role, roleBinding, seedRbac, user } from "./fixtures";

const can = (policy: ReturnType<typeof indexedPolicy>, who: { user: string; groups: string[] }, attrs: object) =>
  authorize({ ...who, verb: "get", ...attrs }, policy).allowed;

describe("the tenant groups of a new cluster", () => {
  const policy = indexedPolicy(seedRbac());
  const member = (g: string) => ({ user: "someone", groups: authenticated(g) });

  it("make admins cluster-admin, developers editors and viewers readers, everywhere", () => {
    const admins = member("edgeplane:admins");
    expect(
      can(policy, admins, { verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles" }),
    ).toBe(true);
    const devs = member("edgeplane:developers");
    expect(can(policy, devs, { verb: "create", apiGroup: "apps", resource: "deployments", namespace: "x" })).toBe(true);
    expect(can(policy, devs, { verb: "get", resource: "secrets", namespace: "x" })).toBe(true);
    expect(
      can(policy, devs, { verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "roles", namespace: "x" }),
    ).toBe(false);
    expect(can(policy, devs, { verb: "list", resource: "nodes" })).toBe(false);
    const viewers = member("edgeplane:viewers");
    expect(can(policy, viewers, { verb: "list", resource: "pods", namespace: "x" })).toBe(true);
    expect(can(policy, viewers, { verb: "get", resource: "secrets", namespace: "x" })).toBe(false);
    expect(can(policy, viewers, { verb: "delete", resource: "pods", namespace: "x" })).toBe(false);
    expect(authorize({ ...devs, verb: "list", resource: "pods", namespace: "x" }, policy).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "edgeplane:developers" of ClusterRole "edgeplane:developer" to Group "edgeplane:developers"',
    );
  });

  it("give developers edit without its ways to become a ServiceAccount (so not cluster-admin via kube-system)", () => {
    const devs = member("edgeplane:developers");
    const sa = { resource: "serviceaccounts", namespace: "kube-system", name: "clusterrole-aggregation-controller" };
    expect(can(policy, devs, { verb: "impersonate", ...sa })).toBe(false);
    expect(can(policy, devs, { verb: "create", ...sa, subresource: "token" })).toBe(false);
    // Everything else edit grants stays: pods and their exec, ServiceAccounts themselves, Jobs, HPAs.
    expect(can(policy, devs, { verb: "create", resource: "pods", subresource: "exec", namespace: "x" })).toBe(true);
    expect(can(policy, devs, { verb: "create", resource: "serviceaccounts", namespace: "x" })).toBe(true);
    expect(can(policy, devs, { verb: "delete", apiGroup: "batch", resource: "jobs", namespace: "x" })).toBe(true);
    expect(
      can(policy, devs, {
        verb: "patch",
        apiGroup: "autoscaling",
        resource: "horizontalpodautoscalers",
        namespace: "x",
      }),
    ).toBe(true);
    // An admin keeps both (cluster-admin).
    expect(can(policy, member("edgeplane:admins"), { verb: "impersonate", ...sa })).toBe(true);
  });

  it("let everyone read the cluster clock and developers move it", () => {
    const attrs = (groups: string[], verb: string, path: string) => ({
      user: "u",
      groups: [...groups, "system:authenticated"],
      verb,
      path,
    });
    expect(authorize(attrs(["edgeplane:viewers"], "get", "/time"), policy).allowed).toBe(true);
    expect(authorize(attrs(["edgeplane:viewers"], "post", "/time:advance"), policy).allowed).toBe(false);
    expect(authorize(attrs(["edgeplane:developers"], "post", "/time:advance"), policy).allowed).toBe(true);
    expect(authorize(attrs(["edgeplane:developers"], "put", "/time"), policy).allowed).toBe(true);
  });

  it("are plain objects a tenant may change: no autoupdate annotation", () => {
    const bindings = seedRbac().filter((o) => o.metadata.name?.startsWith("edgeplane:"));
    expect(bindings.map((b) => `${b.kind}/${b.metadata.name}`).sort()).toEqual([
      "ClusterRole/edgeplane:clock-mover",
      "ClusterRole/edgeplane:clock-reader",
      "ClusterRole/edgeplane:developer",
      "ClusterRoleBinding/edgeplane:admins",
      "ClusterRoleBinding/edgeplane:clock-mover",
      "ClusterRoleBinding/edgeplane:clock-reader",
      "ClusterRoleBinding/edgeplane:developers",
      "ClusterRoleBinding/edgeplane:viewers",
    ]);
    for (const b of bindings) {
      expect(b.metadata.annotations).toBeUndefined();
      expect(b.metadata.labels).toEqual({ "app.kubernetes.io/managed-by": "edgeplane" });
    }
  });
});

describe("indexedPolicy", () => {
  it("aggregates ClusterRoles labelled for admin/edit/view, as the aggregation controller would", () => {
    const crdRole = clusterRole(
      "crontabs-view",
      [{ verbs: ["get", "list"], apiGroups: ["stable.example.com"], resources: ["crontabs"] }],
      {
        "rbac.authorization.k8s.io/aggregate-to-view": "true",
      },
    );
    const viewer = { user: "v", groups: authenticated("edgeplane:viewers") };
    const attrs = { verb: "list", apiGroup: "stable.example.com", resource: "crontabs", namespace: "x" };
    expect(can(indexedPolicy(seedRbac()), viewer, attrs)).toBe(false);
    expect(can(indexedPolicy([...seedRbac(), crdRole]), viewer, attrs)).toBe(true);
  });
});

describe("StoreRbacPolicy", () => {
  it("reads the store and sees RBAC writes at once", () => {
    const cluster = createTestCluster({ controllers: [] });
    const rbac = new StoreRbacPolicy(cluster.kv);
    const jane = { user: "jane", groups: authenticated() };
    const attrs = { verb: "list", resource: "pods", namespace: "default" };
    expect(can(rbac.policy(), jane, attrs)).toBe(false);
    const binding = cluster.create(roleBinding("default", "jane-view", "ClusterRole", "view", [user("jane")]));
    expect(can(rbac.policy(), jane, attrs)).toBe(true);
    const decl = cluster.registry.byKind("rbac.authorization.k8s.io", "RoleBinding")!;
    cluster.kv.delete(storageKey(decl, "default", binding.metadata.name!));
    expect(can(rbac.policy(), jane, attrs)).toBe(false);
  });
});

describe("escalation checks on RBAC writes", () => {
  const binder = role("team", "binder", [
    { verbs: ["create", "update"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"] },
  ]);
  const policy = indexedPolicy([
    ...seedRbac(),
    binder,
    roleBinding("team", "bob-binds", "Role", "binder", [user("bob")]),
  ]);
  const bob = { username: "bob", groups: authenticated() };
  const podDeleter = role("team", "pod-deleter", [{ verbs: ["delete"], apiGroups: [""], resources: ["pods"] }]);

  it("refuses a Role or binding granting more than the writer holds", () => {
    const err = checkRbacWrite(policy, bob, { kind: "Role", namespace: "team", requestName: "", next: podDeleter });
    expect(err?.code).toBe(403);
    expect(err?.message).toBe(
      'roles.rbac.authorization.k8s.io "pod-deleter" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    );
    const admin = roleBinding("team", "bob-admin", "ClusterRole", "admin", [user("bob")]);
    expect(
      checkRbacWrite(policy, bob, { kind: "RoleBinding", namespace: "team", requestName: "", next: admin })?.code,
    ).toBe(403);
    const own = roleBinding("team", "carol-binds", "Role", "binder", [user("carol")]);
    expect(
      checkRbacWrite(policy, bob, { kind: "RoleBinding", namespace: "team", requestName: "", next: own }),
    ).toBeUndefined();
  });

  it("lets the garbage collector's fields change on any role, and nothing else", () => {
    const stored = { ...podDeleter, metadata: { ...podDeleter.metadata, uid: "u1", resourceVersion: "7" } };
    const owned = {
      ...stored,
      metadata: {
        ...stored.metadata,
        ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "o1" }],
        finalizers: ["x"],
      },
    };
    expect(isOnlyMutatingGCFields(owned, stored)).toBe(true);
    expect(
      checkRbacWrite(policy, bob, {
        kind: "Role",
        namespace: "team",
        requestName: "pod-deleter",
        next: owned,
        old: stored,
      }),
    ).toBeUndefined();
    const labelled = { ...stored, metadata: { ...stored.metadata, labels: { a: "b" } } };
    expect(isOnlyMutatingGCFields(labelled, stored)).toBe(false);
    expect(
      checkRbacWrite(policy, bob, {
        kind: "Role",
        namespace: "team",
        requestName: "pod-deleter",
        next: labelled,
        old: stored,
      })?.code,
    ).toBe(403);
  });

  it("needs cluster-admin's authority for an aggregationRule, even with escalate-free rules", () => {
    const maker = clusterRole("role-maker", [
      { verbs: ["create"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"] },
    ]);
    const p = indexedPolicy([...seedRbac(), maker, clusterRoleBinding("m", "role-maker", [group("makers")])]);
    const aggregated = {
      ...clusterRole("agg", []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "b" } }] },
    };
    const err = checkRbacWrite(
      p,
      { username: "m", groups: authenticated("makers") },
      {
        kind: "ClusterRole",
        namespace: "",
        requestName: "",
        next: aggregated,
      },
    );
    expect(err?.message).toBe(
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
  });
});
