/**
 * Columns for kinds without a printers.go handler.
 * - createdAtColumns: rest.NewDefaultTableConvertor (k8s.io/apiserver registry/rest/table.go), used by built-in
 *   kinds with no printer (LimitRange, Role, ClusterRole, CustomResourceDefinition): NAME CREATED AT, the cell
 *   being creationTimestamp.UTC().Format(time.RFC3339).
 * - defaultColumns: the custom-resource table convertor (apiextensions-apiserver) when a CRD version declares no
 *   additionalPrinterColumns (serveDefaultColumnsIfEmpty): NAME AGE, Age a "date" column over
 *   .metadata.creationTimestamp rendered by cellForJSONValue.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { CREATION_TIMESTAMP_DESCRIPTION, nameColumn } from "./common";
import { humanDuration, parseTime, ZERO_TIME } from "./duration";

/** metav1.Time.UTC().Format(time.RFC3339): second precision, "Z"; the zero time is "0001-01-01T00:00:00Z". */
export function formatRFC3339(ts: unknown): string {
  const t = parseTime(ts);
  if (t === ZERO_TIME) return "0001-01-01T00:00:00Z";
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * cellForJSONValue("date", value): null for a missing or non-string value, "<unknown>" for "" or "null"
 * (metav1.Time.UnmarshalQueryParameter gives the zero time), "<invalid>" when not RFC 3339, else the age.
 */
export function dateCell(value: unknown, now: number): string | null {
  if (typeof value !== "string") return null;
  if (value === "" || value === "null") return "<unknown>";
  const t = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) return "<invalid>";
  return humanDuration(now - t);
}

/** NAME CREATED AT (rest.defaultTableConvertor). */
export const createdAtColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Created At",
    type: "date",
    format: "",
    description: CREATION_TIMESTAMP_DESCRIPTION,
    priority: 0,
    cell: (obj: KObject) => formatRFC3339(obj.metadata?.creationTimestamp),
  },
];

/** NAME AGE (custom resources without additionalPrinterColumns). */
export const defaultColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Age",
    type: "date",
    format: "",
    description: CREATION_TIMESTAMP_DESCRIPTION,
    priority: 0,
    cell: (obj: KObject, now: number) => dateCell(obj.metadata?.creationTimestamp, now),
  },
];
