import { describe, expect, it } from "vitest";
import { defaultStatefulSet } from "../../../src/kube/defaults/statefulset";
import { fieldErrorString } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import { validateStatefulSet } from "../../../src/kube/validation/statefulset";

const sts = (): KObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web", namespace: "default", resourceVersion: "1" },
  spec: {
    serviceName: "nginx-headless",
    selector: { matchLabels: { app: "nginx" } },
    template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } },
    volumeClaimTemplates: [
      {
        metadata: { name: "www" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      },
    ],
  },
});

describe("StatefulSet defaults", () => {
  it("fills what kube fills", () => {
    const s = sts();
    defaultStatefulSet(s);
    expect(s.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    });
    const t = (s.spec as any).volumeClaimTemplates[0];
    expect(t.spec.volumeMode).toBe("Filesystem");
    expect(t.status.phase).toBe("Pending");
    expect((s.spec as any).template.spec.restartPolicy).toBe("Always");
  });
});

describe("StatefulSet validation", () => {
  it("accepts the course's StatefulSet", () => {
    const s = sts();
    defaultStatefulSet(s);
    expect(validateStatefulSet(s)).toEqual([]);
  });

  it("rejects a selector that does not match the template and a bad policy", () => {
    const s = sts();
    (s.spec as any).template.metadata.labels = { app: "other" };
    (s.spec as any).podManagementPolicy = "Sometimes";
    defaultStatefulSet(s);
    const errs = validateStatefulSet(s).map(fieldErrorString);
    expect(errs.some((e) => e.startsWith("spec.template.metadata.labels: Invalid value"))).toBe(true);
    expect(errs).toContain(
      'spec.podManagementPolicy: Unsupported value: "Sometimes": supported values: "OrderedReady", "Parallel"',
    );
  });

  it("forbids changing anything but the updatable fields", () => {
    const old = sts();
    defaultStatefulSet(old);
    const next = structuredClone(old);
    (next.spec as any).replicas = 5;
    expect(validateStatefulSet(next, old)).toEqual([]);
    (next.spec as any).serviceName = "other";
    expect(validateStatefulSet(next, old).map(fieldErrorString)).toContain(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });
});

describe("StatefulSet claim templates", () => {
  it("lets containers mount a volumeClaimTemplate by name", () => {
    const s = sts();
    (s.spec as any).template.spec.containers[0].volumeMounts = [{ name: "www", mountPath: "/usr/share/nginx/html" }];
    defaultStatefulSet(s);
    expect(validateStatefulSet(s)).toEqual([]);
    (s.spec as any).template.spec.containers[0].volumeMounts = [{ name: "nope", mountPath: "/x" }];
    expect(validateStatefulSet(s).map(fieldErrorString)).toContain(
      'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nope"',
    );
  });
});
