/** batch/v1 Job and CronJob. */
import { cronJobColumns, jobColumns } from "../printers";
import { cronJobSchema, jobSchema } from "../types/batch";
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
    job.status = {};
  },
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
});
