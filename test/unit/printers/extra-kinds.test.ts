import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { clusterRoleColumns } from "../../../src/kube/printers/clusterrole";
import { clusterRoleBindingColumns } from "../../../src/kube/printers/clusterrolebinding";
import { CREATION_TIMESTAMP_DESCRIPTION, NAME_DESCRIPTION } from "../../../src/kube/printers/common";
import { cronJobColumns } from "../../../src/kube/printers/cronjob";
import { customResourceDefinitionColumns } from "../../../src/kube/printers/customresourcedefinition";
import { createdAtColumns, defaultColumns } from "../../../src/kube/printers/default";
import { endpointSliceColumns } from "../../../src/kube/printers/endpointslice";
import { eventColumns } from "../../../src/kube/printers/event";
import { eventsV1EventColumns } from "../../../src/kube/printers/eventsv1";
import { horizontalPodAutoscalerColumns } from "../../../src/kube/printers/horizontalpodautoscaler";
import { ingressColumns } from "../../../src/kube/printers/ingress";
import { ingressClassColumns } from "../../../src/kube/printers/ingressclass";
import { jobColumns } from "../../../src/kube/printers/job";
import { limitRangeColumns } from "../../../src/kube/printers/limitrange";
import { networkPolicyColumns } from "../../../src/kube/printers/networkpolicy";
import { persistentVolumeColumns } from "../../../src/kube/printers/persistentvolume";
import { persistentVolumeClaimColumns } from "../../../src/kube/printers/persistentvolumeclaim";
import { podDisruptionBudgetColumns } from "../../../src/kube/printers/poddisruptionbudget";
import { podTemplateColumns } from "../../../src/kube/printers/podtemplate";
import { priorityClassColumns } from "../../../src/kube/printers/priorityclass";
import { replicationControllerColumns } from "../../../src/kube/printers/replicationcontroller";
import { resourceQuotaColumns } from "../../../src/kube/printers/resourcequota";
import { roleColumns } from "../../../src/kube/printers/role";
import { roleBindingColumns } from "../../../src/kube/printers/rolebinding";
import { storageClassColumns } from "../../../src/kube/printers/storageclass";
import type { TableColumn } from "../../../src/kube/registry/kind";
import { ago, cells, DAY, HOUR, headers, k, MIN, NOW, SEC } from "./helpers";

const future = ago(-1900); // time.Now().Add(1.9e9) in printers_test: "0s"
const fiveMinAgo = ago(5 * MIN); // time.Now().Add(-3e11): "5m"
const tenYearsAgo = ago(10 * 365 * DAY); // "10y"

const meta = (c: readonly TableColumn[]) => c.map((col) => [col.name, col.type, col.format ?? "", col.priority]);

describe("column definitions", () => {
  it.each<[string, readonly TableColumn[], string[], string[]]>([
    ["ResourceQuota", resourceQuotaColumns, ["NAME", "REQUEST", "LIMIT", "AGE"], []],
    ["LimitRange", limitRangeColumns, ["NAME", "CREATED AT"], []],
    [
      "PersistentVolume",
      persistentVolumeColumns,
      [
        "NAME",
        "CAPACITY",
        "ACCESS MODES",
        "RECLAIM POLICY",
        "STATUS",
        "CLAIM",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "REASON",
        "AGE",
      ],
      ["VOLUMEMODE"],
    ],
    [
      "PersistentVolumeClaim",
      persistentVolumeClaimColumns,
      ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
      ["VOLUMEMODE"],
    ],
    [
      "ReplicationController",
      replicationControllerColumns,
      ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
      ["CONTAINERS", "IMAGES", "SELECTOR"],
    ],
    ["PodTemplate", podTemplateColumns, ["NAME", "CONTAINERS", "IMAGES", "POD LABELS"], []],
    ["Job", jobColumns, ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"]],
    [
      "CronJob",
      cronJobColumns,
      ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
      ["CONTAINERS", "IMAGES", "SELECTOR"],
    ],
    [
      "HorizontalPodAutoscaler",
      horizontalPodAutoscalerColumns,
      ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
      [],
    ],
    ["EndpointSlice", endpointSliceColumns, ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], []],
    [
      "events.k8s.io Event",
      eventsV1EventColumns,
      ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
      ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
    ],
    ["Role", roleColumns, ["NAME", "CREATED AT"], []],
    ["ClusterRole", clusterRoleColumns, ["NAME", "CREATED AT"], []],
    ["RoleBinding", roleBindingColumns, ["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"]],
    ["ClusterRoleBinding", clusterRoleBindingColumns, ["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"]],
    [
      "StorageClass",
      storageClassColumns,
      ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
      [],
    ],
    [
      "PodDisruptionBudget",
      podDisruptionBudgetColumns,
      ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
      [],
    ],
    ["PriorityClass", priorityClassColumns, ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], []],
    ["NetworkPolicy", networkPolicyColumns, ["NAME", "POD-SELECTOR", "AGE"], []],
    ["Ingress", ingressColumns, ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], []],
    ["IngressClass", ingressClassColumns, ["NAME", "CONTROLLER", "PARAMETERS", "AGE"], []],
    ["CustomResourceDefinition", customResourceDefinitionColumns, ["NAME", "CREATED AT"], []],
    ["custom resources (default)", defaultColumns, ["NAME", "AGE"], []],
  ])("%s", (_kind, columns, normal, wideOnly) => {
    expect(headers(columns)).toEqual(normal);
    const wide = headers(columns, true);
    expect(wide.filter((h) => !normal.includes(h) || wideOnly.includes(h))).toEqual(wideOnly);
    expect(wide).toHaveLength(normal.length + wideOnly.length);
    for (const c of columns) expect(c.description.length).toBeGreaterThan(0);
    // Every kind starts with the metadata name column (events put it last, in the wide view).
    const name = columns.find((c) => c.format === "name");
    expect(name?.description).toBe(NAME_DESCRIPTION);
  });

  it("types as printers.go declares them (including its string-typed int cells)", () => {
    expect(meta(replicationControllerColumns).slice(1, 4)).toEqual([
      ["Desired", "integer", "", 0],
      ["Current", "integer", "", 0],
      ["Ready", "integer", "", 0],
    ]);
    expect(meta(cronJobColumns).slice(3, 5)).toEqual([
      ["Suspend", "boolean", "", 0],
      ["Active", "integer", "", 0],
    ]);
    expect(meta(horizontalPodAutoscalerColumns).slice(3, 6)).toEqual([
      ["MinPods", "string", "", 0],
      ["MaxPods", "string", "", 0],
      ["Replicas", "string", "", 0],
    ]);
    expect(meta(podDisruptionBudgetColumns)[3]).toEqual(["Allowed Disruptions", "integer", "", 0]);
    expect(meta(priorityClassColumns).slice(1)).toEqual([
      ["Value", "integer", "", 0],
      ["Global-Default", "boolean", "", 0],
      ["Age", "string", "", 0],
      ["PreemptionPolicy", "string", "", 0],
    ]);
    expect(meta(storageClassColumns)[4]).toEqual(["AllowVolumeExpansion", "string", "", 0]);
    expect(meta(createdAtColumns)).toEqual([
      ["Name", "string", "name", 0],
      ["Created At", "date", "", 0],
    ]);
    expect(meta(defaultColumns)).toEqual([
      ["Name", "string", "name", 0],
      ["Age", "date", "", 0],
    ]);
    expect(createdAtColumns[1].description).toBe(CREATION_TIMESTAMP_DESCRIPTION);
    expect(defaultColumns[1].description).toBe(CREATION_TIMESTAMP_DESCRIPTION);
  });

  it("descriptions come from the API docs of the versions printers.go names", () => {
    const desc = (c: readonly TableColumn[], name: string) => c.find((col) => col.name === name)?.description;
    expect(desc(replicationControllerColumns, "Desired")).toBe(
      "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller",
    );
    expect(desc(jobColumns, "Status")).toBe("Status of the job.");
    expect(desc(cronJobColumns, "Schedule")).toBe(
      "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
    );
    expect(desc(persistentVolumeColumns, "StorageClass")).toBe("StorageClass of the pv");
    expect(desc(persistentVolumeClaimColumns, "VolumeAttributesClass")).toBe("VolumeAttributesClass of the pvc");
    expect(desc(horizontalPodAutoscalerColumns, "MaxPods")).toBe(
      "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.",
    );
    expect(desc(roleBindingColumns, "Users")).toBe("Users in the roleBinding");
    expect(desc(clusterRoleBindingColumns, "ServiceAccounts")).toBe("ServiceAccounts in the clusterRoleBinding");
    expect(desc(clusterRoleBindingColumns, "Role")).toBe(
      "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.",
    );
    expect(desc(storageClassColumns, "AllowVolumeExpansion")).toBe(
      "allowVolumeExpansion shows whether the storage class allow volume expand.",
    );
    expect(desc(resourceQuotaColumns, "Request")).toBe(
      "Request represents a minimum amount of cpu/memory that a container may consume.",
    );
    expect(eventsV1EventColumns.map((c) => c.description)).toEqual(eventColumns.map((c) => c.description));
  });
});

