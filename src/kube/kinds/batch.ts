/** batch/v1 Job and CronJob. */

import { defaultCronJob, defaultJob, prepareJobForCreate } from "../defaults/batch";
import { cronJobColumns, jobColumns } from "../printers";
import { cronJobSchema, jobSchema } from "../types/batch";
import { validateCronJob, validateJob } from "../validation/batch";
import { defineKind } from "./define";

export const jobKind = defineKind({
  group: "batch",
  version: "v1",
  kind: "Job",
  plural: "jobs",
  namespaced: true,
  categories: ["all"],
  schema: jobSchema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: jobColumns,
  fieldSelectors: {
    "status.successful": (o) => String((o.status as { succeeded?: number } | undefined)?.succeeded ?? 0),
  },
  prepareForCreate(job) {
    // The Job strategy generates the selector and the controller-uid / job-name labels from the uid.
    prepareJobForCreate(job);
    job.status = {};
  },
  defaults: defaultJob,
  validate: (o, old) => validateJob(o, old),
});

export const cronJobKind = defineKind({
  group: "batch",
  version: "v1",
  kind: "CronJob",
  plural: "cronjobs",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  schema: cronJobSchema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: cronJobColumns,
  prepareForCreate(cj) {
    cj.status = {};
  },
  defaults: defaultCronJob,
  validate: (o, old) => validateCronJob(o, old),
});
