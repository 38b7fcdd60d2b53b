import { describe, expect, it } from "vitest";
import { defaultCustomResourceDefinition } from "../../../src/kube/defaults/apiextensions";
import {
  defaultHorizontalPodAutoscaler,
  defaultHorizontalPodAutoscalerV1,
} from "../../../src/kube/defaults/autoscaling";
import { defaultCronJob, defaultJob, prepareJobForCreate } from "../../../src/kube/defaults/batch";
import {
  defaultLimitRange,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultPodTemplate,
  defaultReplicationController,
  defaultResourceQuota,
  preparePersistentVolumeForCreate,
} from "../../../src/kube/defaults/core-extra";
import { defaultEndpointSlice } from "../../../src/kube/defaults/discovery";
import { defaultEventV1 } from "../../../src/kube/defaults/events";
import { defaultIngress, defaultIngressClass, defaultNetworkPolicy } from "../../../src/kube/defaults/networking";
import { defaultPodDisruptionBudget } from "../../../src/kube/defaults/policy";
import { defaultClusterRoleBinding, defaultRole, defaultRoleBinding } from "../../../src/kube/defaults/rbac";
import { defaultPriorityClass } from "../../../src/kube/defaults/scheduling";
import { defaultStorageClass } from "../../../src/kube/defaults/storage";
import type { KObject } from "../../../src/kube/object";

const podTemplate = (restartPolicy?: string) => ({
  spec: { containers: [{ name: "c", image: "busybox:1.36" }], ...(restartPolicy ? { restartPolicy } : {}) },
});
const defaultedPodSpec = (restartPolicy = "Always") => ({
  containers: [
    {
      image: "busybox:1.36",
      imagePullPolicy: "IfNotPresent",
      name: "c",
      resources: {},
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    },
  ],
  dnsPolicy: "ClusterFirst",
  restartPolicy,
  schedulerName: "default-scheduler",
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

describe("core/v1 extra kinds", () => {
  it("ResourceQuota: canonical quantities", () => {
    const rq: KObject = {
      metadata: { name: "q" },
      spec: { hard: { "requests.cpu": 0.5, pods: "10", "limits.memory": "1024Mi" } },
    };
    defaultResourceQuota(rq);
    expect(rq.spec).toEqual({ hard: { "requests.cpu": "500m", pods: "10", "limits.memory": "1Gi" } });
  });

  it("LimitRange: container defaults come from max, then default, then min", () => {
    const lr: KObject = {
      metadata: { name: "l" },
      spec: {
        limits: [
          { type: "Container", max: { cpu: "2", memory: "1Gi" }, min: { cpu: "100m", "ephemeral-storage": "1Gi" } },
          { type: "Pod", max: { cpu: "4" } },
        ],
      },
    };
    defaultLimitRange(lr);
    expect(lr.spec).toEqual({
      limits: [
        {
          type: "Container",
          max: { cpu: "2", memory: "1Gi" },
          min: { cpu: "100m", "ephemeral-storage": "1Gi" },
          default: { cpu: "2", memory: "1Gi" },
          defaultRequest: { cpu: "2", memory: "1Gi", "ephemeral-storage": "1Gi" },
        },
        { type: "Pod", max: { cpu: "4" } },
      ],
    });
  });

  it("PersistentVolume: Retain, Filesystem, Pending and the hostPath type", () => {
    const pv: KObject = {
      metadata: { name: "pv" },
      spec: { capacity: { storage: "5Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/d" } },
    };
    defaultPersistentVolume(pv);
    expect(pv.spec).toEqual({
      capacity: { storage: "5Gi" },
      accessModes: ["ReadWriteOnce"],
      hostPath: { path: "/d", type: "" },
      persistentVolumeReclaimPolicy: "Retain",
      volumeMode: "Filesystem",
    });
    expect(pv.status).toEqual({ phase: "Pending" });
    preparePersistentVolumeForCreate(pv, new Date("2024-05-01T10:00:00.123Z"));
    expect(pv.status).toEqual({ phase: "Pending", lastPhaseTransitionTime: "2024-05-01T10:00:00Z" });
  });

  it("PersistentVolume keeps an explicit policy and mode", () => {
    const pv: KObject = {
      metadata: { name: "pv" },
      spec: { persistentVolumeReclaimPolicy: "Delete", volumeMode: "Block" },
    };
    defaultPersistentVolume(pv);
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: "Delete", volumeMode: "Block" });
  });

  it("PersistentVolumeClaim: Filesystem and Pending", () => {
    const pvc: KObject = {
      metadata: { name: "c" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1G" } } },
    };
    defaultPersistentVolumeClaim(pvc);
    expect(pvc.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "1G" } },
      volumeMode: "Filesystem",
    });
    expect(pvc.status).toEqual({ phase: "Pending" });
  });

  it("ReplicationController: selector, labels and replicas from the template", () => {
    const rc: KObject = {
      metadata: { name: "rc" },
      spec: { template: { metadata: { labels: { app: "web" } }, ...podTemplate() } },
    };
    defaultReplicationController(rc);
    expect(rc.metadata.labels).toEqual({ app: "web" });
    expect(rc.spec).toEqual({
      replicas: 1,
      selector: { app: "web" },
      template: { metadata: { creationTimestamp: null, labels: { app: "web" } }, spec: defaultedPodSpec() },
    });
    expect(rc.status).toEqual({ replicas: 0 });
  });

  it("PodTemplate: the template's pod spec defaults", () => {
    const pt = { metadata: { name: "t" }, template: podTemplate() } as KObject;
    defaultPodTemplate(pt);
    expect(pt.template).toEqual({ metadata: { creationTimestamp: null }, spec: defaultedPodSpec() });
  });
});

