import { describe, expect, it } from "vitest";
import { defaultCustomResourceDefinition } from "../../../src/kube/defaults/apiextensions";
import { defaultHorizontalPodAutoscaler } from "../../../src/kube/defaults/autoscaling";
import { defaultCronJob, defaultJob, prepareJobForCreate } from "../../../src/kube/defaults/batch";
import {
  defaultLimitRange,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultReplicationController,
} from "../../../src/kube/defaults/core-extra";
import { defaultEndpointSlice } from "../../../src/kube/defaults/discovery";
import { defaultIngressClass, defaultNetworkPolicy } from "../../../src/kube/defaults/networking";
import { defaultRoleBinding } from "../../../src/kube/defaults/rbac";
import { defaultStorageClass } from "../../../src/kube/defaults/storage";
import { type FieldError, fieldErrorString, invalid } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import { validateCustomResourceDefinition } from "../../../src/kube/validation/apiextensions";
import {
  validateHorizontalPodAutoscaler,
  validateHorizontalPodAutoscalerV1,
} from "../../../src/kube/validation/autoscaling";
import { cronParseError, isKnownTimeZone, validateCronJob, validateJob } from "../../../src/kube/validation/batch";
import {
  bindingNameMismatch,
  validateBinding,
  validateEviction,
  validateLimitRange,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePodTemplate,
  validateReplicationController,
  validateResourceQuota,
} from "../../../src/kube/validation/core-extra";
import { validateEndpointSlice } from "../../../src/kube/validation/discovery";
import { validateEventV1 } from "../../../src/kube/validation/events";
import { validateIngress, validateIngressClass, validateNetworkPolicy } from "../../../src/kube/validation/networking";
import { validatePodDisruptionBudget } from "../../../src/kube/validation/policy";
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from "../../../src/kube/validation/rbac";
import { validatePriorityClass } from "../../../src/kube/validation/scheduling";
import { validateStorageClass } from "../../../src/kube/validation/storage";

