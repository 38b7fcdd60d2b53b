import { describe, expect, it } from "vitest";
import {
  decodeManagedFields,
  encodeManagedFields,
  fieldManagerName,
  ignoreManagedFieldsTimestamps,
  managerFromUserAgent,
  printManager,
  recordUpdate,
  validateManagedFieldsEntries,
  zeroObject,
} from "../../../src/kube/apply/managed-fields";
import { StatusError } from "../../../src/kube/errors";
import type { KObject, ManagedFieldsEntry } from "../../../src/kube/object";
import { deployment, nginxDeployment } from "./schemas";

const T0 = "2025-01-01T00:00:00.000Z";
const T1 = "2025-01-01T00:01:00.500Z";
const T2 = "2025-01-01T00:02:00Z";
const opts = (manager: string, now: string) => ({ manager, now, apiVersion: "apps/v1", schema: deployment });

function stored(d: object): KObject {
  const o = structuredClone(d) as KObject;
  o.metadata.uid = "u1";
  o.metadata.resourceVersion = "1";
  o.metadata.creationTimestamp = "2025-01-01T00:00:00Z";
  return o;
}

function create(manager = "kubectl-create", d: object = nginxDeployment({ replicas: 1 })): KObject {
  const o = structuredClone(d) as KObject;
  recordUpdate(undefined, o, opts(manager, T0));
  return stored(o);
}

const entry = (o: KObject, manager: string) => o.metadata.managedFields?.find((e) => e.manager === manager);

