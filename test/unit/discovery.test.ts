import { describe, expect, it } from "vitest";
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  compareKubeAwareVersions,
  type ExtraSubresource,
  negotiateDiscovery,
  storageVersionHash,
} from "../../src/kube/discovery";
import type { KindDeclaration } from "../../src/kube/registry/kind";
import { obj } from "../../src/kube/schema/dsl";
import { deploymentSchema } from "../../src/kube/types/apps";
import { podSchema } from "../../src/kube/types/core-pod";

function kind(partial: Partial<KindDeclaration> & Pick<KindDeclaration, "group" | "version" | "kind" | "plural">) {
  return {
    singular: partial.kind.toLowerCase(),
    namespaced: true,
    schema: obj(`io.example.${partial.version}.${partial.kind}`, {}),
    nameRule: "subdomain",
    columns: [],
    ...partial,
  } as KindDeclaration;
}

const pods = kind({
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  shortNames: ["po"],
  categories: ["all"],
  statusSubresource: true,
  schema: podSchema,
});
const namespaces = kind({
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  namespaced: false,
  shortNames: ["ns"],
  statusSubresource: true,
  verbs: ["watch", "create", "delete", "get", "list", "patch", "update"],
});
const deployments = kind({
  group: "apps",
  version: "v1",
  kind: "Deployment",
  plural: "deployments",
  shortNames: ["deploy"],
  categories: ["all"],
  statusSubresource: true,
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" },
  schema: deploymentSchema,
});
const leases = kind({ group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases" });
const widgets = kind({ group: "example.com", version: "v1beta1", kind: "Widget", plural: "widgets" });
const widgetsV1 = kind({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets" });
const widgetsAlpha = kind({ group: "example.com", version: "v2alpha1", kind: "Widget", plural: "widgets" });
const jobs = kind({ group: "batch", version: "v1", kind: "Job", plural: "jobs", statusSubresource: true });
const decls = [pods, namespaces, leases, widgets, widgetsAlpha, widgetsV1, deployments, jobs];

const extras: ExtraSubresource[] = [
  { name: "pods/log", verbs: ["get"], kind: "Pod" },
  { name: "pods/binding", verbs: ["create"], kind: "Binding" },
  { name: "pods/eviction", verbs: ["create"], kind: "Eviction", group: "policy", version: "v1" },
  { name: "pods/exec", verbs: ["get", "create"], kind: "PodExecOptions" },
  { name: "nothere/log", verbs: ["get"], kind: "X" },
];

describe("legacy discovery", () => {
  it("/api lists the core versions and the server address", () => {
    expect(apiVersions("10.0.0.1:443", decls)).toEqual({
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "10.0.0.1:443" }],
    });
  });

  it("/apis orders groups by kube's priority, unknown groups last, versions by preference", () => {
    const list = apiGroupList(decls);
    expect(list.kind).toBe("APIGroupList");
    expect(list.apiVersion).toBe("v1");
    expect(list.groups.map((g) => g.name)).toEqual(["apps", "batch", "coordination.k8s.io", "example.com"]);
    const ex = list.groups[3];
    expect(ex.versions.map((v) => v.version)).toEqual(["v1", "v1beta1", "v2alpha1"]);
    expect(ex.preferredVersion).toEqual({ groupVersion: "example.com/v1", version: "v1" });
    expect(list.groups[0]).toEqual({
      name: "apps",
      versions: [{ groupVersion: "apps/v1", version: "v1" }],
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    });
  });

  it("/apis/<group> describes one group", () => {
    expect(apiGroup(decls, "apps")).toEqual({
      kind: "APIGroup",
      apiVersion: "v1",
      name: "apps",
      versions: [{ groupVersion: "apps/v1", version: "v1" }],
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    });
    expect(apiGroup(decls, "nope")).toBeUndefined();
  });

  it("/api/v1 has no apiVersion, sorted resources, subresources and extras", () => {
    const list = apiResourceList(decls, "", "v1", extras)!;
    expect(Object.keys(list)).toEqual(["kind", "groupVersion", "resources"]);
    expect(list.groupVersion).toBe("v1");
    expect(list.resources.map((r) => r.name)).toEqual([
      "namespaces",
      "namespaces/status",
      "pods",
      "pods/binding",
      "pods/eviction",
      "pods/exec",
      "pods/log",
      "pods/status",
    ]);
    const byName = Object.fromEntries(list.resources.map((r) => [r.name, r]));
    expect(byName.pods).toEqual({
      name: "pods",
      singularName: "pod",
      namespaced: true,
      kind: "Pod",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["po"],
      categories: ["all"],
      storageVersionHash: "xPOwRZ+Yhw8=",
    });
    expect(byName["pods/status"]).toEqual({
      name: "pods/status",
      singularName: "",
      namespaced: true,
      kind: "Pod",
      verbs: ["get", "patch", "update"],
    });
    expect(byName["pods/eviction"]).toEqual({
      name: "pods/eviction",
      singularName: "",
      namespaced: true,
      group: "policy",
      version: "v1",
      kind: "Eviction",
      verbs: ["create"],
    });
    expect(byName["pods/exec"].verbs).toEqual(["create", "get"]);
    expect(byName.namespaces.namespaced).toBe(false);
    expect(byName.namespaces.verbs).toEqual(["create", "delete", "get", "list", "patch", "update", "watch"]);
    expect(byName["namespaces/status"].namespaced).toBe(false);
  });

  it("/apis/apps/v1 carries apiVersion and the scale subresource as autoscaling/v1 Scale", () => {
    const list = apiResourceList(decls, "apps", "v1")!;
    expect(list.apiVersion).toBe("v1");
    expect(list.groupVersion).toBe("apps/v1");
    expect(list.resources.map((r) => r.name)).toEqual(["deployments", "deployments/scale", "deployments/status"]);
    expect(list.resources[0].storageVersionHash).toBe("8aSe+NMegvE=");
    expect(list.resources[1]).toEqual({
      name: "deployments/scale",
      singularName: "",
      namespaced: true,
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    });
    expect(apiResourceList(decls, "apps", "v2")).toBeUndefined();
  });

  it("storageVersionHash matches kube", () => {
    expect(storageVersionHash("", "v1", "ConfigMap")).toBe("qFsyl6wFWjQ=");
    expect(storageVersionHash("", "v1", "Namespace")).toBe("Q3oi5N2YM8M=");
    expect(storageVersionHash("", "v1", "Service")).toBe("0/CO1lhkEBI=");
  });
});

describe("aggregated discovery (apidiscovery.k8s.io/v2)", () => {
  it("/api: one unnamed group", () => {
    const doc = aggregatedDiscovery(decls, "core", { extras });
    expect(doc.kind).toBe("APIGroupDiscoveryList");
    expect(doc.apiVersion).toBe("apidiscovery.k8s.io/v2");
    expect(doc.metadata).toEqual({});
    expect(doc.items).toHaveLength(1);
    const core = doc.items[0];
    expect(core.metadata).toEqual({ creationTimestamp: null });
    expect(core.versions.map((v) => v.version)).toEqual(["v1"]);
    expect(core.versions[0].freshness).toBe("Current");
    const resources = core.versions[0].resources!;
    expect(resources.map((r) => r.resource)).toEqual(["namespaces", "pods"]);
    expect(resources[1]).toEqual({
      resource: "pods",
      responseKind: { group: "", version: "", kind: "Pod" },
      scope: "Namespaced",
      singularResource: "pod",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["po"],
      categories: ["all"],
      subresources: [
        { subresource: "binding", responseKind: { group: "", version: "", kind: "Binding" }, verbs: ["create"] },
        {
          subresource: "eviction",
          responseKind: { group: "policy", version: "v1", kind: "Eviction" },
          verbs: ["create"],
        },
        {
          subresource: "exec",
          responseKind: { group: "", version: "", kind: "PodExecOptions" },
          verbs: ["create", "get"],
        },
        { subresource: "log", responseKind: { group: "", version: "", kind: "Pod" }, verbs: ["get"] },
        {
          subresource: "status",
          responseKind: { group: "", version: "", kind: "Pod" },
          verbs: ["get", "patch", "update"],
        },
      ],
    });
    expect(resources[0].scope).toBe("Cluster");
  });

  it("/apis: named groups in priority order, versions preferred first", () => {
    const doc = aggregatedDiscovery(decls, "apis", { version: "v2beta1" });
    expect(doc.apiVersion).toBe("apidiscovery.k8s.io/v2beta1");
    expect(doc.items.map((i) => i.metadata.name)).toEqual(["apps", "batch", "coordination.k8s.io", "example.com"]);
    expect(doc.items[0].metadata).toEqual({ name: "apps", creationTimestamp: null });
    expect(doc.items[3].versions.map((v) => v.version)).toEqual(["v1", "v1beta1", "v2alpha1"]);
    const deploy = doc.items[0].versions[0].resources![0];
    expect(deploy.shortNames).toEqual(["deploy"]);
    expect(deploy.subresources).toEqual([
      {
        subresource: "scale",
        responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
        verbs: ["get", "patch", "update"],
      },
      {
        subresource: "status",
        responseKind: { group: "", version: "", kind: "Deployment" },
        verbs: ["get", "patch", "update"],
      },
    ]);
    const lease = doc.items[2].versions[0].resources![0];
    expect(lease).toEqual({
      resource: "leases",
      responseKind: { group: "", version: "", kind: "Lease" },
      scope: "Namespaced",
      singularResource: "lease",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    });
  });
});

describe("negotiateDiscovery", () => {
  const kubectl =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  it("picks v2 for kubectl's header", () => {
    expect(negotiateDiscovery(kubectl)).toEqual({
      format: "v2",
      contentType: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    });
  });
  it("falls back to v2beta1, then to legacy", () => {
    expect(negotiateDiscovery("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList").format).toBe(
      "v2beta1",
    );
    expect(negotiateDiscovery("application/json")).toEqual({ format: "legacy", contentType: "application/json" });
    expect(negotiateDiscovery("*/*").format).toBe("legacy");
    expect(negotiateDiscovery("").format).toBe("legacy");
    expect(negotiateDiscovery(undefined).format).toBe("legacy");
    expect(negotiateDiscovery("application/json;as=Table;v=v1;g=meta.k8s.io, application/json").format).toBe("legacy");
    expect(negotiateDiscovery("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList").format).toBe(
      "legacy",
    );
  });
  it("honours q values and spacing", () => {
    expect(
      negotiateDiscovery(
        "application/json;q=0.5, application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList",
      ).format,
    ).toBe("v2");
    expect(
      negotiateDiscovery("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0, application/json")
        .format,
    ).toBe("legacy");
  });
});

describe("compareKubeAwareVersions", () => {
  it("orders GA > beta > alpha, higher numbers first", () => {
    const sorted = ["v1alpha1", "v2beta1", "v1", "v1beta2", "v2", "foo", "v10"].sort((a, b) =>
      compareKubeAwareVersions(b, a),
    );
    expect(sorted).toEqual(["v10", "v2", "v1", "v2beta1", "v1beta2", "v1alpha1", "foo"]);
  });
});
