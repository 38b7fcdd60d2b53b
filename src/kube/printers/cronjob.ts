/**
 * CronJob columns (printers.go printCronJob): NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE | wide:
 * CONTAINERS IMAGES SELECTOR (of the job template).
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import {
  ageColumn,
  arr,
  CONTAINERS_DESCRIPTION,
  field,
  IMAGES_DESCRIPTION,
  layoutContainerCells,
  nameColumn,
  rec,
  str,
} from "./common";
import { translateTimestampSince } from "./duration";
import { JOB_SELECTOR_DESCRIPTION } from "./job";
import { formatLabelSelector } from "./labels";

/** printBoolPtr: "True"/"False", "<unset>" when nil. */
export function printBoolPtr(v: unknown): string {
  if (v === undefined || v === null) return "<unset>";
  return v === true ? "True" : "False";
}

function jobTemplateSpec(obj: KObject): Record<string, unknown> {
  return rec(rec(field(obj, "spec").jobTemplate).spec);
}

function templateCells(obj: KObject): { names: string; images: string } {
  return layoutContainerCells(rec(rec(jobTemplateSpec(obj).template).spec).containers);
}

export const cronJobColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Schedule",
    type: "string",
    format: "",
    description: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
    priority: 0,
    cell: (obj) => str(field(obj, "spec").schedule),
  },
  {
    name: "Timezone",
    type: "string",
    format: "",
    description:
      "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones",
    priority: 0,
    cell: (obj) => {
      const tz = field(obj, "spec").timeZone;
      return tz === undefined || tz === null ? "<none>" : str(tz);
    },
  },
  {
    name: "Suspend",
    // Declared "boolean" in printers.go, but the cell is the string printBoolPtr gives.
    type: "boolean",
    format: "",
    description:
      "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.",
    priority: 0,
    cell: (obj) => printBoolPtr(field(obj, "spec").suspend),
  },
  {
    name: "Active",
    type: "integer",
    format: "",
    description: "A list of pointers to currently running jobs.",
    priority: 0,
    cell: (obj) => arr(field(obj, "status").active).length,
  },
  {
    name: "Last Schedule",
    type: "string",
    format: "",
    description: "Information when was the last time the job was successfully scheduled.",
    priority: 0,
    cell: (obj, now) => {
      const last = field(obj, "status").lastScheduleTime;
      return last === undefined || last === null ? "<none>" : translateTimestampSince(str(last), now);
    },
  },
  ageColumn,
  {
    name: "Containers",
    type: "string",
    format: "",
    description: CONTAINERS_DESCRIPTION,
    priority: 1,
    cell: (obj) => templateCells(obj).names,
  },
  {
    name: "Images",
    type: "string",
    format: "",
    description: IMAGES_DESCRIPTION,
    priority: 1,
    cell: (obj) => templateCells(obj).images,
  },
  {
    name: "Selector",
    type: "string",
    format: "",
    description: JOB_SELECTOR_DESCRIPTION,
    priority: 1,
    cell: (obj) => formatLabelSelector(jobTemplateSpec(obj).selector),
  },
];
