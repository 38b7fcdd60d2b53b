/**
 * The tenant API's OpenAPI 3.1 description (served at /v1/openapi.json) and a small page rendering it
 * (/v1/docs). Written by hand beside the routes: one table of operations drives both.
 */

interface Op {
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  role: "viewer" | "developer" | "admin" | "public";
  body?: Record<string, unknown>;
  query?: string[];
  responses?: Record<string, string>;
}

const nodeTemplate = {
  type: "object",
  properties: {
    count: {
      type: "integer",
      minimum: 0,
      maximum: 50,
      description: "worker nodes (a control-plane node always exists)",
    },
    capacity: {
      type: "object",
      properties: {
        cpu: { type: "string" },
        memory: { type: "string" },
        pods: { type: "string" },
        "ephemeral-storage": { type: "string" },
      },
    },
    labels: { type: "object", additionalProperties: { type: "string" } },
    taints: {
      type: "array",
      items: {
        type: "object",
        required: ["key", "effect"],
        properties: {
          key: { type: "string" },
          value: { type: "string" },
          effect: { enum: ["NoSchedule", "PreferNoSchedule", "NoExecute"] },
        },
      },
    },
  },
};

const OPS: Op[] = [
  { method: "get", path: "/whoami", summary: "The caller: tenant, subject, role, groups", role: "viewer" },
  { method: "get", path: "/tenant", summary: "The tenant, its limits and usage", role: "viewer" },
  { method: "get", path: "/clusters", summary: "List clusters", role: "viewer", query: ["limit", "continue"] },
  {
    method: "post",
    path: "/clusters",
    summary: "Create a cluster (fresh, or from a snapshot)",
    role: "developer",
    body: {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", description: "RFC 1123 label" },
        kubernetesVersion: { enum: ["1.30", "1.31", "1.32"], default: "1.32" },
        nodes: nodeTemplate,
        clock: { enum: ["real", "virtual"], default: "real" },
        ttl: { type: "string", description: 'sandbox lifetime, a Go duration such as "2h"' },
        ttlSeconds: { type: "integer" },
        fromSnapshot: { type: "string", description: "name of one of the tenant's snapshots" },
      },
    },
    responses: { "201": "created", "403": "over the tenant's cluster limit", "409": "name taken", "422": "invalid" },
  },
  { method: "get", path: "/clusters/{name}", summary: "A cluster, with node and pod counts", role: "viewer" },
  { method: "delete", path: "/clusters/{name}", summary: "Delete a cluster and all its state", role: "developer" },
  {
    method: "get",
    path: "/clusters/{name}/kubeconfig",
    summary: "A kubeconfig for the cluster (mints a scoped API token with the caller's role)",
    role: "viewer",
  },
  {
    method: "post",
    path: "/clusters/{name}/snapshots",
    summary: "Snapshot the cluster's state",
    role: "developer",
    body: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
  },
  {
    method: "post",
    path: "/clusters/{name}/reset",
    summary: "Reset the cluster to its source snapshot (or a named one)",
    role: "developer",
    body: { type: "object", properties: { snapshot: { type: "string" } } },
  },
  {
    method: "get",
    path: "/clusters/{name}/audit",
    summary: "Audit events (audit.k8s.io/v1 EventList), oldest first",
    role: "admin",
    query: ["user", "verb", "resource", "namespace", "since", "until", "limit", "continue"],
  },
  {
    method: "get",
    path: "/clusters/{name}/metrics",
    summary: "A metrics series over time (without ?series: the list of series)",
    role: "viewer",
    query: ["series", "labels", "from", "to", "step"],
  },
  { method: "get", path: "/snapshots", summary: "List snapshots", role: "viewer" },
  { method: "get", path: "/snapshots/{snapshot}", summary: "A snapshot", role: "viewer" },
  { method: "delete", path: "/snapshots/{snapshot}", summary: "Delete a snapshot", role: "developer" },
  { method: "get", path: "/tokens", summary: "List API tokens", role: "admin" },
  {
    method: "post",
    path: "/tokens",
    summary: "Create an API token (the secret is in this response only)",
    role: "admin",
    body: {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string" },
        role: { enum: ["owner", "admin", "developer", "viewer"], default: "developer" },
        clusters: { oneOf: [{ const: "*" }, { type: "array", items: { type: "string" } }] },
        expiresIn: { type: "string", description: 'Go duration, e.g. "720h"' },
      },
    },
  },
  { method: "delete", path: "/tokens/{id}", summary: "Revoke an API token", role: "admin" },
  { method: "get", path: "/members", summary: "List members", role: "viewer" },
  {
    method: "put",
    path: "/members/{subject}",
    summary: "Set a member's role, or disable them",
    role: "admin",
    body: {
      type: "object",
      required: ["role"],
      properties: { role: { enum: ["owner", "admin", "developer", "viewer"] }, disabled: { type: "boolean" } },
    },
  },
  { method: "delete", path: "/members/{subject}", summary: "Remove a member record", role: "admin" },
  { method: "get", path: "/webhooks", summary: "List CI webhooks", role: "admin" },
  {
    method: "post",
    path: "/webhooks",
    summary: "Register a CI webhook (the secret is in this response only)",
    role: "admin",
    body: {
      type: "object",
      required: ["name", "style"],
      properties: {
        name: { type: "string" },
        style: { enum: ["github", "gitlab", "generic"] },
        secret: { type: "string", description: "generated when omitted" },
        cluster: { type: "string", description: "target cluster; omit for a fresh cluster per run / pull request" },
        role: { enum: ["admin", "developer"], default: "developer" },
        callbackUrl: { type: "string", format: "uri" },
        freshClusterTtl: { type: "string", default: "1h" },
      },
    },
  },
  { method: "get", path: "/webhooks/{id}", summary: "A webhook", role: "admin" },
  { method: "delete", path: "/webhooks/{id}", summary: "Delete a webhook", role: "admin" },
  { method: "get", path: "/webhooks/{id}/deliveries", summary: "Recent deliveries and their reports", role: "admin" },
  {
    method: "post",
    path: "/hooks/{id}",
    summary:
      "Deliver a CI event (GitHub X-Hub-Signature-256, GitLab X-Gitlab-Token, or X-Edgeplane-Signature t=,v1=); answers the JSON report",
    role: "public",
  },
];