describe("resourcequota (TestPrintResourceQuota)", () => {
  it("splits requests and limits, sorted by resource name", () => {
    const rq = k({
      metadata: { name: "test-resourcequota", creationTimestamp: fiveMinAgo },
      spec: {},
      status: {
        used: {
          cpu: "1",
          memory: "1Gi",
          pods: "1",
          services: "1",
          replicationcontrollers: "1",
          resourcequotas: "1",
          "limits.cpu": "2",
          "limits.memory": "2Gi",
        },
        hard: {
          cpu: "100",
          memory: "4Gi",
          pods: "10",
          services: "10",
          replicationcontrollers: "10",
          resourcequotas: "1",
          "limits.cpu": "200",
          "limits.memory": "8Gi",
        },
      },
    });
    expect(cells(resourceQuotaColumns, rq)).toEqual([
      "test-resourcequota",
      "cpu: 1/100, memory: 1Gi/4Gi, pods: 1/10, replicationcontrollers: 1/10, resourcequotas: 1/1, services: 1/10",
      "limits.cpu: 2/200, limits.memory: 2Gi/8Gi",
      "5m",
    ]);
  });
  it("unused resources are 0; requests.* stays in REQUEST; only status.hard is listed", () => {
    const rq = k({
      metadata: { name: "q" },
      spec: { hard: { pods: "10", "requests.cpu": "1", secrets: "5" } },
      status: { hard: { pods: "10", "requests.cpu": "1" }, used: { pods: "1", secrets: "3" } },
    });
    expect(cells(resourceQuotaColumns, rq)).toEqual(["q", "pods: 1/10, requests.cpu: 0/1", "", "<unknown>"]);
    expect(cells(resourceQuotaColumns, k({ metadata: { name: "new" }, spec: { hard: { pods: "1" } } }))).toEqual([
      "new",
      "",
      "",
      "<unknown>",
    ]);
  });
  it("prints quantities in canonical form", () => {
    const rq = k({
      metadata: { name: "q" },
      status: { hard: { "limits.memory": "1024Mi", "requests.cpu": "0.5" }, used: { "limits.memory": "512Mi" } },
    });
    expect(cells(resourceQuotaColumns, rq).slice(1, 3)).toEqual(["requests.cpu: 0/500m", "limits.memory: 512Mi/1Gi"]);
  });
});

