import { describe, expect, it } from "vitest";
import { authorize, rbacAuthorize, subjectRulesReview } from "../../../src/kube/rbac/authorizer";
import { type Attributes, serviceAccountGroups, serviceAccountUsername } from "../../../src/kube/rbac/types";
import {
  authenticated,
  clusterRole,
  clusterRoleBinding,
  group,
  policyWith,
  role,
  roleBinding,
  sa,
  user,
} from "./fixtures";

const alice = (over: Partial<Attributes>): Attributes => ({
  user: "alice",
  groups: authenticated(),
  verb: "get",
  resource: "pods",
  namespace: "team-a",
  ...over,
});

describe("the kubeadm admin", () => {
  const policy = policyWith();
  const admin = { user: "kubernetes-admin", groups: authenticated("kubeadm:cluster-admins") };

  it("can do anything, anywhere, allowed by the kubeadm:cluster-admins binding", () => {
    for (const attrs of [
      { verb: "delete", resource: "pods", namespace: "default", name: "web-1" },
      { verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "list", resource: "nodes" },
      { verb: "get", resource: "pods", subresource: "log", namespace: "kube-system" },
      { verb: "get", path: "/metrics" },
      { verb: "escalate", apiGroup: "rbac.authorization.k8s.io", resource: "roles", namespace: "x" },
    ]) {
      expect(authorize({ ...admin, ...attrs }, policy)).toEqual({
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
      });
    }
  });

  it("system:masters is allowed before RBAC is asked, with no reason", () => {
    const masters = { user: "root", groups: ["system:masters", "system:authenticated"] };
    expect(authorize({ ...masters, verb: "delete", resource: "nodes" }, policyWith())).toEqual({
      allowed: true,
      reason: "",
    });
    // RBAC alone would also allow it, through the bootstrap cluster-admin binding.
    expect(rbacAuthorize({ ...masters, verb: "delete", resource: "nodes" }, policyWith()).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    );
  });
});

describe("a user bound to view in one namespace", () => {
  const policy = policyWith(roleBinding("team-a", "alice-view", "ClusterRole", "view", [user("alice")]));

  it("can get, list and watch pods there", () => {
    for (const verb of ["get", "list", "watch"]) {
      expect(authorize(alice({ verb }), policy)).toEqual({
        allowed: true,
        reason: 'RBAC: allowed by RoleBinding "alice-view/team-a" of ClusterRole "view" to User "alice"',
      });
    }
    expect(authorize(alice({ verb: "list", apiGroup: "apps", resource: "deployments" }), policy).allowed).toBe(true);
  });

  it("cannot delete or create there, and has nothing in another namespace or at the cluster scope", () => {
    expect(authorize(alice({ verb: "delete", name: "web-1" }), policy)).toEqual({ allowed: false, reason: "" });
    expect(authorize(alice({ verb: "create" }), policy).allowed).toBe(false);
    expect(authorize(alice({ namespace: "team-b" }), policy).allowed).toBe(false);
    expect(authorize(alice({ verb: "list", namespace: undefined }), policy).allowed).toBe(false);
    expect(authorize(alice({ verb: "list", resource: "nodes", namespace: undefined }), policy).allowed).toBe(false);
  });

  it("cannot read secrets (view leaves them out) but can read pod logs", () => {
    expect(authorize(alice({ resource: "secrets" }), policy).allowed).toBe(false);
    expect(authorize(alice({ subresource: "log", name: "web-1" }), policy).allowed).toBe(true);
    expect(authorize(alice({ verb: "create", subresource: "exec", name: "web-1" }), policy).allowed).toBe(false);
  });

  it("is still a basic user everywhere (self reviews) through system:authenticated", () => {
    const ssar = alice({
      verb: "create",
      apiGroup: "authorization.k8s.io",
      resource: "selfsubjectaccessreviews",
      namespace: undefined,
    });
    expect(authorize(ssar, policy)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    });
  });
});

