/**
 * What the cluster's API server reports about each request it served, for audit (issue 5). The API server
 * fills one record per request; the Durable Object keeps the ones policy says to audit (every mutating and
 * every denied request) and turns them into audit.k8s.io/v1 Events, batched out to D1. Bodies are never
 * part of a record, so Secrets' contents cannot reach the audit log.
 */
export interface AuditUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface AuditRecord {
  auditId: string;
  /** Cluster-relative path and query, as kube-apiserver logs it. */
  requestURI: string;
  /** Kubernetes verb for resource requests (get, list, watch, create, ...); lower-case HTTP method otherwise. */
  verb: string;
  /** The authenticated user (the impersonator when impersonating). */
  user: AuditUser;
  /** Set when the request impersonated someone: who it acted as. */
  impersonatedUser?: AuditUser;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus: { code: number; status?: "Success" | "Failure"; reason?: string; message?: string };
  /** Wall-clock epoch milliseconds. */
  requestReceivedTimestamp: number;
  stageTimestamp: number;
  /** authorization.k8s.io/decision ("allow" | "forbid") and authorization.k8s.io/reason, as kube annotates. */
  annotations?: Record<string, string>;
}

/** Verbs that change state: always audited. */
export const MUTATING_VERBS = new Set(["create", "update", "patch", "delete", "deletecollection", "post", "put"]);

/** The audit policy: every mutating request and every denied (401/403) request. */
export function shouldAudit(r: AuditRecord): boolean {
  return MUTATING_VERBS.has(r.verb) || r.responseStatus.code === 401 || r.responseStatus.code === 403;
}