describe("persistentvolume (TestPrintPersistentVolume)", () => {
  const claimRef = { name: "test", namespace: "default" };
  const pv = (name: string, spec: Record<string, unknown>, phase: string, extra: Partial<KObject> = {}) =>
    k({ metadata: { name }, spec: { claimRef, ...spec }, status: { phase }, ...extra });
  it.each<[string, KObject, unknown[]]>([
    [
      "bound",
      pv("test1", { accessModes: ["ReadOnlyMany"], capacity: { storage: "4Gi" } }, "Bound"),
      ["test1", "4Gi", "ROX", "", "Bound", "default/test", "", "<unset>", "", "<unknown>", "<unset>"],
    ],
    [
      "failed",
      pv("test2", { accessModes: ["ReadOnlyMany"], capacity: { storage: "4Gi" } }, "Failed"),
      ["test2", "4Gi", "ROX", "", "Failed", "default/test", "", "<unset>", "", "<unknown>", "<unset>"],
    ],
    [
      "pending",
      pv("test3", { accessModes: ["ReadWriteMany"], capacity: { storage: "10Gi" } }, "Pending"),
      ["test3", "10Gi", "RWX", "", "Pending", "default/test", "", "<unset>", "", "<unknown>", "<unset>"],
    ],
    [
      "pending, storageClass",
      pv(
        "test4",
        { storageClassName: "my-scn", accessModes: ["ReadWriteOnce"], capacity: { storage: "10Gi" } },
        "Pending",
      ),
      ["test4", "10Gi", "RWO", "", "Pending", "default/test", "my-scn", "<unset>", "", "<unknown>", "<unset>"],
    ],
    [
      "pending, storageClass, volumeAttributesClass",
      pv(
        "test4",
        {
          storageClassName: "my-scn",
          volumeAttributesClassName: "my-vacn",
          accessModes: ["ReadWriteOnce"],
          capacity: { storage: "10Gi" },
        },
        "Pending",
      ),
      ["test4", "10Gi", "RWO", "", "Pending", "default/test", "my-scn", "my-vacn", "", "<unknown>", "<unset>"],
    ],
    [
      "available",
      pv(
        "test5",
        { storageClassName: "my-scn", accessModes: ["ReadWriteOnce"], capacity: { storage: "10Gi" } },
        "Available",
      ),
      ["test5", "10Gi", "RWO", "", "Available", "default/test", "my-scn", "<unset>", "", "<unknown>", "<unset>"],
    ],
    [
      "released",
      pv(
        "test6",
        { storageClassName: "my-scn", accessModes: ["ReadWriteOnce"], capacity: { storage: "10Gi" } },
        "Released",
      ),
      ["test6", "10Gi", "RWO", "", "Released", "default/test", "my-scn", "<unset>", "", "<unknown>", "<unset>"],
    ],
  ])("%s", (_name, obj, want) => {
    expect(cells(persistentVolumeColumns, obj, true)).toEqual(want);
  });
  it("access modes in fixed order, reclaim policy, reason, volume mode, terminating, unbound", () => {
    const obj = k({
      metadata: { name: "pv", creationTimestamp: ago(3 * DAY), deletionTimestamp: future },
      spec: {
        accessModes: ["ReadWriteOncePod", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce", "ReadOnlyMany"],
        capacity: { storage: "1Ti" },
        persistentVolumeReclaimPolicy: "Retain",
        volumeMode: "Block",
      },
      status: { phase: "Failed", reason: "Boom" },
    });
    expect(cells(persistentVolumeColumns, obj, true)).toEqual([
      "pv",
      "1Ti",
      "RWO,ROX,RWX,RWOP",
      "Retain",
      "Terminating",
      "",
      "",
      "<unset>",
      "Boom",
      "3d",
      "Block",
    ]);
  });
  it("the beta storage-class annotation wins; a missing capacity prints 0", () => {
    const obj = k({
      metadata: { name: "pv", annotations: { "volume.beta.kubernetes.io/storage-class": "" } },
      spec: { storageClassName: "standard" },
    });
    expect(cells(persistentVolumeColumns, obj).slice(1, 7)).toEqual(["0", "", "", "", "", ""]);
  });
});

describe("persistentvolumeclaim (TestPrintPersistentVolumeClaim)", () => {
  const status = (phase: string, modes: string[], storage: string) => ({
    phase,
    accessModes: modes,
    capacity: { storage },
  });
  it.each<[string, KObject, unknown[]]>([
    [
      "bound",
      k({
        metadata: { name: "test1" },
        spec: { volumeName: "my-volume", volumeMode: "Filesystem" },
        status: status("Bound", ["ReadOnlyMany"], "4Gi"),
      }),
      ["test1", "Bound", "my-volume", "4Gi", "ROX", "", "<unset>", "<unknown>", "Filesystem"],
    ],
    [
      "lost, no volume: no capacity or access modes",
      k({
        metadata: { name: "test2" },
        spec: { volumeMode: "Filesystem" },
        status: status("Lost", ["ReadOnlyMany"], "4Gi"),
      }),
      ["test2", "Lost", "", "", "", "", "<unset>", "<unknown>", "Filesystem"],
    ],
    [
      "pending",
      k({
        metadata: { name: "test3" },
        spec: { volumeName: "my-volume", volumeMode: "Filesystem" },
        status: status("Pending", ["ReadWriteMany"], "10Gi"),
      }),
      ["test3", "Pending", "my-volume", "10Gi", "RWX", "", "<unset>", "<unknown>", "Filesystem"],
    ],
    [
      "storage class",
      k({
        metadata: { name: "test4" },
        spec: { volumeName: "my-volume", storageClassName: "my-scn", volumeMode: "Filesystem" },
        status: status("Pending", ["ReadWriteOnce"], "10Gi"),
      }),
      ["test4", "Pending", "my-volume", "10Gi", "RWO", "my-scn", "<unset>", "<unknown>", "Filesystem"],
    ],
    [
      "no volume mode",
      k({
        metadata: { name: "test5" },
        spec: { volumeName: "my-volume", storageClassName: "my-scn" },
        status: status("Pending", ["ReadWriteOnce"], "10Gi"),
      }),
      ["test5", "Pending", "my-volume", "10Gi", "RWO", "my-scn", "<unset>", "<unknown>", "<unset>"],
    ],
    [
      "volume attributes class",
      k({
        metadata: { name: "test5" },
        spec: { volumeName: "my-volume", storageClassName: "my-scn", volumeAttributesClassName: "my-vacn" },
        status: status("Pending", ["ReadWriteOnce"], "10Gi"),
      }),
      ["test5", "Pending", "my-volume", "10Gi", "RWO", "my-scn", "my-vacn", "<unknown>", "<unset>"],
    ],
  ])("%s", (_name, obj, want) => {
    expect(cells(persistentVolumeClaimColumns, obj, true)).toEqual(want);
  });
  it("terminating, beta class annotation, bound without status capacity", () => {
    const obj = k({
      metadata: {
        name: "c",
        deletionTimestamp: future,
        annotations: { "volume.beta.kubernetes.io/storage-class": "beta" },
      },
      spec: { volumeName: "pv-1", storageClassName: "ga" },
      status: { phase: "Bound" },
    });
    expect(cells(persistentVolumeClaimColumns, obj)).toEqual([
      "c",
      "Terminating",
      "pv-1",
      "0",
      "",
      "beta",
      "<unset>",
      "<unknown>",
    ]);
  });
});

describe("replicationcontroller (TestPrintReplicationController)", () => {
  const template = {
    metadata: { labels: { a: "b" } },
    spec: { containers: [{ name: "test", image: "test_image" }], restartPolicy: "Always" },
  };
  it("basic, without replicas or status", () => {
    const rc = k({
      metadata: { name: "rc1", namespace: "test-namespace" },
      spec: { replicas: 0, selector: { a: "b" }, template },
    });
    expect(cells(replicationControllerColumns, rc)).toEqual(["rc1", 0, 0, 0, "<unknown>"]);
  });
  it("basic with replicas, and wide", () => {
    const rc = k({
      metadata: { name: "rc1" },
      spec: { replicas: 5, selector: { a: "b" }, template },
      status: { replicas: 3, readyReplicas: 1 },
    });
    expect(cells(replicationControllerColumns, rc)).toEqual(["rc1", 5, 3, 1, "<unknown>"]);
    expect(cells(replicationControllerColumns, rc, true)).toEqual([
      "rc1",
      5,
      3,
      1,
      "<unknown>",
      "test",
      "test_image",
      "a=b",
    ]);
  });
  it("no template, no selector (bookmark-like object)", () => {
    const rc = k({
      metadata: { annotations: { "k8s.io/initial-events-end": "true" } },
      spec: { replicas: 0 },
    });
    expect(cells(replicationControllerColumns, rc, true)).toEqual(["", 0, 0, 0, "<unknown>", "", "", "<none>"]);
  });
});

describe("podtemplate (TestPrintPodTemplate)", () => {
  it("no containers", () => {
    const pt = k({
      metadata: { name: "pod-template-1" },
      template: { metadata: { name: "pod-template-1" }, spec: { containers: [] } },
    });
    expect(cells(podTemplateColumns, pt)).toEqual(["pod-template-1", "", "", "<none>"]);
  });
  it("two containers", () => {
    const pt = k({
      metadata: { name: "pod-template-2" },
      template: {
        spec: {
          containers: [
            { name: "fake-container1", image: "fake-image1" },
            { name: "fake-container2", image: "fake-image2" },
          ],
        },
      },
    });
    expect(cells(podTemplateColumns, pt)).toEqual([
      "pod-template-2",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "<none>",
    ]);
  });
  it("pod labels", () => {
    const pt = k({
      metadata: { name: "pod-template-3" },
      template: { metadata: { labels: { foo: "bar", a: "b" } }, spec: { containers: [] } },
    });
    expect(cells(podTemplateColumns, pt)).toEqual(["pod-template-3", "", "", "a=b,foo=bar"]);
  });
});

describe("job (TestPrintJob)", () => {
  const template = {
    spec: {
      containers: [
        { name: "fake-job-container1", image: "fake-job-image1" },
        { name: "fake-job-container2", image: "fake-job-image2" },
      ],
    },
  };
  it("default and wide", () => {
    const job = k({
      metadata: { name: "job1", creationTimestamp: future },
      spec: { completions: 2, template, selector: { matchLabels: { "job-label": "job-label-value" } } },
      status: { succeeded: 1 },
    });
    expect(cells(jobColumns, job)).toEqual(["job1", "Running", "1/2", "", "0s"]);
    expect(cells(jobColumns, job, true)).toEqual([
      "job1",
      "Running",
      "1/2",
      "",
      "0s",
      "fake-job-container1,fake-job-container2",
      "fake-job-image1,fake-job-image2",
      "job-label=job-label-value",
    ]);
  });
  it("ten-year age, no completions", () => {
    const job = k({ metadata: { name: "job2", creationTimestamp: tenYearsAgo }, spec: {}, status: { succeeded: 0 } });
    expect(cells(jobColumns, job)).toEqual(["job2", "Running", "0/1", "", "10y"]);
  });
  it("duration: completion - start once complete, since start while running", () => {
    const done = k({
      metadata: { name: "job3", creationTimestamp: tenYearsAgo },
      spec: {},
      status: { startTime: ago(-MIN), completionTime: ago(-31 * MIN) },
    });
    expect(cells(jobColumns, done)).toEqual(["job3", "Running", "0/1", "30m", "10y"]);
    const running = k({
      metadata: { name: "job4", creationTimestamp: tenYearsAgo },
      spec: {},
      status: { startTime: ago(20 * MIN) },
    });
    expect(cells(jobColumns, running)).toEqual(["job4", "Running", "0/1", "20m", "10y"]);
  });
  it.each([
    ["job5", [{ type: "Complete", status: "True" }], "Complete"],
    ["job6", [{ type: "Failed", status: "True" }], "Failed"],
    ["job7", [{ type: "Suspended", status: "True" }], "Suspended"],
    ["job8", [{ type: "FailureTarget", status: "True" }], "FailureTarget"],
    ["job-false", [{ type: "Complete", status: "False" }], "Running"],
    [
      "first condition of a type decides",
      [
        { type: "Complete", status: "False" },
        { type: "Complete", status: "True" },
      ],
      "Running",
    ],
    [
      "Complete before Failed",
      [
        { type: "Failed", status: "True" },
        { type: "Complete", status: "True" },
      ],
      "Complete",
    ],
    ["SuccessCriteriaMet is not a 1.32 status", [{ type: "SuccessCriteriaMet", status: "True" }], "Running"],
  ])("status %s", (name, conditions, want) => {
    const job = k({ metadata: { name, creationTimestamp: future }, spec: {}, status: { succeeded: 0, conditions } });
    expect(cells(jobColumns, job)[1]).toBe(want);
  });
  it("Terminating after Complete/Failed, before Suspended", () => {
    const job = (conditions: unknown[]) =>
      k({
        metadata: { name: "job9", creationTimestamp: future, deletionTimestamp: future },
        spec: {},
        status: { conditions },
      });
    expect(cells(jobColumns, job([]))).toEqual(["job9", "Terminating", "0/1", "", "0s"]);
    expect(cells(jobColumns, job([{ type: "Suspended", status: "True" }]))[1]).toBe("Terminating");
    expect(cells(jobColumns, job([{ type: "Failed", status: "True" }]))[1]).toBe("Failed");
  });
  it("completions: parallel jobs without completions", () => {
    const job = k({ metadata: { name: "p" }, spec: { parallelism: 3 }, status: { succeeded: 2 } });
    expect(cells(jobColumns, job)[2]).toBe("2/1 of 3");
    expect(cells(jobColumns, k({ metadata: { name: "p" }, spec: { parallelism: 3, completions: 5 } }))[2]).toBe("0/5");
  });
});

describe("cronjob (TestPrintCronJob)", () => {
  const jobTemplate = {
    spec: {
      completions: 2,
      template: {
        spec: {
          containers: [
            { name: "fake-job-container1", image: "fake-job-image1" },
            { name: "fake-job-container2", image: "fake-job-image2" },
          ],
        },
      },
      selector: { matchLabels: { a: "b" } },
    },
  };
  it("basic, time zone, wide", () => {
    const cj = (timeZone?: string) =>
      k({
        metadata: { name: "cronjob1", creationTimestamp: future },
        spec: { schedule: "0/5 * * * ?", timeZone, suspend: false, jobTemplate },
        status: { lastScheduleTime: future },
      });
    expect(cells(cronJobColumns, cj())).toEqual(["cronjob1", "0/5 * * * ?", "<none>", "False", 0, "0s", "0s"]);
    expect(cells(cronJobColumns, cj("LOCAL"))).toEqual(["cronjob1", "0/5 * * * ?", "LOCAL", "False", 0, "0s", "0s"]);
    expect(cells(cronJobColumns, cj(), true)).toEqual([
      "cronjob1",
      "0/5 * * * ?",
      "<none>",
      "False",
      0,
      "0s",
      "0s",
      "fake-job-container1,fake-job-container2",
      "fake-job-image1,fake-job-image2",
      "a=b",
    ]);
  });
  it("last schedule and age", () => {
    const cj = k({
      metadata: { name: "cronjob2", creationTimestamp: fiveMinAgo },
      spec: { schedule: "0/5 * * * ?", suspend: false },
      status: { lastScheduleTime: ago(30 * SEC) },
    });
    expect(cells(cronJobColumns, cj)).toEqual(["cronjob2", "0/5 * * * ?", "<none>", "False", 0, "30s", "5m"]);
  });
  it("no last schedule; active jobs counted; suspend true and unset", () => {
    const cj = k({
      metadata: { name: "cronjob3", creationTimestamp: fiveMinAgo },
      spec: { schedule: "0/5 * * * ?", suspend: true },
      status: { active: [{ name: "a" }, { name: "b" }] },
    });
    expect(cells(cronJobColumns, cj)).toEqual(["cronjob3", "0/5 * * * ?", "<none>", "True", 2, "<none>", "5m"]);
    expect(cells(cronJobColumns, k({ metadata: { name: "x" }, spec: { schedule: "@hourly" } }), true)).toEqual([
      "x",
      "@hourly",
      "<none>",
      "<unset>",
      0,
      "<none>",
      "<unknown>",
      "",
      "",
      "<none>",
    ]);
  });
});

describe("horizontalpodautoscaler (TestPrintHPA)", () => {
  const ref = { name: "some-rc", kind: "ReplicationController" };
  const selector = { matchLabels: { label: "value" } };
  const hpa = (metrics?: unknown[], currentMetrics?: unknown[], minReplicas: number | null = 2) =>
    k({
      apiVersion: "autoscaling/v2",
      metadata: { name: "some-hpa" },
      spec: { scaleTargetRef: ref, minReplicas: minReplicas ?? undefined, maxReplicas: 10, metrics },
      status: { currentReplicas: 4, desiredReplicas: 5, currentMetrics },
    });
  const row = (targets: string, min = "2") => [
    "some-hpa",
    "ReplicationController/some-rc",
    targets,
    min,
    10,
    4,
    "<unknown>",
  ];
  const avgValue = (v: string) => ({ type: "AverageValue", averageValue: v });
  const value = (v: string) => ({ type: "Value", value: v });

  it("minReplicas unset, no metrics", () => {
    expect(cells(horizontalPodAutoscalerColumns, hpa(undefined, undefined, null))).toEqual(row("<none>", "<unset>"));
  });
  it.each<[string, unknown, unknown, string]>([
    [
      "external, average value (no current)",
      { type: "External", external: { metric: { name: "some-external-metric", selector }, target: avgValue("100m") } },
      undefined,
      "<unknown>/100m (avg)",
    ],
    [
      "external, average value",
      { type: "External", external: { metric: { name: "some-external-metric", selector }, target: avgValue("100m") } },
      { type: "External", external: { metric: { name: "some-external-metric" }, current: { averageValue: "50m" } } },
      "50m/100m (avg)",
    ],
    [
      "external, value (no current)",
      { type: "External", external: { metric: { name: "some-service-metric", selector }, target: value("100m") } },
      undefined,
      "<unknown>/100m",
    ],
    [
      "external, value",
      { type: "External", external: { metric: { name: "some-external-metric", selector }, target: value("100m") } },
      { type: "External", external: { metric: { name: "some-external-metric" }, current: { value: "50m" } } },
      "50m/100m",
    ],
    [
      "pods (no current)",
      { type: "Pods", pods: { metric: { name: "some-pods-metric" }, target: avgValue("100m") } },
      undefined,
      "<unknown>/100m",
    ],
    [
      "pods",
      { type: "Pods", pods: { metric: { name: "some-pods-metric" }, target: avgValue("100m") } },
      { type: "Pods", pods: { metric: { name: "some-pods-metric" }, current: { averageValue: "50m" } } },
      "50m/100m",
    ],
    [
      "object (no current)",
      {
        type: "Object",
        object: {
          describedObject: { name: "some-service", kind: "Service" },
          metric: { name: "some-service-metric" },
          target: value("100m"),
        },
      },
      undefined,
      "<unknown>/100m",
    ],
    [
      "object",
      {
        type: "Object",
        object: {
          describedObject: { name: "some-service", kind: "Service" },
          metric: { name: "some-service-metric" },
          target: value("100m"),
        },
      },
      {
        type: "Object",
        object: {
          describedObject: { name: "some-service", kind: "Service" },
          metric: { name: "some-service-metric" },
          current: { value: "50m" },
        },
      },
      "50m/100m",
    ],
    [
      "resource, target value (no current)",
      { type: "Resource", resource: { name: "cpu", target: avgValue("100m") } },
      undefined,
      "cpu: <unknown>/100m",
    ],
    [
      "resource, target value",
      { type: "Resource", resource: { name: "cpu", target: avgValue("100m") } },
      { type: "Resource", resource: { name: "cpu", current: { averageValue: "50m" } } },
      "cpu: 50m/100m",
    ],
    [
      "resource, target utilization (no current)",
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
      undefined,
      "cpu: <unknown>/80%",
    ],
    [
      "resource, target utilization",
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
      { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 50, averageValue: "40m" } } },
      "cpu: 50%/80%",
    ],
    [
      "container resource, target value (no current)",
      {
        type: "ContainerResource",
        containerResource: { name: "cpu", container: "application", target: avgValue("100m") },
      },
      undefined,
      "cpu: <unknown>/100m",
    ],
    [
      "container resource, target value",
      { type: "ContainerResource", containerResource: { name: "cpu", target: avgValue("100m") } },
      {
        type: "ContainerResource",
        containerResource: { name: "cpu", container: "application", current: { averageValue: "50m" } },
      },
      "cpu: 50m/100m",
    ],
    [
      "container resource, target utilization (no current)",
      {
        type: "ContainerResource",
        containerResource: {
          name: "cpu",
          container: "application",
          target: { type: "Utilization", averageUtilization: 80 },
        },
      },
      undefined,
      "cpu: <unknown>/80%",
    ],
    [
      "container resource, target utilization",
      {
        type: "ContainerResource",
        containerResource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
      },
      {
        type: "ContainerResource",
        containerResource: {
          name: "cpu",
          container: "application",
          current: { averageUtilization: 50, averageValue: "40m" },
        },
      },
      "cpu: 50%/80%",
    ],
    [
      "resource with neither utilization nor value",
      { type: "Resource", resource: { name: "memory", target: { type: "Utilization" } } },
      undefined,
      "memory: <unknown>/<auto>",
    ],
    ["unknown type", { type: "Bogus" }, undefined, "<unknown type>"],
  ])("%s", (_name, spec, status, want) => {
    expect(cells(horizontalPodAutoscalerColumns, hpa([spec], status === undefined ? undefined : [status]))).toEqual(
      row(want),
    );
  });
  it("multiple specs: two shown, statuses matched by index", () => {
    const metrics = [
      { type: "Pods", pods: { metric: { name: "some-pods-metric" }, target: avgValue("100m") } },
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
      { type: "Pods", pods: { metric: { name: "other-pods-metric" }, target: avgValue("400m") } },
    ];
    const current = [
      { type: "Pods", pods: { metric: { name: "some-pods-metric" }, current: { averageValue: "50m" } } },
      { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 50, averageValue: "40m" } } },
    ];
    expect(cells(horizontalPodAutoscalerColumns, hpa(metrics, current))).toEqual(
      row("50m/100m, cpu: 50%/80% + 1 more..."),
    );
  });
  it("a status without the matching source pointer, or a nil value, prints as Go does", () => {
    const external = { type: "External", external: { metric: { name: "m" }, target: value("1") } };
    // statuses[i].External is set but its Current.Value is nil: (*Quantity)(nil).String() is "<nil>".
    expect(cells(horizontalPodAutoscalerColumns, hpa([external], [{ type: "External", external: {} }]))[2]).toBe(
      "<nil>/1",
    );
    // statuses[i] carries another source: "<unknown>".
    expect(cells(horizontalPodAutoscalerColumns, hpa([external], [{ type: "Pods", pods: {} }]))[2]).toBe("<unknown>/1");
  });
  it("autoscaling/v1: targetCPUUtilizationPercentage as a cpu utilization metric", () => {
    const v1 = (target?: number, current?: number) =>
      k({
        apiVersion: "autoscaling/v1",
        metadata: { name: "web", creationTimestamp: ago(2 * HOUR) },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
          minReplicas: 1,
          maxReplicas: 5,
          targetCPUUtilizationPercentage: target,
        },
        status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: current },
      });
    expect(cells(horizontalPodAutoscalerColumns, v1(80))).toEqual([
      "web",
      "Deployment/web",
      "cpu: <unknown>/80%",
      "1",
      5,
      2,
      "120m",
    ]);
    expect(cells(horizontalPodAutoscalerColumns, v1(80, 20))[2]).toBe("cpu: 20%/80%");
    expect(cells(horizontalPodAutoscalerColumns, v1())[2]).toBe("<none>");
  });
});