describe("batch/v1", () => {
  it("Job: what kubectl get job -o yaml shows for a minimal job", () => {
    const job: KObject = { metadata: { name: "pi", namespace: "default" }, spec: { template: podTemplate("Never") } };
    defaultJob(job);
    prepareJobForCreate(job, "uid-1");
    const labels = {
      "batch.kubernetes.io/controller-uid": "uid-1",
      "batch.kubernetes.io/job-name": "pi",
      "controller-uid": "uid-1",
      "job-name": "pi",
    };
    expect(job.metadata.labels).toEqual(labels);
    expect(job.metadata.uid).toBe("uid-1");
    expect(job.spec).toEqual({
      backoffLimit: 6,
      completionMode: "NonIndexed",
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: "TerminatingOrFailed",
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "uid-1" } },
      suspend: false,
      template: { metadata: { creationTimestamp: null, labels }, spec: defaultedPodSpec("Never") },
    });
    expect(job.status).toEqual({});
  });

  it("Job: template labels become the job's labels, generated ones included", () => {
    const job: KObject = {
      metadata: { name: "pi" },
      spec: { template: { metadata: { labels: { app: "pi" } }, ...podTemplate("Never") } },
    };
    defaultJob(job);
    prepareJobForCreate(job, "u");
    expect(job.metadata.labels).toEqual({
      app: "pi",
      "batch.kubernetes.io/controller-uid": "u",
      "batch.kubernetes.io/job-name": "pi",
      "controller-uid": "u",
      "job-name": "pi",
    });
    // The two maps are independent afterwards.
    (job.metadata.labels as Record<string, string>).extra = "1";
    expect((job.spec as any).template.metadata.labels.extra).toBeUndefined();
  });

  it("Job: own labels are kept, parallelism alone does not default completions", () => {
    const job: KObject = {
      metadata: { name: "pi", labels: { team: "a" } },
      spec: { parallelism: 3, template: podTemplate("Never") },
    };
    defaultJob(job);
    prepareJobForCreate(job, "u");
    expect(job.metadata.labels).toEqual({ team: "a" });
    expect(job.spec).toMatchObject({ parallelism: 3, backoffLimit: 6 });
    expect((job.spec as Record<string, unknown>).completions).toBeUndefined();
  });

  it("Job: manual selectors are left alone; per-index backoff and failure policies change the defaults", () => {
    const job: KObject = {
      metadata: { name: "pi" },
      spec: {
        manualSelector: true,
        selector: { matchLabels: { app: "pi" } },
        completionMode: "Indexed",
        completions: 3,
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }] },
        template: { metadata: { labels: { app: "pi" } }, ...podTemplate("Never") },
      },
    };
    defaultJob(job);
    prepareJobForCreate(job, "u");
    expect(job.spec).toMatchObject({
      backoffLimit: 2147483647,
      parallelism: 1,
      podReplacementPolicy: "Failed",
      selector: { matchLabels: { app: "pi" } },
      podFailurePolicy: {
        rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }],
      },
    });
    expect((job.spec as any).template.metadata.labels).toEqual({ app: "pi" });
  });

  it("CronJob: policy, history limits, and only pod defaults in the job template", () => {
    const cj: KObject = {
      metadata: { name: "c" },
      spec: { schedule: "* * * * *", jobTemplate: { spec: { template: podTemplate("OnFailure") } } },
    };
    defaultCronJob(cj);
    expect(cj.spec).toEqual({
      concurrencyPolicy: "Allow",
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: { template: { metadata: { creationTimestamp: null }, spec: defaultedPodSpec("OnFailure") } },
      },
      schedule: "* * * * *",
      successfulJobsHistoryLimit: 3,
      suspend: false,
    });
    expect(cj.status).toEqual({});
  });
});