const strs = (errs: FieldError[]) => errs.map(fieldErrorString);
const meta = (name = "x", namespace = "default") => ({ name, namespace });
const cluster = (name = "x") => ({ name });
const stored = (o: KObject): KObject => {
  const c = structuredClone(o);
  Object.assign(c.metadata, { uid: "u1", resourceVersion: "3", creationTimestamp: "2024-01-01T00:00:00Z" });
  return c;
};
const next = (o: KObject, mutate: (c: KObject & Record<string, any>) => void): KObject => {
  const c = structuredClone(o) as KObject & Record<string, any>;
  mutate(c);
  return c;
};
const q = (value: number, scale: number, s: string, format = "DecimalSI") =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"${s}", Format:"${format}"}`;

// ---- ResourceQuota -----------------------------------------------------------------------------------------------

describe("ResourceQuota", () => {
  const rq = (spec: Record<string, unknown>): KObject => ({ metadata: meta("q"), spec });

  it("accepts standard, object-count and extended resources", () => {
    expect(
      validateResourceQuota(
        rq({
          hard: {
            pods: "10",
            "requests.cpu": "4",
            "limits.memory": "8Gi",
            "count/deployments.apps": "2",
            "requests.nvidia.com/gpu": 1,
          },
        }),
      ),
    ).toEqual([]);
  });

  it("rejects unknown resource names twice, as kube does", () => {
    expect(strs(validateResourceQuota(rq({ hard: { foo: "1" } })))).toEqual([
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
    ]);
  });

  it("rejects negative and fractional counts", () => {
    expect(strs(validateResourceQuota(rq({ hard: { pods: "-1", services: "1.5" } })))).toEqual([
      'spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.hard[services]: Invalid value: "1500m": must be an integer',
    ]);
  });

  it("rejects scopes that do not apply to the resources, and conflicting scopes", () => {
    expect(strs(validateResourceQuota(rq({ hard: { "requests.cpu": "1" }, scopes: ["BestEffort"] })))).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource',
    ]);
    expect(
      strs(validateResourceQuota(rq({ hard: { pods: "1" }, scopes: ["Terminating", "NotTerminating", "Foo"] }))),
    ).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating", "Foo"}: unsupported scope',
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating", "Foo"}: conflicting scopes',
    ]);
  });

  it("checks scope selector operators", () => {
    const errs = validateResourceQuota(
      rq({
        hard: { pods: "1" },
        scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In" }] },
      }),
    );
    expect(strs(errs)).toEqual([
      "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
    ]);
  });

  it("freezes scopes on update", () => {
    const old = stored(rq({ hard: { pods: "1" }, scopes: ["Terminating"] }));
    const upd = next(old, (c) => {
      c.spec.scopes = ["NotTerminating"];
    });
    expect(strs(validateResourceQuota(upd, old))).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"NotTerminating"}: field is immutable',
    ]);
  });
});

// ---- LimitRange --------------------------------------------------------------------------------------------------

describe("LimitRange", () => {
  const lr = (limits: unknown[]): KObject => {
    const o: KObject = { metadata: meta("limits"), spec: { limits } };
    defaultLimitRange(o);
    return o;
  };

  it("accepts a typical container limit range", () => {
    expect(
      validateLimitRange(
        lr([
          {
            type: "Container",
            max: { cpu: "2" },
            min: { cpu: "100m" },
            default: { cpu: "500m" },
            defaultRequest: { cpu: "200m" },
          },
        ]),
      ),
    ).toEqual([]);
  });

  it("rejects a default request above the default limit, printing the Go quantity", () => {
    expect(
      invalid(
        "LimitRange",
        "",
        "limits",
        validateLimitRange(lr([{ type: "Container", default: { cpu: "1" }, defaultRequest: { cpu: "2" } }])),
      ).message,
    ).toBe(
      `LimitRange "limits" is invalid: spec.limits[0].defaultRequest[cpu]: Invalid value: ${q(2, 0, "2")}: default request value 2 is greater than default limit value 1`,
    );
  });

  it("rejects min > max and defaults above max", () => {
    expect(
      strs(
        validateLimitRange(
          lr([{ type: "Container", max: { memory: "1Gi" }, min: { memory: "2Gi" }, default: { memory: "2Gi" } }]),
        ),
      ),
    ).toEqual([
      `spec.limits[0].min[memory]: Invalid value: ${q(2147483648, 0, "2Gi", "BinarySI")}: min value 2Gi is greater than max value 1Gi`,
      // defaultRequest was defaulted from default, so it is over max too.
      `spec.limits[0].defaultRequest[memory]: Invalid value: ${q(2147483648, 0, "2Gi", "BinarySI")}: default request value 2Gi is greater than max value 1Gi`,
      `spec.limits[0].default[memory]: Invalid value: ${q(1073741824, 0, "1Gi", "BinarySI")}: default value 2Gi is greater than max value 1Gi`,
    ]);
  });

  it("forbids defaults for Pod limits and requires storage bounds for PVC limits", () => {
    expect(
      strs(validateLimitRange(lr([{ type: "Pod", default: { cpu: "1" } }, { type: "PersistentVolumeClaim" }]))),
    ).toEqual([
      "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
      "spec.limits[1].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
    ]);
  });

  it("checks limit types, resource names and ratios", () => {
    expect(
      strs(
        validateLimitRange(
          lr([
            { type: "Foo", max: { storage: "1Gi" } },
            { type: "Container", maxLimitRequestRatio: { cpu: "500m" } },
          ]),
        ),
      ),
    ).toEqual([
      'spec.limits[0].type: Invalid value: "Foo": must be a standard limit type or fully qualified',
      `spec.limits[1].maxLimitRequestRatio[cpu]: Invalid value: ${q(500, -3, "500m")}: ratio 500m is less than 1`,
    ]);
    expect(strs(validateLimitRange(lr([{ type: "Container", max: { pods: "1" } }])))).toEqual([
      'spec.limits[0].max[pods]: Invalid value: "pods": must be a standard resource for containers',
      'spec.limits[0].default[pods]: Invalid value: "pods": must be a standard resource for containers',
      'spec.limits[0].defaultRequest[pods]: Invalid value: "pods": must be a standard resource for containers',
    ]);
  });

  it("rejects a duplicate type", () => {
    expect(strs(validateLimitRange(lr([{ type: "Pod" }, { type: "Pod" }])))).toEqual([
      'spec.limits[1].type: Duplicate value: "Pod"',
    ]);
  });
});

// ---- PersistentVolume --------------------------------------------------------------------------------------------

describe("PersistentVolume", () => {
  const pv = (spec: Record<string, unknown>): KObject => {
    const o: KObject = { metadata: cluster("pv1"), spec };
    defaultPersistentVolume(o);
    return o;
  };
  const good = { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/data" } };

  it("accepts a hostPath volume", () => {
    expect(validatePersistentVolume(pv(good))).toEqual([]);
  });

  it("requires access modes, capacity and a source", () => {
    expect(strs(validatePersistentVolume(pv({})))).toEqual([
      "spec.accessModes: Required value",
      "spec.capacity: Required value",
      'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
      "spec: Required value: must specify a volume type",
    ]);
  });

  it("rejects unknown access modes and reclaim policies, and a second source", () => {
    expect(
      strs(
        validatePersistentVolume(
          pv({
            ...good,
            accessModes: ["ReadWriteSometimes"],
            persistentVolumeReclaimPolicy: "Keep",
            nfs: { server: "s", path: "/x" },
          }),
        ),
      ),
    ).toEqual([
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
      "spec.nfs: Forbidden: may not specify more than 1 volume type",
    ]);
  });

  it("requires node affinity for local volumes and a positive capacity", () => {
    expect(
      strs(
        validatePersistentVolume(
          pv({ capacity: { storage: "0" }, accessModes: ["ReadWriteOnce"], local: { path: "/mnt" } }),
        ),
      ),
    ).toEqual([
      'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
      "spec.nodeAffinity: Required value: Local volume requires node affinity",
    ]);
  });

  it("freezes the volume source on update", () => {
    const old = stored(pv(good));
    const upd = next(old, (c) => {
      c.spec.hostPath.path = "/other";
    });
    const errs = strs(validatePersistentVolume(upd, old));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n {2}core.PersistentVolumeSource\{\n- \tHostPath: /,
    );
  });
});

// ---- PersistentVolumeClaim -----------------------------------------------------------------------------------------

describe("PersistentVolumeClaim", () => {
  const pvc = (spec: Record<string, unknown>): KObject => {
    const o: KObject = { metadata: meta("data"), spec };
    defaultPersistentVolumeClaim(o);
    return o;
  };
  const good = {
    accessModes: ["ReadWriteOnce"],
    resources: { requests: { storage: "1Gi" } },
    storageClassName: "standard",
  };

  it("accepts a typical claim", () => {
    expect(validatePersistentVolumeClaim(pvc(good))).toEqual([]);
  });

  it("requires access modes and a storage request", () => {
    expect(strs(validatePersistentVolumeClaim(pvc({})))).toEqual([
      "spec.accessModes: Required value: at least 1 access mode is required",
      "spec.resources[storage]: Required value",
    ]);
    expect(strs(validatePersistentVolumeClaim(pvc({ ...good, resources: { requests: { storage: "0" } } })))).toEqual([
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
  });

  it("freezes the spec after creation, except a bound claim's storage request", () => {
    const old = stored(pvc(good));
    (old.status as Record<string, unknown>).phase = "Bound";
    const changed = next(old, (c) => {
      c.spec.storageClassName = "fast";
    });
    const errs = strs(validatePersistentVolumeClaim(changed, old));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toBe(
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n  core.PersistentVolumeClaimSpec{\n  \t... // 4 identical fields\n- \tStorageClassName: &"standard",\n+ \tStorageClassName: &"fast",\n  \t... // 4 identical fields\n  }\n',
    );
    const expanded = next(old, (c) => {
      c.spec.resources.requests.storage = "2Gi";
    });
    expect(validatePersistentVolumeClaim(expanded, old)).toEqual([]);
  });

  it("lets volumeName be set once and refuses shrinking below the provisioned capacity", () => {
    const old = stored(pvc(good));
    expect(
      validatePersistentVolumeClaim(
        next(old, (c) => (c.spec.volumeName = "pv-1")),
        old,
      ),
    ).toEqual([]);
    const bound = next(old, (c) => {
      c.status = { phase: "Bound", capacity: { storage: "1Gi" } };
    });
    const shrunk = next(bound, (c) => {
      c.spec.resources.requests.storage = "500Mi";
    });
    expect(strs(validatePersistentVolumeClaim(shrunk, bound))).toEqual([
      "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity",
    ]);
  });
});

// ---- ReplicationController, PodTemplate, Binding, Eviction ----------------------------------------------------------

describe("ReplicationController and PodTemplate", () => {
  const template = (restartPolicy?: string) => ({
    metadata: { labels: { app: "web" } },
    spec: { containers: [{ name: "c", image: "nginx" }], ...(restartPolicy ? { restartPolicy } : {}) },
  });
  const rc = (spec: Record<string, unknown>): KObject => {
    const o: KObject = { metadata: meta("web"), spec };
    defaultReplicationController(o);
    return o;
  };

  it("accepts a controller whose selector was defaulted from the template", () => {
    expect(validateReplicationController(rc({ template: template() }))).toEqual([]);
  });

  it("rejects a selector that does not match and a non-Always restart policy", () => {
    expect(
      strs(validateReplicationController(rc({ selector: { app: "db" }, template: template("OnFailure") }))),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
  });

  it("requires a selector and a template", () => {
    expect(strs(validateReplicationController({ metadata: meta("web"), spec: { replicas: -1 } }))).toEqual([
      "spec.selector: Required value",
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      "spec.template: Required value",
    ]);
  });

  it("validates a PodTemplate's template under `template`", () => {
    const pt = { metadata: meta("t"), template: { metadata: { labels: { "bad key": "x" } }, spec: {} } } as KObject;
    expect(strs(validatePodTemplate(pt))[0]).toMatch(/^template.labels: Invalid value: "bad key": /);
  });
});

describe("Binding and Eviction", () => {
  it("requires a Node target with a name", () => {
    expect(validateBinding({ metadata: { name: "p" }, target: { kind: "Node", name: "n1" } } as KObject)).toEqual([]);
    expect(strs(validateBinding({ metadata: { name: "p" }, target: { kind: "Pod" } } as KObject))).toEqual([
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      "target.name: Required value",
    ]);
    expect(bindingNameMismatch({ metadata: { name: "p" } }, "q")).toBe(
      "name in URL does not match name in Binding object",
    );
  });

  it("validates the eviction's delete options", () => {
    expect(
      strs(
        validateEviction({
          metadata: { name: "p" },
          deleteOptions: { propagationPolicy: "Sometimes", dryRun: ["Yes"] },
        } as KObject),
      ),
    ).toEqual([
      'propagationPolicy: Unsupported value: "Sometimes": supported values: "Foreground", "Background", "Orphan", "nil"',
      'dryRun: Unsupported value: []string{"Yes"}: supported values: "All"',
    ]);
  });
});

// ---- Job ---------------------------------------------------------------------------------------------------------

describe("Job", () => {
  const job = (spec: Record<string, unknown>, restartPolicy = "Never"): KObject => {
    const o: KObject = {
      metadata: meta("pi"),
      spec: { template: { spec: { containers: [{ name: "pi", image: "perl" }], restartPolicy } }, ...spec },
    };
    defaultJob(o);
    prepareJobForCreate(o, "8a7b");
    return o;
  };

  it("accepts a defaulted job with generated selector and labels", () => {
    expect(validateJob(job({}))).toEqual([]);
  });

  it("requires restartPolicy OnFailure or Never", () => {
    const o: KObject = {
      metadata: meta("pi"),
      spec: { template: { spec: { containers: [{ name: "pi", image: "perl" }] } } },
    };
    defaultJob(o);
    prepareJobForCreate(o, "8a7b");
    expect(invalid("Job", "batch", "pi", validateJob(o)).message).toBe(
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
    // The pod template validation rejects it first, then the job's own check.
    expect(strs(validateJob(job({}, "Sometimes")))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it("rejects negative counts and Indexed jobs without completions", () => {
    expect(strs(validateJob(job({ parallelism: -1, backoffLimit: -2, activeDeadlineSeconds: -5 })))).toEqual([
      "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
      "spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0",
      "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0",
    ]);
    const indexed = job({ completionMode: "Indexed", parallelism: 2 });
    delete (indexed.spec as Record<string, unknown>).completions;
    expect(strs(validateJob(indexed))).toEqual(["spec.completions: Required value: when completion mode is Indexed"]);
  });

  it("rejects a user selector without manualSelector", () => {
    const o = job({ selector: { matchLabels: { app: "x" } } });
    expect(strs(validateJob(o))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "batch.kubernetes.io/controller-uid":"8a7b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
      'spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"8a7b", "batch.kubernetes.io/job-name":"pi", "controller-uid":"8a7b", "job-name":"pi"}: `selector` does not match template `labels`',
    ]);
  });

  it("accepts a manual selector that matches the template", () => {
    const o: KObject = {
      metadata: meta("pi"),
      spec: {
        manualSelector: true,
        selector: { matchLabels: { app: "x" } },
        template: {
          metadata: { labels: { app: "x" } },
          spec: { containers: [{ name: "pi", image: "perl" }], restartPolicy: "Never" },
        },
      },
    };
    defaultJob(o);
    prepareJobForCreate(o, "8a7b");
    expect(validateJob(o)).toEqual([]);
  });

  it("freezes the template and completions on update", () => {
    const old = stored(job({}));
    old.metadata.uid = "8a7b";
    const upd = next(old, (c) => {
      c.spec.template.spec.containers[0].image = "perl:2";
      c.spec.completions = 3;
    });
    const errs = strs(validateJob(upd, old));
    expect(errs[0]).toBe("spec.completions: Invalid value: 3: field is immutable");
    expect(errs[1]).toMatch(/^spec.template: Invalid value: core.PodTemplateSpec\{.*: field is immutable$/s);
    expect(errs).toHaveLength(2);
  });

  it("lets a suspended, never-started job change its scheduling directives", () => {
    const old = stored(job({ suspend: true }));
    old.metadata.uid = "8a7b";
    const upd = next(old, (c) => {
      c.spec.template.spec.nodeSelector = { zone: "a" };
      c.spec.suspend = false;
    });
    expect(validateJob(upd, old)).toEqual([]);
    // Once started, the template is frozen even while suspended.
    const started = { ...old, status: { startTime: "2024-01-01T00:00:00Z" } } as KObject;
    expect(strs(validateJob(upd, started))[0]).toMatch(/^spec.template: Invalid value: core.PodTemplateSpec/);
  });
});

// ---- CronJob -------------------------------------------------------------------------------------------------------

describe("CronJob", () => {
  const cj = (spec: Record<string, unknown>, name = "backup"): KObject => {
    const o: KObject = {
      metadata: meta(name),
      spec: {
        schedule: "*/5 * * * *",
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: "b", image: "busybox" }], restartPolicy: "OnFailure" } } },
        },
        ...spec,
      },
    };
    defaultCronJob(o);
    return o;
  };

  it("accepts standard schedules and descriptors", () => {
    for (const schedule of [
      "*/5 * * * *",
      "0 0 * * 0",
      "15 2 1-15/2 JAN-jun mon,wed",
      "@daily",
      "@every 1h30m",
      "? * * * *",
    ]) {
      expect(validateCronJob(cj({ schedule }))).toEqual([]);
    }
  });

  it("reports the cron parser's errors", () => {
    expect(invalid("CronJob", "batch", "backup", validateCronJob(cj({ schedule: "x" }))).message).toBe(
      'CronJob.batch "backup" is invalid: spec.schedule: Invalid value: "x": expected exactly 5 fields, found 1: [x]',
    );
    expect(cronParseError("61 * * * *")).toBe("end of range (61) above maximum (59): 61");
    expect(cronParseError("* * * * 7")).toBe("end of range (7) above maximum (6): 7");
    expect(cronParseError("5-1 * * * *")).toBe("beginning of range (5) beyond end of range (1): 5-1");
    expect(cronParseError("*/0 * * * *")).toBe("step of range should be a positive number: */0");
    expect(cronParseError("a * * * *")).toBe('failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax');
    expect(cronParseError("* * 0 * *")).toBe("beginning of range (0) below minimum (1): 0");
    expect(cronParseError("@fortnightly")).toBe("unrecognized descriptor: @fortnightly");
    expect(cronParseError("* * * * * *")).toBe("expected exactly 5 fields, found 6: [* * * * * *]");
  });

  it("rejects TZ in the schedule and unknown time zones", () => {
    expect(strs(validateCronJob(cj({ schedule: "CRON_TZ=UTC 0 * * * *" })))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(strs(validateCronJob(cj({ timeZone: "Mars/Olympus_Mons" })))).toEqual([
      'spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons',
    ]);
    expect(validateCronJob(cj({ timeZone: "America/New_York" }))).toEqual([]);
    expect(isKnownTimeZone("Etc/UTC")).toBe(true);
    expect(isKnownTimeZone("america/new_york")).toBe(false);
  });

  it("checks the concurrency policy, the job template and the name length", () => {
    const errs = strs(
      validateCronJob(
        cj(
          {
            concurrencyPolicy: "Sometimes",
            jobTemplate: {
              spec: {
                selector: { matchLabels: { a: "b" } },
                template: { spec: { containers: [{ name: "b", image: "x" }] } },
              },
            },
          },
          "a-very-long-cronjob-name-that-is-longer-than-fifty-two-chars",
        ),
      ),
    );
    expect(errs).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      'metadata.name: Invalid value: "a-very-long-cronjob-name-that-is-longer-than-fifty-two-chars": must be no more than 52 characters',
    ]);
  });
});

// ---- HorizontalPodAutoscaler -----------------------------------------------------------------------------------------

describe("HorizontalPodAutoscaler", () => {
  const hpa = (spec: Record<string, unknown>): KObject => {
    const o: KObject = {
      metadata: meta("web"),
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 5, ...spec },
    };
    defaultHorizontalPodAutoscaler(o);
    return o;
  };

  it("accepts a defaulted v2 autoscaler with behavior", () => {
    expect(
      validateHorizontalPodAutoscaler(hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } })),
    ).toEqual([]);
  });

  it("checks replica bounds and the scale target", () => {
    expect(
      strs(
        validateHorizontalPodAutoscaler(
          hpa({ minReplicas: 0, maxReplicas: 0, scaleTargetRef: { kind: "Deployment" } }),
        ),
      ),
    ).toEqual([
      "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
      "spec.maxReplicas: Invalid value: 0: must be greater than 0",
      "spec.scaleTargetRef.name: Required value",
      "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
    ]);
    expect(strs(validateHorizontalPodAutoscaler(hpa({ minReplicas: 4, maxReplicas: 2 })))).toEqual([
      "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
    ]);
  });

  it("checks metric sources and targets", () => {
    const errs = strs(
      validateHorizontalPodAutoscaler(
        hpa({
          metrics: [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } },
            { type: "Pods", pods: { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "0" } } },
          ],
        }),
      ),
    );
    expect(errs).toEqual([
      "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization",
      `spec.metrics[1].pods.target.averageValue: Invalid value: ${q(0, 0, "0")}: must be positive`,
    ]);
  });

  it("checks behavior policies", () => {
    expect(
      strs(
        validateHorizontalPodAutoscaler(
          hpa({
            behavior: {
              scaleUp: { selectPolicy: "Most", policies: [{ type: "Pods", value: 0, periodSeconds: 3600 }] },
            },
          }),
        ),
      ),
    ).toEqual([
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Most": supported values: "Disabled", "Max", "Min"',
      "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero",
      "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800",
    ]);
  });

  it("validates autoscaling/v1 objects at the v2 paths", () => {
    const v1: KObject = {
      metadata: meta("web"),
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 0,
      },
    };
    expect(strs(validateHorizontalPodAutoscalerV1(v1))).toEqual([
      "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
    ]);
  });
});

// ---- EndpointSlice and events.k8s.io Event --------------------------------------------------------------------------

describe("EndpointSlice", () => {
  const es = (o: Record<string, unknown>): KObject => {
    const s = { metadata: meta("web-abc"), ...o } as KObject;
    defaultEndpointSlice(s);
    return s;
  };

  it("accepts IPv4 endpoints with defaulted ports", () => {
    expect(
      validateEndpointSlice(
        es({ addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }], ports: [{ port: 80 }] }),
      ),
    ).toEqual([]);
  });

  it("checks the address type and addresses", () => {
    expect(strs(validateEndpointSlice(es({ addressType: "IPv7" })))).toEqual([
      'addressType: Unsupported value: "IPv7": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    expect(
      strs(
        validateEndpointSlice(es({ addressType: "IPv4", endpoints: [{ addresses: ["fd00::1", "127.0.0.1"] }, {}] })),
      ),
    ).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
      'endpoints[0].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      "endpoints[1].addresses: Required value: must contain at least 1 address",
    ]);
  });

  it("freezes the address type", () => {
    const old = stored(es({ addressType: "IPv4" }));
    expect(
      strs(
        validateEndpointSlice(
          next(old, (c) => (c.addressType = "IPv6")),
          old,
        ),
      ),
    ).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });
});

describe("events.k8s.io Event", () => {
  const ev = (o: Record<string, unknown>): KObject =>
    ({
      metadata: meta("e1"),
      eventTime: "2024-01-01T00:00:00.000000Z",
      reportingController: "example.com/ctl",
      reportingInstance: "ctl-1",
      action: "Sync",
      reason: "Synced",
      type: "Normal",
      regarding: { kind: "Pod", name: "p", namespace: "default" },
      ...o,
    }) as KObject;

  it("accepts a complete event", () => {
    expect(validateEventV1(ev({}))).toEqual([]);
  });

  it("requires the new-style fields and rejects deprecated ones", () => {
    expect(
      strs(validateEventV1(ev({ eventTime: null, reportingController: "", type: "Info", deprecatedCount: 3 }))),
    ).toEqual([
      "eventTime: Required value",
      'type: Invalid value: "": has invalid value: Info',
      'deprecatedCount: Invalid value: "": needs to be unset',
    ]);
    expect(strs(validateEventV1(ev({ action: "", reportingController: "" })))).toEqual([
      "reportingController: Required value",
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "action: Required value",
    ]);
  });

  it("freezes the note and reason on update", () => {
    const old = stored(ev({ note: "a" }));
    expect(
      strs(
        validateEventV1(
          next(old, (c) => (c.note = "b")),
          old,
        ),
      ),
    ).toEqual(['message: Invalid value: "b": field is immutable']);
  });
});

// ---- RBAC ----------------------------------------------------------------------------------------------------------

describe("RBAC", () => {
  it("requires verbs and resources in rules", () => {
    const role = {
      metadata: meta("r"),
      rules: [{ apiGroups: [""], resources: ["pods"] }, { verbs: ["get"] }],
    } as KObject;
    expect(invalid("Role", "rbac.authorization.k8s.io", "r", validateRole(role)).message).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[1].apiGroups: Required value: resource rules must supply at least one api group, rules[1].resources: Required value: resource rules must supply at least one resource]',
    );
  });

  it("allows non-resource URLs only in cluster roles", () => {
    const rules = [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }];
    expect(validateClusterRole({ metadata: cluster("c"), rules } as KObject)).toEqual([]);
    expect(strs(validateRole({ metadata: meta("r"), rules } as KObject))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(strs(validateClusterRole({ metadata: cluster("c"), aggregationRule: {} } as KObject))).toEqual([
      "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
    ]);
  });

  const rb = (o: Record<string, unknown>, namespaced = true): KObject => {
    const b = { metadata: namespaced ? meta("rb") : cluster("crb"), ...o } as KObject;
    defaultRoleBinding(b);
    return b;
  };

  it("accepts bindings once apiGroups are defaulted", () => {
    expect(
      validateRoleBinding(
        rb({
          roleRef: { kind: "Role", name: "r" },
          subjects: [
            { kind: "User", name: "jane" },
            { kind: "ServiceAccount", name: "sa" },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("checks roleRef and subjects", () => {
    expect(
      strs(
        validateClusterRoleBinding(
          rb(
            {
              roleRef: { kind: "Role", name: "" },
              subjects: [
                { kind: "ServiceAccount", name: "sa" },
                { kind: "Robot", name: "r2" },
              ],
            },
            false,
          ),
        ),
      ),
    ).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      "roleRef.name: Required value",
      "subjects[0].namespace: Required value",
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  it("refuses to change roleRef", () => {
    const old = stored(rb({ roleRef: { kind: "ClusterRole", name: "view" } }, false));
    const upd = next(old, (c) => (c.roleRef.name = "edit"));
    expect(
      invalid("ClusterRoleBinding", "rbac.authorization.k8s.io", "crb", validateClusterRoleBinding(upd, old)).message,
    ).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "crb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });
});

// ---- StorageClass, PodDisruptionBudget, PriorityClass ----------------------------------------------------------------

describe("StorageClass", () => {
  const sc = (o: Record<string, unknown>): KObject => {
    const s = { metadata: cluster("fast"), ...o } as KObject;
    defaultStorageClass(s);
    return s;
  };

  it("requires a provisioner and known policies", () => {
    expect(validateStorageClass(sc({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } }))).toEqual([]);
    expect(strs(validateStorageClass(sc({ reclaimPolicy: "Recycle", volumeBindingMode: "Later" })))).toEqual([
      "provisioner: Required value",
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });

  it("freezes parameters, provisioner, reclaimPolicy and volumeBindingMode", () => {
    const old = stored(sc({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } }));
    const upd = next(old, (c) => {
      c.parameters = { type: "io2" };
      c.provisioner = "other.csi";
      c.reclaimPolicy = "Retain";
      c.volumeBindingMode = "WaitForFirstConsumer";
    });
    expect(strs(validateStorageClass(upd, old))).toEqual([
      "parameters: Forbidden: updates to parameters are forbidden.",
      "provisioner: Forbidden: updates to provisioner are forbidden.",
      "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]);
  });
});

describe("PodDisruptionBudget", () => {
  const pdb = (spec: Record<string, unknown>): KObject => ({ metadata: meta("pdb"), spec });

  it("accepts either minAvailable or maxUnavailable", () => {
    expect(validatePodDisruptionBudget(pdb({ minAvailable: 2, selector: { matchLabels: { app: "web" } } }))).toEqual(
      [],
    );
    expect(validatePodDisruptionBudget(pdb({ maxUnavailable: "25%" }))).toEqual([]);
  });

  it("rejects both, bad percentages and bad policies", () => {
    expect(
      strs(
        validatePodDisruptionBudget(
          pdb({ minAvailable: 1, maxUnavailable: "150%", unhealthyPodEvictionPolicy: "Never" }),
        ),
      ),
    ).toEqual([
      "spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(0xc000000000)}: minAvailable and maxUnavailable cannot be both set",
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
    expect(strs(validatePodDisruptionBudget(pdb({ minAvailable: -1 })))).toEqual([
      "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("validates metadata generically once the spec is valid", () => {
    expect(strs(validatePodDisruptionBudget({ metadata: meta("a/b"), spec: {} }))).toEqual([
      "metadata.name: Invalid value: \"a/b\": may not contain '/'",
    ]);
  });
});

describe("PriorityClass", () => {
  it("limits user-defined values and reserves the system- prefix", () => {
    expect(validatePriorityClass({ metadata: cluster("high"), value: 1000000 } as KObject)).toEqual([]);
    expect(strs(validatePriorityClass({ metadata: cluster("huge"), value: 1000000001 } as KObject))).toEqual([
      "value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
    ]);
    expect(strs(validatePriorityClass({ metadata: cluster("system-mine"), value: 5 } as KObject))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ]);
    expect(
      strs(validatePriorityClass({ metadata: cluster("p"), value: 1, preemptionPolicy: "Always" } as KObject)),
    ).toEqual(['preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"']);
  });

  it("freezes the value and preemption policy", () => {
    const old = stored({ metadata: cluster("p"), value: 10, preemptionPolicy: "PreemptLowerPriority" } as KObject);
    const upd = next(old, (c) => {
      c.value = 20;
      c.preemptionPolicy = "Never";
    });
    expect(strs(validatePriorityClass(upd, old))).toEqual([
      "value: Forbidden: may not be changed in an update.",
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
  });
});

// ---- networking ------------------------------------------------------------------------------------------------------

describe("NetworkPolicy", () => {
  const np = (spec: Record<string, unknown>): KObject => {
    const o: KObject = { metadata: meta("np"), spec };
    defaultNetworkPolicy(o);
    return o;
  };

  it("accepts a typical policy", () => {
    expect(
      validateNetworkPolicy(
        np({
          podSelector: { matchLabels: { app: "db" } },
          ingress: [
            {
              from: [
                { podSelector: { matchLabels: { app: "web" } } },
                { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } },
              ],
              ports: [{ port: 5432 }],
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("checks ports, peers and policy types", () => {
    expect(
      strs(
        validateNetworkPolicy(
          np({
            ingress: [
              {
                ports: [{ port: 90, endPort: 80 }, { protocol: "ICMP" }],
                from: [{}, { ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.0.0/8"] } }],
              },
            ],
            policyTypes: ["Ingress", "Sideways"],
          }),
        ),
      ),
    ).toEqual([
      "spec.ingress[0].ports[0].endPort: Invalid value: 90: must be greater than or equal to `port`",
      'spec.ingress[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      "spec.ingress[0].from[0]: Required value: must specify a peer",
      'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
    expect(strs(validateNetworkPolicy(np({ egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0" } }] }] })))).toEqual([
      'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0": not a valid CIDR',
    ]);
  });
});

describe("Ingress and IngressClass", () => {
  const backend = { service: { name: "web", port: { number: 80 } } };
  const ing = (spec: Record<string, unknown>, annotations?: Record<string, string>): KObject => ({
    metadata: { ...meta("web"), ...(annotations ? { annotations } : {}) },
    spec,
  });

  it("accepts rules with wildcard hosts and a default backend", () => {
    expect(
      validateIngress(
        ing({
          ingressClassName: "nginx",
          defaultBackend: backend,
          rules: [{ host: "*.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }],
        }),
      ),
    ).toEqual([]);
  });

  it("requires pathType", () => {
    expect(
      invalid(
        "Ingress",
        "networking.k8s.io",
        "web",
        validateIngress(ing({ rules: [{ http: { paths: [{ path: "/", backend }] } }] })),
      ).message,
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it("checks paths, hosts and backends", () => {
    expect(
      strs(
        validateIngress(
          ing({
            rules: [
              {
                host: "10.0.0.1",
                http: { paths: [{ path: "api", pathType: "Exact", backend: { service: { name: "Web", port: {} } } }] },
              },
              { host: "foo.*.com", http: { paths: [{ path: "/x", pathType: "Regex", backend: {} }] } },
            ],
          }),
        ),
      ),
    ).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
      "spec.rules[0].http.paths[0].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      "spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
      "spec.rules[1].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.rules[1].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[1].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    ]);
    expect(strs(validateIngress(ing({})))).toEqual([
      "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified",
    ]);
  });

  it("requires the class annotation to match ingressClassName", () => {
    expect(
      strs(
        validateIngress(
          ing({ ingressClassName: "nginx", defaultBackend: backend }, { "kubernetes.io/ingress.class": "traefik" }),
        ),
      ),
    ).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });

  it("requires an immutable, domain-prefixed controller", () => {
    const ic = (spec: Record<string, unknown>): KObject => {
      const o: KObject = { metadata: cluster("nginx"), spec };
      defaultIngressClass(o);
      return o;
    };
    expect(
      validateIngressClass(ic({ controller: "k8s.io/ingress-nginx", parameters: { kind: "Params", name: "p" } })),
    ).toEqual([]);
    expect(strs(validateIngressClass(ic({})))).toEqual(["spec.controller: Required value"]);
    expect(strs(validateIngressClass(ic({ controller: "nginx" })))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    const old = stored(ic({ controller: "k8s.io/ingress-nginx" }));
    expect(
      strs(
        validateIngressClass(
          next(old, (c) => (c.spec.controller = "example.com/other")),
          old,
        ),
      ),
    ).toEqual(['spec.controller: Invalid value: "example.com/other": field is immutable']);
  });
});

// ---- CustomResourceDefinition ----------------------------------------------------------------------------------------

describe("CustomResourceDefinition", () => {
  const schema = {
    openAPIV3Schema: {
      type: "object",
      properties: { spec: { type: "object", properties: { replicas: { type: "integer" } } } },
    },
  };
  const crd = (
    spec: Record<string, unknown>,
    name = "crontabs.stable.example.com",
    annotations?: Record<string, string>,
  ): KObject => {
    const o: KObject = {
      metadata: { name, ...(annotations ? { annotations } : {}) },
      spec: {
        group: "stable.example.com",
        scope: "Namespaced",
        names: { plural: "crontabs", kind: "CronTab", shortNames: ["ct"] },
        versions: [{ name: "v1", served: true, storage: true, schema }],
        ...spec,
      },
    };
    defaultCustomResourceDefinition(o);
    return o;
  };

  it("accepts a well-formed definition", () => {
    expect(validateCustomResourceDefinition(crd({}))).toEqual([]);
  });

  it("requires the name to be <plural>.<group>", () => {
    expect(
      invalid(
        "CustomResourceDefinition",
        "apiextensions.k8s.io",
        "crontab.stable.example.com",
        validateCustomResourceDefinition(crd({}, "crontab.stable.example.com")),
      ).message,
    ).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "crontab.stable.example.com" is invalid: metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group',
    );
  });

  it("requires exactly one storage version and a schema", () => {
    const errs = strs(
      validateCustomResourceDefinition(crd({ versions: [{ name: "v1", served: true, storage: false }] })),
    );
    expect(errs).toEqual([
      "spec.versions[0].schema.openAPIV3Schema: Required value",
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:false, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}}: must have exactly one version marked as storage version',
      "status.storedVersions: Invalid value: []string(nil): must have at least one stored version",
    ]);
  });

  it("checks group, scope and names", () => {
    expect(
      strs(
        validateCustomResourceDefinition(
          crd(
            { group: "example", scope: "Global", names: { plural: "CronTabs", kind: "CronTab" } },
            "CronTabs.example",
          ),
        ),
      ),
    ).toEqual([
      "metadata.name: Invalid value: \"CronTabs.example\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      "spec.names.plural: Invalid value: \"CronTabs\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("reports structural schema violations at spec.validation for a single (promoted) schema", () => {
    const bad = {
      openAPIV3Schema: {
        type: "object",
        properties: { spec: { properties: { size: { type: "string" } } }, list: { type: "array" } },
      },
    };
    expect(
      strs(
        validateCustomResourceDefinition(crd({ versions: [{ name: "v1", served: true, storage: true, schema: bad }] })),
      ),
    ).toEqual([
      "spec.validation.openAPIV3Schema.properties[list].items: Required value: must be specified",
      "spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields",
    ]);
  });

  it("reports per-version paths when the schemas differ", () => {
    const v2 = { openAPIV3Schema: { properties: { spec: { type: "object" } } } };
    expect(
      strs(
        validateCustomResourceDefinition(
          crd({
            versions: [
              { name: "v1", served: true, storage: true, schema },
              { name: "v2", served: true, storage: false, schema: v2 },
            ],
          }),
        ),
      ),
    ).toEqual(["spec.versions[1].schema.openAPIV3Schema.type: Required value: must not be empty at the root"]);
  });

  it("rejects unsupported schema keywords", () => {
    const s = {
      openAPIV3Schema: {
        type: "object",
        properties: { a: { type: "thing" }, b: { $ref: "#/definitions/x", type: "object" } },
      },
    };
    expect(
      strs(
        validateCustomResourceDefinition(crd({ versions: [{ name: "v1", served: true, storage: true, schema: s }] })),
      ),
    ).toEqual([
      'spec.validation.openAPIV3Schema.properties[a].type: Unsupported value: "thing": supported values: "array", "boolean", "integer", "number", "object", "string"',
      "spec.validation.openAPIV3Schema.properties[b].$ref: Forbidden: $ref is not supported",
    ]);
  });

  it("requires API approval for *.k8s.io groups", () => {
    expect(strs(validateCustomResourceDefinition(crd({ group: "widgets.k8s.io" }, "crontabs.widgets.k8s.io")))).toEqual(
      [
        'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
      ],
    );
    expect(
      validateCustomResourceDefinition(
        crd({ group: "widgets.k8s.io" }, "crontabs.widgets.k8s.io", {
          "api-approved.kubernetes.io": "https://github.com/kubernetes/kubernetes/pull/1",
        }),
      ),
    ).toEqual([]);
  });

  it("freezes the group and plural, and keeps stored versions", () => {
    const old = stored(crd({}));
    const upd = next(old, (c) => {
      c.spec.versions = [{ name: "v2", served: true, storage: true, schema }];
    });
    expect(strs(validateCustomResourceDefinition(upd, old))).toEqual([
      'status.storedVersions[0]: Invalid value: "v1": missing from spec.versions; v1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1 and removes v1 from status.storedVersions',
    ]);
    const renamed = next(old, (c) => (c.spec.names.plural = "tabs"));
    expect(strs(validateCustomResourceDefinition(renamed, old))).toContain(
      'spec.names.plural: Invalid value: "tabs": field is immutable',
    );
  });
});
