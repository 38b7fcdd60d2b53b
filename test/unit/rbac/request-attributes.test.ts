import { describe, expect, it } from "vitest";
import { requestAttributes } from "../../../src/apiserver/authz";
import { parseRequestInfo } from "../../../src/apiserver/request-info";

const jane = { username: "jane", groups: ["devs", "system:authenticated"] };

/** The authorizer attributes kube-apiserver builds for `method url`. */
function attrs(method: string, url: string) {
  const u = new URL(url, "https://cluster");
  return requestAttributes(
    parseRequestInfo(method, u.pathname, u.searchParams),
    jane,
    method,
    u.pathname,
    u.searchParams,
  );
}

describe("authorizer attributes of a request", () => {
  it("names the verb, group, resource, namespace and name of resource requests", () => {
    expect(attrs("DELETE", "/api/v1/namespaces/default/pods/web-1")).toEqual({
      user: "jane",
      groups: ["devs", "system:authenticated"],
      verb: "delete",
      apiGroup: "",
      resource: "pods",
      namespace: "default",
      name: "web-1",
    });
    expect(attrs("GET", "/apis/apps/v1/deployments")).toMatchObject({
      verb: "list",
      apiGroup: "apps",
      resource: "deployments",
    });
    expect(attrs("GET", "/apis/apps/v1/deployments").namespace).toBeUndefined();
    expect(attrs("DELETE", "/api/v1/namespaces/default/configmaps").verb).toBe("deletecollection");
    expect(attrs("PATCH", "/apis/apps/v1/namespaces/a/deployments/web/scale")).toMatchObject({
      verb: "patch",
      subresource: "scale",
      name: "web",
    });
    expect(attrs("GET", "/api/v1/namespaces/a/pods/web/log")).toMatchObject({ verb: "get", subresource: "log" });
    expect(attrs("POST", "/api/v1/namespaces/a/serviceaccounts/sa/token")).toMatchObject({
      verb: "create",
      resource: "serviceaccounts",
      subresource: "token",
    });
  });

  it("tells list from watch by the watch parameter or the legacy /watch/ path", () => {
    expect(attrs("GET", "/api/v1/namespaces/a/pods?watch=true").verb).toBe("watch");
    expect(attrs("GET", "/api/v1/watch/namespaces/a/pods").verb).toBe("watch");
    expect(attrs("GET", "/api/v1/watch/namespaces/a/pods/p1")).toMatchObject({ verb: "watch", name: "p1" });
  });

  it("puts a Namespace in itself, so RoleBindings in it can grant reading it", () => {
    expect(attrs("GET", "/api/v1/namespaces/team-a")).toMatchObject({
      resource: "namespaces",
      name: "team-a",
      namespace: "team-a",
    });
    expect(attrs("PUT", "/api/v1/namespaces/team-a/finalize")).toMatchObject({
      verb: "update",
      subresource: "finalize",
      namespace: "team-a",
    });
    expect(attrs("GET", "/api/v1/namespaces").namespace).toBeUndefined();
  });

  it("names the object a list or watch pins with fieldSelector=metadata.name (kubectl get x -w)", () => {
    expect(attrs("GET", "/api/v1/namespaces/a/pods?watch=1&fieldSelector=metadata.name%3Dweb").name).toBe("web");
    expect(attrs("GET", "/api/v1/namespaces/a/pods?fieldSelector=metadata.name%3D%3Dweb").name).toBe("web");
    expect(attrs("GET", "/api/v1/namespaces/a/pods?fieldSelector=metadata.name!%3Dweb").name).toBeUndefined();
    expect(attrs("GET", "/api/v1/namespaces/a/pods?fieldSelector=spec.nodeName%3Dn1").name).toBeUndefined();
    expect(attrs("GET", "/api/v1/namespaces/a/pods?fieldSelector=%3D%3D%3D").name).toBeUndefined();
  });

  it("makes everything else a non-resource request on its path, verb the lower-cased method", () => {
    expect(attrs("GET", "/version")).toEqual({
      user: "jane",
      groups: ["devs", "system:authenticated"],
      verb: "get",
      path: "/version",
    });
    expect(attrs("GET", "/apis/apps/v1")).toMatchObject({ verb: "get", path: "/apis/apps/v1" });
    expect(attrs("GET", "/api")).toMatchObject({ path: "/api" });
    expect(attrs("HEAD", "/healthz")).toMatchObject({ verb: "head", path: "/healthz" });
    expect(attrs("GET", "/openapi/v3/apis/apps/v1")).toMatchObject({ path: "/openapi/v3/apis/apps/v1" });
    expect(attrs("POST", "/metrics").resource).toBeUndefined();
  });
});
