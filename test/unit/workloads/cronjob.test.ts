import { describe, expect, it } from "vitest";
import { rfc3339 } from "../../../src/apiserver/time";
import type { KObject } from "../../../src/kube/object";
import { garbageCollector } from "../../../src/reconcile/garbage-collector";
import { cronJobController } from "../../../src/reconcile/workloads/cronjob-controller";
import { jobController } from "../../../src/reconcile/workloads/job-controller";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { fakeKubelet } from "./job-fake-kubelet";

type Obj = Record<string, any>;
const MIN = 60_000;

function cluster(): TestCluster {
  // No kind seed: these tests need only the default namespace, and an emptier store is faster.
  const c = createTestCluster({
    seed: false,
    controllers: [cronJobController, jobController, garbageCollector, fakeKubelet],
  });
  c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  return c;
}

function cronJob(name: string, schedule: string, spec: Obj = {}, pod: { runMs?: number; exit?: number } = {}): KObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: {
      schedule,
      ...spec,
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: {
              annotations: { "fake/run-ms": String(pod.runMs ?? 5000), "fake/exit": String(pod.exit ?? 0) },
            },
            spec: {
              restartPolicy: "Never",
              containers: [{ name: "hello", image: "busybox:1.28", command: ["/bin/sh", "-c", "date; echo Hello"] }],
            },
          },
        },
      },
    },
  };
}

const jobs = (c: TestCluster) =>
  c
    .list("jobs.batch", "default")
    .map((j) => String(j.metadata.name))
    .sort();
const cj = (c: TestCluster, name = "hello") => c.get("cronjobs.batch", "default", name) as KObject;
const cjStatus = (c: TestCluster, name = "hello") => (cj(c, name).status ?? {}) as Obj;
const events = (c: TestCluster, name = "hello") => c.events("default", name);
const reasons = (c: TestCluster, name = "hello") => events(c, name).map((e) => e.reason);
/** `<cronjob>-<minutes since epoch>` of the k-th minute after the start. */
const jobAt = (t0: number, k: number, name = "hello") => `${name}-${Math.floor((t0 + k * MIN) / MIN)}`;

