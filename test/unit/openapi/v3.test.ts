import { describe, expect, it } from "vitest";
import { groupVersionNames, toValidOperationID } from "../../../src/kube/openapi/common";
import { contentHash } from "../../../src/kube/openapi/hash";
import {
  openapiV3GroupVersion,
  openapiV3GroupVersionJSON,
  openapiV3Index,
  openapiV3Paths,
} from "../../../src/kube/openapi/v3";
import { configMapDecl, decls, deploymentDecl, gadgetDecl, patchMetaV3, podDecl, refsOf } from "./fixtures";

type Json = Record<string, any>;
const gv = (path: string) => openapiV3GroupVersion(decls, path) as Json;
const SMP = "application/strategic-merge-patch+json";
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const m of METHODS) if (item[m]) out.push({ path, method: m, op: item[m] });
  }
  return out;
}

const sameGvk = (a: Json | undefined, b: Json) =>
  !!a && a.group === b.group && a.version === b.version && a.kind === b.kind;

describe("/openapi/v3 index", () => {
  it("lists api, apis, version, every group and group-version", () => {
    expect(openapiV3Paths(decls)).toEqual([
      "api",
      "api/v1",
      "apis",
      "apis/apps",
      "apis/apps/v1",
      "apis/rbac.authorization.k8s.io",
      "apis/rbac.authorization.k8s.io/v1",
      "version",
    ]);
  });

  it("puts the cluster prefix and a content hash in serverRelativeURL", () => {
    const index = openapiV3Index(decls, "/clusters/demo/");
    const entry = index.paths["apis/apps/v1"].serverRelativeURL;
    const { body, hash } = openapiV3GroupVersionJSON(decls, "apis/apps/v1")!;
    expect(entry).toBe(`/clusters/demo/openapi/v3/apis/apps/v1?hash=${hash}`);
    expect(hash).toBe(contentHash(body));
    expect(hash).toMatch(/^[0-9A-F]{16}$/);
    expect(JSON.parse(body)).toEqual(gv("apis/apps/v1"));
    expect(openapiV3Index(decls).paths["api/v1"].serverRelativeURL).toMatch(
      /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{16}$/,
    );
  });

  it("hashes are stable for the same kinds and change with them", () => {
    const a = openapiV3Index(decls, "").paths["api/v1"].serverRelativeURL;
    const b = openapiV3Index([...decls], "").paths["api/v1"].serverRelativeURL;
    const c = openapiV3Index([podDecl], "").paths["api/v1"].serverRelativeURL;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("answers undefined for unknown documents", () => {
    expect(openapiV3GroupVersion(decls, "apis/apps/v2")).toBeUndefined();
    expect(openapiV3GroupVersion(decls, "apis/batch/v1")).toBeUndefined();
    expect(openapiV3GroupVersion(decls, "apis/batch")).toBeUndefined();
    expect(openapiV3GroupVersion(decls, "nope")).toBeUndefined();
  });
});

describe("group-version documents", () => {
  for (const path of openapiV3Paths(decls)) {
    it(`${path}: OpenAPI 3.0 with every $ref resolvable`, () => {
      const doc = gv(path);
      expect(doc.openapi).toBe("3.0.0");
      expect(doc.info).toEqual({ title: "Kubernetes", version: "unversioned" });
      const schemas = doc.components.schemas as Json;
      for (const ref of refsOf(doc)) {
        expect(ref.startsWith("#/components/schemas/")).toBe(true);
        expect(schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
      }
      expect(operations(doc).length).toBeGreaterThan(0);
    });
  }

  it("apps/v1 has the kinds, their lists, Scale and the meta types", () => {
    const schemas = gv("apis/apps/v1").components.schemas as Json;
    for (const name of [
      "io.k8s.api.apps.v1.Deployment",
      "io.k8s.api.apps.v1.DeploymentList",
      "io.k8s.api.apps.v1.DeploymentSpec",
      "io.k8s.api.core.v1.PodTemplateSpec",
      "io.k8s.api.core.v1.Container",
      "io.k8s.api.autoscaling.v1.Scale",
      "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
      "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
      "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
      "io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions",
      "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
      "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails",
      "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
      "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
      "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList",
      "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
      "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
      "io.k8s.apimachinery.pkg.api.resource.Quantity",
      "io.k8s.apimachinery.pkg.runtime.RawExtension",
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
    expect(schemas["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "apps", version: "v1", kind: "Deployment" },
    ]);
    expect(schemas["io.k8s.api.apps.v1.DeploymentList"]).toMatchObject({
      required: ["items"],
      "x-kubernetes-group-version-kind": [{ group: "apps", version: "v1", kind: "DeploymentList" }],
      properties: {
        items: {
          type: "array",
          items: { allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.Deployment" }], default: {} },
        },
      },
    });
    expect(schemas["io.k8s.api.autoscaling.v1.Scale"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "autoscaling", version: "v1", kind: "Scale" },
    ]);
    expect(
      schemas["io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"]["x-kubernetes-group-version-kind"],
    ).toContainEqual({
      group: "apps",
      version: "v1",
      kind: "DeleteOptions",
    });
    // Only what apps/v1 needs: no ConfigMap, no core paths.
    expect(schemas["io.k8s.api.core.v1.ConfigMap"]).toBeUndefined();
  });

  it("renders scalar types and extensions like kube", () => {
    const schemas = gv("api/v1").components.schemas as Json;
    expect(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({
      format: "int-or-string",
      oneOf: [{ type: "integer" }, { type: "string" }],
      "x-kubernetes-int-or-string": true,
    });
    expect(schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]).toMatchObject({
      oneOf: [{ type: "string" }, { type: "number" }],
    });
    expect(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toMatchObject({ type: "string", format: "date-time" });
    const meta = schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"];
    expect(meta.properties.labels).toEqual({ additionalProperties: { default: "", type: "string" }, type: "object" });
    expect(meta.properties.generation).toEqual({ format: "int64", type: "integer" });
    expect(meta.properties.creationTimestamp).toEqual({
      $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time",
    });
    expect(meta.properties.ownerReferences).toMatchObject({
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["uid"],
      "x-kubernetes-patch-merge-key": "uid",
      "x-kubernetes-patch-strategy": "merge",
    });
    expect(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"]).toMatchObject({
      "x-kubernetes-map-type": "atomic",
      required: ["apiVersion", "kind", "name", "uid"],
    });
    const spec = schemas["io.k8s.api.core.v1.PodSpec"];
    expect(spec.properties.containers).toMatchObject({
      type: "array",
      items: { allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.Container" }], default: {} },
      "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-patch-strategy": "merge",
    });
    const container = schemas["io.k8s.api.core.v1.Container"];
    expect(container.required).toContain("name");
    const rr = schemas["io.k8s.api.core.v1.ResourceRequirements"];
    expect(rr.properties.limits.additionalProperties).toEqual({
      $ref: "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity",
    });
  });

  it("marks retainKeys on the referencing property and free-form fields as preserve-unknown", () => {
    const apps = gv("apis/apps/v1").components.schemas as Json;
    expect(apps["io.k8s.api.apps.v1.DeploymentSpec"].properties.strategy).toEqual({
      allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy" }],
      "x-kubernetes-patch-strategy": "retainKeys",
    });
    const gadget = gv("apis/rbac.authorization.k8s.io/v1").components.schemas as Json;
    expect(gadget["io.example.rbac.v1.Gadget"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "rbac.authorization.k8s.io", version: "v1", kind: "Gadget" },
    ]);
    expect(gadget["io.example.rbac.v1.Gadget"].properties.blob).toEqual({
      description: "free-form",
      "x-kubernetes-preserve-unknown-fields": true,
    });
    expect(gadget["io.example.rbac.v1.GadgetPort"].properties.target).toEqual({
      allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString" }],
      description: "where to send",
    });
  });
});

describe("paths and operations", () => {
  it("installs kube's paths for a namespaced kind with status and scale", () => {
    const paths = Object.keys(gv("apis/apps/v1").paths);
    expect(paths).toEqual([
      "/apis/apps/v1/",
      "/apis/apps/v1/deployments",
      "/apis/apps/v1/namespaces/{namespace}/deployments",
      "/apis/apps/v1/namespaces/{namespace}/deployments/{name}",
      "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
      "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status",
      "/apis/apps/v1/watch/deployments",
      "/apis/apps/v1/watch/namespaces/{namespace}/deployments",
      "/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}",
    ]);
    const doc = gv("apis/apps/v1");
    const ids = operations(doc).map((o) => `${o.method} ${o.op.operationId} ${o.op["x-kubernetes-action"] ?? ""}`);
    expect(ids).toEqual([
      "get getAppsV1APIResources ",
      "get listAppsV1DeploymentForAllNamespaces list",
      "get listAppsV1NamespacedDeployment list",
      "post createAppsV1NamespacedDeployment post",
      "delete deleteAppsV1CollectionNamespacedDeployment deletecollection",
      "get readAppsV1NamespacedDeployment get",
      "put replaceAppsV1NamespacedDeployment put",
      "delete deleteAppsV1NamespacedDeployment delete",
      "patch patchAppsV1NamespacedDeployment patch",
      "get readAppsV1NamespacedDeploymentScale get",
      "put replaceAppsV1NamespacedDeploymentScale put",
      "patch patchAppsV1NamespacedDeploymentScale patch",
      "get readAppsV1NamespacedDeploymentStatus get",
      "put replaceAppsV1NamespacedDeploymentStatus put",
      "patch patchAppsV1NamespacedDeploymentStatus patch",
      "get watchAppsV1DeploymentListForAllNamespaces watchlist",
      "get watchAppsV1NamespacedDeploymentList watchlist",
      "get watchAppsV1NamespacedDeployment watch",
    ]);
  });

  it("cluster-scoped kinds have no namespace segment; declared verbs limit operations", () => {
    const core = gv("api/v1");
    expect(core.paths["/api/v1/namespaces/{name}"].get.operationId).toBe("readCoreV1Namespace");
    expect(core.paths["/api/v1/namespaces"].delete).toBeUndefined(); // no deletecollection verb
    expect(core.paths["/api/v1/namespaces/{name}/status"].patch.operationId).toBe("patchCoreV1NamespaceStatus");
    expect(core.paths["/api/v1/watch/namespaces/{name}"].get.operationId).toBe("watchCoreV1Namespace");
    expect(core.paths["/api/v1/namespaces/{namespace}/pods/{name}"].get.tags).toEqual(["core_v1"]);
    const rbac = gv("apis/rbac.authorization.k8s.io/v1");
    expect(Object.keys(rbac.paths)).toEqual([
      "/apis/rbac.authorization.k8s.io/v1/",
      "/apis/rbac.authorization.k8s.io/v1/gadgets",
      "/apis/rbac.authorization.k8s.io/v1/gadgets/{name}",
    ]);
    const item = rbac.paths["/apis/rbac.authorization.k8s.io/v1/gadgets/{name}"];
    expect(Object.keys(item).sort()).toEqual(["get", "parameters", "patch"]);
    expect(item.patch.operationId).toBe("patchRbacAuthorizationV1Gadget");
    expect(item.patch.tags).toEqual(["rbacAuthorization_v1"]);
    expect(item.parameters.map((p: Json) => p.name)).toEqual(["name", "pretty"]);
  });

  it("write operations carry dryRun, fieldManager and fieldValidation; patch also force and four content types", () => {
    const item = gv("apis/apps/v1").paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
    expect(item.patch.parameters.map((p: Json) => p.name)).toEqual([
      "dryRun",
      "fieldManager",
      "fieldValidation",
      "force",
    ]);
    expect(Object.keys(item.patch.requestBody.content)).toEqual([
      "application/apply-patch+yaml",
      "application/json-patch+json",
      "application/merge-patch+json",
      "application/strategic-merge-patch+json",
    ]);
    expect(item.patch.requestBody.content[SMP].schema).toEqual({
      $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
    });
    expect(item.put.parameters.map((p: Json) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation"]);
    expect(item.delete.parameters.map((p: Json) => p.name)).toContain("propagationPolicy");
    expect(item.delete.requestBody.content["*/*"].schema.$ref).toMatch(/DeleteOptions$/);
    expect(item.parameters.map((p: Json) => [p.name, p.in, p.required ?? false])).toEqual([
      ["name", "path", true],
      ["namespace", "path", true],
      ["pretty", "query", false],
    ]);
    expect(item.get.responses["200"].content["application/json"].schema.$ref).toMatch(/apps\.v1\.Deployment$/);
    expect(item.get.responses["401"]).toEqual({ description: "Unauthorized" });
    expect(item.patch["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", version: "v1", kind: "Deployment" });
    const coll = gv("apis/apps/v1").paths["/apis/apps/v1/namespaces/{namespace}/deployments"];
    expect(coll.post.parameters.map((p: Json) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation"]);
    expect(coll.get.parameters.map((p: Json) => p.name)).toContain("watch");
    expect(Object.keys(coll.get.responses["200"].content)).toContain("application/json;stream=watch");
    expect(coll.post.responses["201"].content["application/json"].schema.$ref).toMatch(/Deployment$/);
  });
});

describe("what kubectl looks for", () => {
  const kinds = decls.map((d) => ({ doc: gv(d.group ? `apis/${d.group}/${d.version}` : `api/${d.version}`), d }));

  it("QueryParamVerifierV3 + gvkSupportsPatchOpenAPIV3: every PATCH tagged with a GVK has fieldValidation and SMP", () => {
    for (const { doc, d } of kinds) {
      const gvk = { group: d.group, version: d.version, kind: d.kind };
      const patches = operations(doc).filter(
        (o) => o.method === "patch" && sameGvk(o.op["x-kubernetes-group-version-kind"], gvk),
      );
      if (!(d.verbs ?? ["patch"]).includes("patch")) continue;
      expect(patches.length, d.kind).toBeGreaterThan(0);
      for (const p of patches) {
        expect(
          p.op.parameters.some((x: Json) => x.name === "fieldValidation"),
          p.path,
        ).toBe(true);
        expect(Object.keys(p.op.requestBody.content)).toContain(SMP);
      }
    }
    // The scale subresource is tagged autoscaling/v1 Scale and carries fieldValidation too.
    const scale = gv("apis/apps/v1").paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"].patch;
    expect(scale["x-kubernetes-group-version-kind"]).toEqual({ group: "autoscaling", version: "v1", kind: "Scale" });
    expect(scale.parameters.map((x: Json) => x.name)).toContain("fieldValidation");
  });

  it("kubectl explain: the resource path's GVK is found in exactly one component's GVK list", () => {
    for (const { doc, d } of kinds) {
      const prefix = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
      const path = d.namespaced ? `${prefix}/namespaces/{namespace}/${d.plural}` : `${prefix}/${d.plural}`;
      const op = doc.paths[path].get ?? doc.paths[`${path}/{name}`].get;
      const gvk = op["x-kubernetes-group-version-kind"];
      expect(gvk).toEqual({ group: d.group, version: d.version, kind: d.kind });
      const matches = Object.entries(doc.components.schemas as Record<string, Json>).filter(([, s]) =>
        (s["x-kubernetes-group-version-kind"] ?? []).some((g: Json) => sameGvk(g, gvk)),
      );
      expect(matches.map(([n]) => n)).toEqual([d.schema.name]);
    }
  });

  it("strategic merge patch metadata resolves through allOf/$ref like PatchMetaFromOpenAPIV3", () => {
    const doc = gv("apis/apps/v1");
    const deployment = { $ref: "#/components/schemas/io.k8s.api.apps.v1.Deployment" };
    const containers = patchMetaV3(doc, deployment, ["spec", "template", "spec", "containers"]);
    expect(containers).toMatchObject({ strategy: "merge", key: "name" });
    const ports = patchMetaV3(doc, deployment, ["spec", "template", "spec", "containers", "ports"]);
    expect(ports).toMatchObject({ strategy: "merge", key: "containerPort" });
    const env = patchMetaV3(doc, deployment, ["spec", "template", "spec", "containers", "env"]);
    expect(env).toMatchObject({ strategy: "merge", key: "name" });
    const volumes = patchMetaV3(doc, deployment, ["spec", "template", "spec", "volumes"]);
    expect(volumes).toMatchObject({ strategy: "merge,retainKeys", key: "name" });
    expect(patchMetaV3(doc, deployment, ["spec", "strategy"]).strategy).toBe("retainKeys");
    expect(patchMetaV3(doc, deployment, ["metadata", "finalizers"]).strategy).toBe("merge");
    expect(() => patchMetaV3(doc, deployment, ["spec", "nope"])).toThrow('unable to find api field "nope"');
    const cm = gv("api/v1");
    expect(
      patchMetaV3(cm, { $ref: `#/components/schemas/${configMapDecl.schema.name}` }, ["data"]).schema,
    ).toMatchObject({
      type: "object",
    });
  });
});

describe("operationId naming", () => {
  it("follows kube's ToValidOperationID", () => {
    expect(toValidOperationID("rbac.authorization", true)).toBe("RbacAuthorization");
    expect(toValidOperationID("rbac.authorization", false)).toBe("rbacAuthorization");
    expect(toValidOperationID("v1beta1", true)).toBe("V1beta1");
    expect(groupVersionNames("", "v1")).toEqual({ op: "CoreV1", tag: "core_v1" });
    expect(groupVersionNames("apps", "v1")).toEqual({ op: "AppsV1", tag: "apps_v1" });
    expect(groupVersionNames("flowcontrol.apiserver.k8s.io", "v1")).toEqual({
      op: "FlowcontrolApiserverV1",
      tag: "flowcontrolApiserver_v1",
    });
    expect(groupVersionNames("example.com", "v1alpha1")).toEqual({
      op: "ExampleComV1alpha1",
      tag: "exampleCom_v1alpha1",
    });
  });

  it("root documents describe discovery endpoints", () => {
    expect(gv("api").paths["/api/"].get.operationId).toBe("getCoreAPIVersions");
    expect(gv("apis").paths["/apis/"].get.operationId).toBe("getAPIVersions");
    expect(gv("apis/apps").paths["/apis/apps/"].get.operationId).toBe("getAppsAPIGroup");
    expect(gv("version").paths["/version/"].get.operationId).toBe("getCodeVersion");
    expect(gv("apis/rbac.authorization.k8s.io").paths["/apis/rbac.authorization.k8s.io/"].get.operationId).toBe(
      "getRbacAuthorizationAPIGroup",
    );
  });

  it("kind declarations without their own GVK get one; with one, it is kept", () => {
    expect(gadgetDecl.schema.gvk).toBeUndefined();
    expect(deploymentDecl.schema.gvk).toEqual([{ group: "apps", version: "v1", kind: "Deployment" }]);
  });
});
