import { describe, expect, it } from "vitest";
import {
  acceptedNames,
  type CustomResourceDefinition,
  crdIsEstablished,
  crdNamesAccepted,
  crdStatus,
  customResourceOf,
  defaultedNames,
  kindsFromCRD,
  nameConflicts,
  servedNames,
  setCondition,
  storageVersion,
} from "../../../src/kube/crd/kind-from-crd";
import { decodeCustomResource } from "../../../src/kube/crd/validate";
import { fieldErrorString } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import { type AdmissionContext, ALL_VERBS } from "../../../src/kube/registry/kind";
import { Registry } from "../../../src/kube/registry/registry";
import { validateObjectMeta } from "../../../src/kube/validation/object-meta";
import { cronTabCRD, NOW, webAppCRD } from "./fixtures";

const view = { list: () => [], get: () => undefined };
const CREATE: AdmissionContext = { now: NOW, operation: "CREATE", view };
const UPDATE: AdmissionContext = { now: NOW, operation: "UPDATE", view };
const T0 = "2024-05-01T12:00:00Z";
const T1 = "2024-05-01T13:00:00Z";

function established(crd: CustomResourceDefinition, all: CustomResourceDefinition[] = []): CustomResourceDefinition {
  return { ...crd, status: crdStatus(crd, all, T0) };
}

