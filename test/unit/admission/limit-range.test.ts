import { describe, expect, it } from "vitest";
import {
  aggregateMessage,
  applyLimitRangeDefaults,
  LIMIT_RANGER_ANNOTATION,
  limitRangeViolations,
  podResourceTotal,
  resourceListToJSON,
  setDefaultsLimitRange,
  validateAgainstLimitRanges,
} from "../../../src/kube/admission/limit-range";
import type { KObject } from "../../../src/kube/object";

type Res = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };

function pod(
  name: string,
  containers: { name: string; resources?: Res; restartPolicy?: string }[],
  init: typeof containers = [],
): KObject {
  const spec: Record<string, unknown> = {
    containers: containers.map((c) => ({ image: "nginx", ...c })),
  };
  if (init.length) spec.initContainers = init.map((c) => ({ image: "busybox", ...c }));
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "dev" }, spec };
}

function limitRange(name: string, limits: Record<string, unknown>[]): KObject {
  return { apiVersion: "v1", kind: "LimitRange", metadata: { name, namespace: "dev" }, spec: { limits } };
}

function pvc(name: string, storage?: string): KObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "dev" },
    spec: { accessModes: ["ReadWriteOnce"], resources: storage ? { requests: { storage } } : {} },
  };
}

const containerDefaults = limitRange("defaults", [
  {
    type: "Container",
    default: { cpu: "500m", memory: "512Mi" },
    defaultRequest: { cpu: "100m", memory: "256Mi" },
  },
]);

describe("setDefaultsLimitRange", () => {
  it("defaults default from max, defaultRequest from default then min (Container items only)", () => {
    const lr = limitRange("x", [
      { type: "Container", max: { cpu: "2", memory: "1Gi" }, min: { cpu: "50m", "ephemeral-storage": "1Gi" } },
      { type: "Pod", max: { cpu: "4" } },
    ]);
    setDefaultsLimitRange(lr);
    expect((lr.spec as { limits: unknown[] }).limits).toEqual([
      {
        type: "Container",
        max: { cpu: "2", memory: "1Gi" },
        min: { cpu: "50m", "ephemeral-storage": "1Gi" },
        default: { cpu: "2", memory: "1Gi" },
        defaultRequest: { cpu: "2", memory: "1Gi", "ephemeral-storage": "1Gi" },
      },
      { type: "Pod", max: { cpu: "4" } },
    ]);
  });

  it("leaves explicit values alone and adds nothing when there is nothing to default", () => {
    const lr = limitRange("x", [
      { type: "Container", default: { cpu: "1" }, defaultRequest: { cpu: "200m" } },
      { type: "Container" },
    ]);
    setDefaultsLimitRange(lr);
    expect((lr.spec as { limits: unknown[] }).limits).toEqual([
      { type: "Container", default: { cpu: "1" }, defaultRequest: { cpu: "200m" } },
      { type: "Container" },
    ]);
  });
});