describe("edit", () => {
  const policy = policyWith(roleBinding("team-a", "alice-edit", "ClusterRole", "edit", [user("alice")]));

  it("writes workloads and reads secrets but cannot touch roles or bindings", () => {
    expect(authorize(alice({ verb: "delete", name: "web-1" }), policy).allowed).toBe(true);
    expect(authorize(alice({ verb: "create", apiGroup: "apps", resource: "deployments" }), policy).allowed).toBe(true);
    expect(authorize(alice({ verb: "get", resource: "secrets" }), policy).allowed).toBe(true);
    expect(
      authorize(alice({ verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "roles" }), policy),
    ).toEqual({ allowed: false, reason: "" });
    expect(
      authorize(alice({ verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "rolebindings" }), policy)
        .allowed,
    ).toBe(false);
  });

  it("admin can, within the namespace", () => {
    const admin = policyWith(roleBinding("team-a", "alice-admin", "ClusterRole", "admin", [user("alice")]));
    expect(
      authorize(alice({ verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "roles" }), admin).allowed,
    ).toBe(true);
    expect(authorize(alice({ verb: "delete", resource: "namespaces", namespace: undefined }), admin).allowed).toBe(
      false,
    );
  });
});

describe("rule matching", () => {
  it("resourceNames restrict to named requests: get by name yes, list/create/deletecollection never", () => {
    const policy = policyWith(
      role("team-a", "one-config", [
        {
          verbs: ["get", "list", "create", "update", "deletecollection"],
          apiGroups: [""],
          resources: ["configmaps"],
          resourceNames: ["app-config"],
        },
      ]),
      roleBinding("team-a", "one-config", "Role", "one-config", [user("alice")]),
    );
    const cm = (verb: string, name?: string) => authorize(alice({ verb, resource: "configmaps", name }), policy);
    expect(cm("get", "app-config")).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "one-config/team-a" of Role "one-config" to User "alice"',
    });
    expect(cm("update", "app-config").allowed).toBe(true);
    expect(cm("get", "other").allowed).toBe(false);
    expect(cm("list").allowed).toBe(false);
    expect(cm("create").allowed).toBe(false);
    expect(cm("deletecollection").allowed).toBe(false);
    // a list with fieldSelector=metadata.name=app-config carries the name
    expect(cm("list", "app-config").allowed).toBe(true);
  });

  it("subresources need their own rule; */scale matches any scale; * matches everything", () => {
    const policy = policyWith(
      clusterRole("scaler", [
        { verbs: ["get", "update"], apiGroups: ["*"], resources: ["*/scale"] },
        { verbs: ["get"], apiGroups: [""], resources: ["pods"] },
        { verbs: ["patch"], apiGroups: ["apps"], resources: ["*"] },
      ]),
      roleBinding("team-a", "scaler", "ClusterRole", "scaler", [user("alice")]),
    );
    const scale = (group: string, resource: string) =>
      authorize(alice({ verb: "update", apiGroup: group, resource, subresource: "scale", name: "x" }), policy).allowed;
    expect(scale("apps", "deployments")).toBe(true);
    expect(scale("", "replicationcontrollers")).toBe(true);
    expect(authorize(alice({ subresource: "log", name: "x" }), policy).allowed).toBe(false);
    expect(
      authorize(alice({ verb: "update", apiGroup: "apps", resource: "deployments", name: "x" }), policy).allowed,
    ).toBe(false);
    expect(
      authorize(alice({ verb: "patch", apiGroup: "apps", resource: "deployments", subresource: "status" }), policy)
        .allowed,
    ).toBe(true);
    expect(authorize(alice({ verb: "patch", apiGroup: "batch", resource: "jobs" }), policy).allowed).toBe(false);
  });

  it("nonResourceURLs: system:discovery lets any authenticated user get /api, /apis/... and /version, not /metrics", () => {
    const policy = policyWith();
    const get = (path: string, groups = authenticated()) =>
      authorize({ user: "bob", groups, verb: "get", path }, policy);
    expect(get("/api")).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
    expect(get("/apis/apps/v1").allowed).toBe(true);
    expect(get("/version").allowed).toBe(true);
    expect(get("/metrics").allowed).toBe(false);
    expect(authorize({ user: "bob", groups: authenticated(), verb: "post", path: "/api" }, policy).allowed).toBe(false);
    // anonymous users only get the public info (health and version)
    expect(get("/version", ["system:unauthenticated"]).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    );
    expect(get("/api", ["system:unauthenticated"]).allowed).toBe(false);
    // system:monitoring reaches /metrics; a trailing * is a prefix
    expect(get("/metrics", authenticated("system:monitoring")).allowed).toBe(true);
    expect(get("/readyz/etcd", authenticated("system:monitoring")).allowed).toBe(true);
  });
});

