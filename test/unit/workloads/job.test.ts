import { describe, expect, it } from "vitest";
import { rfc3339 } from "../../../src/apiserver/time";
import type { KObject } from "../../../src/kube/object";
import { jobCompletions, jobStatus } from "../../../src/kube/printers/job";
import { garbageCollector } from "../../../src/reconcile/garbage-collector";
import { jobController } from "../../../src/reconcile/workloads/job-controller";
import { ttlAfterFinishedController } from "../../../src/reconcile/workloads/ttl-after-finished";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { fakeKubelet } from "./job-fake-kubelet";

type Obj = Record<string, any>;

function cluster(): TestCluster {
  // No kind seed: these tests need only the default namespace, and an emptier store is faster.
  const c = createTestCluster({
    seed: false,
    controllers: [jobController, ttlAfterFinishedController, garbageCollector, fakeKubelet],
  });
  c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  return c;
}

/** A Job whose pods run `runMs` and exit with `exit` under the fake kubelet. */
function job(name: string, spec: Obj, opts: { runMs?: number; exit?: number; restartPolicy?: string } = {}): KObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: {
      ...spec,
      template: {
        metadata: { annotations: { "fake/run-ms": String(opts.runMs ?? 5000), "fake/exit": String(opts.exit ?? 0) } },
        spec: {
          restartPolicy: opts.restartPolicy ?? "Never",
          containers: [
            { name: "pi", image: "perl:5.34.0", command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"] },
          ],
        },
      },
    },
  };
}

const pods = (c: TestCluster, jobName: string) =>
  c
    .list("pods", "default")
    .filter((p) => p.metadata.labels?.["job-name"] === jobName)
    .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
const phases = (c: TestCluster, jobName: string) => pods(c, jobName).map((p) => (p.status as Obj)?.phase);
const getJob = (c: TestCluster, name: string) => c.get("jobs.batch", "default", name) as KObject;
const status = (c: TestCluster, name: string) => getJob(c, name).status as Obj;
const conditions = (c: TestCluster, name: string) =>
  ((status(c, name).conditions ?? []) as Obj[]).map((x) => [x.type, x.status, x.reason ?? "", x.message ?? ""]);
const events = (c: TestCluster, name: string) => c.events("default", name).map((e) => [e.type, e.reason, e.message]);