describe("autoscaling", () => {
  const target = { apiVersion: "apps/v1", kind: "Deployment", name: "web" };

  it("v2: minReplicas 1 and a cpu 80% metric; no behavior unless given", () => {
    const hpa: KObject = { metadata: { name: "web" }, spec: { scaleTargetRef: target, maxReplicas: 5 } };
    defaultHorizontalPodAutoscaler(hpa);
    expect(hpa.spec).toEqual({
      maxReplicas: 5,
      metrics: [
        { resource: { name: "cpu", target: { averageUtilization: 80, type: "Utilization" } }, type: "Resource" },
      ],
      minReplicas: 1,
      scaleTargetRef: target,
    });
    expect(hpa.status).toEqual({ currentMetrics: null, desiredReplicas: 0 });
  });

  it("v2: a given behavior is completed with kube's scaling rules", () => {
    const hpa: KObject = {
      metadata: { name: "web" },
      spec: { scaleTargetRef: target, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    };
    defaultHorizontalPodAutoscaler(hpa);
    expect((hpa.spec as Record<string, unknown>).behavior).toEqual({
      scaleDown: {
        policies: [{ periodSeconds: 15, type: "Percent", value: 100 }],
        selectPolicy: "Max",
        stabilizationWindowSeconds: 60,
      },
      scaleUp: {
        policies: [
          { periodSeconds: 15, type: "Pods", value: 4 },
          { periodSeconds: 15, type: "Percent", value: 100 },
        ],
        selectPolicy: "Max",
        stabilizationWindowSeconds: 0,
      },
    });
  });

  it("v1: minReplicas 1 and the 80% cpu target", () => {
    const hpa: KObject = { metadata: { name: "web" }, spec: { scaleTargetRef: target, maxReplicas: 5 } };
    defaultHorizontalPodAutoscalerV1(hpa);
    expect(hpa.spec).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      scaleTargetRef: target,
      targetCPUUtilizationPercentage: 80,
    });
    expect(hpa.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
  });
});

