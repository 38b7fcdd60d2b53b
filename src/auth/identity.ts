/**
 * Who is asking, as the Worker hands it to a cluster's Durable Object. Only the Worker can reach a Durable
 * Object, so these headers are trusted there; the Worker always overwrites whatever a client sent in them.
 */
export interface Identity {
  username: string;
  groups: string[];
}

export const IDENTITY_HEADERS = {
  user: "x-edgeplane-user",
  groups: "x-edgeplane-groups",
  cluster: "x-edgeplane-cluster",
  prefix: "x-edgeplane-prefix",
  /** A bearer token the Worker could not check itself (a ServiceAccount token): the cluster verifies it. */
  serviceAccountToken: "x-edgeplane-sa-token",
  /** The client's address and user agent, for audit. */
  sourceIp: "x-edgeplane-source-ip",
  userAgent: "x-edgeplane-user-agent",
} as const;

export function writeIdentity(headers: Headers, id: Identity): void {
  headers.set(IDENTITY_HEADERS.user, id.username);
  headers.set(IDENTITY_HEADERS.groups, JSON.stringify(id.groups));
}

export function readIdentity(headers: Headers): Identity | undefined {
  const username = headers.get(IDENTITY_HEADERS.user);
  if (!username) return undefined;
  let groups: string[] = [];
  try {
    const parsed = JSON.parse(headers.get(IDENTITY_HEADERS.groups) ?? "[]");
    if (Array.isArray(parsed)) groups = parsed.map(String);
  } catch {
    groups = [];
  }
  return { username, groups };
}
