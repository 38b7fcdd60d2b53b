/**
 * ResourceQuota columns (printers.go printResourceQuota): NAME REQUEST LIMIT AGE. Each cell lists
 * "resource: used/hard" for the resources of status.hard, sorted by name; names whose first "."-separated part is
 * "limits" go to LIMIT, all others to REQUEST ("cpu: 1/100, pods: 1/10").
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, nameColumn, rec } from "./common";
import { compareStrings } from "./labels";
import { quantityString } from "./quantities";

/** The REQUEST and LIMIT cells. */
export function resourceQuotaUsage(obj: KObject): { request: string; limit: string } {
  const status = field(obj, "status");
  const hard = rec(status.hard);
  const used = rec(status.used);
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort(compareStrings)) {
    const pieces = resource.split(".");
    const w = pieces.length > 1 && pieces[0] === "limits" ? limit : request;
    w.push(`${resource}: ${quantityString(used[resource])}/${quantityString(hard[resource])}`);
  }
  return { request: request.join(", "), limit: limit.join(", ") };
}

export const resourceQuotaColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Request",
    type: "string",
    format: "",
    description: "Request represents a minimum amount of cpu/memory that a container may consume.",
    priority: 0,
    cell: (obj) => resourceQuotaUsage(obj).request,
  },
  {
    name: "Limit",
    type: "string",
    format: "",
    description:
      "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
    priority: 0,
    cell: (obj) => resourceQuotaUsage(obj).limit,
  },
  ageColumn,
];
