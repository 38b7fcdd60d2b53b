import { describe, expect, it } from "vitest";
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet } from "../../../src/kube/defaults/workloads";
import type { KObject } from "../../../src/kube/object";

const template = () => ({
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
});
const defaultedTemplate = {
  metadata: { creationTimestamp: null, labels: { app: "web" } },
  spec: {
    containers: [
      {
        image: "nginx:1.27",
        imagePullPolicy: "IfNotPresent",
        name: "nginx",
        resources: {},
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
      },
    ],
    dnsPolicy: "ClusterFirst",
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  },
};

describe("defaultDeployment", () => {
  it("matches what a real API server stores for a minimal deployment", () => {
    const d: KObject = {
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, template: template() },
    };
    defaultDeployment(d);
    expect(d.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: "web" } },
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      template: defaultedTemplate,
    });
  });

  it("keeps explicit values and does not add rollingUpdate to Recreate", () => {
    const d: KObject = {
      metadata: { name: "web" },
      spec: { replicas: 0, strategy: { type: "Recreate" }, revisionHistoryLimit: 0, template: template() },
    };
    defaultDeployment(d);
    const spec = d.spec as Record<string, unknown>;
    expect([spec.replicas, spec.strategy, spec.revisionHistoryLimit]).toEqual([0, { type: "Recreate" }, 0]);
  });

  it("echoes serviceAccountName into the deprecated serviceAccount field", () => {
    const t = template();
    (t.spec as Record<string, unknown>).serviceAccountName = "builder";
    const d: KObject = { metadata: { name: "web" }, spec: { template: t } };
    defaultDeployment(d);
    const spec = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect([spec.serviceAccountName, spec.serviceAccount]).toEqual(["builder", "builder"]);
  });

  it("fills only the missing half of rollingUpdate", () => {
    const d: KObject = {
      metadata: { name: "web" },
      spec: { strategy: { rollingUpdate: { maxSurge: 1 } }, template: template() },
    };
    defaultDeployment(d);
    expect((d.spec as Record<string, unknown>).strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" },
    });
  });
});

describe("defaultReplicaSet and defaultDaemonSet", () => {
  it("defaults replicas of a replicaset", () => {
    const rs: KObject = { metadata: { name: "web-1" }, spec: { template: template() } };
    defaultReplicaSet(rs);
    expect(rs.spec).toEqual({ replicas: 1, template: defaultedTemplate });
  });

  it("defaults a daemonset's update strategy", () => {
    const ds: KObject = { metadata: { name: "agent" }, spec: { template: template() } };
    defaultDaemonSet(ds);
    expect(ds.spec).toEqual({
      revisionHistoryLimit: 10,
      template: defaultedTemplate,
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: "RollingUpdate" },
    });
    const onDelete: KObject = {
      metadata: { name: "agent" },
      spec: { updateStrategy: { type: "OnDelete" }, template: template() },
    };
    defaultDaemonSet(onDelete);
    expect((onDelete.spec as Record<string, unknown>).updateStrategy).toEqual({ type: "OnDelete" });
  });
});
