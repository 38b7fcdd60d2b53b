import { describe, expect, it } from "vitest";
import { StatusError } from "../../../src/kube/errors";
import { decodeKubeProtobuf, isKubeProtobuf } from "../../../src/kube/protobuf/decode";
import { concat, envelope, ld, MAGIC, msg, varint, vi } from "./pb";
import { resolveSchema } from "./schemas";

const decode = (body: Uint8Array, target?: { apiVersion: string; kind: string }) =>
  decodeKubeProtobuf(body, resolveSchema, target);

function errorOf(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

const NAMESPACE = { apiVersion: "v1", kind: "Namespace" };
const time = (seconds: number, nanos = 0) => msg(vi(1, seconds), vi(2, nanos));

describe("envelope", () => {
  it("decodes apiVersion, kind and the object", () => {
    const out = decode(envelope("v1", "Namespace", msg(ld(1, msg(ld(1, "dev"))))));
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } },
    });
  });

  it("rejects data without the k8s\\0 prefix as BadRequest", () => {
    const err = errorOf(() => decode(new TextEncoder().encode('{"kind":"Namespace"}')));
    expect(err.code).toBe(400);
    expect(err.reason).toBe("BadRequest");
    expect(err.message).toBe("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
  });

  it("words envelope errors like kube-apiserver's create handler when the expected kind is known", () => {
    expect(errorOf(() => decode(new TextEncoder().encode('{"kind":"Namespace"}'), NAMESPACE)).message).toBe(
      'the object provided is unrecognized (must be of type Namespace): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"Namespace"})',
    );
    expect(errorOf(() => decode(Uint8Array.from([1, 2, 3]), NAMESPACE)).message).toBe(
      "the object provided is unrecognized (must be of type Namespace): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (010203)",
    );
  });

  it("rejects empty and truncated bodies", () => {
    expect(errorOf(() => decode(new Uint8Array(0))).message).toBe("empty data");
    expect(errorOf(() => decode(MAGIC)).message).toBe("empty body");
    expect(errorOf(() => decode(concat(MAGIC, Uint8Array.from([0x0a, 0x10, 0x0a])))).message).toBe("unexpected EOF");
  });

  it("reports an unregistered kind", () => {
    const body = envelope("v1", "Foo", msg());
    expect(errorOf(() => decode(body)).message).toBe(
      'no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    expect(errorOf(() => decode(body, NAMESPACE)).message).toBe(
      'Foo in version "v1" cannot be handled as a Namespace: no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  it("takes a missing kind and apiVersion from the expected kind", () => {
    const body = concat(MAGIC, ld(2, msg(ld(1, msg(ld(1, "dev"))))));
    expect(decode(body, NAMESPACE).object).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    expect(errorOf(() => decode(body)).message).toBe(
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:""}'`,
    );
  });

  it("reports malformed objects with the kind it was decoding", () => {
    const body = envelope("v1", "Namespace", msg(ld(1, msg(vi(1, 5)))));
    expect(errorOf(() => decode(body)).message).toBe("proto: wrong wireType = 0 for field Name");
    expect(errorOf(() => decode(body, NAMESPACE)).message).toBe(
      'Namespace in version "v1" cannot be handled as a Namespace: proto: wrong wireType = 0 for field Name',
    );
    const apps = envelope("apps/v1", "Deployment", msg(ld(2, msg(ld(1, "x")))));
    expect(errorOf(() => decode(apps, { apiVersion: "apps/v1", kind: "Deployment" })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: proto: wrong wireType = 2 for field Replicas',
    );
  });

  it("recognizes the content type", () => {
    expect(isKubeProtobuf("application/vnd.kubernetes.protobuf")).toBe(true);
    expect(isKubeProtobuf("application/vnd.kubernetes.protobuf; charset=utf-8")).toBe(true);
    expect(isKubeProtobuf("application/json")).toBe(false);
    expect(isKubeProtobuf(undefined)).toBe(false);
  });
});