describe("Job controller", { timeout: 30_000 }, () => {
  it("runs completions 3 with parallelism 2 to Complete", async () => {
    const c = cluster();
    const t0 = c.now();
    const created = c.create(job("pi", { completions: 3, parallelism: 2 }));
    await c.settle();

    const first = pods(c, "pi");
    expect(first).toHaveLength(2);
    for (const p of first) {
      expect(p.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toMatchObject({
        "batch.kubernetes.io/controller-uid": created.metadata.uid,
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": created.metadata.uid,
        "job-name": "pi",
      });
      expect(p.metadata.finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "batch/v1",
          kind: "Job",
          name: "pi",
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(status(c, "pi")).toMatchObject({ startTime: rfc3339(t0), active: 2, ready: 0, terminating: 0 });
    expect(status(c, "pi").uncountedTerminatedPods).toEqual({});
    expect(jobStatus(getJob(c, "pi"))).toBe("Running");
    expect(jobCompletions(getJob(c, "pi"))).toBe("0/3");

    await c.advance(1000);
    expect(status(c, "pi")).toMatchObject({ active: 2, ready: 2 });

    // Both pods exit at 5 s; the job sees it at 6 s, counts them and starts the third.
    await c.advance(5000);
    expect(phases(c, "pi")).toEqual(["Succeeded", "Succeeded", "Running"]);
    expect(status(c, "pi")).toMatchObject({ active: 1, succeeded: 2 });
    expect(status(c, "pi").failed).toBeUndefined();
    expect(
      pods(c, "pi")
        .filter((p) => p.metadata.finalizers)
        .map((p) => (p.status as Obj).phase),
    ).toEqual(["Running"]);
    expect(jobCompletions(getJob(c, "pi"))).toBe("2/3");

    await c.advance(6000);
    const done = status(c, "pi");
    expect(done).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, completionTime: rfc3339(t0 + 12_000) });
    expect(done.active).toBeUndefined();
    expect(done.uncountedTerminatedPods).toEqual({});
    expect(conditions(c, "pi")).toEqual([
      ["SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"],
      ["Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"],
    ]);
    expect(jobStatus(getJob(c, "pi"))).toBe("Complete");
    expect(jobCompletions(getJob(c, "pi"))).toBe("3/3");
    expect(pods(c, "pi").every((p) => !p.metadata.finalizers)).toBe(true);
    const names = pods(c, "pi").map((p) => `Created pod: ${p.metadata.name}`);
    const evs = events(c, "pi");
    expect(
      evs
        .slice(0, 3)
        .map((e) => e[2])
        .sort(),
    ).toEqual(names.sort());
    expect(evs.slice(0, 3).every((e) => e[0] === "Normal" && e[1] === "SuccessfulCreate")).toBe(true);
    expect(evs.slice(3)).toEqual([["Normal", "Completed", "Job completed"]]);

    // Nothing more happens afterwards.
    await c.advance(60_000);
    expect(pods(c, "pi")).toHaveLength(3);
  });

  it("backs off 10 s, 20 s, 40 s between failed pods, then fails with BackoffLimitExceeded", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(job("fail", { backoffLimit: 3 }, { runMs: 1000, exit: 1 }));
    await c.advance(120_000);

    const all = pods(c, "fail");
    expect(all).toHaveLength(4);
    const createdAt = all.map((p) => Date.parse(String(p.metadata.creationTimestamp)) - t0);
    const failedAt = all.map(
      (p) => Date.parse((p.status as Obj).containerStatuses[0].state.terminated.finishedAt) - t0,
    );
    expect(createdAt).toEqual([0, 11_000, 32_000, 73_000]);
    expect([1, 2, 3].map((i) => createdAt[i] - failedAt[i - 1])).toEqual([10_000, 20_000, 40_000]);
    expect(phases(c, "fail")).toEqual(["Failed", "Failed", "Failed", "Failed"]);

    const st = status(c, "fail");
    expect(st).toMatchObject({ failed: 4, ready: 0, terminating: 0 });
    expect(st.completionTime).toBeUndefined();
    expect(conditions(c, "fail")).toEqual([
      ["FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
      ["Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ]);
    // The sync queued by the last pod's creation (1 s batching) sees it fail at once.
    expect((st.conditions as Obj[])[1].lastTransitionTime).toBe(rfc3339(t0 + 74_000));
    expect(jobStatus(getJob(c, "fail"))).toBe("Failed");
    expect(events(c, "fail").at(-1)).toEqual([
      "Warning",
      "BackoffLimitExceeded",
      "Job has reached the specified backoff limit",
    ]);
  });

  it("reports 1 failure per failed pod while it waits out the back-off", async () => {
    const c = cluster();
    c.create(job("wait", { backoffLimit: 6 }, { runMs: 1000, exit: 1 }));
    await c.advance(5000);
    expect(status(c, "wait")).toMatchObject({ failed: 1 });
    expect(pods(c, "wait")).toHaveLength(1);
    await c.advance(7000);
    expect(pods(c, "wait")).toHaveLength(2);
  });

  it("counts container restarts against backoffLimit with restartPolicy OnFailure", async () => {
    const c = cluster();
    c.create(job("retry", { backoffLimit: 2 }, { runMs: 1000, exit: 1, restartPolicy: "OnFailure" }));
    await c.advance(1500);
    expect(pods(c, "retry")).toHaveLength(1);
    expect((pods(c, "retry")[0].status as Obj).containerStatuses[0].restartCount).toBe(1);
    expect(conditions(c, "retry")).toEqual([]);

    await c.advance(1000);
    // Two restarts reached the limit: FailureTarget now, the pod is being deleted.
    expect(conditions(c, "retry")).toEqual([
      ["FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ]);
    expect(pods(c, "retry")[0].metadata.deletionTimestamp).toBeDefined();
    expect(jobStatus(getJob(c, "retry"))).toBe("FailureTarget");

    await c.advance(5000);
    expect(pods(c, "retry")).toHaveLength(0);
    expect(status(c, "retry")).toMatchObject({ failed: 1, terminating: 0 });
    expect(conditions(c, "retry").map((x) => x[0])).toEqual(["FailureTarget", "Failed"]);
    expect(jobStatus(getJob(c, "retry"))).toBe("Failed");
  });

  it("fails with DeadlineExceeded after activeDeadlineSeconds", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(job("slow", { activeDeadlineSeconds: 10 }, { runMs: 600_000 }));
    await c.advance(9999);
    expect(conditions(c, "slow")).toEqual([]);
    await c.advance(1);
    expect(conditions(c, "slow")).toEqual([
      ["FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline"],
    ]);
    expect((status(c, "slow").conditions as Obj[])[0].lastTransitionTime).toBe(rfc3339(t0 + 10_000));
    await c.advance(5000);
    expect(pods(c, "slow")).toHaveLength(0);
    expect(conditions(c, "slow").map((x) => x[0])).toEqual(["FailureTarget", "Failed"]);
    expect(status(c, "slow")).toMatchObject({ failed: 1 });
    expect(events(c, "slow").map((e) => e[1])).toEqual(["SuccessfulCreate", "SuccessfulDelete", "DeadlineExceeded"]);
    expect(events(c, "slow").at(-1)).toEqual([
      "Warning",
      "DeadlineExceeded",
      "Job was active longer than specified deadline",
    ]);
  });

  it("runs an Indexed Job: one pod per index, completedIndexes as intervals", async () => {
    const c = cluster();
    c.create(job("idx", { completions: 3, parallelism: 3, completionMode: "Indexed" }));
    await c.settle();
    const first = pods(c, "idx").sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
    expect(first.map((p) => String(p.metadata.name).slice(0, 6))).toEqual(["idx-0-", "idx-1-", "idx-2-"]);
    first.forEach((p, i) => {
      expect(p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"]).toBe(String(i));
      expect(p.metadata.labels?.["batch.kubernetes.io/job-completion-index"]).toBe(String(i));
      expect((p.spec as Obj).hostname).toBe(`idx-${i}`);
      expect((p.spec as Obj).containers[0].env).toEqual([
        {
          name: "JOB_COMPLETION_INDEX",
          valueFrom: {
            fieldRef: {
              apiVersion: "v1",
              fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
            },
          },
        },
      ]);
    });
    // Index 1 fails after 2 s.
    c.update("pods", "default", String(first[1].metadata.name), (p) => {
      p.metadata.annotations = { ...p.metadata.annotations, "fake/exit": "1", "fake/run-ms": "2000" };
    });
    await c.advance(3000);
    expect(status(c, "idx")).toMatchObject({ failed: 1 });
    expect(status(c, "idx").completedIndexes).toBeUndefined();
    expect(pods(c, "idx")).toHaveLength(3);
    // Back-off counts failures since the last success: when 0 and 2 succeed (seen at 6 s), index 1 is
    // re-created at once.
    await c.advance(3000);
    expect(status(c, "idx")).toMatchObject({ completedIndexes: "0,2", succeeded: 2, failed: 1, active: 1 });
    const again = pods(c, "idx")[3];
    expect(String(again.metadata.name)).toMatch(/^idx-1-/);
    expect(
      Date.parse(String(again.metadata.creationTimestamp)) - Date.parse(String(first[0].metadata.creationTimestamp)),
    ).toBe(6000);
    await c.advance(6000);
    expect(status(c, "idx")).toMatchObject({ completedIndexes: "0-2", succeeded: 3, failed: 1 });
    expect(jobStatus(getJob(c, "idx"))).toBe("Complete");
  });

  it("suspends (pods deleted, Suspended condition) and resumes (new startTime, new pods)", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(job("sus", { completions: 4, parallelism: 2 }, { runMs: 600_000 }));
    await c.advance(2000);
    expect(pods(c, "sus")).toHaveLength(2);

    c.update("jobs.batch", "default", "sus", (j) => {
      (j.spec as Obj).suspend = true;
    });
    await c.settle();
    expect(conditions(c, "sus")).toEqual([["Suspended", "True", "JobSuspended", "Job suspended"]]);
    expect(status(c, "sus").active).toBeUndefined();
    expect(jobStatus(getJob(c, "sus"))).toBe("Suspended");
    await c.advance(5000);
    expect(pods(c, "sus")).toHaveLength(0);
    expect(status(c, "sus").failed).toBeUndefined();
    const deleted = events(c, "sus").filter((e) => e[1] === "SuccessfulDelete");
    expect(deleted).toHaveLength(2);
    expect(deleted[0][2]).toMatch(/^Deleted pod: sus-/);
    expect(events(c, "sus").at(-1)).toEqual(["Normal", "Suspended", "Job suspended"]);
    expect(status(c, "sus").startTime).toBe(rfc3339(t0));

    await c.advance(30_000);
    const resumedAt = c.now();
    c.update("jobs.batch", "default", "sus", (j) => {
      (j.spec as Obj).suspend = false;
    });
    await c.settle();
    expect(conditions(c, "sus")).toEqual([["Suspended", "False", "JobResumed", "Job resumed"]]);
    expect(status(c, "sus")).toMatchObject({ startTime: rfc3339(resumedAt), active: 2 });
    expect(pods(c, "sus")).toHaveLength(2);
    expect(events(c, "sus").filter((e) => e[1] === "Resumed")).toEqual([["Normal", "Resumed", "Job resumed"]]);
  });

  it("a Job created suspended does not start until resumed", async () => {
    const c = cluster();
    c.create(job("later", { suspend: true }));
    await c.advance(5000);
    expect(pods(c, "later")).toHaveLength(0);
    expect(status(c, "later").startTime).toBeUndefined();
    expect(conditions(c, "later")).toEqual([["Suspended", "True", "JobSuspended", "Job suspended"]]);
  });

  it("deletes a finished Job ttlSecondsAfterFinished later, pods with it", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(job("ttl", { ttlSecondsAfterFinished: 30 }));
    await c.advance(10_000);
    expect(status(c, "ttl").completionTime).toBe(rfc3339(t0 + 6000));
    await c.advance(25_999);
    expect(getJob(c, "ttl")).toBeDefined();
    expect(pods(c, "ttl")).toHaveLength(1);
    await c.advance(5000);
    expect(c.get("jobs.batch", "default", "ttl")).toBeUndefined();
    expect(pods(c, "ttl")).toHaveLength(0);
  });

  it("a deleted running Job's pods lose their tracking finalizer and go", async () => {
    const c = cluster();
    c.create(job("gone", { parallelism: 2, completions: 2 }, { runMs: 600_000 }));
    await c.advance(2000);
    expect(pods(c, "gone")).toHaveLength(2);
    c.delete("jobs.batch", "default", "gone", "Background");
    await c.advance(5000);
    expect(c.get("jobs.batch", "default", "gone")).toBeUndefined();
    expect(pods(c, "gone")).toHaveLength(0);
  });
});
