import { describe, expect, it } from "vitest";
import { openapiV2 } from "../../../src/kube/openapi/v2";
import { decls, refsOf } from "./fixtures";

type Json = Record<string, any>;
const doc = openapiV2(decls) as Json;

describe("openapiV2 (Swagger 2.0)", () => {
  it("is a Swagger 2.0 document whose $refs all resolve to definitions", () => {
    expect(doc.swagger).toBe("2.0");
    expect(doc.info).toEqual({ title: "Kubernetes", version: "unversioned" });
    expect(doc.securityDefinitions.BearerToken.type).toBe("apiKey");
    for (const ref of refsOf(doc)) {
      expect(ref.startsWith("#/definitions/")).toBe(true);
      expect(doc.definitions[ref.slice("#/definitions/".length)], ref).toBeDefined();
    }
    expect(openapiV2(decls)).toBe(doc); // cached per declaration list
  });

  it("covers every group-version's paths plus the discovery roots", () => {
    const paths = Object.keys(doc.paths);
    for (const p of [
      "/api/",
      "/api/v1/",
      "/apis/",
      "/apis/apps/",
      "/apis/apps/v1/",
      "/version/",
      "/api/v1/namespaces/{namespace}/pods/{name}/status",
      "/api/v1/namespaces/{name}",
      "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
      "/apis/rbac.authorization.k8s.io/v1/gadgets/{name}",
    ]) {
      expect(paths, p).toContain(p);
    }
    expect([...paths].sort()).toEqual(paths);
  });

  it("renders scalar types the v2 way", () => {
    expect(doc.definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({
      type: "string",
      format: "int-or-string",
    });
    expect(doc.definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]).toMatchObject({ type: "string" });
    expect(doc.definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"].oneOf).toBeUndefined();
    expect(doc.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toMatchObject({
      type: "string",
      format: "date-time",
    });
    const gadget = doc.definitions["io.example.rbac.v1.GadgetPort"];
    expect(gadget.properties.target).toEqual({
      $ref: "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
      description: "where to send",
    });
    expect(doc.definitions["io.example.rbac.v1.Gadget"].properties.blob).toEqual({
      description: "free-form",
      "x-kubernetes-preserve-unknown-fields": true,
    });
  });

  it("keeps the patch extensions and GVKs", () => {
    const spec = doc.definitions["io.k8s.api.core.v1.PodSpec"];
    expect(spec.properties.containers).toMatchObject({
      type: "array",
      items: { $ref: "#/definitions/io.k8s.api.core.v1.Container", default: {} },
      "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
    });
    expect(doc.definitions["io.k8s.api.apps.v1.DeploymentSpec"].properties.strategy).toEqual({
      $ref: "#/definitions/io.k8s.api.apps.v1.DeploymentStrategy",
      "x-kubernetes-patch-strategy": "retainKeys",
    });
    expect(doc.definitions["io.k8s.api.core.v1.Pod"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "", version: "v1", kind: "Pod" },
    ]);
    expect(doc.definitions["io.k8s.api.core.v1.PodList"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "", version: "v1", kind: "PodList" },
    ]);
  });

  it("PATCH operations consume the four patch types and take fieldValidation (kubectl's v2 lookups)", () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      if (!item.patch) continue;
      expect(item.patch.consumes, path).toContain("application/strategic-merge-patch+json");
      expect(item.patch.consumes).toContain("application/apply-patch+yaml");
      const names = item.patch.parameters.map((p: Json) => p.name);
      expect(names, path).toEqual(["body", "dryRun", "fieldManager", "fieldValidation", "force"]);
      expect(item.patch.parameters[0]).toEqual({
        in: "body",
        name: "body",
        required: true,
        schema: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch" },
      });
    }
    const pods = doc.paths["/api/v1/namespaces/{namespace}/pods"];
    expect(pods.post.consumes).toEqual(["*/*"]);
    expect(pods.post.parameters[0].schema).toEqual({ $ref: "#/definitions/io.k8s.api.core.v1.Pod" });
    expect(pods.post["x-kubernetes-group-version-kind"]).toEqual({ group: "", version: "v1", kind: "Pod" });
    expect(pods.get.produces).toContain("application/json;stream=watch");
    expect(pods.parameters.map((p: Json) => [p.name, p.in, p.type])).toEqual([
      ["namespace", "path", "string"],
      ["pretty", "query", "string"],
    ]);
    expect(pods.get.responses["200"].schema).toEqual({ $ref: "#/definitions/io.k8s.api.core.v1.PodList" });
  });
});
