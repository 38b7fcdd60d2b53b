import { describe, expect, it } from "vitest";
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet } from "../../../src/kube/defaults/workloads";
import { type FieldError, fieldErrorString } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import { validateDaemonSet, validateDeployment, validateReplicaSet } from "../../../src/kube/validation/workloads";

const strs = (errs: FieldError[]) => errs.map(fieldErrorString);
/** field, Go rendering of the value, detail. */
const parts = (errs: FieldError[]) =>
  errs.map((e) => [e.field, e.value === undefined ? undefined : String(e.value), e.detail]);

function deployment(spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: "web" }): KObject {
  const d: KObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels }, spec: { containers: [{ name: "nginx", image: "nginx" }] } },
      ...spec,
    },
  };
  defaultDeployment(d);
  return d;
}

function stored(o: KObject): KObject {
  const c = structuredClone(o);
  Object.assign(c.metadata, {
    uid: "u1",
    resourceVersion: "7",
    creationTimestamp: "2024-01-01T00:00:00Z",
    generation: 1,
  });
  return c;
}

describe("validateDeployment", () => {
  it("accepts a defaulted minimal deployment", () => {
    expect(validateDeployment(deployment())).toEqual([]);
  });

  it("reports a selector that does not match the template labels", () => {
    const errs = validateDeployment(deployment({}, { app: "other" }));
    expect(parts(errs)).toEqual([
      [
        "spec.template.metadata.labels",
        'map[string]string{"app":"other"}',
        "`selector` does not match template `labels`",
      ],
    ]);
    expect(errs[0].type).toBe("FieldValueInvalid");
  });

  it("requires a selector (and then nothing matches)", () => {
    const d = deployment();
    delete (d.spec as Record<string, unknown>).selector;
    expect(parts(validateDeployment(d))).toEqual([
      ["spec.selector", undefined, undefined],
      [
        "spec.template.metadata.labels",
        'map[string]string{"app":"web"}',
        "`selector` does not match template `labels`",
      ],
    ]);
  });

  it("rejects an empty selector", () => {
    expect(parts(validateDeployment(deployment({ selector: {} })))).toEqual([
      [
        "spec.selector",
        "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
        "empty selector is invalid for deployment",
      ],
    ]);
  });

  it("validates selector expressions", () => {
    const d = deployment({ selector: { matchExpressions: [{ key: "app", operator: "In" }] } });
    expect(strs(validateDeployment(d))).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      expect.stringMatching(/^spec\.selector: Invalid value: .*: invalid label selector$/),
    ]);
  });

  it("rejects negative replicas", () => {
    expect(strs(validateDeployment(deployment({ replicas: -1 })))).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("requires restartPolicy Always in the template", () => {
    const d = deployment();
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.restartPolicy = "Never";
    expect(strs(validateDeployment(d))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it("validates the template's pod spec", () => {
    const d = deployment();
    (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0].image =
      "";
    expect(strs(validateDeployment(d))).toEqual(["spec.template.spec.containers[0].image: Required value"]);
  });

  it("refuses maxUnavailable and maxSurge both 0", () => {
    const d = deployment({ strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } });
    expect(parts(validateDeployment(d))).toEqual([
      [
        "spec.strategy.rollingUpdate.maxUnavailable",
        'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}',
        "may not be 0 when `maxSurge` is 0",
      ],
    ]);
    const pct = deployment({ strategy: { rollingUpdate: { maxUnavailable: "0%", maxSurge: "0%" } } });
    expect(validateDeployment(pct).map((e) => e.detail)).toEqual(["may not be 0 when `maxSurge` is 0"]);
  });

  it("validates percentages", () => {
    const d = deployment({ strategy: { rollingUpdate: { maxUnavailable: "150%", maxSurge: "x" } } });
    expect(parts(validateDeployment(d))).toEqual([
      [
        "spec.strategy.rollingUpdate.maxSurge",
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"x"}',
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
      [
        "spec.strategy.rollingUpdate.maxUnavailable",
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}',
        "must not be greater than 100%",
      ],
    ]);
  });

  it("forbids rollingUpdate with the Recreate strategy", () => {
    const d = deployment({ strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } } });
    expect(strs(validateDeployment(d))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it("rejects an unknown strategy type", () => {
    const d = deployment({ strategy: { type: "BlueGreen" } });
    const errs = validateDeployment(d);
    expect(errs.map((e) => [e.field, e.type, e.supported])).toEqual([
      ["spec.strategy", "FieldValueNotSupported", ["Recreate", "RollingUpdate"]],
    ]);
    expect(String(errs[0].value)).toBe(
      'apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}',
    );
  });

  it("requires progressDeadlineSeconds > minReadySeconds", () => {
    const d = deployment({ minReadySeconds: 600 });
    expect(strs(validateDeployment(d))).toEqual([
      "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
    ]);
  });

  it("rejects a negative revisionHistoryLimit", () => {
    expect(strs(validateDeployment(deployment({ revisionHistoryLimit: -1 })))).toEqual([
      "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("makes spec.selector immutable on update", () => {
    const old = stored(deployment());
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).selector = { matchLabels: { app: "web2" } };
    (next.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels.app = "web2";
    expect(parts(validateDeployment(next, old))).toEqual([
      [
        "spec.selector",
        'v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
        "field is immutable",
      ],
    ]);
  });

  it("accepts an update that only scales and changes the image", () => {
    const old = stored(deployment());
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).replicas = 5;
    (next.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image =
      "nginx:2";
    expect(validateDeployment(next, old)).toEqual([]);
  });
});

describe("validateReplicaSet", () => {
  const rs = (labels = { app: "web" }) => {
    const r: KObject = {
      metadata: { name: "web-1", namespace: "default" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "nginx" }] } },
      },
    };
    defaultReplicaSet(r);
    return r;
  };

  it("accepts a defaulted replicaset", () => {
    expect(validateReplicaSet(rs())).toEqual([]);
  });

  it("reports a selector mismatch and forbids activeDeadlineSeconds", () => {
    const r = rs({ app: "x" });
    (r.spec as { template: { spec: Record<string, unknown> } }).template.spec.activeDeadlineSeconds = 10;
    expect(
      validateReplicaSet(r).map((e) =>
        fieldErrorString({ ...e, value: e.value === undefined ? undefined : String(e.value) }),
      ),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: "map[string]string{\\"app\\":\\"x\\"}": `selector` does not match template `labels`',
      "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
    ]);
  });

  it("makes the selector immutable", () => {
    const old = stored(rs());
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).selector = { matchLabels: { app: "web" }, matchExpressions: [] };
    expect(validateReplicaSet(next, old)).toEqual([]);
    (next.spec as Record<string, unknown>).selector = {
      matchLabels: {},
      matchExpressions: [{ key: "app", operator: "Exists" }],
    };
    expect(validateReplicaSet(next, old).map((e) => e.detail)).toEqual(["field is immutable"]);
  });
});