describe("kindsFromCRD", () => {
  it("CronTab: one namespaced declaration with the CRD's names, schema and columns", () => {
    const [decl] = kindsFromCRD(cronTabCRD());
    expect(decl).toMatchObject({
      group: "stable.example.com",
      version: "v1",
      kind: "CronTab",
      plural: "crontabs",
      singular: "crontab",
      namespaced: true,
      shortNames: ["ct"],
      verbs: ALL_VERBS,
      nameRule: "subdomain",
    });
    expect(decl.statusSubresource).toBeUndefined();
    expect(decl.scale).toBeUndefined();
    expect(decl.schema.name).toBe("com.example.stable.v1.CronTab");
    expect(decl.columns.map((c) => c.name)).toEqual(["Name", "Spec", "Replicas", "Age"]);
    const info = customResourceOf(decl)!;
    expect(info.schema.kind).toBe("CronTab");
    expect(info.version.name).toBe("v1");
  });

  it("WebApp: one declaration per served version; subresources, categories, defaulted singular", () => {
    const decls = kindsFromCRD(webAppCRD());
    expect(decls.map((d) => d.version)).toEqual(["v1alpha1", "v1"]);
    const v1 = decls[1];
    expect(v1).toMatchObject({
      kind: "WebApp",
      plural: "webapps",
      singular: "webapp",
      shortNames: ["wa"],
      categories: ["all", "example"],
      statusSubresource: true,
      scale: {
        specReplicasPath: ".spec.replicas",
        statusReplicasPath: ".status.replicas",
        labelSelectorPath: ".status.selector",
      },
    });
    expect(decls[0].statusSubresource).toBeUndefined();
    expect(decls[0].columns.map((c) => c.name)).toEqual(["Name", "Age"]);
  });

  it("unserved versions are not declared; cluster scope is not namespaced", () => {
    const crd = webAppCRD();
    crd.spec.versions[0].served = false;
    crd.spec.scope = "Cluster";
    const decls = kindsFromCRD(crd);
    expect(decls.map((d) => d.version)).toEqual(["v1"]);
    expect(decls[0].namespaced).toBe(false);
    expect(storageVersion(crd)).toBe("v1");
  });

  it("works with the Registry (lookup by path, kind and short name)", () => {
    const reg = new Registry([...kindsFromCRD(cronTabCRD()), ...kindsFromCRD(webAppCRD())]);
    expect(reg.lookup("stable.example.com", "v1", "crontabs")?.kind).toBe("CronTab");
    expect(reg.lookup("apps.example.com", "v1alpha1", "webapps")?.kind).toBe("WebApp");
    expect(reg.byKind("apps.example.com", "WebApp")).toBeDefined();
  });

  it("custom resource names are DNS subdomains", () => {
    const [decl] = kindsFromCRD(cronTabCRD());
    const errs = validateObjectMeta(
      { name: "My_Cron", namespace: "default" },
      {
        namespaced: decl.namespaced,
        nameRule: decl.nameRule,
      },
    );
    expect(errs.map(fieldErrorString)[0]).toMatch(
      /^metadata.name: Invalid value: "My_Cron": a lowercase RFC 1123 subdomain/,
    );
  });

  it("validate: schema errors, with ratcheting on update", () => {
    const [decl] = kindsFromCRD(cronTabCRD());
    const obj: KObject = {
      apiVersion: "stable.example.com/v1",
      kind: "CronTab",
      metadata: { name: "c", namespace: "default" },
      spec: { cronSpec: "* * * * *", image: "x", replicas: 11 },
    };
    expect(decl.validate!(obj, undefined, CREATE).map(fieldErrorString)).toEqual([
      "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10",
    ]);
    const next = structuredClone(obj);
    (next.spec as Record<string, unknown>).image = "y";
    expect(decl.validate!(next, obj, UPDATE)).toEqual([]);
  });

  it("defaults prune unknown fields and apply schema defaults (objects from patches or storage)", () => {
    const decl = kindsFromCRD(webAppCRD())[1];
    const obj: KObject = {
      apiVersion: "apps.example.com/v1",
      kind: "WebApp",
      metadata: { name: "w", namespace: "default" },
      spec: { image: "nginx", bogus: true },
    };
    decl.defaults!(obj, CREATE);
    expect(obj.spec).toEqual({ image: "nginx", replicas: 1, tier: "frontend", port: 8080 });
  });

  it("prepareForCreate drops status (status subresource) and sets generation 1", () => {
    const [alpha, v1] = kindsFromCRD(webAppCRD());
    const mk = (): KObject => ({ metadata: { name: "w" }, spec: { image: "x" }, status: { replicas: 3 } });
    const a = mk();
    v1.prepareForCreate!(a, CREATE);
    expect(a).toEqual({ metadata: { name: "w", generation: 1 }, spec: { image: "x" } });
    const b = mk();
    alpha.prepareForCreate!(b, CREATE);
    expect(b.status).toEqual({ replicas: 3 });
    expect(b.metadata.generation).toBe(1);
  });

  it("prepareForUpdate bumps generation on changes outside metadata (and status when it is a subresource)", () => {
    const [alpha, v1] = kindsFromCRD(webAppCRD());
    const old: KObject = { metadata: { name: "w", generation: 4 }, spec: { image: "x" }, status: { replicas: 1 } };
    const labelsOnly: KObject = { ...structuredClone(old), metadata: { name: "w", generation: 9, labels: { a: "b" } } };
    v1.prepareForUpdate!(labelsOnly, old, UPDATE);
    expect(labelsOnly.metadata.generation).toBe(4);
    const specChange: KObject = { ...structuredClone(old), spec: { image: "y" } };
    v1.prepareForUpdate!(specChange, old, UPDATE);
    expect(specChange.metadata.generation).toBe(5);
    const statusChange: KObject = { ...structuredClone(old), status: { replicas: 2 } };
    v1.prepareForUpdate!(statusChange, old, UPDATE);
    expect(statusChange.metadata.generation).toBe(4);
    const statusNoSubresource: KObject = { ...structuredClone(old), status: { replicas: 2 } };
    alpha.prepareForUpdate!(statusNoSubresource, old, UPDATE);
    expect(statusNoSubresource.metadata.generation).toBe(5);
  });

  it("selectableFields become field selectors", () => {
    const v1 = kindsFromCRD(webAppCRD())[1];
    const sel = v1.fieldSelectors!["spec.tier"];
    expect(sel({ metadata: {}, spec: { tier: "backend" } })).toBe("backend");
    expect(sel({ metadata: {}, spec: {} })).toBe("");
  });

  it("customResourceOf gives what request decoding needs", () => {
    const v1 = kindsFromCRD(webAppCRD())[1];
    const info = customResourceOf(v1)!;
    const { warnings } = decodeCustomResource(
      { apiVersion: "apps.example.com/v1", kind: "WebApp", metadata: { name: "w" }, spec: { image: "x", foo: 1 } },
      info.schema,
      "Warn",
    );
    expect(warnings).toEqual(['unknown field "spec.foo"']);
    expect(info.dsl).toBe(v1.schema);
  });
});