describe("CronJob controller", { timeout: 30_000 }, () => {
  it("fires every minute in virtual time and keeps 3 successful jobs", { timeout: 120_000 }, async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "* * * * *"));
    await c.settle();
    expect(jobs(c)).toEqual([]);

    await c.advance(MIN + 1000);
    expect(jobs(c)).toEqual([jobAt(t0, 1)]);
    const first = c.get("jobs.batch", "default", jobAt(t0, 1)) as KObject;
    expect(first.metadata.creationTimestamp).toBe(rfc3339(t0 + MIN));
    expect(first.metadata.annotations).toEqual({
      "batch.kubernetes.io/cronjob-scheduled-timestamp": rfc3339(t0 + MIN),
    });
    expect(first.metadata.labels).toMatchObject({ app: "hello" });
    expect(first.metadata.ownerReferences).toEqual([
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        name: "hello",
        uid: cj(c).metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(cjStatus(c)).toMatchObject({ lastScheduleTime: rfc3339(t0 + MIN) });
    expect(cjStatus(c).active).toEqual([
      {
        kind: "Job",
        namespace: "default",
        name: jobAt(t0, 1),
        uid: first.metadata.uid,
        apiVersion: "batch/v1",
        resourceVersion: expect.any(String),
      },
    ]);

    await c.advance(10_000);
    expect(cjStatus(c).active).toBeUndefined();
    expect(cjStatus(c).lastSuccessfulTime).toBe(
      (first.status as Obj | undefined)?.completionTime ?? rfc3339(t0 + MIN + 6000),
    );

    // The rest of the hour (plus time for the last one to finish).
    await c.advance(59 * MIN);
    const created = events(c).filter((e) => e.reason === "SuccessfulCreate");
    expect(created).toHaveLength(60);
    expect(created.map((e) => e.message)).toEqual(
      Array.from({ length: 60 }, (_, i) => `Created job ${jobAt(t0, i + 1)}`),
    );
    expect(created.map((e) => e.firstTimestamp)).toEqual(
      Array.from({ length: 60 }, (_, i) => rfc3339(t0 + (i + 1) * MIN)),
    );
    expect(jobs(c)).toEqual([jobAt(t0, 58), jobAt(t0, 59), jobAt(t0, 60)]);
    expect(cjStatus(c).lastScheduleTime).toBe(rfc3339(t0 + 60 * MIN));
    expect(events(c).find((e) => e.reason === "SawCompletedJob")?.message).toBe(
      `Saw completed job: ${jobAt(t0, 1)}, status: Complete`,
    );
    expect(events(c).find((e) => e.reason === "SuccessfulDelete")?.message).toBe(`Deleted job ${jobAt(t0, 1)}`);
    expect(events(c).filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(57);
    // Deleted jobs take their pods with them (background propagation).
    expect(c.list("pods", "default")).toHaveLength(3);
  });

  it("Forbid skips a run while the previous job is active, then starts the missed one late", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "* * * * *", { concurrencyPolicy: "Forbid" }, { runMs: 150_000 }));
    await c.advance(3 * MIN + 1000);
    expect(jobs(c)).toEqual([jobAt(t0, 1)]);
    const already = events(c).filter((e) => e.reason === "JobAlreadyActive");
    expect(already).toHaveLength(1);
    expect(already[0].count).toBe(2);
    expect(already[0].message).toBe(
      "Not starting job because prior execution is running and concurrency policy is Forbid",
    );
    // The first job ends at 3:30; the 3:00 run it blocked starts right then.
    await c.advance(MIN);
    expect(jobs(c)).toEqual([jobAt(t0, 1), jobAt(t0, 3)]);
    expect(cjStatus(c).lastScheduleTime).toBe(rfc3339(t0 + 3 * MIN));
    const late = c.get("jobs.batch", "default", jobAt(t0, 3)) as KObject;
    expect(Date.parse(String(late.metadata.creationTimestamp))).toBeGreaterThan(t0 + 3.5 * MIN);
  });

  it("Replace deletes the running job and starts the new one", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "* * * * *", { concurrencyPolicy: "Replace" }, { runMs: 150_000 }));
    await c.advance(2 * MIN + 5000);
    expect(jobs(c)).toEqual([jobAt(t0, 2)]);
    expect(cjStatus(c).active.map((r: Obj) => r.name)).toEqual([jobAt(t0, 2)]);
    expect(events(c).map((e) => [e.reason, e.message])).toEqual([
      ["SuccessfulCreate", `Created job ${jobAt(t0, 1)}`],
      ["SuccessfulDelete", `Deleted job ${jobAt(t0, 1)}`],
      ["SuccessfulCreate", `Created job ${jobAt(t0, 2)}`],
    ]);
    // The replaced job's pod goes too.
    expect(c.list("pods", "default").map((p) => p.metadata.labels?.["job-name"])).toEqual([jobAt(t0, 2)]);
  });

  it("Allow runs overlapping jobs", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "* * * * *", {}, { runMs: 150_000 }));
    await c.advance(3 * MIN + 1000);
    expect(jobs(c)).toEqual([jobAt(t0, 1), jobAt(t0, 2), jobAt(t0, 3)]);
    expect(cjStatus(c).active).toHaveLength(3);
  });

  it("suspend stops scheduling; resuming runs the latest missed time unless past startingDeadlineSeconds", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "*/5 * * * *", { suspend: true }));
    c.create(cronJob("strict", "*/5 * * * *", { suspend: true, startingDeadlineSeconds: 60 }));
    await c.advance(12 * MIN);
    expect(jobs(c)).toEqual([]);
    for (const name of ["hello", "strict"]) {
      c.update("cronjobs.batch", "default", name, (o) => {
        (o.spec as Obj).suspend = false;
      });
    }
    await c.settle();
    // 10:00 was missed: run late without a deadline; with 60 s it is too late.
    expect(jobs(c)).toEqual([jobAt(t0, 10)]);
    expect(cjStatus(c, "strict").lastScheduleTime).toBeUndefined();
    await c.advance(3 * MIN + 1000);
    expect(jobs(c)).toEqual([jobAt(t0, 10), jobAt(t0, 15), jobAt(t0, 15, "strict")]);
  });

  it("after more than 100 missed times it warns and runs only the latest", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "* * * * *", { suspend: true }));
    await c.advance(150 * MIN + 30_000);
    c.update("cronjobs.batch", "default", "hello", (o) => {
      (o.spec as Obj).suspend = false;
    });
    await c.settle();
    expect(jobs(c)).toEqual([jobAt(t0, 150)]);
    const warn = events(c).find((e) => e.reason === "TooManyMissedTimes");
    expect(warn?.type).toBe("Warning");
    expect(warn?.message).toBe(
      "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
    );
  });

  it("keeps failedJobsHistoryLimit failed jobs", async () => {
    const c = cluster();
    const t0 = c.now();
    c.create(cronJob("hello", "* * * * *", { failedJobsHistoryLimit: 2 }, { runMs: 1000, exit: 1 }));
    await c.advance(5 * MIN + 30_000);
    expect(jobs(c)).toEqual([jobAt(t0, 4), jobAt(t0, 5)]);
    expect(
      events(c)
        .filter((e) => e.reason === "SawCompletedJob")
        .map((e) => e.message),
    ).toContain(`Saw completed job: ${jobAt(t0, 5)}, status: Failed`);
    expect(cjStatus(c).lastSuccessfulTime).toBeUndefined();
  });

  it("fires in spec.timeZone and stamps the scheduled time in that zone", async () => {
    const c = cluster();
    const t0 = c.now(); // 2026-01-01T00:00:00Z
    c.create(cronJob("hello", "0 9 * * *", { timeZone: "America/New_York" }));
    const ran = await c.advance(24 * 3600_000);
    // 09:00 EST is 14:00Z.
    const nine = t0 + 14 * 60 * MIN;
    expect(jobs(c)).toEqual([`hello-${nine / MIN}`]);
    const job = c.get("jobs.batch", "default", `hello-${nine / MIN}`) as KObject;
    expect(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(
      "2026-01-01T09:00:00-05:00",
    );
    // No polling: a day of waiting is a handful of reconciles.
    expect(ran).toBeLessThan(60);
  });

  it("a schedule that never fires draws InvalidSchedule", async () => {
    const c = cluster();
    c.create(cronJob("hello", "0 0 31 2 *"));
    await c.advance(5 * MIN);
    expect(jobs(c)).toEqual([]);
    expect(events(c).map((e) => [e.type, e.reason, e.message])).toEqual([
      [
        "Warning",
        "InvalidSchedule",
        "invalid schedule: 0 0 31 2 * : time difference between two schedules is less than 1 second",
      ],
    ]);
  });

  it("a job made with `kubectl create job --from=cronjob/x` is seen but not adopted into active", async () => {
    const c = cluster();
    c.create(cronJob("hello", "@hourly"));
    await c.settle();
    const owner = cj(c);
    const tpl = (owner.spec as Obj).jobTemplate;
    c.create({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: "manual-1",
        namespace: "default",
        annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
        labels: tpl.metadata.labels,
        ownerReferences: [
          { apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: String(owner.metadata.uid), controller: true },
        ],
      },
      spec: tpl.spec,
    });
    await c.settle();
    expect(events(c).map((e) => [e.type, e.reason, e.message])).toEqual([
      ["Warning", "UnexpectedJob", "Saw a job that the controller did not create or forgot: manual-1"],
    ]);
    expect(cjStatus(c).active).toBeUndefined();
    await c.advance(10_000);
    const done = c.get("jobs.batch", "default", "manual-1") as KObject;
    expect(cjStatus(c).lastSuccessfulTime).toBe((done.status as Obj).completionTime);
    expect(cjStatus(c).lastScheduleTime).toBeUndefined();
    expect(reasons(c)).not.toContain("SawCompletedJob");
  });
});