describe("applyLimitRangeDefaults", () => {
  it("fills requests and limits and annotates the pod as kube does", () => {
    const p = pod("web", [{ name: "nginx" }]);
    expect(applyLimitRangeDefaults(p, [containerDefaults])).toBe(true);
    expect((p.spec as { containers: { resources: Res }[] }).containers[0].resources).toEqual({
      limits: { cpu: "500m", memory: "512Mi" },
      requests: { cpu: "100m", memory: "256Mi" },
    });
    expect(p.metadata.annotations).toEqual({
      [LIMIT_RANGER_ANNOTATION]:
        "LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx",
    });
  });

  it("only sets what a container lacks", () => {
    const p = pod("web", [{ name: "nginx", resources: { requests: { cpu: "250m" }, limits: { memory: "1Gi" } } }]);
    applyLimitRangeDefaults(p, [containerDefaults]);
    expect((p.spec as { containers: { resources: Res }[] }).containers[0].resources).toEqual({
      limits: { cpu: "500m", memory: "1Gi" },
      requests: { cpu: "250m", memory: "256Mi" },
    });
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe(
      "LimitRanger plugin set: memory request for container nginx; cpu limit for container nginx",
    );
  });

  it("covers init containers, after the app containers", () => {
    const p = pod(
      "web",
      [{ name: "app", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }],
      [{ name: "setup" }],
    );
    applyLimitRangeDefaults(p, [containerDefaults]);
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe(
      "LimitRanger plugin set: cpu, memory request for init container setup; cpu, memory limit for init container setup",
    );
  });

  it("uses the LimitRange's defaulting: a max alone becomes the default limit and request", () => {
    const p = pod("web", [{ name: "nginx" }]);
    applyLimitRangeDefaults(p, [limitRange("max", [{ type: "Container", max: { memory: "1Gi" } }])]);
    expect((p.spec as { containers: { resources: Res }[] }).containers[0].resources).toEqual({
      limits: { memory: "1Gi" },
      requests: { memory: "1Gi" },
    });
  });

  it("applies LimitRanges in order; the last one that set something writes the annotation", () => {
    const p = pod("web", [{ name: "nginx" }]);
    const cpuOnly = limitRange("cpu", [{ type: "Container", defaultRequest: { cpu: "100m" } }]);
    const both = limitRange("both", [{ type: "Container", defaultRequest: { cpu: "300m", memory: "64Mi" } }]);
    applyLimitRangeDefaults(p, [cpuOnly, both]);
    expect((p.spec as { containers: { resources: Res }[] }).containers[0].resources).toEqual({
      requests: { cpu: "100m", memory: "64Mi" },
    });
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe(
      "LimitRanger plugin set: memory request for container nginx",
    );
  });

  it("keeps existing annotations and sorts the resources it writes", () => {
    const p = pod("web", [{ name: "nginx", resources: { requests: { memory: "1Gi" } } }]);
    p.metadata.annotations = { team: "a" };
    applyLimitRangeDefaults(p, [
      limitRange("d", [{ type: "Container", defaultRequest: { cpu: "1", "ephemeral-storage": "1Gi" } }]),
    ]);
    expect(Object.keys((p.spec as { containers: { resources: Res }[] }).containers[0].resources.requests!)).toEqual([
      "cpu",
      "ephemeral-storage",
      "memory",
    ]);
    expect(p.metadata.annotations.team).toBe("a");
  });

  it("canonicalises default quantities as Go prints them", () => {
    const p = pod("web", [{ name: "nginx" }]);
    applyLimitRangeDefaults(p, [limitRange("d", [{ type: "Container", default: { cpu: 0.5, memory: "1024Mi" } }])]);
    expect((p.spec as { containers: { resources: Res }[] }).containers[0].resources.limits).toEqual({
      cpu: "500m",
      memory: "1Gi",
    });
  });

  it("changes nothing without Container defaults", () => {
    const p = pod("web", [{ name: "nginx" }]);
    const before = structuredClone(p);
    expect(
      applyLimitRangeDefaults(p, [limitRange("pvc", [{ type: "PersistentVolumeClaim", min: { storage: "1Gi" } }])]),
    ).toBe(false);
    expect(applyLimitRangeDefaults(p, [])).toBe(false);
    expect(p).toEqual(before);
  });
});

