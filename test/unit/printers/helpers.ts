import type { KObject } from "../../../src/kube/object";
import type { TableColumn } from "../../../src/kube/registry/kind";

export const NOW = Date.parse("2025-06-01T12:00:00Z");

/** An RFC 3339 timestamp `ms` before NOW (negative: in the future). */
export function ago(ms: number): string {
  return new Date(NOW - ms).toISOString();
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The cells of one row: default columns only, or every column when `wide` (as printers.GenerateOptions.Wide). */
export function cells(columns: readonly TableColumn[], obj: KObject, wide = false, now = NOW): unknown[] {
  return columns.filter((c) => wide || c.priority === 0).map((c) => c.cell(obj, now));
}

/** Column names, upper-cased as kubectl shows them. */
export function headers(columns: readonly TableColumn[], wide = false): string[] {
  return columns.filter((c) => wide || c.priority === 0).map((c) => c.name.toUpperCase());
}

export function k(o: Record<string, unknown> & { metadata?: KObject["metadata"] }): KObject {
  return { metadata: {}, ...o } as KObject;
}