describe("endpointslice (TestPrintEndpointSlice)", () => {
  const tcp = "TCP";
  it("one port, two addresses", () => {
    const es = k({
      metadata: { name: "abcslice.123", creationTimestamp: future },
      addressType: "IPv4",
      ports: [{ name: "http", port: 80, protocol: tcp }],
      endpoints: [{ addresses: ["10.1.2.3", "2001:db8::1234:5678"] }],
    });
    expect(cells(endpointSliceColumns, es)).toEqual([
      "abcslice.123",
      "IPv4",
      "80",
      "10.1.2.3,2001:db8::1234:5678",
      "0s",
    ]);
  });
  it("more than three endpoints", () => {
    const es = k({
      metadata: { name: "longerslicename.123", creationTimestamp: fiveMinAgo },
      addressType: "IPv6",
      ports: [
        { name: "http", port: 80, protocol: tcp },
        { name: "https", port: 443, protocol: tcp },
      ],
      endpoints: [
        { addresses: ["10.1.2.3", "2001:db8::1234:5678"] },
        { addresses: ["10.2.3.4", "2001:db8::2345:6789"] },
      ],
    });
    expect(cells(endpointSliceColumns, es)).toEqual([
      "longerslicename.123",
      "IPv6",
      "80,443",
      "10.1.2.3,2001:db8::1234:5678,10.2.3.4 + 1 more...",
      "5m",
    ]);
  });
  it("more than three ports", () => {
    const es = k({
      metadata: { name: "multiportslice.123", creationTimestamp: fiveMinAgo },
      addressType: "IPv4",
      ports: [
        { name: "http", port: 80, protocol: tcp },
        { name: "https", port: 443, protocol: tcp },
        { name: "extra1", port: 3000, protocol: tcp },
        { name: "extra2", port: 3001, protocol: tcp },
      ],
      endpoints: [
        { addresses: ["10.1.2.3", "2001:db8::1234:5678"] },
        { addresses: ["10.2.3.4", "2001:db8::2345:6789"] },
      ],
    });
    expect(cells(endpointSliceColumns, es)[2]).toBe("80,443,3000 + 1 more...");
  });
  it("nil port: its name, else *; empty lists: <unset>", () => {
    const es = k({
      metadata: { name: "s" },
      addressType: "FQDN",
      ports: [{ name: "dns" }, {}, { port: null, name: "" }],
      endpoints: [],
    });
    expect(cells(endpointSliceColumns, es)).toEqual(["s", "FQDN", "dns,*,", "<unset>", "<unknown>"]);
    expect(cells(endpointSliceColumns, k({ metadata: { name: "e" }, addressType: "IPv4" })).slice(2, 4)).toEqual([
      "<unset>",
      "<unset>",
    ]);
  });
});

