import { describe, expect, it } from "vitest";
import {
  checkBindingWrite,
  checkRoleWrite,
  compactString,
  coveringRules,
  escalationMessage,
} from "../../../src/kube/rbac/escalation";
import { authenticated, clusterRole, clusterRoleBinding, policyWith, roleBinding, user } from "./fixtures";

const RBAC = "rbac.authorization.k8s.io";
const alice = { user: "alice", groups: authenticated() };

describe("coveringRules (Covers)", () => {
  it("breaks requested rules down and reports what the owner lacks", () => {
    const owner = [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "services"] }];
    expect(coveringRules(owner, [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }])).toEqual({
      covers: true,
      missing: [],
    });
    expect(coveringRules(owner, [{ verbs: ["get", "delete"], apiGroups: ["", "apps"], resources: ["pods"] }])).toEqual({
      covers: false,
      missing: [
        { verbs: ["delete"], apiGroups: [""], resources: ["pods"] },
        { verbs: ["get"], apiGroups: ["apps"], resources: ["pods"] },
        { verbs: ["delete"], apiGroups: ["apps"], resources: ["pods"] },
      ],
    });
  });

  it("resourceNames: an unrestricted owner covers named rules, a named owner never covers unnamed ones", () => {
    const named = [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a", "b"] }];
    const all = [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"] }];
    expect(coveringRules(all, named).covers).toBe(true);
    expect(coveringRules(named, [{ ...named[0], resourceNames: ["a"] }]).covers).toBe(true);
    expect(coveringRules(named, [{ ...named[0], resourceNames: ["c"] }]).covers).toBe(false);
    expect(coveringRules(named, all).covers).toBe(false);
  });

  it("wildcards: * covers anything, */scale covers any scale, a URL prefix covers URLs under it", () => {
    expect(
      coveringRules(
        [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
        [{ verbs: ["escalate"], apiGroups: [RBAC], resources: ["roles"] }],
      ).covers,
    ).toBe(true);
    const scale = [{ verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"] }];
    expect(
      coveringRules(scale, [{ verbs: ["update"], apiGroups: ["apps"], resources: ["deployments/scale"] }]).covers,
    ).toBe(true);
    expect(coveringRules(scale, [{ verbs: ["update"], apiGroups: ["apps"], resources: ["deployments"] }]).covers).toBe(
      false,
    );
    const urls = [{ verbs: ["get"], nonResourceURLs: ["/apis/*"] }];
    expect(coveringRules(urls, [{ verbs: ["get"], nonResourceURLs: ["/apis/apps/v1"] }]).covers).toBe(true);
    expect(coveringRules(urls, [{ verbs: ["get"], nonResourceURLs: ["*"] }]).covers).toBe(false);
  });
});

describe("the escalation message", () => {
  it("compacts verbs per resource, sorts lines and prints Go's %q lists", () => {
    expect(compactString({ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"], resourceNames: ["a"] })).toBe(
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get" "list"]}',
    );
    const { missing } = coveringRules(
      [],
      [
        { verbs: ["delete", "deletecollection"], apiGroups: ["apps", ""], resources: ["pods"] },
        { verbs: ["get"], nonResourceURLs: ["/metrics"] },
      ],
    );
    expect(escalationMessage({ user: "bob", groups: ["dev", "system:authenticated"] }, missing)).toBe(
      'user "bob" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete" "deletecollection"]}\n' +
        '{APIGroups:["apps"], Resources:["pods"], Verbs:["delete" "deletecollection"]}\n' +
        '{NonResourceURLs:["/metrics"], Verbs:["get"]}',
    );
  });
});

describe("writing roles", () => {
  const viewer = policyWith(roleBinding("team-a", "alice-view", "ClusterRole", "view", [user("alice")]));
  const editor = policyWith(roleBinding("team-a", "alice-edit", "ClusterRole", "edit", [user("alice")]));

  it("is allowed when the writer already holds every permission in that namespace", () => {
    const rules = [{ verbs: ["get", "delete"], apiGroups: [""], resources: ["pods"] }];
    expect(
      checkRoleWrite(editor, alice, { kind: "Role", namespace: "team-a", name: "deleter", rules }),
    ).toBeUndefined();
  });

  it("is forbidden with the missing permissions otherwise", () => {
    const rules = [{ verbs: ["get", "delete"], apiGroups: [""], resources: ["pods"] }];
    const e = checkRoleWrite(viewer, alice, { kind: "Role", namespace: "team-a", name: "deleter", rules });
    expect(e?.code).toBe(403);
    expect(e?.message).toBe(
      'roles.rbac.authorization.k8s.io "deleter" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    );
    // an edit binding in team-a does not hold anything in team-b
    expect(checkRoleWrite(editor, alice, { kind: "Role", namespace: "team-b", name: "deleter", rules })?.code).toBe(
      403,
    );
    // nor cluster-wide
    expect(
      checkRoleWrite(editor, alice, { kind: "ClusterRole", namespace: "", name: "deleter", rules })?.message,
    ).toMatch(/^clusterroles\.rbac\.authorization\.k8s\.io "deleter" is forbidden: user "alice"/);
  });

  it("the escalate verb on roles lifts the check; system:masters is never checked", () => {
    const policy = policyWith(
      roleBinding("team-a", "alice-view", "ClusterRole", "view", [user("alice")]),
      clusterRole("role-escalator", [{ verbs: ["escalate"], apiGroups: [RBAC], resources: ["roles"] }]),
      roleBinding("team-a", "alice-escalate", "ClusterRole", "role-escalator", [user("alice")]),
    );
    const rules = [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }];
    expect(checkRoleWrite(policy, alice, { kind: "Role", namespace: "team-a", name: "god", rules })).toBeUndefined();
    expect(checkRoleWrite(policy, alice, { kind: "Role", namespace: "team-b", name: "god", rules })?.code).toBe(403);
    const root = { user: "root", groups: ["system:masters"] };
    expect(
      checkRoleWrite(policyWith(), root, { kind: "ClusterRole", namespace: "", name: "god", rules }),
    ).toBeUndefined();
  });

  it("an aggregationRule needs full authority", () => {
    const policy = policyWith(clusterRoleBinding("alice-admin", "admin", [user("alice")]));
    const e = checkRoleWrite(policy, alice, {
      kind: "ClusterRole",
      namespace: "",
      name: "agg",
      rules: [],
      aggregationRuleChanged: true,
    });
    expect(e?.message).toBe(
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
    const admin = { user: "kubernetes-admin", groups: authenticated("kubeadm:cluster-admins") };
    expect(
      checkRoleWrite(policyWith(), admin, {
        kind: "ClusterRole",
        namespace: "",
        name: "agg",
        rules: [],
        aggregationRuleChanged: true,
      }),
    ).toBeUndefined();
  });
});

describe("writing bindings", () => {
  const admin = policyWith(roleBinding("team-a", "alice-admin", "ClusterRole", "admin", [user("alice")]));
  const ref = (name: string, kind = "ClusterRole") => ({ apiGroup: RBAC, kind, name });

  it("a namespace admin may hand out edit or admin in that namespace", () => {
    for (const r of ["view", "edit", "admin"]) {
      expect(
        checkBindingWrite(admin, alice, { kind: "RoleBinding", namespace: "team-a", name: "bob", roleRef: ref(r) }),
      ).toBeUndefined();
    }
  });

  it("but not cluster-admin, nor anything cluster-wide", () => {
    const e = checkBindingWrite(admin, alice, {
      kind: "RoleBinding",
      namespace: "team-a",
      name: "bob",
      roleRef: ref("cluster-admin"),
    });
    expect(e?.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "bob" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n' +
        '{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    const crb = checkBindingWrite(admin, alice, {
      kind: "ClusterRoleBinding",
      namespace: "",
      name: "bob",
      roleRef: ref("view"),
    });
    expect(crb?.code).toBe(403);
    expect(crb?.message).toMatch(/^clusterrolebindings\.rbac\.authorization\.k8s\.io "bob" is forbidden: user "alice"/);
    expect(crb?.message).toContain('\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "watch"]}');
  });

  it("the bind verb on the referenced role lifts the check, only for that role name", () => {
    const policy = policyWith(
      clusterRole("bind-view", [
        { verbs: ["bind"], apiGroups: [RBAC], resources: ["clusterroles"], resourceNames: ["edit"] },
      ]),
      clusterRoleBinding("alice-bind", "bind-view", [user("alice")]),
    );
    expect(
      checkBindingWrite(policy, alice, { kind: "ClusterRoleBinding", namespace: "", name: "b", roleRef: ref("edit") }),
    ).toBeUndefined();
    expect(
      checkBindingWrite(policy, alice, { kind: "ClusterRoleBinding", namespace: "", name: "b", roleRef: ref("admin") })
        ?.code,
    ).toBe(403);
  });

  it("a reference to a missing role answers NotFound", () => {
    const e = checkBindingWrite(admin, alice, {
      kind: "RoleBinding",
      namespace: "team-a",
      name: "b",
      roleRef: ref("nope"),
    });
    expect(e?.code).toBe(404);
    expect(e?.message).toBe('clusterroles.rbac.authorization.k8s.io "nope" not found');
    const r = checkBindingWrite(admin, alice, {
      kind: "RoleBinding",
      namespace: "team-a",
      name: "b",
      roleRef: ref("nope", "Role"),
    });
    expect(r?.message).toBe('roles.rbac.authorization.k8s.io "nope" not found');
  });
});