describe("validateAgainstLimitRanges: containers", () => {
  const bounds = limitRange("bounds", [{ type: "Container", min: { cpu: "100m" }, max: { memory: "4Gi" } }]);

  it("reports min and max violations in kube's aggregate form", () => {
    const p = pod("x", [
      { name: "nginx", resources: { requests: { cpu: "50m", memory: "1Gi" }, limits: { cpu: "1", memory: "8Gi" } } },
    ]);
    const err = validateAgainstLimitRanges(p, [bounds])!;
    expect(err.message).toBe(
      'pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 4Gi, but limit is 8Gi]',
    );
    expect(err.code).toBe(403);
    expect(err.reason).toBe("Forbidden");
    expect(err.details).toEqual({ name: "x", kind: "pods" });
  });

  it("admits a pod inside the bounds", () => {
    const p = pod("x", [{ name: "nginx", resources: { requests: { cpu: "100m" }, limits: { memory: "4Gi" } } }]);
    expect(validateAgainstLimitRanges(p, [bounds])).toBeUndefined();
  });

  it("says when no request or limit is given (with kube's double space)", () => {
    const p = pod("x", [{ name: "nginx" }]);
    expect(validateAgainstLimitRanges(p, [bounds])!.message).toBe(
      'pods "x" is forbidden: [minimum cpu usage per Container is 100m.  No request is specified, maximum memory usage per Container is 4Gi.  No limit is specified]',
    );
  });

  it("checks a limit below the minimum and a request above the maximum", () => {
    const lr = limitRange("b", [{ type: "Container", min: { memory: "128Mi" }, max: { cpu: "1" } }]);
    const p = pod("x", [
      { name: "a", resources: { requests: { memory: "256Mi", cpu: "1500m" }, limits: { memory: "100Mi", cpu: "1" } } },
    ]);
    expect(limitRangeViolations(p, lr)).toEqual([
      "minimum memory usage per Container is 128Mi, but limit is 100Mi",
      "maximum cpu usage per Container is 1, but request is 1500m",
    ]);
  });

  it("deduplicates identical messages, dropping the brackets when one remains", () => {
    const p = pod("x", [{ name: "a" }, { name: "b" }]);
    const lr = limitRange("b", [{ type: "Container", min: { cpu: "100m" } }]);
    expect(validateAgainstLimitRanges(p, [lr])!.message).toBe(
      'pods "x" is forbidden: minimum cpu usage per Container is 100m.  No request is specified',
    );
  });

  it("enforces maxLimitRequestRatio with Go's %f", () => {
    const lr = limitRange("r", [{ type: "Container", maxLimitRequestRatio: { cpu: "2", memory: "1500m" } }]);
    const p = pod("x", [
      { name: "a", resources: { requests: { cpu: "100m", memory: "1Gi" }, limits: { cpu: "500m", memory: "1.5Gi" } } },
    ]);
    expect(limitRangeViolations(p, lr)).toEqual([
      "cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000",
    ]);
    const q = pod("y", [
      { name: "a", resources: { limits: { cpu: "1" } } },
      { name: "b", resources: { requests: { cpu: "1" } } },
    ]);
    expect(
      limitRangeViolations(q, limitRange("r", [{ type: "Container", maxLimitRequestRatio: { cpu: "3" } }])),
    ).toEqual([
      "cpu max limit to request ratio per Container is 3, but no request is specified or request is 0",
      "cpu max limit to request ratio per Container is 3, but no limit is specified or limit is 0",
    ]);
    const r = pod("z", [{ name: "a", resources: { requests: { cpu: "300m" }, limits: { cpu: "1" } } }]);
    expect(
      limitRangeViolations(r, limitRange("r", [{ type: "Container", maxLimitRequestRatio: { cpu: "3" } }])),
    ).toEqual(["cpu max limit to request ratio per Container is 3, but provided ratio is 3.333333"]);
  });

  it("checks init containers too", () => {
    const p = pod(
      "x",
      [{ name: "a", resources: { requests: { cpu: "1" } } }],
      [{ name: "init", resources: { requests: { cpu: "10m" } } }],
    );
    expect(
      validateAgainstLimitRanges(p, [limitRange("m", [{ type: "Container", min: { cpu: "100m" } }])])!.message,
    ).toBe('pods "x" is forbidden: minimum cpu usage per Container is 100m, but request is 10m');
  });

  it("reports the first LimitRange that fails", () => {
    const p = pod("x", [{ name: "a", resources: { requests: { cpu: "10m" }, limits: { cpu: "10m" } } }]);
    const a = limitRange("a", [{ type: "Container", max: { cpu: "1" } }]);
    const b = limitRange("b", [{ type: "Container", min: { cpu: "100m" } }]);
    const c = limitRange("c", [{ type: "Container", min: { cpu: "50m" } }]);
    expect(validateAgainstLimitRanges(p, [a, b, c])!.message).toBe(
      'pods "x" is forbidden: minimum cpu usage per Container is 100m, but request is 10m',
    );
  });

  it("names pods by generateName, or Unknown", () => {
    const p = pod("", [{ name: "a" }]);
    p.metadata = { generateName: "web-", namespace: "dev" };
    const lr = limitRange("m", [{ type: "Container", min: { cpu: "1" } }]);
    expect(validateAgainstLimitRanges(p, [lr])!.message).toMatch(/^pods "web-" is forbidden: /);
    p.metadata = {};
    expect(validateAgainstLimitRanges(p, [lr])!.message).toMatch(/^pods "Unknown" is forbidden: /);
  });

  it("skips pod updates, subresources and objects being deleted", () => {
    const p = pod("x", [{ name: "a" }]);
    const lr = limitRange("m", [{ type: "Container", min: { cpu: "1" } }]);
    expect(validateAgainstLimitRanges(p, [lr], { operation: "UPDATE" })).toBeUndefined();
    expect(validateAgainstLimitRanges(p, [lr], { subresource: "status" })).toBeUndefined();
    const old = structuredClone(p);
    old.metadata.deletionTimestamp = "2024-01-01T00:00:00Z";
    expect(validateAgainstLimitRanges(p, [lr], { operation: "CREATE", oldObject: old })).toBeUndefined();
    expect(validateAgainstLimitRanges({ kind: "ConfigMap", metadata: { name: "c" } }, [lr])).toBeUndefined();
  });

  it("compares at milli precision", () => {
    const lr = limitRange("m", [{ type: "Container", min: { cpu: "1m" } }]);
    expect(
      validateAgainstLimitRanges(pod("x", [{ name: "a", resources: { requests: { cpu: "1m" } } }]), [lr]),
    ).toBeUndefined();
    expect(limitRangeViolations(pod("x", [{ name: "a", resources: { requests: { cpu: "0" } } }]), lr)).toEqual([
      "minimum cpu usage per Container is 1m, but request is 0",
    ]);
  });
});