describe("events.k8s.io Event (printEvent over the converted object)", () => {
  const ev = k({
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { name: "nginx.17a", namespace: "default", creationTimestamp: ago(2 * MIN) },
    eventTime: ago(3 * DAY),
    reportingController: "kubelet",
    reportingInstance: "node-1",
    action: "Pulling",
    reason: "Pulling",
    regarding: { kind: "Pod", name: "nginx", namespace: "default", fieldPath: "spec.containers{nginx}" },
    note: "  Pulling image nginx\n",
    type: "Normal",
    deprecatedFirstTimestamp: ago(3 * DAY),
    deprecatedLastTimestamp: ago(2 * DAY),
    deprecatedCount: 6,
    deprecatedSource: { component: "kubelet", host: "node-1" },
  });
  it("default and wide", () => {
    expect(cells(eventsV1EventColumns, ev)).toEqual(["2d", "Normal", "Pulling", "pod/nginx", "Pulling image nginx"]);
    expect(cells(eventsV1EventColumns, ev, true)).toEqual([
      "2d",
      "Normal",
      "Pulling",
      "pod/nginx",
      "spec.containers{nginx}",
      "kubelet, node-1",
      "Pulling image nginx",
      "3d",
      6,
      "nginx.17a",
    ]);
  });
  it("new-API event without deprecated fields: eventTime, reportingController/Instance, count 1", () => {
    const fresh = k({
      apiVersion: "events.k8s.io/v1",
      metadata: { name: "e1" },
      eventTime: ago(3 * DAY),
      reportingController: "ctrl",
      reportingInstance: "ctrl-1",
      reason: "R",
      regarding: { kind: "Deployment", name: "d" },
      note: "hi",
      type: "Warning",
    });
    expect(cells(eventsV1EventColumns, fresh, true)).toEqual([
      "3d",
      "Warning",
      "R",
      "deployment/d",
      "",
      "ctrl, ctrl-1",
      "hi",
      "3d",
      1,
      "e1",
    ]);
  });
  it("series: last observed time and count", () => {
    const series = k({
      metadata: { name: "e2" },
      eventTime: ago(3 * DAY),
      series: { count: 2, lastObservedTime: ago(2 * DAY) },
      regarding: { kind: "Node" },
      note: "m",
    });
    const row = cells(eventsV1EventColumns, series, true);
    expect([row[0], row[3], row[8]]).toEqual(["2d", "node", 2]);
  });
  it("core/v1 events pass through unchanged", () => {
    const core = k({
      apiVersion: "v1",
      metadata: { name: "c" },
      involvedObject: { kind: "Pod", name: "p" },
      message: "m",
      lastTimestamp: ago(HOUR),
    });
    expect(cells(eventsV1EventColumns, core)).toEqual(cells(eventColumns, core));
  });
});