describe("discovery, events, rbac, storage, policy, scheduling", () => {
  it("EndpointSlice: port name and protocol, serialized empty lists", () => {
    const es = {
      metadata: { name: "e" },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.0.0.1"] }],
      ports: [{ port: 80 }],
    } as KObject;
    defaultEndpointSlice(es);
    expect(es).toMatchObject({
      endpoints: [{ addresses: ["10.0.0.1"], conditions: {} }],
      ports: [{ name: "", port: 80, protocol: "TCP" }],
    });
    const empty = { metadata: { name: "e" }, addressType: "IPv4" } as KObject;
    defaultEndpointSlice(empty);
    expect(empty).toMatchObject({ endpoints: null, ports: null });
  });

  it("events.k8s.io Event: eventTime is always serialized", () => {
    const ev = { metadata: { name: "e" } } as KObject;
    defaultEventV1(ev);
    expect((ev as Record<string, unknown>).eventTime).toBeNull();
  });

  it("RBAC: roleRef and subject apiGroups, null rules", () => {
    const rb = {
      metadata: { name: "rb" },
      roleRef: { kind: "Role", name: "r" },
      subjects: [
        { kind: "User", name: "jane" },
        { kind: "Group", name: "devs" },
        { kind: "ServiceAccount", name: "sa", namespace: "default" },
      ],
    } as KObject;
    defaultRoleBinding(rb);
    expect(rb).toMatchObject({
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
      subjects: [
        { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane" },
        { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "devs" },
        { kind: "ServiceAccount", name: "sa", namespace: "default" },
      ],
    });
    const crb = {
      metadata: { name: "crb" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    } as KObject;
    defaultClusterRoleBinding(crb);
    expect((crb as Record<string, unknown>).subjects).toBeUndefined();
    const role = { metadata: { name: "r" } } as KObject;
    defaultRole(role);
    expect((role as Record<string, unknown>).rules).toBeNull();
  });

  it("StorageClass: Delete and Immediate", () => {
    const sc = { metadata: { name: "s" }, provisioner: "x.csi" } as KObject;
    defaultStorageClass(sc);
    expect(sc).toMatchObject({ reclaimPolicy: "Delete", volumeBindingMode: "Immediate" });
  });

  it("PodDisruptionBudget: zeroed status counters", () => {
    const pdb: KObject = { metadata: { name: "p" }, spec: { minAvailable: 1 } };
    defaultPodDisruptionBudget(pdb);
    expect(pdb.status).toEqual({ currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  });

  it("PriorityClass: PreemptLowerPriority", () => {
    const pc = { metadata: { name: "p" }, value: 1 } as KObject;
    defaultPriorityClass(pc);
    expect((pc as Record<string, unknown>).preemptionPolicy).toBe("PreemptLowerPriority");
  });
});

describe("networking", () => {
  it("NetworkPolicy: policyTypes from the rules, TCP ports, empty podSelector", () => {
    const np: KObject = { metadata: { name: "n" }, spec: { egress: [{ ports: [{ port: 53 }] }] } };
    defaultNetworkPolicy(np);
    expect(np.spec).toEqual({
      egress: [{ ports: [{ port: 53, protocol: "TCP" }] }],
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    });
    const ingressOnly: KObject = { metadata: { name: "n" }, spec: { podSelector: { matchLabels: { a: "b" } } } };
    defaultNetworkPolicy(ingressOnly);
    expect((ingressOnly.spec as Record<string, unknown>).policyTypes).toEqual(["Ingress"]);
  });

  it("Ingress: an empty load balancer status", () => {
    const ing: KObject = { metadata: { name: "i" }, spec: { ingressClassName: "nginx" } };
    defaultIngress(ing);
    expect(ing.status).toEqual({ loadBalancer: {} });
  });

  it("IngressClass: parameters scope Cluster", () => {
    const ic: KObject = {
      metadata: { name: "c" },
      spec: { controller: "k8s.io/x", parameters: { kind: "P", name: "p" } },
    };
    defaultIngressClass(ic);
    expect(ic.spec).toEqual({ controller: "k8s.io/x", parameters: { kind: "P", name: "p", scope: "Cluster" } });
  });
});

describe("apiextensions", () => {
  it("CustomResourceDefinition: names, conversion and status", () => {
    const crd: KObject = {
      metadata: { name: "crontabs.stable.example.com" },
      spec: {
        group: "stable.example.com",
        scope: "Namespaced",
        names: { plural: "crontabs", kind: "CronTab" },
        versions: [
          { name: "v1beta1", served: true },
          { name: "v1", served: true, storage: true },
        ],
      },
    };
    defaultCustomResourceDefinition(crd);
    expect(crd.spec).toEqual({
      conversion: { strategy: "None" },
      group: "stable.example.com",
      names: { kind: "CronTab", listKind: "CronTabList", plural: "crontabs", singular: "crontab" },
      scope: "Namespaced",
      versions: [
        { name: "v1beta1", served: true, storage: false },
        { name: "v1", served: true, storage: true },
      ],
    });
    expect(crd.status).toEqual({ acceptedNames: { kind: "", plural: "" }, storedVersions: ["v1"] });
  });

  it("CustomResourceDefinition: webhook service port 443", () => {
    const crd: KObject = {
      metadata: { name: "a.b.c" },
      spec: {
        conversion: { strategy: "Webhook", webhook: { clientConfig: { service: { name: "s", namespace: "n" } } } },
      },
    };
    defaultCustomResourceDefinition(crd);
    expect((crd.spec as any).conversion.webhook.clientConfig.service.port).toBe(443);
  });
});