describe("ServiceAccount subjects", () => {
  it("bind the system:serviceaccount user, defaulting a RoleBinding subject's namespace to the binding's", () => {
    const policy = policyWith(
      roleBinding("team-a", "ci-edit", "ClusterRole", "edit", [sa("ci")]),
      roleBinding("team-a", "bot-view", "ClusterRole", "view", [sa("bot", "tools")]),
    );
    const ci = {
      user: serviceAccountUsername("team-a", "ci"),
      groups: authenticated(...serviceAccountGroups("team-a")),
    };
    expect(authorize({ ...ci, verb: "create", resource: "pods", namespace: "team-a" }, policy)).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "ci-edit/team-a" of ClusterRole "edit" to ServiceAccount "ci/team-a"',
    });
    expect(authorize({ ...ci, verb: "create", resource: "pods", namespace: "team-b" }, policy).allowed).toBe(false);
    // same name in another namespace is another user
    const other = { user: serviceAccountUsername("team-b", "ci"), groups: authenticated() };
    expect(authorize({ ...other, verb: "create", resource: "pods", namespace: "team-a" }, policy).allowed).toBe(false);
    const bot = { user: "system:serviceaccount:tools:bot", groups: authenticated() };
    expect(authorize({ ...bot, verb: "list", resource: "pods", namespace: "team-a" }, policy).reason).toBe(
      'RBAC: allowed by RoleBinding "bot-view/team-a" of ClusterRole "view" to ServiceAccount "bot/tools"',
    );
  });

  it("the seed's controller service accounts hold their roles (coredns lists services)", () => {
    const coredns = { user: "system:serviceaccount:kube-system:coredns", groups: authenticated() };
    expect(authorize({ ...coredns, verb: "list", resource: "services" }, policyWith())).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:coredns" of ClusterRole "system:coredns" to ServiceAccount "coredns/kube-system"',
    });
    expect(
      authorize({ ...coredns, verb: "delete", resource: "services", namespace: "default" }, policyWith()).allowed,
    ).toBe(false);
  });

  it("groups bind too: system:serviceaccounts:<ns> as the caller passes it", () => {
    const policy = policyWith(clusterRoleBinding("all-sa-in-team-a", "view", [group("system:serviceaccounts:team-a")]));
    const attrs = { user: "system:serviceaccount:team-a:x", verb: "list", resource: "pods", namespace: "default" };
    expect(authorize({ ...attrs, groups: authenticated(...serviceAccountGroups("team-a")) }, policy).allowed).toBe(
      true,
    );
    expect(authorize({ ...attrs, groups: authenticated() }, policy).allowed).toBe(false);
  });
});

describe("bindings to missing roles", () => {
  it("deny with the resolution error as the reason", () => {
    const policy = policyWith(
      roleBinding("team-a", "ghost", "ClusterRole", "does-not-exist", [user("alice")]),
      roleBinding("team-a", "ghost2", "Role", "nope", [user("alice")]),
    );
    expect(authorize(alice({}), policy)).toEqual({
      allowed: false,
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "does-not-exist" not found, role.rbac.authorization.k8s.io "nope" not found]',
    });
  });
});

describe("rules review (can-i --list)", () => {
  it("lists the rules that apply in the namespace, resource and non-resource apart", () => {
    const policy = policyWith(
      role("team-a", "cm", [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"] }]),
      roleBinding("team-a", "cm", "Role", "cm", [user("alice")]),
    );
    const status = subjectRulesReview({ user: "alice", groups: authenticated() }, "team-a", policy);
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules).toContainEqual({
      verbs: ["get"],
      apiGroups: [""],
      resources: ["configmaps"],
      resourceNames: ["a"],
    });
    expect(status.resourceRules).toContainEqual({
      verbs: ["create"],
      apiGroups: ["authorization.k8s.io"],
      resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
    });
    expect(status.nonResourceRules).toContainEqual({
      verbs: ["get"],
      nonResourceURLs: expect.arrayContaining(["/api", "/version"]),
    });
    const elsewhere = subjectRulesReview({ user: "alice", groups: authenticated() }, "team-b", policy);
    expect(elsewhere.resourceRules.some((r) => r.resources?.includes("configmaps"))).toBe(false);
  });
});