describe("rolebinding / clusterrolebinding (TestPrintRoleBinding, TestPrintClusterRoleBinding)", () => {
  it.each([
    ["RoleBinding", roleBindingColumns],
    ["ClusterRoleBinding", clusterRoleBindingColumns],
  ])("%s", (_kind, columns) => {
    const basic = k({
      metadata: { name: "binding1", creationTimestamp: future },
      subjects: [{ kind: "User", name: "system:kube-controller-manager" }],
      roleRef: { kind: "Role", name: "extension-apiserver-authentication-reader" },
    });
    expect(cells(columns, basic)).toEqual(["binding1", "Role/extension-apiserver-authentication-reader", "0s"]);
    const wide = k({
      metadata: { name: "binding2", creationTimestamp: future },
      subjects: [
        { kind: "User", name: "user-name" },
        { kind: "Group", name: "group-name" },
        { kind: "ServiceAccount", name: "service-account-name", namespace: "service-account-namespace" },
      ],
      roleRef: { kind: "Role", name: "role-name" },
    });
    expect(cells(columns, wide, true)).toEqual([
      "binding2",
      "Role/role-name",
      "0s",
      "user-name",
      "group-name",
      "service-account-namespace/service-account-name",
    ]);
  });
  it("several subjects of a kind are joined by ', '; unknown kinds and no subjects are empty", () => {
    const b = k({
      metadata: { name: "b" },
      subjects: [
        { kind: "User", name: "alice" },
        { kind: "User", name: "bob" },
        { kind: "Other", name: "x" },
        { kind: "ServiceAccount", name: "sa" },
      ],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    });
    expect(cells(roleBindingColumns, b, true)).toEqual(["b", "ClusterRole/view", "<unknown>", "alice, bob", "", "/sa"]);
    expect(cells(clusterRoleBindingColumns, k({ metadata: { name: "e" } }), true)).toEqual([
      "e",
      "/",
      "<unknown>",
      "",
      "",
      "",
    ]);
  });
});