describe("objects", () => {
  const ns = (...meta: Uint8Array[]) =>
    decode(envelope("v1", "Namespace", msg(ld(1, msg(...meta))))).object.metadata as Record<string, unknown>;

  it("drops zero non-pointer scalars (omitempty) and keeps zero pointers", () => {
    expect(ns(ld(1, "dev"), ld(2, ""), ld(3, ""), vi(7, 0), vi(10, 0), ld(8, new Uint8Array(0)))).toEqual({
      name: "dev",
      deletionGracePeriodSeconds: 0,
      creationTimestamp: null,
    });
  });

  it("keeps zero values the schema requires", () => {
    // ContainerPort.containerPort is required (json:"containerPort" without omitempty).
    const pod = msg(ld(2, msg(ld(2, msg(ld(1, "c"), ld(6, msg(vi(3, 0), ld(4, "TCP"))))))));
    const spec = decode(envelope("v1", "Pod", pod)).object.spec as { containers: unknown[] };
    expect(spec.containers).toEqual([{ name: "c", ports: [{ containerPort: 0, protocol: "TCP" }] }]);
  });

  it("formats Time in seconds and MicroTime in microseconds, zero time as null", () => {
    expect(ns(ld(8, time(1_764_297_909, 999_999_999)))).toEqual({ creationTimestamp: "2025-11-28T02:45:09Z" });
    expect(ns(ld(8, time(0)))).toEqual({ creationTimestamp: "1970-01-01T00:00:00Z" });
    const lease = msg(ld(2, msg(ld(3, time(1_764_297_909, 123_456_789)), ld(4, time(1_764_297_909)))));
    expect(decode(envelope("coordination.k8s.io/v1", "Lease", lease)).object.spec).toEqual({
      acquireTime: "2025-11-28T02:45:09.123456Z",
      renewTime: "2025-11-28T02:45:09.000000Z",
    });
  });

  it("merges a repeated message field and reads maps", () => {
    const entry = (k: string, v?: string) => ld(11, msg(ld(1, k), ...(v === undefined ? [] : [ld(2, v)])));
    expect(ns(ld(1, "a"), entry("x", "1"), entry("y"), entry("x", "2"))).toEqual({
      name: "a",
      labels: { x: "2", y: "" },
    });
    const twice = msg(ld(1, msg(ld(1, "dev"))), ld(1, msg(ld(12, msg(ld(1, "k"), ld(2, "v"))))));
    expect(decode(envelope("v1", "Namespace", twice)).object.metadata).toEqual({
      name: "dev",
      annotations: { k: "v" },
    });
  });

  it("skips unknown field numbers at every level", () => {
    const body = msg(vi(99, 1), ld(1, msg(ld(1, "dev"), ld(50, "x"))), ld(2, msg(ld(1, "kubernetes"), vi(7, 3))));
    expect(decode(envelope("v1", "Namespace", body)).object).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "dev" },
      spec: { finalizers: ["kubernetes"] },
    });
  });

  it("reads repeated int64 packed and unpacked, negative int32, large int64", () => {
    const securityContext = msg(ld(4, concat(varint(4000), varint(5000))), vi(4, 6000), vi(2, 0));
    const spec = msg(vi(25, -5), vi(5, 4_000_000_000), ld(14, securityContext));
    expect(decode(envelope("v1", "Pod", msg(ld(2, spec)))).object.spec).toEqual({
      priority: -5,
      activeDeadlineSeconds: 4_000_000_000,
      securityContext: { supplementalGroups: [4000, 5000, 6000], runAsUser: 0 },
    });
  });

  it("inlines embedded structs and decodes quantities, int-or-strings and bytes", () => {
    const probe = msg(ld(1, msg(ld(2, msg(ld(1, "/z"), ld(2, msg(vi(1, 1), ld(3, "http"))))))), vi(2, 5));
    const resources = msg(
      ld(1, msg(ld(1, "cpu"), ld(2, msg(ld(1, "500m"))))),
      ld(2, msg(ld(1, "memory"), ld(2, msg()))),
    );
    const container = msg(ld(1, "c"), ld(8, resources), ld(10, probe));
    const volume = msg(ld(1, "v"), ld(2, msg(ld(2, msg()))));
    const spec = msg(ld(1, volume), ld(2, container));
    expect(decode(envelope("v1", "Pod", msg(ld(2, spec)))).object.spec).toEqual({
      volumes: [{ name: "v", emptyDir: {} }],
      containers: [
        {
          name: "c",
          resources: { limits: { cpu: "500m" }, requests: { memory: "0" } },
          livenessProbe: { httpGet: { path: "/z", port: "http" }, initialDelaySeconds: 5 },
        },
      ],
    });
    const secret = msg(ld(2, msg(ld(1, "k"), ld(2, Uint8Array.from([0, 1, 0xff])))), ld(3, "Opaque"));
    expect(decode(envelope("v1", "Secret", secret)).object).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      data: { k: "AAH/" },
      type: "Opaque",
    });
  });

  it("decodes RawExtension and FieldsV1 as JSON", () => {
    const cr = msg(ld(2, msg(ld(1, '{"a":[1,true]}'))), vi(3, 2));
    expect(decode(envelope("apps/v1", "ControllerRevision", cr)).object).toEqual({
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      data: { a: [1, true] },
      revision: 2,
    });
    const bad = msg(ld(2, msg(ld(1, "{nope"))));
    expect(errorOf(() => decode(envelope("apps/v1", "ControllerRevision", bad))).code).toBe(400);
    const managed = ld(17, msg(ld(1, "kubectl"), ld(7, msg(ld(1, '{"f:metadata":{}}')))));
    expect(ns(ld(1, "x"), managed)).toEqual({
      name: "x",
      managedFields: [{ manager: "kubectl", fieldsV1: { "f:metadata": {} } }],
    });
  });
});
