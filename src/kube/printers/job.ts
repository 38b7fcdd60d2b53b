/**
 * Job columns (printers.go printJob): NAME STATUS COMPLETIONS DURATION AGE | wide: CONTAINERS IMAGES SELECTOR.
 * STATUS is the first that applies of Complete, Failed, Terminating (deletionTimestamp set), Suspended,
 * FailureTarget; otherwise Running.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, containerColumns, field, int, nameColumn, rec, str } from "./common";
import { humanDuration, parseTime } from "./duration";
import { formatLabelSelector } from "./labels";

/** JobSpec.selector's API doc, shared with the CronJob columns. */
export const JOB_SELECTOR_DESCRIPTION =
  "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

/** hasJobCondition: the first condition of that type decides; true only when its status is "True". */
export function hasJobCondition(job: KObject, type: string): boolean {
  const cond = arr(field(job, "status").conditions)
    .map(rec)
    .find((c) => str(c.type) === type);
  return cond !== undefined && str(cond.status) === "True";
}

export function jobStatus(job: KObject): string {
  if (hasJobCondition(job, "Complete")) return "Complete";
  if (hasJobCondition(job, "Failed")) return "Failed";
  if (job.metadata?.deletionTimestamp) return "Terminating";
  if (hasJobCondition(job, "Suspended")) return "Suspended";
  if (hasJobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

/** "succeeded/completions"; without completions "succeeded/1", or "succeeded/1 of parallelism" when parallel. */
export function jobCompletions(job: KObject): string {
  const spec = field(job, "spec");
  const succeeded = int(field(job, "status").succeeded);
  if (spec.completions !== undefined && spec.completions !== null) return `${succeeded}/${int(spec.completions)}`;
  const parallelism = int(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** "" before the job starts, time since start while it runs, completionTime - startTime once complete. */
export function jobDuration(job: KObject, now: number): string {
  const status = field(job, "status");
  if (status.startTime === undefined || status.startTime === null) return "";
  const start = parseTime(status.startTime);
  if (status.completionTime === undefined || status.completionTime === null) return humanDuration(now - start);
  return humanDuration(parseTime(status.completionTime) - start);
}

export const jobColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Status",
    type: "string",
    format: "",
    description: "Status of the job.",
    priority: 0,
    cell: (obj) => jobStatus(obj),
  },
  {
    name: "Completions",
    type: "string",
    format: "",
    description:
      "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.",
    priority: 0,
    cell: (obj) => jobCompletions(obj),
  },
  {
    name: "Duration",
    type: "string",
    format: "",
    description: "Time required to complete the job.",
    priority: 0,
    cell: (obj, now) => jobDuration(obj, now),
  },
  ageColumn,
  ...containerColumns(),
  {
    name: "Selector",
    type: "string",
    format: "",
    description: JOB_SELECTOR_DESCRIPTION,
    priority: 1,
    cell: (obj) => formatLabelSelector(field(obj, "spec").selector),
  },
];