describe("storageclass (TestPrintStorageClass)", () => {
  it.each<[string, Record<string, unknown>, string, unknown[]]>([
    [
      "sc1",
      { provisioner: "kubernetes.io/glusterfs" },
      future,
      ["sc1", "kubernetes.io/glusterfs", "Delete", "Immediate", false, "0s"],
    ],
    [
      "sc2",
      { provisioner: "kubernetes.io/nfs" },
      fiveMinAgo,
      ["sc2", "kubernetes.io/nfs", "Delete", "Immediate", false, "5m"],
    ],
    [
      "sc3",
      { provisioner: "kubernetes.io/nfs", reclaimPolicy: "Delete" },
      fiveMinAgo,
      ["sc3", "kubernetes.io/nfs", "Delete", "Immediate", false, "5m"],
    ],
    [
      "sc4",
      { provisioner: "kubernetes.io/nfs", reclaimPolicy: "Retain", volumeBindingMode: "Immediate" },
      fiveMinAgo,
      ["sc4", "kubernetes.io/nfs", "Retain", "Immediate", false, "5m"],
    ],
    [
      "sc5",
      { provisioner: "kubernetes.io/nfs", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" },
      fiveMinAgo,
      ["sc5", "kubernetes.io/nfs", "Retain", "WaitForFirstConsumer", false, "5m"],
    ],
    [
      "sc6",
      {
        provisioner: "kubernetes.io/nfs",
        reclaimPolicy: "Retain",
        allowVolumeExpansion: true,
        volumeBindingMode: "WaitForFirstConsumer",
      },
      fiveMinAgo,
      ["sc6", "kubernetes.io/nfs", "Retain", "WaitForFirstConsumer", true, "5m"],
    ],
  ])("%s", (name, fields, created, want) => {
    expect(cells(storageClassColumns, k({ metadata: { name, creationTimestamp: created }, ...fields }))).toEqual(want);
  });
  it("the default class gets ' (default)' (GA or beta annotation, exactly \"true\")", () => {
    const sc = (annotations: Record<string, string>) =>
      cells(storageClassColumns, k({ metadata: { name: "standard", annotations }, provisioner: "p" }))[0];
    expect(sc({ "storageclass.kubernetes.io/is-default-class": "true" })).toBe("standard (default)");
    expect(sc({ "storageclass.beta.kubernetes.io/is-default-class": "true" })).toBe("standard (default)");
    expect(sc({ "storageclass.kubernetes.io/is-default-class": "True" })).toBe("standard");
    expect(sc({})).toBe("standard");
  });
});

describe("poddisruptionbudget (TestPrintPodDisruptionBudget)", () => {
  it("min available set", () => {
    const pdb = k({
      metadata: { namespace: "ns1", name: "pdb1", creationTimestamp: future },
      spec: { minAvailable: 22 },
      status: { disruptionsAllowed: 5 },
    });
    expect(cells(podDisruptionBudgetColumns, pdb)).toEqual(["pdb1", "22", "N/A", 5, "0s"]);
  });
  it("max unavailable set, as a percentage", () => {
    const pdb = (maxUnavailable: unknown) =>
      k({
        metadata: { name: "pdb2", creationTimestamp: future },
        spec: { maxUnavailable },
        status: { disruptionsAllowed: 5 },
      });
    expect(cells(podDisruptionBudgetColumns, pdb(11))).toEqual(["pdb2", "N/A", "11", 5, "0s"]);
    expect(cells(podDisruptionBudgetColumns, pdb("50%"))).toEqual(["pdb2", "N/A", "50%", 5, "0s"]);
  });
  it("nothing set", () => {
    expect(cells(podDisruptionBudgetColumns, k({ metadata: { name: "p" }, spec: {} }))).toEqual([
      "p",
      "N/A",
      "N/A",
      0,
      "<unknown>",
    ]);
  });
});

describe("priorityclass (TestPrintPriorityClass)", () => {
  it("preemption policy is in the default view (the server prints wide)", () => {
    const pc1 = k({ metadata: { name: "pc1", creationTimestamp: future }, value: 1, preemptionPolicy: "Never" });
    expect(cells(priorityClassColumns, pc1)).toEqual(["pc1", 1, false, "0s", "Never"]);
    const pc2 = k({
      metadata: { name: "pc2", creationTimestamp: fiveMinAgo },
      value: 1000000000,
      globalDefault: true,
      preemptionPolicy: "PreemptLowerPriority",
    });
    expect(cells(priorityClassColumns, pc2)).toEqual(["pc2", 1000000000, true, "5m", "PreemptLowerPriority"]);
    const unset = k({
      metadata: { name: "pc2", creationTimestamp: fiveMinAgo },
      value: 1000000000,
      globalDefault: true,
    });
    expect(cells(priorityClassColumns, unset, true)).toEqual(["pc2", 1000000000, true, "5m", ""]);
  });
});

describe("networkpolicy (TestPrintNetworkPolicy)", () => {
  it("empty spec and pod selector", () => {
    expect(
      cells(networkPolicyColumns, k({ metadata: { name: "policy1", creationTimestamp: future }, spec: {} })),
    ).toEqual(["policy1", "<none>", "0s"]);
    const np = k({
      metadata: { name: "policy2", creationTimestamp: future },
      spec: { podSelector: { matchLabels: { foo: "bar" } } },
    });
    expect(cells(networkPolicyColumns, np)).toEqual(["policy2", "foo=bar", "0s"]);
    const expr = k({
      metadata: { name: "p3" },
      spec: { podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] } },
    });
    expect(cells(networkPolicyColumns, expr)[1]).toBe("tier in (api,web)");
  });
});

