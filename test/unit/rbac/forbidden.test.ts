import { describe, expect, it } from "vitest";
import { authorize } from "../../../src/kube/rbac/authorizer";
import { forbiddenError, forbiddenMessage } from "../../../src/kube/rbac/forbidden";
import type { Attributes } from "../../../src/kube/rbac/types";
import { authenticated, policyWith, roleBinding, user } from "./fixtures";

const x = (over: Partial<Attributes>): Attributes => ({ user: "x", groups: authenticated(), verb: "get", ...over });

describe("the Forbidden answer of a denied request", () => {
  it("names the resource, group and namespace", () => {
    const e = forbiddenError(x({ verb: "delete", resource: "pods", namespace: "default" }));
    expect(e.message).toBe(
      'pods is forbidden: User "x" cannot delete resource "pods" in API group "" in the namespace "default"',
    );
    expect(e.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: e.message,
      reason: "Forbidden",
      details: { kind: "pods" },
      code: 403,
    });
  });

  it("cluster-scoped requests say 'at the cluster scope'", () => {
    expect(forbiddenError(x({ verb: "list", resource: "nodes" })).message).toBe(
      'nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it("named requests quote the name; subresources show as resource/sub; groups qualify the resource", () => {
    const e = forbiddenError(x({ resource: "pods", subresource: "log", name: "web-1", namespace: "default" }));
    expect(e.message).toBe(
      'pods "web-1" is forbidden: User "x" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
    expect(e.toStatus().details).toEqual({ name: "web-1", kind: "pods" });
    const d = forbiddenError(
      x({ verb: "patch", apiGroup: "apps", resource: "deployments", name: "web", namespace: "a" }),
    );
    expect(d.message).toBe(
      'deployments.apps "web" is forbidden: User "x" cannot patch resource "deployments" in API group "apps" in the namespace "a"',
    );
    expect(d.toStatus().details).toEqual({ name: "web", group: "apps", kind: "deployments" });
  });

  it("non-resource requests name the path", () => {
    const e = forbiddenError(x({ path: "/metrics" }));
    expect(e.message).toBe('forbidden: User "x" cannot get path "/metrics"');
    expect(e.toStatus().details).toEqual({});
    expect(forbiddenMessage(x({ user: "system:anonymous", path: "/" }))).toBe(
      'User "system:anonymous" cannot get path "/"',
    );
  });

  it("appends the authorizer's reason, and escapes HTML in the message but not the reason", () => {
    const policy = policyWith(roleBinding("default", "ghost", "ClusterRole", "gone", [user("x")]));
    const attrs = x({ resource: "pods", namespace: "default" });
    const decision = authorize(attrs, policy);
    expect(decision.allowed).toBe(false);
    expect(forbiddenError(attrs, decision.reason).message).toBe(
      'pods is forbidden: User "x" cannot get resource "pods" in API group "" in the namespace "default": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    );
    expect(forbiddenError(x({ user: "<b>&", path: "/x" }), "a<b>").message).toBe(
      'forbidden: User "&lt;b&gt;&amp;" cannot get path "/x": a<b>',
    );
  });
});
