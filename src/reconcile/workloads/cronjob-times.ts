/**
 * The time arithmetic of pkg/controller/cronjob/utils.go: which scheduled time is due (mostRecentScheduleTime,
 * with its rough count of missed schedules), when to look again (nextScheduleTimeDuration, 100 ms past the
 * next fire time), the job name `<cronjob>-<minutes since epoch>` and the timestamp formats Go prints.
 */
import type { KObject } from "../../kube/object";
import { type CronSchedule, zoneOf } from "./cron-schedule";

/** nextScheduleDelta: requeue a little after the fire time, so the sync never runs just before it. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type Missed = "none" | "few" | "many";

export interface CronJobLike {
  metadata: KObject["metadata"];
  spec: { startingDeadlineSeconds?: number | null };
  status: { lastScheduleTime?: string };
}

export interface MostRecent {
  earliest: number;
  mostRecent?: number;
  missed: Missed;
  error?: string;
}

export function mostRecentScheduleTime(
  cj: CronJobLike,
  now: number,
  schedule: CronSchedule,
  includeStartingDeadline: boolean,
): MostRecent {
  let earliest = Date.parse(String(cj.metadata.creationTimestamp));
  if (cj.status.lastScheduleTime) earliest = Date.parse(cj.status.lastScheduleTime);
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadline && sds != null) {
    // The controller is not going to schedule anything before this point.
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, missed: "none" };
  if (t2 !== undefined && now < t2) return { earliest, mostRecent: t1, missed: "none" };
  // A schedule that never fires (`0 0 31 2 *`) has no time between two fire times.
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === undefined || between < 1) {
    return { earliest, missed: "none", error: "time difference between two schedules is less than 1 second" };
  }
  // A rough count of the missed times, then a walk from just before the last of them to find it exactly.
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.floor(elapsed / between) + 1;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: Missed = missedCount > 100 ? "many" : missedCount > 0 ? "few" : "none";
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: ms from now until just after the next fire time; undefined when there is none. */
export function nextScheduleDelay(cj: CronJobLike, now: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let from: number;
  if (r.error) from = now;
  else if (r.mostRecent !== undefined) from = r.mostRecent;
  else from = r.missed === "none" ? r.earliest : now;
  const next = schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** getJobName: the scheduled time in minutes since the epoch makes the name deterministic. */
export function jobNameFor(cronJobName: string, scheduledTime: number): string {
  return `${cronJobName}-${Math.floor(scheduledTime / 60_000)}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** time.RFC3339 in a zone: `2026-01-01T09:00:00-05:00`, or `Z` when the offset is zero (as Go prints it). */
export function rfc3339InZone(t: number, zone: string): string {
  const w = zoneOf(zone).wall(t);
  const offsetMin = Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(t / 1000) * 1000) / 60_000);
  const base = `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** time.RFC1123Z of a UTC time: `Thu, 01 Jan 2026 00:05:00 +0000`. */
export function rfc1123z(t: number): string {
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