describe("ingress (TestPrintIngress)", () => {
  it("class, default backend only, load-balancer IP", () => {
    const ing = k({
      metadata: { name: "test1", creationTimestamp: tenYearsAgo },
      spec: {
        ingressClassName: "foo",
        defaultBackend: { service: { name: "default-backend", port: { name: "default-backend", number: 80 } } },
      },
      status: { loadBalancer: { ingress: [{ ip: "2.3.4.5", hostname: "localhost.localdomain" }] } },
    });
    expect(cells(ingressColumns, ing)).toEqual(["test1", "foo", "*", "2.3.4.5", "80", "10y"]);
  });
  it("hosts: first three non-empty, + N more (N counts rules); TLS ports; no class", () => {
    const ing = (hosts: string[], tls?: unknown[]) =>
      k({ metadata: { name: "i" }, spec: { rules: hosts.map((host) => ({ host })), tls } });
    expect(cells(ingressColumns, ing(["a.com", "", "b.com"]))).toEqual([
      "i",
      "<none>",
      "a.com,b.com",
      "",
      "80",
      "<unknown>",
    ]);
    expect(cells(ingressColumns, ing(["a", "b", "c", "d", "e"]))[2]).toBe("a,b,c + 2 more...");
    // Only non-empty hosts fill the list, so a fourth rule can still be shown; no host at all is "*".
    expect(cells(ingressColumns, ing(["", "", "", "d"]))[2]).toBe("d");
    expect(cells(ingressColumns, ing(["", ""]))[2]).toBe("*");
    expect(cells(ingressColumns, ing(["a"], [{ hosts: ["a"], secretName: "s" }]))[4]).toBe("80, 443");
  });
  it("addresses are sorted, de-duplicated and never clipped", () => {
    const ing = k({
      metadata: { name: "i" },
      status: {
        loadBalancer: {
          ingress: [{ ip: "10.0.0.20" }, { hostname: "lb.example.com" }, { ip: "10.0.0.3" }, { ip: "10.0.0.20" }, {}],
        },
      },
    });
    expect(cells(ingressColumns, ing)[3]).toBe("10.0.0.20,10.0.0.3,lb.example.com");
  });
});

describe("ingressclass (TestPrintIngressClass)", () => {
  it.each<[string, Record<string, unknown> | undefined, string]>([
    ["example with params", { kind: "customgroup", name: "example" }, "customgroup/example"],
    [
      "example with params + API Group",
      { apiGroup: "example.com", kind: "customgroup", name: "example" },
      "customgroup.example.com/example",
    ],
    ["example without params", undefined, "<none>"],
  ])("%s", (_name, parameters, want) => {
    const ic = k({
      metadata: { name: "test1", creationTimestamp: tenYearsAgo },
      spec: { controller: "example.com/controller", parameters },
    });
    expect(cells(ingressClassColumns, ic)).toEqual(["test1", "example.com/controller", want, "10y"]);
  });
});

describe("kinds without a printer: NAME CREATED AT (rest.defaultTableConvertor)", () => {
  it.each([
    ["LimitRange", limitRangeColumns],
    ["Role", roleColumns],
    ["ClusterRole", clusterRoleColumns],
    ["CustomResourceDefinition", customResourceDefinitionColumns],
  ])("%s", (_kind, columns) => {
    expect(cells(columns, k({ metadata: { name: "x", creationTimestamp: "2024-03-05T06:07:08Z" } }))).toEqual([
      "x",
      "2024-03-05T06:07:08Z",
    ]);
    // Always UTC, second precision; the zero time when unset.
    expect(cells(columns, k({ metadata: { name: "y", creationTimestamp: "2024-03-05T08:07:08.9+02:00" } }))[1]).toBe(
      "2024-03-05T06:07:08Z",
    );
    expect(cells(columns, k({ metadata: { name: "z" } }))).toEqual(["z", "0001-01-01T00:00:00Z"]);
  });
});

describe("custom resources without printer columns: NAME AGE", () => {
  it("Age is a date column rendered as an age", () => {
    expect(cells(defaultColumns, k({ metadata: { name: "cr", creationTimestamp: ago(3 * HOUR + 20 * MIN) } }))).toEqual(
      ["cr", "3h20m"],
    );
    expect(
      cells(defaultColumns, k({ metadata: { name: "cr", creationTimestamp: new Date(NOW).toISOString() } }))[1],
    ).toBe("0s");
  });
  it("missing is null, empty is <unknown>, unparseable is <invalid>", () => {
    expect(cells(defaultColumns, k({ metadata: { name: "a" } }))).toEqual(["a", null]);
    expect(cells(defaultColumns, k({ metadata: { name: "a", creationTimestamp: null } }))).toEqual(["a", null]);
    expect(cells(defaultColumns, k({ metadata: { name: "a", creationTimestamp: "" } }))[1]).toBe("<unknown>");
    expect(cells(defaultColumns, k({ metadata: { name: "a", creationTimestamp: "yesterday" } }))[1]).toBe("<invalid>");
  });
});
