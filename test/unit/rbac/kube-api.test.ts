/** The API server's request path with RBAC: audit records, the clock's gate, version, ServiceAccount tokens. */
import { beforeAll, describe, expect, it } from "vitest";
import { KubeApi, type UserInfo } from "../../../src/apiserver/server";
import { authenticateServiceAccountToken } from "../../../src/apiserver/serviceaccount-auth";
import { ServiceAccountTokens } from "../../../src/apiserver/serviceaccount-tokens";
import type { AuditRecord } from "../../../src/audit/record";
import type { StatusError } from "../../../src/kube/errors";
import { createTestCluster } from "../harness/memory-cluster";

const admin: UserInfo = { username: "kubernetes-admin", groups: ["kubeadm:cluster-admins", "system:authenticated"] };
const jane: UserInfo = { username: "jane", groups: [] };

function setup() {
  const cluster = createTestCluster({ controllers: [] });
  const tokens = new ServiceAccountTokens(cluster.kv);
  const api = new KubeApi(cluster.kv, cluster.store, cluster.registry, () => cluster.clock.now(), tokens);
  const records: AuditRecord[] = [];
  const config = { prefix: "/clusters/demo", bookmarkIntervalMs: 1000, onAudit: (r: AuditRecord) => records.push(r) };
  const call = (user: UserInfo, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api.handle(
      new Request(`https://cluster${path}`, {
        method,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      }),
      user,
      config,
    );
  return { cluster, tokens, api, records, call, config };
}

describe("audit records", () => {
  const t = setup();
  beforeAll(async () => {
    await t.call(
      admin,
      "POST",
      "/api/v1/namespaces/default/configmaps?fieldManager=kubectl",
      {
        metadata: { generateName: "cm-" },
      },
      { "x-edgeplane-source-ip": "203.0.113.9", "x-edgeplane-user-agent": "kubectl/v1.32.4", "user-agent": "worker" },
    );
    await t.call(admin, "DELETE", "/api/v1/namespaces/default/configmaps/nope", undefined, {
      "Impersonate-User": "jane",
    });
    await t.call(jane, "GET", "/version");
  });

  it("records a create with its verb, object, user, source and the authorizer's decision", () => {
    const r = t.records[0];
    expect(r.auditId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r).toMatchObject({
      requestURI: "/api/v1/namespaces/default/configmaps?fieldManager=kubectl",
      verb: "create",
      user: admin,
      sourceIPs: ["203.0.113.9"],
      userAgent: "kubectl/v1.32.4",
      objectRef: { resource: "configmaps", namespace: "default", apiVersion: "v1" },
      responseStatus: { code: 201 },
      annotations: {
        "authorization.k8s.io/decision": "allow",
        "authorization.k8s.io/reason":
          'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
      },
    });
    expect(r.objectRef?.name).toMatch(/^cm-/);
    expect(r.impersonatedUser).toBeUndefined();
    expect(r.stageTimestamp).toBeGreaterThanOrEqual(r.requestReceivedTimestamp);
  });

  it("records the impersonated user and a denial with kube's reason and message", () => {
    const r = t.records[1];
    expect(r).toMatchObject({
      verb: "delete",
      user: admin,
      impersonatedUser: { username: "jane", groups: ["system:authenticated"] },
      objectRef: { resource: "configmaps", namespace: "default", name: "nope" },
      responseStatus: {
        code: 403,
        status: "Failure",
        reason: "Forbidden",
        message:
          'configmaps "nope" is forbidden: User "jane" cannot delete resource "configmaps" in API group "" in the namespace "default"',
      },
      annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" },
    });
  });

  it("records non-resource requests by their lower-cased method, the user with system:authenticated", () => {
    expect(t.records[2]).toMatchObject({
      requestURI: "/version",
      verb: "get",
      user: { username: "jane", groups: ["system:authenticated"] },
      responseStatus: { code: 200 },
      annotations: { "authorization.k8s.io/decision": "allow" },
    });
    expect(t.records[2].objectRef).toBeUndefined();
    expect(t.records).toHaveLength(3);
  });
});

describe("serving", () => {
  it("reports the configured version", async () => {
    const t = setup();
    const version = { major: "1", minor: "31", gitVersion: "v1.31.9+edgeplane" };
    const res = await t.api.handle(new Request("https://cluster/version"), jane, { ...t.config, version });
    expect(await res.json()).toMatchObject(version);
  });

  /** A host route (as the cluster clock is): answers who it ran as. */
  const routes = {
    "/time:advance": async (_r: Request, _u: URL, who: UserInfo) => Response.json({ as: who.username }),
    "/time": async (_r: Request, _u: URL, who: UserInfo) => Response.json({ as: who.username }),
  };

  it("gates host routes, such as the clock, with nonResourceURLs rules", async () => {
    const t = setup();
    const config = { ...t.config, routes };
    const post = (user: UserInfo) =>
      t.api.handle(new Request("https://cluster/time:advance", { method: "POST" }), user, config);
    expect((await post(admin)).status).toBe(200);
    const denied = await post(jane);
    const err = (await denied.json()) as StatusError;
    expect(err.code).toBe(403);
    expect(err.message).toBe('forbidden: User "jane" cannot post path "/time:advance"');
    expect(t.records.at(-1)).toMatchObject({ verb: "post", responseStatus: { code: 403 } });
  });

  it("applies impersonation to host routes", async () => {
    const t = setup();
    const config = { ...t.config, routes };
    const req = () => new Request("https://cluster/time", { headers: { "Impersonate-User": "jane" } });
    const asJane = await t.api.handle(req(), admin, config);
    expect(await asJane.json()).toEqual({ as: "jane" });
    const refused = await t.api.handle(req(), jane, config);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as StatusError).message).toMatch(/cannot impersonate resource "users"/);
  });
});