export function openapiDocument(origin: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const params = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...(op.query ?? []).map((q) => ({ name: q, in: "query", schema: { type: "string" } })),
    ];
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      summary: op.summary,
      description: op.role === "public" ? "No bearer token." : `Needs the tenant role "${op.role}" or higher.`,
      ...(op.role === "public" ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
      responses: {
        ...Object.fromEntries(Object.entries(op.responses ?? { "200": "OK" }).map(([k, v]) => [k, { description: v }])),
        default: {
          description: "a Kubernetes Status",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Status" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "edgeplane tenant API",
      version: "1",
      description:
        "Kubernetes clusters as a service. Authenticate with `Authorization: Bearer <tenant JWT | ept_ API token>`. Each cluster's Kubernetes API is at /clusters/{name}.",
    },
    servers: [{ url: `${origin}/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Status: {
          type: "object",
          properties: {
            kind: { const: "Status" },
            apiVersion: { const: "v1" },
            status: { const: "Failure" },
            message: { type: "string" },
            reason: { type: "string" },
            code: { type: "integer" },
          },
        },
      },
    },
    paths,
  };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function docsPage(): string {
  const rows = OPS.map(
    (o) =>
      `<tr><td><code>${o.method.toUpperCase()}</code></td><td><code>/v1${esc(o.path)}</code></td><td>${esc(o.summary)}</td><td>${o.role}</td></tr>`,
  ).join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>edgeplane tenant API</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:70rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><h1>edgeplane tenant API</h1>
<p>JSON over HTTPS. Send <code>Authorization: Bearer &lt;token&gt;</code> (a tenant JWT or an <code>ept_</code> API token).
Errors are Kubernetes <code>Status</code> objects. Machine-readable description: <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
<table><tr><th>Method</th><th>Path</th><th>What</th><th>Role</th></tr>
${rows}
</table></body></html>`;
}
