/**
 * RBAC inside a cluster, as kubectl meets it: requests authorized as the (impersonated) user with kube's 403,
 * `kubectl auth can-i` (and --list), `kubectl auth whoami`, escalation prevention on roles and bindings,
 * impersonation gated by the `impersonate` verb, and the tenant groups' bindings.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, kube } from "./helpers";

const NS = "rbac-team";
const CM = `/api/v1/namespaces/${NS}/configmaps`;
const RBAC = `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}`;
const SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
const SSRR = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
const WHOAMI = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

const as = (user: string, extra: Record<string, string> = {}) => ({ "Impersonate-User": user, ...extra });

/** A request reaching the cluster as the Worker would send it for `user` (authenticated some other way). */
async function direct(
  identity: { user?: string; groups?: string[]; saToken?: string },
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: any; text: string }> {
  const stub = await clusterStub();
  const h: Record<string, string> = {
    "x-edgeplane-cluster": "demo",
    "x-edgeplane-prefix": "/clusters/demo",
    ...headers,
  };
  if (identity.user) {
    h["x-edgeplane-user"] = identity.user;
    h["x-edgeplane-groups"] = JSON.stringify(identity.groups ?? []);
  }
  if (identity.saToken) h["x-edgeplane-sa-token"] = identity.saToken;
  if (body !== undefined) h["Content-Type"] = "application/json";
  const res = await stub.fetch(`https://cluster${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: res.status, body: parsed, text };
}

const role = (name: string, rules: unknown[]) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name },
  rules,
});
const roleBinding = (name: string, roleKind: string, roleName: string, user: string) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
  subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: user }],
});
const ssar = (resourceAttributes: Record<string, string>) => ({
  apiVersion: "authorization.k8s.io/v1",
  kind: "SelfSubjectAccessReview",
  spec: { resourceAttributes },
});

beforeAll(async () => {
  const created = [
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } }),
    await kube("POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm1" }, data: { a: "b" } }),
    await kube(
      "POST",
      `${RBAC}/roles`,
      role("cm-reader", [{ verbs: ["get", "list"], apiGroups: [""], resources: ["configmaps"] }]),
    ),
    await kube("POST", `${RBAC}/rolebindings`, roleBinding("jane-reads", "Role", "cm-reader", "jane")),
    await kube(
      "POST",
      `${RBAC}/roles`,
      role("binder", [
        { verbs: ["create"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"] },
      ]),
    ),
    await kube("POST", `${RBAC}/rolebindings`, roleBinding("bob-binds", "Role", "binder", "bob")),
    await kube("POST", `/api/v1/namespaces/${NS}/serviceaccounts`, {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "robot" },
    }),
  ];
  expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201, 201]);
});

describe("authorization of requests", () => {
  it("lets jane list what her Role grants and refuses the rest with kube's 403", async () => {
    const list = await kube("GET", CM, undefined, as("jane"));
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => c.metadata.name)).toContain("cm1");

    const elsewhere = await kube("GET", "/api/v1/namespaces/default/configmaps", undefined, as("jane"));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toBe(
      'configmaps is forbidden: User "jane" cannot list resource "configmaps" in API group "" in the namespace "default"',
    );

    const del = await kube("DELETE", `${CM}/cm1`, undefined, as("jane"));
    expect(del.status).toBe(403);
    expect(del.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      message:
        'configmaps "cm1" is forbidden: User "jane" cannot delete resource "configmaps" in API group "" in the namespace "rbac-team"',
      details: { name: "cm1", kind: "configmaps" },
    });
    expect((await kube("GET", `${CM}/cm1`)).status).toBe(200);
  });

  it("serves discovery and /version to any authenticated user, but no other path", async () => {
    const version = await kube("GET", "/version", undefined, as("jane"));
    expect(version.status).toBe(200);
    expect(version.body.gitVersion).toMatch(/^v1\./);
    expect((await kube("GET", "/api", undefined, as("jane"))).status).toBe(200);
    expect((await kube("GET", "/apis/apps/v1", undefined, as("jane"))).status).toBe(200);
    const metrics = await kube("GET", "/metrics", undefined, as("jane"));
    expect(metrics.status).toBe(403);
    expect(metrics.body.message).toBe('forbidden: User "jane" cannot get path "/metrics"');
  });

  it("maps the tenant groups to edit and view", async () => {
    const dev = as("dana", { "Impersonate-Group": "edgeplane:developers" });
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "by-dev" } };
    expect((await kube("POST", CM, cm, dev)).status).toBe(201);
    const roleWrite = await kube("POST", `${RBAC}/roles`, role("nope", []), dev);
    expect(roleWrite.status).toBe(403);
    expect(roleWrite.body.message).toBe(
      'roles.rbac.authorization.k8s.io is forbidden: User "dana" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "rbac-team"',
    );
    const viewer = as("vic", { "Impersonate-Group": "edgeplane:viewers" });
    expect((await kube("GET", CM, undefined, viewer)).status).toBe(200);
    expect((await kube("DELETE", `${CM}/by-dev`, undefined, viewer)).status).toBe(403);
    expect((await kube("GET", `/api/v1/namespaces/${NS}/secrets`, undefined, viewer)).status).toBe(403);
  });
});

describe("access reviews", () => {
  it("answers kubectl auth can-i for jane", async () => {
    const yes = await kube("POST", SSAR, ssar({ namespace: NS, verb: "list", resource: "configmaps" }), as("jane"));
    expect(yes.status).toBe(201);
    expect(yes.body.status).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "jane-reads/rbac-team" of Role "cm-reader" to User "jane"',
    });
    const no = await kube("POST", SSAR, ssar({ namespace: NS, verb: "delete", resource: "configmaps" }), as("jane"));
    expect(no.body.status).toEqual({ allowed: false });
  });

  it("answers kubectl auth can-i --list with jane's rules in the namespace", async () => {
    const res = await kube(
      "POST",
      SSRR,
      { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace: NS } },
      as("jane"),
    );
    expect(res.status).toBe(201);
    expect(res.body.status.incomplete).toBe(false);
    expect(res.body.status.resourceRules).toContainEqual({
      verbs: ["get", "list"],
      apiGroups: [""],
      resources: ["configmaps"],
    });
    expect(res.body.status.resourceRules).toContainEqual({
      verbs: ["create"],
      apiGroups: ["authorization.k8s.io"],
      resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
    });
    expect(res.body.status.nonResourceRules).toContainEqual(
      expect.objectContaining({ nonResourceURLs: expect.arrayContaining(["/version", "/api/*"]) }),
    );
    // Nothing from other namespaces' bindings.
    expect(res.body.status.resourceRules.some((r: any) => r.resources?.includes("rolebindings"))).toBe(false);
  });

  it("answers kubectl auth whoami as the impersonated user", async () => {
    const jane = await kube(
      "POST",
      WHOAMI,
      { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
      as("jane"),
    );
    expect(jane.status).toBe(201);
    expect(jane.body.status.userInfo).toEqual({ username: "jane", groups: ["system:authenticated"] });
    const withExtras = await kube(
      "POST",
      WHOAMI,
      { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
      as("jane", { "Impersonate-Group": "devs", "Impersonate-Extra-Scopes": "a", "Impersonate-Uid": "u-1" }),
    );
    expect(withExtras.body.status.userInfo).toEqual({
      username: "jane",
      uid: "u-1",
      groups: ["devs", "system:authenticated"],
      extra: { scopes: ["a"] },
    });
  });
});

describe("escalation prevention", () => {
  const bob = as("bob");

  it("refuses to let bob bind cluster-admin, and stores nothing", async () => {
    const res = await kube(
      "POST",
      `${RBAC}/rolebindings`,
      roleBinding("bob-admin", "ClusterRole", "cluster-admin", "bob"),
      bob,
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "bob-admin" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n' +
        '{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    expect((await kube("GET", `${RBAC}/rolebindings/bob-admin`)).status).toBe(404);
  });

  it("refuses a Role granting more than bob holds, but lets him bind what he holds", async () => {
    const res = await kube(
      "POST",
      `${RBAC}/roles`,
      role("deleter", [{ verbs: ["delete"], apiGroups: [""], resources: ["pods"] }]),
      bob,
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'roles.rbac.authorization.k8s.io "deleter" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    );
    expect((await kube("GET", `${RBAC}/roles/deleter`)).status).toBe(404);
    const own = await kube("POST", `${RBAC}/rolebindings`, roleBinding("bob-to-carol", "Role", "binder", "carol"), bob);
    expect(own.status).toBe(201);
  });

  it("lets the cluster admin bind anything", async () => {
    const res = await kube("POST", `${RBAC}/rolebindings`, roleBinding("jane-admin", "ClusterRole", "admin", "jane"));
    expect(res.status).toBe(201);
    expect((await kube("DELETE", `${RBAC}/rolebindings/jane-admin`)).status).toBe(200);
  });
});

describe("impersonation", () => {
  it("is refused to jane, who may not impersonate, with kube's message", async () => {
    const res = await direct({ user: "jane", groups: ["system:authenticated"] }, "GET", CM, as("admin"));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'users "admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const sa = await direct({ user: "jane" }, "GET", CM, as(`system:serviceaccount:${NS}:robot`));
    expect(sa.body.message).toBe(
      'serviceaccounts "robot" is forbidden: User "jane" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "rbac-team"',
    );
  });

  it("gives an impersonated ServiceAccount its groups", async () => {
    const res = await kube(
      "POST",
      WHOAMI,
      { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
      as(`system:serviceaccount:${NS}:robot`),
    );
    expect(res.body.status.userInfo).toEqual({
      username: "system:serviceaccount:rbac-team:robot",
      groups: ["system:serviceaccounts", "system:serviceaccounts:rbac-team", "system:authenticated"],
    });
  });

  it("answers a group without a user as kube does: a plain-text 500", async () => {
    const res = await kube("GET", "/api/v1/namespaces", undefined, { "Impersonate-Group": "devs" });
    expect(res.status).toBe(500);
    expect(res.body).toBe(
      'Internal Server Error: "/clusters/demo/api/v1/namespaces": requested [{Group  devs    }] without impersonating a user\n',
    );
  });
});

describe("ServiceAccount tokens", () => {
  it("authenticate as the ServiceAccount until it is deleted", async () => {
    const issued = await kube("POST", `/api/v1/namespaces/${NS}/serviceaccounts/robot/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: {},
    });
    const token = issued.body.status.token as string;
    const sa = (await kube("GET", `/api/v1/namespaces/${NS}/serviceaccounts/robot`)).body;
    const review = { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" };
    const whoami = await direct({ saToken: token }, "POST", WHOAMI, {}, review);
    expect(whoami.status).toBe(201);
    const info = whoami.body.status.userInfo;
    expect(info).toMatchObject({
      username: "system:serviceaccount:rbac-team:robot",
      uid: sa.metadata.uid,
      groups: ["system:serviceaccounts", "system:serviceaccounts:rbac-team", "system:authenticated"],
    });
    expect(info.extra["authentication.kubernetes.io/credential-id"][0]).toMatch(/^JTI=/);

    // The ServiceAccount itself has no RBAC grants: reading configmaps is forbidden.
    const list = await direct({ saToken: token }, "GET", CM);
    expect(list.status).toBe(403);
    expect(list.body.message).toBe(
      'configmaps is forbidden: User "system:serviceaccount:rbac-team:robot" cannot list resource "configmaps" in API group "" in the namespace "rbac-team"',
    );

    expect((await kube("DELETE", `/api/v1/namespaces/${NS}/serviceaccounts/robot`)).status).toBe(200);
    const gone = await direct({ saToken: token }, "GET", CM);
    expect(gone.status).toBe(401);
    expect(gone.body).toMatchObject({ reason: "Unauthorized", message: "Unauthorized", code: 401 });
  });
});