describe("recordUpdate", () => {
  it("gives the creating manager an Update entry over all fields", () => {
    const o = create();
    expect(o.metadata.managedFields).toEqual([
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "apps/v1",
        time: "2025-01-01T00:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            "f:replicas": {},
            "f:selector": {},
            "f:template": {
              "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
              "f:spec": {
                "f:containers": {
                  'k:{"name":"nginx"}': {
                    ".": {},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": {
                      ".": {},
                      'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it("moves changed fields to the updating manager and drops removed fields", () => {
    const live = create();
    const next = structuredClone(live) as any;
    next.spec.replicas = 3;
    delete next.metadata.labels;
    recordUpdate(live, next, opts("kubectl-edit", T1));
    const created = FieldsOf(entry(next, "kubectl-create"));
    expect(created["f:spec"]["f:replicas"]).toBeUndefined();
    expect(created["f:metadata"]).toBeUndefined();
    expect(entry(next, "kubectl-edit")).toEqual({
      manager: "kubectl-edit",
      operation: "Update",
      apiVersion: "apps/v1",
      time: "2025-01-01T00:01:00Z",
      fieldsType: "FieldsV1",
      fieldsV1: { "f:spec": { "f:replicas": {} } },
    });
    // sorted by time
    expect(next.metadata.managedFields.map((e: ManagedFieldsEntry) => e.manager)).toEqual([
      "kubectl-create",
      "kubectl-edit",
    ]);
  });

  it("merges repeated updates by the same manager and removes emptied entries", () => {
    const live = create("a", { ...nginxDeployment(), spec: { replicas: 1 } });
    const step1 = structuredClone(live) as any;
    step1.spec.replicas = 2;
    recordUpdate(live, step1, opts("b", T1));
    expect(step1.metadata.managedFields.map((e: ManagedFieldsEntry) => e.manager)).toEqual(["a", "b"]);
    expect(entry(step1, "a")?.fieldsV1).toEqual({ "f:metadata": { "f:labels": { ".": {}, "f:app": {} } } });
    const step2 = structuredClone(step1) as any;
    step2.metadata.labels.tier = "web";
    recordUpdate(step1, step2, opts("b", T2));
    expect(step2.metadata.managedFields).toHaveLength(2);
    expect(entry(step2, "b")?.time).toBe(T2);
    expect(entry(step2, "b")?.fieldsV1).toEqual({
      "f:metadata": { "f:labels": { "f:tier": {} } },
      "f:spec": { "f:replicas": {} },
    });
  });

  it("keeps time on no-op updates and separates entries by apiVersion and subresource", () => {
    const live = create();
    const same = structuredClone(live);
    recordUpdate(live, same, opts("kubectl-create", T1));
    expect(same.metadata.managedFields).toEqual(live.metadata.managedFields);

    const status = structuredClone(live) as any;
    status.status = { replicas: 1 };
    recordUpdate(live, status, { ...opts("kube-controller-manager", T1), subresource: "status" });
    expect(entry(status, "kube-controller-manager")).toMatchObject({
      operation: "Update",
      subresource: "status",
      fieldsV1: { "f:status": { ".": {}, "f:replicas": {} } },
    });
  });

  it("does not start tracking an existing object without managedFields", () => {
    const live = stored(nginxDeployment({ replicas: 1 }));
    const next = structuredClone(live) as any;
    next.spec.replicas = 2;
    recordUpdate(live, next, opts("kubectl-edit", T1));
    expect(next.metadata.managedFields).toBeUndefined();
  });

  it("honours managedFields set by the request; [] resets; invalid ones fall back to the live ones", () => {
    const live = create("kubectl-client-side-apply");
    const csa = entry(live, "kubectl-client-side-apply")!;
    // kubectl's client-side → server-side apply migration rewrites the entry as an Apply by "kubectl"
    const migrated = structuredClone(live);
    migrated.metadata.managedFields = [{ ...csa, manager: "kubectl", operation: "Apply" }];
    recordUpdate(live, migrated, opts("kubectl", T1));
    expect(migrated.metadata.managedFields).toEqual([{ ...csa, manager: "kubectl", operation: "Apply" }]);

    const reset = structuredClone(live);
    reset.metadata.managedFields = [];
    recordUpdate(live, reset, opts("kubectl-patch", T1));
    expect(reset.metadata.managedFields).toBeUndefined();

    const bogus = structuredClone(live);
    bogus.metadata.managedFields = [{ ...csa, operation: "Bogus" as "Apply" }];
    recordUpdate(live, bogus, opts("kubectl-patch", T1));
    expect(bogus.metadata.managedFields).toEqual(live.metadata.managedFields);

    const long = structuredClone(live);
    long.metadata.managedFields = [{ ...csa, manager: "m".repeat(129) }];
    let err: unknown;
    try {
      recordUpdate(live, long, opts("kubectl-patch", T1));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(422);
    expect((err as StatusError).message).toBe(
      'Deployment.apps "nginx" is invalid: metadata.managedFields[0].manager: Too long: may not be more than 128 bytes',
    );
  });

  it("caps Update entries at 10, merging the oldest into ancient-changes", () => {
    let obj = create("m0", { ...nginxDeployment(), spec: { replicas: 0 } });
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj) as any;
      next.metadata.labels[`l${i}`] = "x";
      recordUpdate(obj, next, opts(`m${i}`, `2025-01-01T00:${String(i).padStart(2, "0")}:00Z`));
      obj = next;
    }
    const managers = obj.metadata.managedFields!.map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers).toContain("ancient-changes");
    expect(managers).not.toContain("m0");
    expect(managers).not.toContain("m1");
  });
});

function FieldsOf(e: ManagedFieldsEntry | undefined): any {
  return e?.fieldsV1 ?? {};
}

describe("helpers", () => {
  it("derives manager names from the user agent", () => {
    expect(managerFromUserAgent("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9")).toBe("kubectl");
    expect(fieldManagerName("kubectl-edit", "kubectl/v1.32.0")).toBe("kubectl-edit");
    expect(fieldManagerName(undefined, "curl/8.0")).toBe("curl");
    expect(managerFromUserAgent("a\u0007b/1")).toBe("ab");
  });

  it("prints managers as conflict messages do", () => {
    expect(printManager('{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"apps/v1"}')).toBe(
      '"kubectl-client-side-apply" using apps/v1',
    );
    expect(printManager('{"manager":"kubectl","operation":"Apply"}')).toBe('"kubectl"');
    expect(printManager('{"manager":"c","operation":"Update","apiVersion":"v1","subresource":"status"}')).toBe(
      '"c" with subresource "status" using v1',
    );
  });

  it("decodes and re-encodes entries, rejecting bad ones", () => {
    const entries: ManagedFieldsEntry[] = [
      {
        manager: "b",
        operation: "Update",
        apiVersion: "v1",
        time: T2,
        fieldsType: "FieldsV1",
        fieldsV1: { "f:a": {} },
      },
      { manager: "a", operation: "Apply", apiVersion: "v1", time: T2, fieldsType: "FieldsV1", fieldsV1: { "f:b": {} } },
    ];
    const round = encodeManagedFields(decodeManagedFields(entries));
    expect(round.map((e) => e.manager)).toEqual(["a", "b"]);
    expect(() => decodeManagedFields([{ ...entries[0], fieldsType: undefined }])).toThrow(/missing fieldsType/);
    expect(() => decodeManagedFields([{ ...entries[0], apiVersion: "" }])).toThrow(/apiVersion must not be empty/);
    expect(validateManagedFieldsEntries([{ ...entries[0], operation: "X" as "Apply", manager: "a\u0001" }])).toEqual([
      {
        type: "FieldValueInvalid",
        field: "metadata.managedFields[0].operation",
        value: "X",
        detail: "must be `Apply` or `Update`",
      },
      {
        type: "FieldValueInvalid",
        field: "metadata.managedFields[0].manager",
        value: "a\u0001",
        detail: "invalid character U+0001 (at position 1)",
      },
    ]);
  });

  it("reverts timestamp-only managedFields changes", () => {
    const live = create();
    const next = structuredClone(live);
    next.metadata.managedFields![0].time = T2;
    ignoreManagedFieldsTimestamps(live, next);
    expect(next.metadata.managedFields![0].time).toBe("2025-01-01T00:00:00Z");
  });
});

describe("zero object", () => {
  it("mirrors the JSON of a zero-valued Go object", () => {
    expect(zeroObject(deployment)).toEqual({
      metadata: { creationTimestamp: null },
      spec: {
        strategy: {},
        template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
      },
      status: {},
    });
  });
});
