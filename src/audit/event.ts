/**
 * The audit.k8s.io/v1 Event kube-apiserver writes to its audit log at stage ResponseComplete, built from the
 * API server's per-request record (record.ts). Pure. Fields are listed in the Go struct's order, with its
 * omitempty rules, so a stored event reads like a line of a real kube-apiserver audit log.
 *
 * Bodies are never part of an event, whatever the level: the event is built field by field from what the
 * record declares, so a stray requestObject / responseObject (or anything else) on the input is dropped.
 */
import { rfc3339Micro } from "../apiserver/time";
import type { AuditObjectRef, AuditRecord, AuditUser } from "./record";

export type AuditLevel = "None" | "Metadata" | "Request" | "RequestResponse";

/** authentication/v1 UserInfo: every field omitempty. */
export interface EventUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** audit/v1 ObjectReference: every field omitempty. */
export interface EventObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface AuditEvent {
  kind: "Event";
  apiVersion: "audit.k8s.io/v1";
  level: AuditLevel;
  auditID: string;
  stage: "ResponseComplete";
  requestURI: string;
  verb: string;
  user: EventUser;
  impersonatedUser?: EventUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: EventObjectRef;
  /** metav1.Status: `metadata` is always written (an empty ListMeta), the rest omitempty. */
  responseStatus: { metadata: Record<string, never>; status?: string; message?: string; reason?: string; code: number };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

function userInfo(u: AuditUser): EventUser {
  const out: EventUser = {};
  if (u.username) out.username = u.username;
  if (u.uid) out.uid = u.uid;
  if (u.groups?.length) out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length) out.extra = structuredClone(u.extra);
  return out;
}

function objectRef(r: AuditObjectRef): EventObjectRef | undefined {
  const out: EventObjectRef = {};
  for (const k of ["resource", "namespace", "name", "apiGroup", "apiVersion", "subresource"] as const) {
    if (r[k]) out[k] = r[k];
  }
  return Object.keys(out).length ? out : undefined;
}

export function toAuditEvent(r: AuditRecord, level: AuditLevel = "Metadata"): AuditEvent {
  const s = r.responseStatus;
  // Status field order: metadata, status, message, reason, ..., code (as metav1.Status marshals).
  const responseStatus: AuditEvent["responseStatus"] = {
    metadata: {},
    ...(s.status ? { status: s.status } : {}),
    ...(s.message ? { message: s.message } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    code: s.code,
  };

  const ev = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level,
    auditID: r.auditId,
    stage: "ResponseComplete",
    requestURI: r.requestURI,
    verb: r.verb,
    user: userInfo(r.user),
  } as AuditEvent;
  if (r.impersonatedUser) ev.impersonatedUser = userInfo(r.impersonatedUser);
  if (r.sourceIPs?.length) ev.sourceIPs = [...r.sourceIPs];
  if (r.userAgent) ev.userAgent = r.userAgent;
  const ref = r.objectRef && objectRef(r.objectRef);
  if (ref) ev.objectRef = ref;
  ev.responseStatus = responseStatus;
  ev.requestReceivedTimestamp = rfc3339Micro(r.requestReceivedTimestamp);
  ev.stageTimestamp = rfc3339Micro(r.stageTimestamp);
  if (r.annotations && Object.keys(r.annotations).length) ev.annotations = { ...r.annotations };
  return ev;
}