describe("access reviews", () => {
  const t = setup();
  const post = async (path: string, body: unknown) => {
    const res = await t.call(admin, "POST", path, body);
    return { status: res.status, body: (await res.json()) as any };
  };
  const AUTHZ = "/apis/authorization.k8s.io/v1";

  it("answers SubjectAccessReview for the user and groups it names", async () => {
    const sar = (spec: unknown) => ({ apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec });
    const attrs = { namespace: "default", verb: "list", resource: "pods" };
    const jane = await post(`${AUTHZ}/subjectaccessreviews`, sar({ user: "jane", resourceAttributes: attrs }));
    expect(jane.body.status).toEqual({ allowed: false });
    const viewers = await post(
      `${AUTHZ}/subjectaccessreviews`,
      sar({ user: "v", groups: ["edgeplane:viewers"], resourceAttributes: attrs }),
    );
    expect(viewers.body.status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "edgeplane:viewers" of ClusterRole "view" to Group "edgeplane:viewers"',
    });
    const nobody = await post(`${AUTHZ}/subjectaccessreviews`, sar({ resourceAttributes: attrs }));
    expect(nobody.status).toBe(422);
    expect(nobody.body.message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    );
  });

  it("validates SelfSubjectAccessReview and LocalSubjectAccessReview as kube does", async () => {
    const empty = await post(`${AUTHZ}/selfsubjectaccessreviews`, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: {},
    });
    expect(empty.status).toBe(422);
    expect(empty.body.message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    const local = (namespace: string) => ({
      apiVersion: "authorization.k8s.io/v1",
      kind: "LocalSubjectAccessReview",
      spec: { user: "jane", resourceAttributes: { namespace, verb: "get", resource: "pods" } },
    });
    const ok = await post(`${AUTHZ}/namespaces/default/localsubjectaccessreviews`, local("default"));
    expect(ok.status).toBe(201);
    expect(ok.body.metadata.namespace).toBe("default");
    expect(ok.body.status).toEqual({ allowed: false });
    const elsewhere = await post(`${AUTHZ}/namespaces/default/localsubjectaccessreviews`, local("other"));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.message).toBe(
      'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace',
    );
  });
});

describe("ServiceAccount token authentication", () => {
  const t = setup();
  const sa = t.cluster.create({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "robot", namespace: "default" },
  });
  const lookup = (ns: string, name: string) =>
    t.cluster.store.tryGet(t.cluster.registry.byKind("", "ServiceAccount")!, ns, name);
  const issue = (audiences = [t.tokens.issuer], uid = sa.metadata.uid!) =>
    t.tokens.issue({
      namespace: "default",
      name: "robot",
      uid,
      audiences,
      issuedAt: Date.now(),
      expiresAt: Date.now() + 3600_000,
    });
  const refused = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: StatusError) => ({ code: e.code, message: e.message }),
    );

  it("authenticates a token for the API server as its ServiceAccount", async () => {
    const user = await authenticateServiceAccountToken(await issue(), t.tokens, lookup);
    expect(user).toMatchObject({
      username: "system:serviceaccount:default:robot",
      uid: sa.metadata.uid,
      groups: ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"],
    });
    expect(user.extra?.["authentication.kubernetes.io/credential-id"]?.[0]).toMatch(/^JTI=[0-9a-f-]{36}$/);
  });

  it("refuses tokens for another audience, of a recreated account, or garbage, with a bare 401", async () => {
    const unauthorized = { code: 401, message: "Unauthorized" };
    expect(await refused(authenticateServiceAccountToken(await issue(["vault"]), t.tokens, lookup))).toEqual(
      unauthorized,
    );
    expect(await refused(authenticateServiceAccountToken(await issue(undefined, "old-uid"), t.tokens, lookup))).toEqual(
      unauthorized,
    );
    expect(await refused(authenticateServiceAccountToken("a.b.c", t.tokens, lookup))).toEqual(unauthorized);
    expect(await refused(authenticateServiceAccountToken(await issue(), t.tokens, () => undefined))).toEqual(
      unauthorized,
    );
  });
});
