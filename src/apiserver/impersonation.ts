/**
 * User impersonation (`kubectl --as=jane --as-group=devs`), as k8s.io/apiserver's WithImpersonation filter
 * does it: each Impersonate-* header is one thing to impersonate, and the requester needs the `impersonate`
 * verb on each (users, groups, serviceaccounts in their namespace, uids and userextras/<key> in
 * authentication.k8s.io). The first one refused answers kube's 403 for those attributes; otherwise the request
 * runs as the impersonated user.
 */

import { authorize } from "../kube/rbac/authorizer";
import { forbiddenError } from "../kube/rbac/forbidden";
import { type Attributes, type RbacPolicy, serviceAccountGroups, serviceAccountUsername } from "../kube/rbac/types";
import { isDNS1123Label, isDNS1123Subdomain } from "../kube/validation/names";

export const IMPERSONATE_USER = "impersonate-user";
export const IMPERSONATE_GROUP = "impersonate-group";
export const IMPERSONATE_UID = "impersonate-uid";
export const IMPERSONATE_EXTRA_PREFIX = "impersonate-extra-";

const ALL_AUTHENTICATED = "system:authenticated";
const ALL_UNAUTHENTICATED = "system:unauthenticated";
const ANONYMOUS = "system:anonymous";
const AUTHENTICATION_GROUP = "authentication.k8s.io";
const AUTHENTICATION_VERSION = `${AUTHENTICATION_GROUP}/v1`;

export interface ImpersonatedUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface Impersonator {
  username: string;
  groups: readonly string[];
}

/** One thing to impersonate: a v1.ObjectReference in kube (FieldPath holds a UserExtra's key). */
interface ImpersonationRequest {
  kind: "ServiceAccount" | "User" | "Group" | "UserExtra" | "UID";
  namespace?: string;
  name: string;
  apiVersion?: string;
  fieldPath?: string;
}

/**
 * Impersonate-Group/-Uid/-Extra-* without Impersonate-User: kube answers it from the filter as a bare
 * responsewriters.InternalError, a text/plain 500 naming the request URI.
 */
export class ImpersonationHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImpersonationHeaderError";
  }

  /** `Internal Server Error: "<uri>": <message>` with &, <, > escaped, as net/http's http.Error writes it. */
  response(requestURI: string): Response {
    const text = `Internal Server Error: ${JSON.stringify(requestURI)}: ${this.message}`
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
    return new Response(`${text}\n`, {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
    });
  }
}

/** serviceaccount.SplitUsername: namespace and name of `system:serviceaccount:<ns>:<name>`, when valid. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  const prefix = "system:serviceaccount:";
  if (!username.startsWith(prefix)) return undefined;
  const parts = username.slice(prefix.length).split(":");
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts;
  if (isDNS1123Label(namespace).length > 0 || isDNS1123Subdomain(name).length > 0) return undefined;
  return { namespace, name };
}

/**
 * Repeated headers reach a Worker joined with ", " (the Fetch Headers API has no getAll), where Go keeps
 * each line apart. Splitting on the join separator gets the lines back, except for values that themselves
 * contain ", ", which do not occur in group names kube tools send.
 */
const headerValues = (v: string | null): string[] => (v === null ? [] : v.split(", "));

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Go's %v of a v1.ObjectReference (its seven string fields, space separated, in braces). */
function goObjectReference(r: ImpersonationRequest): string {
  return `{${[r.kind, r.namespace ?? "", r.name, "", r.apiVersion ?? "", "", r.fieldPath ?? ""].join(" ")}}`;
}

/** buildImpersonationRequests: what the headers ask to impersonate, in kube's order. */
function impersonationRequests(headers: Headers): ImpersonationRequest[] {
  const out: ImpersonationRequest[] = [];
  const requestedUser = headers.get(IMPERSONATE_USER) ?? "";
  const hasUser = requestedUser.length > 0;
  if (hasUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    out.push(sa ? { kind: "ServiceAccount", ...sa } : { kind: "User", name: requestedUser });
  }
  const groups = headerValues(headers.get(IMPERSONATE_GROUP));
  for (const g of groups) out.push({ kind: "Group", name: g });
  let hasExtra = false;
  for (const [header, value] of headers) {
    if (!header.startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(header.slice(IMPERSONATE_EXTRA_PREFIX.length).toLowerCase());
    for (const v of headerValues(value)) {
      out.push({ kind: "UserExtra", apiVersion: AUTHENTICATION_VERSION, name: v, fieldPath: key });
    }
  }
  const uid = headers.get(IMPERSONATE_UID) ?? "";
  if (uid) out.push({ kind: "UID", name: uid, apiVersion: AUTHENTICATION_VERSION });
  if ((groups.length > 0 || hasExtra || uid) && !hasUser) {
    throw new ImpersonationHeaderError(
      `requested [${out.map(goObjectReference).join(" ")}] without impersonating a user`,
    );
  }
  return out;
}

/**
 * The user a request acts as, or undefined when it impersonates no one. Throws kube's 403 StatusError when
 * the requester may not impersonate one of the things asked for, ImpersonationHeaderError for groups,
 * uids or extras without a user.
 */
export function impersonate(
  headers: Headers,
  requester: Impersonator,
  policy: RbacPolicy,
): ImpersonatedUser | undefined {
  const requests = impersonationRequests(headers);
  if (requests.length === 0) return undefined;
  // Groups, when given, are the whole truth (a ServiceAccount's fixed groups are added only without them).
  const groupsSpecified = headers.get(IMPERSONATE_GROUP) !== null;
  let username = "";
  let groups: string[] = [];
  let uid: string | undefined;
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    const attrs: Attributes = {
      user: requester.username,
      groups: [...requester.groups],
      verb: "impersonate",
      apiGroup: r.apiVersion ? AUTHENTICATION_GROUP : "",
      name: r.name,
    };
    if (r.namespace) attrs.namespace = r.namespace;
    switch (r.kind) {
      case "ServiceAccount":
        attrs.resource = "serviceaccounts";
        username = serviceAccountUsername(r.namespace ?? "", r.name);
        if (!groupsSpecified) groups = serviceAccountGroups(r.namespace ?? "");
        break;
      case "User":
        attrs.resource = "users";
        username = r.name;
        break;
      case "Group":
        attrs.resource = "groups";
        groups.push(r.name);
        break;
      case "UserExtra": {
        const key = r.fieldPath ?? "";
        attrs.resource = "userextras";
        attrs.subresource = key;
        extra[key] = [...(extra[key] ?? []), r.name];
        break;
      }
      case "UID":
        attrs.resource = "uids";
        uid = r.name;
        break;
    }
    const decision = authorize(attrs, policy);
    if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
  }
  if (username !== ANONYMOUS) {
    if (!groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) groups.push(ALL_AUTHENTICATED);
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }
  const out: ImpersonatedUser = { username, groups };
  if (uid !== undefined) out.uid = uid;
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}
