/**
 * Real request bodies recorded from kubectl v1.32 (`kubectl create ...` POSTs
 * application/vnd.kubernetes.protobuf) must decode to exactly what `kubectl create ... -o json --dry-run=client`
 * prints for the same command, i.e. the JSON body kubectl would have sent.
 *
 * kinds.json holds one rich object per served kind, encoded offline by an independent encoder driven by the
 * protobuf descriptors compiled into kubectl v1.32 (gogo marshalling emulated: non-pointer fields always
 * written); that encoder reproduces the recorded kubectl bodies byte for byte.
 */
import { describe, expect, it } from "vitest";
import { decodeAgainstSchema } from "../../../src/kube/decode";
import { decodeKubeProtobuf } from "../../../src/kube/protobuf/decode";
import { apiVersionOf } from "../../../src/kube/registry/kind";
import { KINDS } from "../../../src/kube/registry/kinds";
import kinds from "./fixtures/kinds.json";
import bodies from "./fixtures/kubectl-create.json";
import { fromBase64 } from "./pb";
import { resolveSchema } from "./schemas";

describe("kubectl create bodies", () => {
  it.each(bodies.map((b) => [b.command, b] as const))("%s", (_command, b) => {
    const decoded = decodeKubeProtobuf(fromBase64(b.body), resolveSchema);
    expect(decoded.object).toStrictEqual(b.json);
    expect(decoded.apiVersion).toBe(b.json.apiVersion);
    expect(decoded.kind).toBe(b.json.kind);
  });

  it.each(bodies.map((b) => [b.command, b] as const))("%s passes strict JSON decoding", (_command, b) => {
    const { object } = decodeKubeProtobuf(fromBase64(b.body), resolveSchema);
    const decl = KINDS.find((k) => apiVersionOf(k) === object.apiVersion && k.kind === object.kind);
    expect(decl).toBeDefined();
    if (!decl) return;
    expect(decodeAgainstSchema(object, decl, "Strict").warnings).toEqual([]);
  });
});

describe("every served kind", () => {
  it("covers all 18 kinds", () => {
    expect(kinds.map((k) => k.kind).sort()).toEqual(
      [
        "ConfigMap",
        "ControllerRevision",
        "DaemonSet",
        "Deployment",
        "Endpoints",
        "Event",
        "Lease",
        "Namespace",
        "Node",
        "PersistentVolumeClaim",
        "Pod",
        "PodTemplate",
        "ReplicaSet",
        "Scale",
        "Secret",
        "Service",
        "ServiceAccount",
        "StatefulSet",
      ].sort(),
    );
  });

  it.each(kinds.map((k) => [k.kind, k] as const))("%s", (_kind, k) => {
    expect(decodeKubeProtobuf(fromBase64(k.body), resolveSchema).object).toStrictEqual(k.json);
  });
});