describe("validateDaemonSet", () => {
  const ds = (spec: Record<string, unknown> = {}) => {
    const d: KObject = {
      metadata: { name: "agent", namespace: "kube-system" },
      spec: {
        selector: { matchLabels: { app: "agent" } },
        template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "c", image: "agent:1" }] } },
        ...spec,
      },
    };
    defaultDaemonSet(d);
    return d;
  };

  it("accepts a defaulted daemonset", () => {
    expect(validateDaemonSet(ds())).toEqual([]);
  });

  it("needs exactly one of maxUnavailable and maxSurge to be non-zero", () => {
    expect(
      strs(
        validateDaemonSet(
          ds({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }),
        ),
      ),
    ).toEqual(["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"]);
    expect(
      parts(validateDaemonSet(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))),
    ).toEqual([
      [
        "spec.updateStrategy.rollingUpdate.maxSurge",
        'intstr.IntOrString{Type:0, IntVal:1, StrVal:""}',
        "may not be set when maxUnavailable is non-zero",
      ],
    ]);
  });

  it("reports a missing selector only through the label mismatch, as kube does", () => {
    const d = ds();
    delete (d.spec as Record<string, unknown>).selector;
    expect(validateDaemonSet(d).map((e) => e.field)).toEqual(["spec.template.metadata.labels"]);
  });

  it("rejects an unknown updateStrategy type", () => {
    const errs = validateDaemonSet(ds({ updateStrategy: { type: "Surge" } }));
    expect(errs.map((e) => [e.field, e.supported])).toEqual([["spec.updateStrategy", ["RollingUpdate", "OnDelete"]]]);
  });
});