describe("validateAgainstLimitRanges: pods", () => {
  it("sums containers for Pod-type limits", () => {
    const lr = limitRange("pod", [{ type: "Pod", max: { cpu: "1" } }]);
    const p = pod("x", [
      { name: "a", resources: { limits: { cpu: "600m" } } },
      { name: "b", resources: { limits: { cpu: "600m" } } },
    ]);
    expect(validateAgainstLimitRanges(p, [lr])!.message).toBe(
      'pods "x" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m',
    );
  });

  it("takes the larger of the containers' sum and the biggest init container", () => {
    const p = pod(
      "x",
      [{ name: "a", resources: { requests: { cpu: "500m" } } }],
      [{ name: "i", resources: { requests: { cpu: "2" } } }],
    );
    expect(resourceListToJSON(podResourceTotal(p, "requests"))).toEqual({ cpu: "2" });
    expect(limitRangeViolations(p, limitRange("pod", [{ type: "Pod", max: { cpu: "1" } }]))).toEqual([
      "maximum cpu usage per Pod is 1.  No limit is specified",
    ]);
  });

  it("adds restartable (sidecar) init containers to the total", () => {
    const p = pod(
      "x",
      [{ name: "a", resources: { requests: { memory: "100Mi" } } }],
      [
        { name: "sidecar", restartPolicy: "Always", resources: { requests: { memory: "50Mi" } } },
        { name: "init", resources: { requests: { memory: "120Mi" } } },
      ],
    );
    // max(100Mi + 50Mi, 50Mi + 120Mi) = 170Mi
    expect(resourceListToJSON(podResourceTotal(p, "requests"))).toEqual({ memory: "170Mi" });
  });

  it("checks Pod minimums and ratios on the totals", () => {
    const lr = limitRange("pod", [{ type: "Pod", min: { memory: "1Gi" }, maxLimitRequestRatio: { memory: "2" } }]);
    const p = pod("x", [
      { name: "a", resources: { requests: { memory: "256Mi" }, limits: { memory: "1Gi" } } },
      { name: "b", resources: { requests: { memory: "256Mi" }, limits: { memory: "1Gi" } } },
    ]);
    expect(limitRangeViolations(p, lr)).toEqual([
      "minimum memory usage per Pod is 1Gi, but request is 512Mi",
      "memory max limit to request ratio per Pod is 2, but provided ratio is 4.000000",
    ]);
  });
});

describe("validateAgainstLimitRanges: persistent volume claims", () => {
  const storage = limitRange("storage", [
    { type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "10Gi" } },
  ]);

  it("bounds the storage request", () => {
    expect(validateAgainstLimitRanges(pvc("data", "5Gi"), [storage])).toBeUndefined();
    expect(validateAgainstLimitRanges(pvc("data", "500Mi"), [storage])!.message).toBe(
      'persistentvolumeclaims "data" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    );
    expect(validateAgainstLimitRanges(pvc("data", "20Gi"), [storage])!.message).toBe(
      'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi',
    );
  });

  it("needs a request", () => {
    expect(validateAgainstLimitRanges(pvc("data"), [storage])!.message).toBe(
      'persistentvolumeclaims "data" is forbidden: [minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified, maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified]',
    );
  });

  it("checks updates, ignores container items, and ignores PVC items for pods", () => {
    expect(validateAgainstLimitRanges(pvc("data", "20Gi"), [storage], { operation: "UPDATE" })).toBeDefined();
    const container = limitRange("c", [{ type: "Container", min: { cpu: "1" } }]);
    expect(validateAgainstLimitRanges(pvc("data", "1Gi"), [container])).toBeUndefined();
    expect(validateAgainstLimitRanges(pod("p", [{ name: "a" }]), [storage])).toBeUndefined();
  });
});

describe("aggregateMessage", () => {
  it("formats like utilerrors.NewAggregate", () => {
    expect(aggregateMessage([])).toBe("");
    expect(aggregateMessage(["a"])).toBe("a");
    expect(aggregateMessage(["a", "b", "a"])).toBe("[a, b]");
    expect(aggregateMessage(["a", "a"])).toBe("a");
  });
});
