/**
 * Reading a cluster's audit log back from D1 as an audit.k8s.io/v1 EventList, and retention.
 *
 * Order is oldest first (by the D1 sequence, which follows the order requests completed in), the order of
 * kube-apiserver's own audit log file, so paging forward with `continue` reads the log like `tail` would
 * and a page never shifts when newer events arrive. The continue token is opaque: the last sequence
 * number returned, so the next page starts after it under the same filters.
 */
import { and, asc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditEvents } from "../db/schema";
import type { AuditEvent } from "./event";

/** A bad filter or parameter: the caller answers 400 with the message. */
export class QueryError extends Error {
  override name = "QueryError";
}

export interface AuditFilters {
  /** The authenticated user's name, exactly. */
  user?: string;
  verb?: string;
  /** A resource ("pods") or resource.group ("deployments.apps"). */
  resource?: string;
  namespace?: string;
  /** Requests received at or after this time: RFC 3339, or epoch milliseconds. */
  since?: string | number;
  /** Requests received before this time (exclusive): RFC 3339, or epoch milliseconds. */
  until?: string | number;
  /** Page size: default 100, at most 1000. */
  limit?: string | number;
  continue?: string;
}

export interface AuditEventList {
  kind: "EventList";
  apiVersion: "audit.k8s.io/v1";
  metadata: { continue?: string };
  items: AuditEvent[];
}

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A point in time given as RFC 3339 or epoch milliseconds; undefined when absent. */
export function parseTime(name: string, value: string | number | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "number" || /^\d+$/.test(value)) {
    const ms = Number(value);
    if (Number.isSafeInteger(ms) && ms >= 0) return ms;
  } else if (RFC3339.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new QueryError(`${name}: must be an RFC 3339 time or epoch milliseconds, got ${JSON.stringify(value)}`);
}

function parseLimit(value: string | number | undefined): number {
  if (value === undefined || value === "") return DEFAULT_AUDIT_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIT_LIMIT) {
    throw new QueryError(`limit: must be an integer from 1 to ${MAX_AUDIT_LIMIT}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function encodeContinue(seq: number): string {
  return btoa(JSON.stringify({ v: 1, seq }))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeContinue(token: string): number {
  try {
    const b64 = token.replace(/-/g, "+").replace(/_/g, "/");
    const parsed = JSON.parse(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
    if (parsed?.v === 1 && Number.isSafeInteger(parsed.seq) && parsed.seq >= 0) return parsed.seq;
  } catch {
    // falls through to the error below
  }
  throw new QueryError(`continue: not a valid continue token: ${JSON.stringify(token)}`);
}

export async function queryAudit(
  db: D1Database,
  clusterId: string,
  filters: AuditFilters = {},
): Promise<AuditEventList> {
  const limit = parseLimit(filters.limit);
  const since = parseTime("since", filters.since);
  const until = parseTime("until", filters.until);
  const conds: SQL[] = [eq(auditEvents.clusterId, clusterId)];
  if (filters.user) conds.push(eq(auditEvents.username, filters.user));
  if (filters.verb) conds.push(eq(auditEvents.verb, filters.verb));
  if (filters.namespace) conds.push(eq(auditEvents.namespace, filters.namespace));
  if (filters.resource) {
    const [plural, ...group] = filters.resource.split(".");
    conds.push(eq(auditEvents.resource, plural));
    if (group.length) conds.push(sql`json_extract(${auditEvents.event}, '$.objectRef.apiGroup') = ${group.join(".")}`);
  }
  if (since !== undefined) conds.push(gte(auditEvents.requestReceivedAt, since));
  if (until !== undefined) conds.push(lt(auditEvents.requestReceivedAt, until));
  if (filters.continue) conds.push(gt(auditEvents.seq, decodeContinue(filters.continue)));

  // One row more than the page tells whether another page follows.
  const rows = await drizzle(db)
    .select({ seq: auditEvents.seq, event: auditEvents.event })
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(asc(auditEvents.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    kind: "EventList",
    apiVersion: "audit.k8s.io/v1",
    metadata: rows.length > limit ? { continue: encodeContinue(page[page.length - 1].seq) } : {},
    items: page.map((r) => JSON.parse(r.event) as AuditEvent),
  };
}

/** Retention: deletes every cluster's events received before `olderThanMs`; returns how many. */
export async function pruneAudit(db: D1Database, olderThanMs: number): Promise<number> {
  const res = await db.prepare("DELETE FROM audit_events WHERE request_received_at < ?").bind(olderThanMs).run();
  return res.meta.changes ?? 0;
}
