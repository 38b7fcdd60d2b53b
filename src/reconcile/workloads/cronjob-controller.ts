/**
 * The CronJob controller (kube-controller-manager's cronjob controller v2, "cronjob-controller" events), sync by
 * sync as pkg/controller/cronjob does it in 1.32:
 * - history: finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit go, oldest start first;
 * - bookkeeping: `status.active` loses finished or vanished Jobs (SawCompletedJob / MissingJob),
 *   `lastSuccessfulTime` follows the latest completion, an unfinished child not in `active` (e.g. one made by
 *   `kubectl create job --from=cronjob/x`) draws an UnexpectedJob warning;
 * - scheduling: unless suspended, the most recent due time (only the latest when several were missed, with a
 *   TooManyMissedTimes warning past 100) becomes Job `<cronjob>-<minutes since epoch>`, honouring
 *   startingDeadlineSeconds and concurrencyPolicy Allow / Forbid (JobAlreadyActive) / Replace;
 * - the key is re-queued for 100 ms after the next fire time: no polling, virtual time runs it on the minute.
 */

import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import type { KObject } from "../../kube/object";
import { isKnownTimeZone } from "../../kube/validation/batch";
import { type ControllerContext, codeOf, declOf, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { type CronSchedule, CronScheduleError, parseCronSchedule } from "./cron-schedule";
import {
  type CronJobLike,
  jobNameFor,
  mostRecentScheduleTime,
  nextScheduleDelay,
  rfc1123z,
  rfc3339InZone,
} from "./cronjob-times";
import { controllerRefOf, newControllerRef } from "./job-pods";
import { finishedCondition, jobStatusOf } from "./job-status";

export const CRONJOB_CONTROLLER = "cronjob-controller";
const SOURCE = { component: "cronjob-controller" };
const KCM = "kube-controller-manager";

interface ActiveRef {
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion?: string;
}

interface CronJob extends CronJobLike {
  apiVersion?: string;
  kind?: string;
  spec: {
    schedule: string;
    timeZone?: string | null;
    startingDeadlineSeconds?: number | null;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number | null;
    failedJobsHistoryLimit?: number | null;
    jobTemplate?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: unknown;
    };
  };
  status: { active?: ActiveRef[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

const asObj = (cj: CronJob): KObject => cj as unknown as KObject;

export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** IsJobSucceeded: Complete is True. */
const isJobSucceeded = (j: KObject) => finishedCondition(j)?.type === "Complete";

/** byJobStartTime: started Jobs first, oldest first, name as tie-breaker. */
function byStartTime(a: KObject, b: KObject): number {
  const sa = jobStatusOf(a).startTime;
  const sb = jobStatusOf(b).startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  const ta = sa ? Date.parse(sa) : 0;
  const tb = sb ? Date.parse(sb) : 0;
  if (ta === tb) return String(a.metadata.name).localeCompare(String(b.metadata.name));
  return ta - tb;
}

export function cronJobController(ctx: ControllerContext): Controller {
  const cronJobs = declOf(ctx.registry, "batch", "cronjobs");
  const jobs = declOf(ctx.registry, "batch", "jobs");

  const record = (cj: CronJob, type: "Normal" | "Warning", reason: string, message: string) =>
    ctx.events.record(asObj(cj), type, reason, message, SOURCE);

  const deleteFromActive = (cj: CronJob, uid: string | undefined) => {
    cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
  };

  /** deleteJob: the Job (Background propagation, so its pods follow) and its reference in `active`. */
  const deleteJob = (cj: CronJob, job: KObject): boolean => {
    try {
      ctx.store.delete(jobs, job.metadata.namespace, String(job.metadata.name), {
        dryRun: false,
        propagationPolicy: "Background",
      });
    } catch (e) {
      record(cj, "Warning", "FailedDelete", `Deleted job: ${errText(e)}`);
      return false;
    }
    deleteFromActive(cj, job.metadata.uid);
    record(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
    return true;
  };

  /** cleanupFinishedJobs: keeps the newest successful and failed Jobs up to the history limits. */
  const cleanupFinishedJobs = (cj: CronJob, children: KObject[]): boolean => {
    const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec;
    if (okLimit == null && failLimit == null) return false;
    let updated = false;
    const removeOldest = (list: KObject[], max: number) => {
      const n = list.length - max;
      if (n <= 0) return;
      const sorted = [...list].sort(byStartTime);
      for (let i = 0; i < n; i++) if (deleteJob(cj, sorted[i])) updated = true;
    };
    const done = children.map((j) => ({ j, type: finishedCondition(j)?.type }));
    if (okLimit != null)
      removeOldest(
        done.filter((x) => x.type === "Complete").map((x) => x.j),
        okLimit,
      );
    if (failLimit != null)
      removeOldest(
        done.filter((x) => x.type === "Failed").map((x) => x.j),
        failLimit,
      );
    return updated;
  };

  /** getJobFromTemplate2. */
  const jobFromTemplate = (cj: CronJob, scheduledTime: number): KObject => {
    const tpl = cj.spec.jobTemplate ?? {};
    const annotations: Record<string, string> = { ...(tpl.metadata?.annotations ?? {}) };
    annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduledTime, cj.spec.timeZone ?? "UTC");
    const metadata: KObject["metadata"] = {
      name: jobNameFor(String(cj.metadata.name), scheduledTime),
      namespace: cj.metadata.namespace,
      annotations,
      ownerReferences: [newControllerRef(asObj(cj), "batch/v1", "CronJob")],
    };
    const labels = tpl.metadata?.labels ?? {};
    if (Object.keys(labels).length > 0) metadata.labels = { ...labels };
    return { apiVersion: "batch/v1", kind: "Job", metadata, spec: structuredClone(tpl.spec ?? {}) };
  };

  const activeRef = (job: KObject): ActiveRef => ({
    kind: "Job",
    namespace: job.metadata.namespace,
    name: String(job.metadata.name),
    uid: String(job.metadata.uid),
    apiVersion: "batch/v1",
    resourceVersion: job.metadata.resourceVersion,
  });

  /** formatSchedule + cron.ParseStandard, with the UnsupportedSchedule warning for TZ= in the schedule. */
  const scheduleOf = (cj: CronJob): CronSchedule => {
    if (cj.spec.schedule.includes("TZ")) {
      record(
        cj,
        "Warning",
        "UnsupportedSchedule",
        `CRON_TZ or TZ used in schedule "${cj.spec.schedule}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
      );
      return parseCronSchedule(cj.spec.schedule);
    }
    return parseCronSchedule(cj.spec.schedule, cj.spec.timeZone ?? undefined);
  };

  interface SyncResult {
    requeue?: number;
    updated: boolean;
    error?: unknown;
  }

  const syncCronJob = (cj: CronJob, children: KObject[]): SyncResult => {
    const now = ctx.clock.now();
    let updated = false;
    const childUids = new Set<string>();
    for (const j of children) {
      childUids.add(String(j.metadata.uid));
      const found = (cj.status.active ?? []).some((r) => r.uid === j.metadata.uid);
      const fin = finishedCondition(j);
      if (!found && !fin) {
        record(
          cj,
          "Warning",
          "UnexpectedJob",
          `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
        );
      } else if (found && fin) {
        deleteFromActive(cj, j.metadata.uid);
        record(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, status: ${fin.type}`);
        updated = true;
      } else if (isJobSucceeded(j)) {
        // A Job need not be in `active`: any completion moves lastSuccessfulTime forward.
        const done = jobStatusOf(j).completionTime;
        const last = cj.status.lastSuccessfulTime;
        if (done && (!last || Date.parse(done) > Date.parse(last))) {
          cj.status.lastSuccessfulTime = done;
          updated = true;
        }
      }
    }
    for (const r of [...(cj.status.active ?? [])]) {
      if (childUids.has(r.uid)) continue;
      if (!ctx.store.tryGet(jobs, r.namespace ?? cj.metadata.namespace, r.name)) {
        record(cj, "Normal", "MissingJob", `Active job went missing: ${r.name}`);
        deleteFromActive(cj, r.uid);
        updated = true;
      }
    }
    if (cj.metadata.deletionTimestamp) return { updated };
    const tz = cj.spec.timeZone;
    if (tz != null && !isKnownTimeZone(tz)) {
      record(cj, "Warning", "UnknownTimeZone", `invalid timeZone: "${tz}": unknown time zone ${tz}`);
      return { updated };
    }
    if (cj.spec.suspend) return { updated };
    let schedule: CronSchedule;
    try {
      schedule = scheduleOf(cj);
    } catch (e) {
      if (!(e instanceof CronScheduleError)) throw e;
      record(cj, "Warning", "UnparseableSchedule", `unparseable schedule: "${cj.spec.schedule}" : ${e.message}`);
      return { updated };
    }
    const next = () => nextScheduleDelay(cj, now, schedule);
    const due = mostRecentScheduleTime(cj, now, schedule, true);
    if (due.mostRecent !== undefined && due.mostRecent <= now && due.missed === "many") {
      record(
        cj,
        "Warning",
        "TooManyMissedTimes",
        "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
      );
    }
    if (due.error) {
      record(cj, "Warning", "InvalidSchedule", `invalid schedule: ${cj.spec.schedule} : ${due.error}`);
      return { updated };
    }
    const scheduledTime = due.mostRecent;
    if (scheduledTime === undefined || scheduledTime > now) return { requeue: next(), updated };

    const sds = cj.spec.startingDeadlineSeconds;
    if (sds != null && scheduledTime + sds * 1000 < now) {
      record(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduledTime)}`);
      return { requeue: next(), updated };
    }
    const name = jobNameFor(String(cj.metadata.name), scheduledTime);
    const last = cj.status.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) : undefined;
    if ((cj.status.active ?? []).some((r) => r.name === name) || last === scheduledTime) {
      return { requeue: next(), updated };
    }
    if (cj.spec.concurrencyPolicy === "Forbid" && (cj.status.active ?? []).length > 0) {
      record(
        cj,
        "Normal",
        "JobAlreadyActive",
        "Not starting job because prior execution is running and concurrency policy is Forbid",
      );
      return { requeue: next(), updated };
    }
    if (cj.spec.concurrencyPolicy === "Replace") {
      for (const r of [...(cj.status.active ?? [])]) {
        const job = ctx.store.tryGet(jobs, r.namespace ?? cj.metadata.namespace, r.name);
        if (!job) {
          const err = new Error(`jobs.batch "${r.name}" not found`);
          record(cj, "Warning", "FailedGet", `Get job: ${err.message}`);
          return { updated, error: err };
        }
        if (!deleteJob(cj, job)) {
          return { updated, error: new Error(`could not replace job ${r.namespace}/${r.name}`) };
        }
        updated = true;
      }
    }
    const request = jobFromTemplate(cj, scheduledTime);
    let created: KObject;
    let existed = false;
    try {
      created = ctx.store.create(jobs, cj.metadata.namespace, request, { dryRun: false, fieldManager: KCM });
    } catch (e) {
      const code = codeOf(e);
      if (code === 409 && !/being terminated/.test(errText(e))) {
        // Made earlier (a crash before the status write) or by someone else: adopt only our own.
        const job = ctx.store.tryGet(jobs, cj.metadata.namespace, name);
        if (!job) return { updated, error: e };
        if (controllerRefOf(job)?.uid !== cj.metadata.uid) return { updated };
        if ((cj.status.active ?? []).some((r) => r.uid === job.metadata.uid)) return { updated };
        created = job;
        existed = true;
      } else if (/being terminated/.test(errText(e))) {
        return { updated, error: e };
      } else {
        record(cj, "Warning", "FailedCreate", `Error creating job: ${errText(e)}`);
        return { updated, error: e };
      }
    }
    if (!existed) record(cj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`);
    cj.status.active = [...(cj.status.active ?? []), activeRef(created)];
    cj.status.lastScheduleTime = rfc3339(scheduledTime);
    return { requeue: next(), updated: true };
  };

  return {
    name: CRONJOB_CONTROLLER,
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("batch/cronjobs/")) return [ch.key];
      if (!ch.key.startsWith("batch/jobs/")) return [];
      const ref = controllerRefOf(ch.object);
      if (ref?.kind !== "CronJob") return [];
      return [`batch/cronjobs/${ch.object.metadata.namespace}/${ref.name}`];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const current = ctx.store.tryGet(cronJobs, ref.namespace, ref.name);
      if (!current) return undefined;
      const children = ctx.store
        .list(jobs, ref.namespace, { filter: {} })
        .items.filter((j) => controllerRefOf(j)?.name === ref.name);
      const cj = structuredClone(current) as unknown as CronJob;
      cj.status ??= {};
      const cleaned = cleanupFinishedJobs(cj, children);
      const result = syncCronJob(cj, children);
      if (cleaned || result.updated) {
        const status: CronJob["status"] = { ...cj.status };
        if (!status.active || status.active.length === 0) delete status.active;
        ctx.store.update(
          cronJobs,
          ref.namespace,
          ref.name,
          { ...asObj(cj), status },
          { dryRun: false, fieldManager: KCM, subresource: "status" },
        );
      }
      if (result.requeue !== undefined) return { requeueAfterMs: Math.max(0, result.requeue) };
      if (result.error) throw result.error;
      return undefined;
    },
  };
}