describe("CRD names and conditions", () => {
  it("defaults singular and listKind", () => {
    expect(defaultedNames({ plural: "webapps", kind: "WebApp" })).toEqual({
      plural: "webapps",
      kind: "WebApp",
      singular: "webapp",
      listKind: "WebAppList",
    });
  });

  it("a fresh CRD gets its names accepted and becomes Established", () => {
    const crd = cronTabCRD();
    expect(crdIsEstablished(crd)).toBe(false);
    const status = crdStatus(crd, [], T0);
    expect(status).toEqual({
      acceptedNames: {
        plural: "crontabs",
        singular: "crontab",
        shortNames: ["ct"],
        kind: "CronTab",
        listKind: "CronTabList",
      },
      conditions: [
        {
          type: "NamesAccepted",
          status: "True",
          lastTransitionTime: T0,
          reason: "NoConflicts",
          message: "no conflicts found",
        },
        {
          type: "Established",
          status: "True",
          lastTransitionTime: T0,
          reason: "InitialNamesAccepted",
          message: "the initial names have been accepted",
        },
      ],
      storedVersions: ["v1"],
    });
    const done = { ...crd, status };
    expect(crdIsEstablished(done)).toBe(true);
    expect(crdNamesAccepted(done)).toBe(true);
    // Recomputing keeps transition times.
    expect(crdStatus(done, [done], T1).conditions).toEqual(status.conditions);
  });

  it("a CRD clashing with another CRD of its group is not accepted", () => {
    const first = established(cronTabCRD());
    const clash = cronTabCRD();
    clash.metadata.name = "crontabz.stable.example.com";
    clash.spec.names = { plural: "crontabz", singular: "crontab", kind: "CronTab2", shortNames: ["ct", "cz"] };
    const r = acceptedNames(clash, [first, clash]);
    expect(r.namesAccepted).toEqual({
      type: "NamesAccepted",
      status: "False",
      reason: "ShortNamesConflict",
      message: '"ct" is already in use',
    });
    expect(r.acceptedNames).toEqual({ plural: "crontabz", kind: "CronTab2", listKind: "CronTab2List" });
    expect(r.established).toEqual({
      type: "Established",
      status: "False",
      reason: "NotAccepted",
      message: "not all names are accepted",
    });
    expect(nameConflicts(clash, [first])).toEqual([{ crd: "crontabs.stable.example.com", names: ["crontab", "ct"] }]);

    const status = crdStatus(clash, [first], T0);
    expect(crdIsEstablished({ ...clash, status })).toBe(false);
    expect(servedNames({ ...clash, status }).plural).toBe("crontabz");
  });

  it("plural and kind conflicts, the last one found is reported", () => {
    const first = established(cronTabCRD());
    const clash = cronTabCRD();
    clash.metadata.name = "other.stable.example.com";
    clash.spec.names = { plural: "crontabs", singular: "other", kind: "CronTab" };
    const r = acceptedNames(clash, [first]);
    expect(r.namesAccepted).toMatchObject({
      status: "False",
      reason: "ListKindConflict",
      message: '"CronTabList" is already in use',
    });
    expect(r.acceptedNames).toEqual({ plural: "", kind: "", singular: "other" });
  });

  it("the same names in another group do not clash", () => {
    const first = established(cronTabCRD());
    const other = cronTabCRD();
    other.metadata.name = "crontabs.other.example.com";
    other.spec.group = "other.example.com";
    expect(acceptedNames(other, [first]).namesAccepted.status).toBe("True");
    expect(nameConflicts(other, [first])).toEqual([]);
  });

  it("an Established CRD stays Established when a later name change conflicts", () => {
    const first = established(cronTabCRD());
    const second = established(webAppCRD());
    second.spec.group = "stable.example.com";
    const mine = established(second, [first]);
    mine.spec.names = { ...mine.spec.names, shortNames: ["ct"] };
    const r = crdStatus(mine, [first, mine], T1);
    expect(r.conditions?.find((c) => c.type === "NamesAccepted")).toMatchObject({
      status: "False",
      reason: "ShortNamesConflict",
      lastTransitionTime: T1,
    });
    expect(r.conditions?.find((c) => c.type === "Established")).toMatchObject({
      status: "True",
      lastTransitionTime: T0,
    });
    expect(r.acceptedNames?.shortNames).toEqual(["wa"]);
  });

  it("storedVersions accumulate storage versions", () => {
    const crd = established(webAppCRD());
    expect(crd.status?.storedVersions).toEqual(["v1"]);
    crd.spec.versions[0].storage = true;
    crd.spec.versions[1].storage = false;
    expect(crdStatus(crd, [], T1).storedVersions).toEqual(["v1", "v1alpha1"]);
  });

  it("setCondition appends new types and keeps the transition time of unchanged statuses", () => {
    const c = setCondition([], { type: "A", status: "True", reason: "R", message: "m" }, T0);
    expect(setCondition(c, { type: "A", status: "True", reason: "R2", message: "m2" }, T1)).toEqual([
      { type: "A", status: "True", lastTransitionTime: T0, reason: "R2", message: "m2" },
    ]);
    expect(setCondition(c, { type: "A", status: "False" }, T1)[0].lastTransitionTime).toBe(T1);
  });
});
