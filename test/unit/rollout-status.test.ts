/** `kubectl rollout status` messages (kubectl v1.32), for the statuses a rollout passes through. */
import { describe, expect, it } from "vitest";
import type { KObject } from "../../src/kube/object";
import { rolloutStatus } from "../../src/kube/rollout-status";

const deployment = (status: Record<string, unknown>, generation = 2, replicas = 3): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "nginx-deployment", namespace: "default", generation },
  spec: { replicas, selector: { matchLabels: { app: "nginx" } } },
  status,
});

describe("Deployment", () => {
  it("waits for the controller to observe a new spec", () => {
    expect(rolloutStatus(deployment({ observedGeneration: 1, replicas: 3, updatedReplicas: 3 }))).toEqual({
      done: false,
      failed: false,
      message: "Waiting for deployment spec update to be observed...",
    });
  });

  it("walks through updated, old-replica and availability waits to success", () => {
    const steps: [Record<string, unknown>, string][] = [
      [
        { observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 },
        'Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...',
      ],
      [
        { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 },
        'Waiting for deployment "nginx-deployment" rollout to finish: 1 old replicas are pending termination...',
      ],
      [
        { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1 },
        'Waiting for deployment "nginx-deployment" rollout to finish: 1 of 3 updated replicas are available...',
      ],
    ];
    for (const [status, message] of steps) {
      expect(rolloutStatus(deployment(status))).toEqual({ done: false, failed: false, message });
    }
    expect(
      rolloutStatus(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 })),
    ).toEqual({ done: true, failed: false, message: 'deployment "nginx-deployment" successfully rolled out' });
  });

  it("fails once the progress deadline is exceeded, whatever the counts", () => {
    const st = {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 1,
      conditions: [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
        { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" },
      ],
    };
    expect(rolloutStatus(deployment(st))).toEqual({
      done: false,
      failed: true,
      message: 'deployment "nginx-deployment" exceeded its progress deadline',
    });
  });

  it("counts a fresh Deployment with no status yet as unobserved", () => {
    expect(rolloutStatus(deployment({}, 1)).message).toBe("Waiting for deployment spec update to be observed...");
  });
});

const daemonSet = (status: Record<string, unknown>, strategy = "RollingUpdate"): KObject => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "fluentd", namespace: "kube-system", generation: 1 },
  spec: { updateStrategy: { type: strategy } },
  status,
});

describe("DaemonSet", () => {
  it("reports updated, then available pods, then success", () => {
    expect(
      rolloutStatus(daemonSet({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 1 })).message,
    ).toBe('Waiting for daemon set "fluentd" rollout to finish: 1 out of 3 new pods have been updated...');
    expect(
      rolloutStatus(
        daemonSet({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }),
      ).message,
    ).toBe('Waiting for daemon set "fluentd" rollout to finish: 2 of 3 updated pods are available...');
    expect(
      rolloutStatus(
        daemonSet({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }),
      ),
    ).toEqual({ done: true, failed: false, message: 'daemon set "fluentd" successfully rolled out' });
    expect(rolloutStatus(daemonSet({ observedGeneration: 0 })).message).toBe(
      "Waiting for daemon set spec update to be observed...",
    );
  });

  it("has nothing to wait for with the OnDelete strategy", () => {
    expect(rolloutStatus(daemonSet({}, "OnDelete"))).toEqual({
      done: true,
      failed: false,
      message: "rollout status is only available for RollingUpdate strategy type",
    });
  });
});

const statefulSet = (status: Record<string, unknown>, rollingUpdate?: { partition?: number }): KObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web", namespace: "default", generation: 1 },
  spec: { replicas: 3, updateStrategy: { type: "RollingUpdate", ...(rollingUpdate ? { rollingUpdate } : {}) } },
  status,
});

describe("StatefulSet", () => {
  it("waits to be observed, then for ready pods", () => {
    expect(rolloutStatus(statefulSet({ observedGeneration: 0 })).message).toBe(
      "Waiting for statefulset spec update to be observed...",
    );
    expect(rolloutStatus(statefulSet({ observedGeneration: 1, readyReplicas: 1 })).message).toBe(
      "Waiting for 2 pods to be ready...",
    );
  });

  it("reports like kubectl for a defaulted StatefulSet (rollingUpdate.partition: 0)", () => {
    const st = { observedGeneration: 1, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3 };
    expect(rolloutStatus(statefulSet(st, { partition: 0 }))).toEqual({
      done: true,
      failed: false,
      message: "partitioned roll out complete: 3 new pods have been updated...",
    });
    expect(rolloutStatus(statefulSet({ ...st, updatedReplicas: 1 }, { partition: 1 })).message).toBe(
      "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...",
    );
  });

  it("compares revisions when no rollingUpdate is set", () => {
    const st = {
      observedGeneration: 1,
      readyReplicas: 3,
      updatedReplicas: 1,
      currentReplicas: 2,
      currentRevision: "web-5d8f",
      updateRevision: "web-7c9a",
    };
    expect(rolloutStatus(statefulSet(st)).message).toBe(
      "waiting for statefulset rolling update to complete 1 pods at revision web-7c9a...",
    );
    expect(rolloutStatus(statefulSet({ ...st, currentReplicas: 3, currentRevision: "web-7c9a" }))).toEqual({
      done: true,
      failed: false,
      message: "statefulset rolling update complete 3 pods at revision web-7c9a...",
    });
  });
});

const job = (status: Record<string, unknown>, spec: Record<string, unknown> = { completions: 1 }): KObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi", namespace: "default" },
  spec,
  status,
});

describe("Job", () => {
  it("waits for completions, then completes or fails by its conditions", () => {
    expect(rolloutStatus(job({ active: 1 })).message).toBe(
      'Waiting for job "pi" to complete: 0 of 1 completions succeeded, 1 active...',
    );
    expect(rolloutStatus(job({ succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }))).toEqual({
      done: true,
      failed: false,
      message: 'job "pi" completed',
    });
    const failed = {
      failed: 7,
      conditions: [
        {
          type: "Failed",
          status: "True",
          reason: "BackoffLimitExceeded",
          message: "Job has reached the specified backoff limit",
        },
      ],
    };
    expect(rolloutStatus(job(failed))).toEqual({
      done: false,
      failed: true,
      message: 'job "pi" failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
  });
});

it("has nothing to wait for on kinds without rollouts", () => {
  const svc: KObject = { apiVersion: "v1", kind: "Service", metadata: { name: "nginx" } };
  expect(rolloutStatus(svc)).toEqual({ done: true, failed: false, message: "created" });
});
