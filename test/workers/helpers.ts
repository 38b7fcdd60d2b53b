import { env, SELF } from "cloudflare:test";

export const TOKEN = "test-token";
export const BASE = "https://edgeplane.test/clusters/demo";

export interface KubeResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request to the demo cluster through the Worker, authenticated with the development token. */
export async function kube<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<KubeResponse<T>> {
  const init: RequestInit = {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
  };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await SELF.fetch(`${BASE}${path}`, init);
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text (health checks)
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Reads a whole watch stream (the server closes it at timeoutSeconds) into its events. */
export async function watchEvents(path: string, headers: Record<string, string> = {}): Promise<any[]> {
  const res = await SELF.fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } });
  const text = await res.text();
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

export function configMap(
  name: string,
  data: Record<string, string> = { k: "v" },
  extra: Record<string, unknown> = {},
) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...extra }, data };
}

/** JSON calls to another cluster of the Worker (created on first use in development), e.g. its clock API. */
export function clusterClient(cluster: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await SELF.fetch(`https://edgeplane.test/clusters/${cluster}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

/**
 * The Durable Object of one of the local tenant's clusters (created on first use in development). Clusters
 * are named in D1 by a fresh id per creation, so tests find the object through the directory.
 */
export async function clusterStub(cluster = "demo") {
  const res = await SELF.fetch(`https://edgeplane.test/clusters/${cluster}/version`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  await res.text();
  const row = await env.DB.prepare("SELECT id FROM clusters WHERE tenant_id = 'local' AND name = ?")
    .bind(cluster)
    .first<{ id: string }>();
  if (!row) throw new Error(`cluster ${cluster} was not created`);
  return env.CLUSTERS.get(env.CLUSTERS.idFromName(row.id));
}
