import { describe, expect, it } from "vitest";
import { ImpersonationHeaderError, impersonate } from "../../../src/apiserver/impersonation";
import type { StatusError } from "../../../src/kube/errors";
import { authenticated, clusterRole, clusterRoleBinding, policyWith, user } from "./fixtures";

const admin = { username: "kubernetes-admin", groups: authenticated("kubeadm:cluster-admins") };
const jane = { username: "jane", groups: authenticated() };

const headers = (h: Record<string, string>) => new Headers(h);

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    return e as StatusError;
  }
  throw new Error("expected a refusal");
}

describe("impersonation", () => {
  const policy = policyWith();

  it("acts as nobody else without Impersonate-* headers", () => {
    expect(impersonate(headers({ accept: "application/json" }), jane, policy)).toBeUndefined();
  });

  it("lets the admin act as a user, adding system:authenticated", () => {
    expect(impersonate(headers({ "Impersonate-User": "jane" }), admin, policy)).toEqual({
      username: "jane",
      groups: ["system:authenticated"],
    });
  });

  it("gives a ServiceAccount its fixed groups unless groups are given", () => {
    const sa = { "Impersonate-User": "system:serviceaccount:team-a:builder" };
    expect(impersonate(headers(sa), admin, policy)?.groups).toEqual([
      "system:serviceaccounts",
      "system:serviceaccounts:team-a",
      "system:authenticated",
    ]);
    expect(impersonate(headers({ ...sa, "Impersonate-Group": "ci" }), admin, policy)?.groups).toEqual([
      "ci",
      "system:authenticated",
    ]);
    // Not a valid ServiceAccount name: an ordinary user of that name.
    expect(impersonate(headers({ "Impersonate-User": "system:serviceaccount:Team:x" }), admin, policy)?.groups).toEqual(
      ["system:authenticated"],
    );
  });

  it("takes repeated groups, extras and a uid; system:unauthenticated keeps system:authenticated out", () => {
    const h = headers({ "Impersonate-User": "jane", "Impersonate-Uid": "u-1", "Impersonate-Extra-Scopes": "a" });
    h.append("Impersonate-Group", "devs");
    h.append("Impersonate-Group", "ops");
    h.append("Impersonate-Extra-Scopes", "b");
    h.append("Impersonate-Extra-Acme.com%2Fproject", "x");
    expect(impersonate(h, admin, policy)).toEqual({
      username: "jane",
      uid: "u-1",
      groups: ["devs", "ops", "system:authenticated"],
      extra: { scopes: ["a", "b"], "acme.com/project": ["x"] },
    });
    const anon = headers({ "Impersonate-User": "jane", "Impersonate-Group": "system:unauthenticated" });
    expect(impersonate(anon, admin, policy)?.groups).toEqual(["system:unauthenticated"]);
    expect(impersonate(headers({ "Impersonate-User": "system:anonymous" }), admin, policy)?.groups).toEqual([
      "system:unauthenticated",
    ]);
  });

  it("refuses a user without the impersonate verb, naming what was asked for", () => {
    const e = refusal(() => impersonate(headers({ "Impersonate-User": "admin" }), jane, policy));
    expect(e.code).toBe(403);
    expect(e.message).toBe(
      'users "admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const sa = refusal(() =>
      impersonate(headers({ "Impersonate-User": "system:serviceaccount:team-a:builder" }), jane, policy),
    );
    expect(sa.message).toBe(
      'serviceaccounts "builder" is forbidden: User "jane" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-a"',
    );
  });

  it("checks groups, uids and extras one by one", () => {
    const mayBeJane = policyWith(
      clusterRole("impersonate-jane", [
        { verbs: ["impersonate"], apiGroups: [""], resources: ["users"], resourceNames: ["jane"] },
      ]),
      clusterRoleBinding("bob-impersonates-jane", "impersonate-jane", [user("bob")]),
    );
    const bob = { username: "bob", groups: authenticated() };
    expect(impersonate(headers({ "Impersonate-User": "jane" }), bob, mayBeJane)?.username).toBe("jane");
    expect(
      refusal(() => impersonate(headers({ "Impersonate-User": "jane", "Impersonate-Group": "admins" }), bob, mayBeJane))
        .message,
    ).toBe(
      'groups "admins" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
    expect(
      refusal(() => impersonate(headers({ "Impersonate-User": "jane", "Impersonate-Uid": "1234" }), bob, mayBeJane))
        .message,
    ).toBe(
      'uids.authentication.k8s.io "1234" is forbidden: User "bob" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
    );
    expect(
      refusal(() =>
        impersonate(headers({ "Impersonate-User": "jane", "Impersonate-Extra-Scopes": "view" }), bob, mayBeJane),
      ).message,
    ).toBe(
      'userextras.authentication.k8s.io "view" is forbidden: User "bob" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it("answers groups without a user with kube's plain-text 500", async () => {
    let err: unknown;
    try {
      impersonate(headers({ "Impersonate-Group": "devs", "Impersonate-Uid": "u" }), admin, policy);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImpersonationHeaderError);
    const res = (err as ImpersonationHeaderError).response("/clusters/demo/api/v1/pods?limit=1");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(
      'Internal Server Error: "/clusters/demo/api/v1/pods?limit=1": requested [{Group  devs    } {UID  u  authentication.k8s.io/v1  }] without impersonating a user\n',
    );
  });
});
