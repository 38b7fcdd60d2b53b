import { describe, expect, it } from "vitest";
import { LAST_APPLIED_ANNOTATION, serverSideApply } from "../../../src/kube/apply/apply";
import { FieldSet, fieldPath } from "../../../src/kube/apply/fieldset";
import { recordUpdate } from "../../../src/kube/apply/managed-fields";
import { StatusError } from "../../../src/kube/errors";
import type { KObject, ManagedFieldsEntry } from "../../../src/kube/object";
import { deployment, nginxDeployment, widget } from "./schemas";

const T0 = "2025-01-01T00:00:00Z";
const T1 = "2025-01-01T00:01:00Z";
const T2 = "2025-01-01T00:02:00Z";

const apply = (live: KObject | undefined, cfg: object, manager = "kubectl", force = false, now = T1) =>
  serverSideApply(live, structuredClone(cfg) as KObject, {
    manager,
    force,
    now,
    apiVersion: "apps/v1",
    schema: deployment,
  });

/** What the store would keep: the object plus server-set metadata. */
function stored(o: KObject): KObject {
  const s = structuredClone(o);
  s.metadata.uid ??= "u1";
  s.metadata.resourceVersion = "1";
  s.metadata.creationTimestamp ??= T0;
  return s;
}

function createdBy(manager: string, d: object): KObject {
  const o = structuredClone(d) as KObject;
  recordUpdate(undefined, o, { manager, apiVersion: "apps/v1", now: T0, schema: deployment });
  return stored(o);
}

function applyError(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

const entry = (o: KObject, manager: string) => o.metadata.managedFields?.find((e) => e.manager === manager);
const fieldsOf = (o: KObject, manager: string): any => entry(o, manager)?.fieldsV1 ?? {};
const managers = (o: KObject) =>
  (o.metadata.managedFields ?? []).map((e: ManagedFieldsEntry) => `${e.manager}/${e.operation}`);

describe("serverSideApply", () => {
  it("creates the object with an Apply entry", () => {
    const cfg = nginxDeployment({ replicas: 2 });
    const out = apply(undefined, cfg, "kubectl", false, T0);
    const { managedFields, ...md } = out.metadata;
    expect({ ...out, metadata: md }).toEqual(cfg);
    expect(managedFields).toEqual([
      {
        manager: "kubectl",
        operation: "Apply",
        apiVersion: "apps/v1",
        time: T0,
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:replicas": {},
            "f:selector": {},
            "f:template": {
              "f:metadata": { "f:labels": { "f:app": {} } },
              "f:spec": {
                "f:containers": {
                  'k:{"name":"nginx"}': {
                    ".": {},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it("re-applying removes what the applier no longer applies", () => {
    const d = nginxDeployment({ replicas: 2, labels: { app: "nginx", tier: "web" } }) as any;
    d.spec.template.spec.containers.push({ name: "side", image: "busybox" });
    const live = stored(apply(undefined, d, "kubectl", false, T0));
    const out = apply(live, nginxDeployment(), "kubectl", false, T1) as any;
    expect(out.spec.replicas).toBeUndefined();
    expect(out.metadata.labels).toEqual({ app: "nginx" });
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(["nginx"]);
    expect(out.metadata.uid).toBe("u1");
    expect(entry(out, "kubectl")?.time).toBe(T1);
    expect(entry(out, "kubectl")?.fieldsV1).toEqual(
      apply(undefined, nginxDeployment(), "kubectl", false, T0).metadata.managedFields?.[0].fieldsV1,
    );
  });

  it("a no-op apply keeps the object and the entry's time", () => {
    const live = stored(apply(undefined, nginxDeployment({ replicas: 2 }), "kubectl", false, T0));
    const out = apply(live, nginxDeployment({ replicas: 2 }), "kubectl", false, T2);
    expect(out).toEqual(live);
  });

  it("reports a conflict with an Update manager the way kube does", () => {
    const live = createdBy("kubectl-client-side-apply", nginxDeployment({ replicas: 1 }));
    const err = applyError(() => apply(live, nginxDeployment({ replicas: 3 }), "kubectl-ssa"));
    expect(err.code).toBe(409);
    expect(err.reason).toBe("Conflict");
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(err.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: err.message,
      reason: "Conflict",
      details: {
        causes: [
          {
            reason: "FieldManagerConflict",
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: ".spec.replicas",
          },
        ],
      },
      code: 409,
    });
  });

  it("lists several conflicts grouped by manager", () => {
    const live = stored(apply(undefined, nginxDeployment({ replicas: 1 }), "alice", false, T0));
    const edited = structuredClone(live) as any;
    edited.spec.template.spec.containers[0].image = "nginx:edited";
    recordUpdate(live, edited, { manager: "kubectl-edit", apiVersion: "apps/v1", now: T1, schema: deployment });
    const err = applyError(() => apply(stored(edited), nginxDeployment({ replicas: 5, image: "nginx:bob" }), "bob"));
    expect(err.message).toBe(
      [
        'Apply failed with 2 conflicts: conflicts with "alice":',
        "- .spec.replicas",
        'conflicts with "kubectl-edit" using apps/v1:',
        '- .spec.template.spec.containers[name="nginx"].image',
      ].join("\n"),
    );
    expect(err.details?.causes).toHaveLength(2);
  });

  it("force takes ownership of conflicting fields", () => {
    const live = createdBy("kubectl-create", nginxDeployment({ replicas: 1 }));
    const out = apply(live, nginxDeployment({ replicas: 3 }), "kubectl", true) as any;
    expect(out.spec.replicas).toBe(3);
    expect(fieldsOf(out, "kubectl-create")["f:spec"]?.["f:replicas"]).toBeUndefined();
    expect(fieldsOf(out, "kubectl")["f:spec"]?.["f:replicas"]).toEqual({});
    expect(managers(out)).toEqual(["kubectl/Apply", "kubectl-create/Update"]);
  });

  it("two appliers agreeing on a value share it without conflict", () => {
    const live = stored(apply(undefined, nginxDeployment({ replicas: 2 }), "alice", false, T0));
    const shared = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "nginx" }, spec: { replicas: 2 } };
    const out = stored(apply(live, shared, "bob", false, T1));
    expect(fieldsOf(out, "alice")["f:spec"]?.["f:replicas"]).toEqual({});
    expect(entry(out, "bob")?.fieldsV1).toEqual({ "f:spec": { "f:replicas": {} } });
    // nothing changed, so bob's new entry has no time (as in kube)
    expect(entry(out, "bob")?.time).toBeUndefined();
    // alice drops replicas: bob still owns it, so it stays
    const again = apply(out, nginxDeployment(), "alice", false, T2) as any;
    expect(again.spec.replicas).toBe(2);
    expect(fieldsOf(again, "alice")["f:spec"]?.["f:replicas"]).toBeUndefined();
    // and now a third applier with another value conflicts with bob only
    const err = applyError(() => apply(stored(again), { ...shared, spec: { replicas: 9 } }, "carol"));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "bob": .spec.replicas');
  });

  it("applies over objects created by update managers (kubectl-create) with equal values", () => {
    const live = createdBy("kubectl-create", nginxDeployment({ replicas: 1 }));
    const out = apply(live, nginxDeployment({ replicas: 1 }), "kubectl");
    expect(managers(out)).toEqual(["kubectl/Apply", "kubectl-create/Update"]);
    expect(out.spec).toEqual(live.spec);
  });

  it("keeps fields an Update manager also owns when the applier drops them", () => {
    const live = stored(apply(undefined, nginxDeployment({ replicas: 1 }), "kubectl", false, T0));
    const scaled = structuredClone(live) as any;
    scaled.spec.replicas = 4;
    recordUpdate(live, scaled, { manager: "hpa", apiVersion: "apps/v1", now: T1, schema: deployment });
    const out = apply(stored(scaled), nginxDeployment(), "kubectl", false, T2) as any;
    expect(out.spec.replicas).toBe(4);
    expect(entry(out, "hpa")?.fieldsV1).toEqual({ "f:spec": { "f:replicas": {} } });
  });

  it("attributes existing fields to before-first-apply when there are no managedFields", () => {
    const live = stored(nginxDeployment({ replicas: 1 }) as KObject);
    const err = applyError(() => apply(live, nginxDeployment({ replicas: 2 }), "kubectl-ssa"));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
    const out = apply(live, nginxDeployment({ replicas: 1 }), "kubectl-ssa");
    expect(managers(out)).toEqual(["kubectl-ssa/Apply", "before-first-apply/Update"]);
  });

  it("matches ports keyed by containerPort+protocol when protocol is defaulted", () => {
    const live = nginxDeployment() as any;
    live.spec.template.spec.containers[0].ports[0].protocol = "TCP";
    const created = createdBy("kubectl-create", live);
    const out = apply(created, nginxDeployment(), "kubectl") as any;
    expect(out.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
  });

  it("lets kubectl take over what client-side apply owned (last-applied annotation)", () => {
    const cfg = nginxDeployment({ replicas: 1 }) as any;
    const annotated = structuredClone(cfg);
    annotated.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(cfg)}\n` };
    const live = createdBy("kubectl-client-side-apply", annotated);
    const changed = nginxDeployment({ replicas: 3 });
    const out = apply(live, changed, "kubectl") as any;
    expect(out.spec.replicas).toBe(3);
    expect(entry(out, "kubectl-client-side-apply")?.fieldsV1).not.toHaveProperty(["f:spec", "f:replicas"]);
    // the annotation now mirrors what kubectl applied, Go-encoded with sorted keys
    expect(out.metadata.annotations[LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"nginx"},"name":"nginx","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.27","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n',
    );
    // other managers still conflict
    expect(() => apply(live, changed, "someone-else")).toThrow(StatusError);
  });

  it("rejects managedFields in the body and a wrong kind or version", () => {
    const withMf = nginxDeployment() as any;
    withMf.metadata.managedFields = [];
    let err = applyError(() => apply(undefined, withMf));
    expect([err.code, err.reason, err.message]).toEqual([400, "BadRequest", "metadata.managedFields must be nil"]);
    err = applyError(() => apply(undefined, { ...nginxDeployment(), apiVersion: "apps/v1beta1" }));
    expect(err.message).toBe("invalid object type: apps/v1beta1, Kind=Deployment");
    err = applyError(() => apply(undefined, { ...nginxDeployment(), kind: "StatefulSet" }));
    expect(err.message).toBe("invalid object type: apps/v1, Kind=StatefulSet");
  });

  it("reports configurations that do not fit the schema like kube", () => {
    const d = nginxDeployment() as any;
    d.spec.template.spec.containers.push({ image: "x" });
    const err = applyError(() => apply(undefined, d));
    expect(err.code).toBe(500);
    expect(err.message).toBe(
      'failed to create typed patch object (default/nginx; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 1: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
    const strict = { ...nginxDeployment(), spec: { ...nginxDeployment().spec, foo: 1 } };
    const e2 = applyError(() =>
      serverSideApply(undefined, strict as KObject, {
        manager: "kubectl",
        force: false,
        now: T0,
        apiVersion: "apps/v1",
        schema: deployment,
        strict: true,
      }),
    );
    expect(e2.message).toMatch(/: \.spec\.foo: field not declared in schema$/);
  });

  it("does not let anyone own reset fields", () => {
    const d = { ...nginxDeployment(), status: { replicas: 7 } };
    const out = serverSideApply(undefined, d as KObject, {
      manager: "kubectl",
      force: false,
      now: T0,
      apiVersion: "apps/v1",
      schema: deployment,
      resetFields: FieldSet.of(fieldPath("status")),
    });
    expect(entry(out, "kubectl")?.fieldsV1).not.toHaveProperty("f:status");
  });

  it("merges free-form (preserve-unknown) content granularly", () => {
    const opts = { manager: "a", force: false, now: T0, apiVersion: "example.com/v1", schema: widget };
    const base = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } };
    const live = stored(serverSideApply(undefined, { ...base, spec: { x: 1, list: [1] } } as KObject, opts));
    const out = serverSideApply(live, { ...base, spec: { y: 2 } } as KObject, { ...opts, manager: "b" }) as any;
    expect(out.spec).toEqual({ x: 1, list: [1], y: 2 });
    const err = applyError(() =>
      serverSideApply(live, { ...base, spec: { list: [2] } } as KObject, { ...opts, manager: "b" }),
    );
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.list');
  });
});
