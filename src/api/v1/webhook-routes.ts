/**
 * CI webhooks. Tenant admins register them under /v1/webhooks (the secret is shown once); CI systems deliver
 * to /v1/hooks/<id>, authenticated by the delivery's signature rather than a bearer token.
 *
 * A delivery is verified (signature, timestamp window), deduplicated by its delivery id (a redelivery gets the
 * stored report and changes nothing), interpreted (apply a bundle, open/close a pull request's cluster, ping),
 * run against the target cluster — the webhook's cluster, or a fresh one per run / per pull request — and
 * answered with a JSON report. A delivery still waiting for rollouts after RESPOND_WITHIN_MS is answered 202
 * and finishes in the background; its report is stored and, if configured, POSTed to the callback URL.
 */
import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AuthEnv } from "../../auth/authenticate";
import { type Principal, ROLE_GROUPS } from "../../auth/principal";
import { base64url } from "../../auth/secret-bytes";
import { DEFAULT_CLUSTER_SPEC } from "../../cluster/spec";
import { type WebhookRow, webhookDeliveries, webhooks } from "../../db/schema";
import type { Env } from "../../env";
import { parseGoDuration } from "../../kube/duration";
import { badRequest, StatusError } from "../../kube/errors";
import { interpretPayload, MAX_PAYLOAD_BYTES, type WebhookIntent, WebhookPayloadError } from "../../webhooks/payload";
import { buildReport, type ReportInput, type WebhookReport } from "../../webhooks/report";
import { signGeneric, verifyDelivery, type WebhookStyle } from "../../webhooks/signatures";
import { CLUSTER_NAME, createCluster, deleteCluster, stubFor } from "../clusters";
import { enforceRate } from "../rate-limit";
import { db, getCluster } from "../tenant-store";
import { optionalString, readJson, requireRole, type V1Context } from "./common";

/** GitHub gives up on a delivery after 10 s: answer before that, finishing longer waits in the background. */
const RESPOND_WITHIN_MS = 8_000;
const DEFAULT_FRESH_TTL = "24h";

interface WebhookConfig {
  role: "admin" | "developer";
  callbackUrl?: string;
  freshClusterTtlSeconds: number;
}

const configOf = (w: WebhookRow) => JSON.parse(w.config) as WebhookConfig;

function view(c: V1Context, w: WebhookRow): Record<string, unknown> {
  const cfg = configOf(w);
  return {
    id: w.id,
    name: w.name,
    style: w.style,
    url: `${new URL(c.req.url).origin}/v1/hooks/${w.id}`,
    cluster: w.targetCluster,
    freshCluster: w.targetCluster === null,
    role: cfg.role,
    callbackUrl: cfg.callbackUrl ?? null,
    freshClusterTtlSeconds: cfg.freshClusterTtlSeconds,
    createdBy: w.createdBy,
    createdAt: w.createdAt,
  };
}

async function tenantWebhook(env: Env, tenant: string, id: string): Promise<WebhookRow> {
  const w = (
    await db(env)
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.tenantId, tenant), eq(webhooks.id, id)))
      .limit(1)
  )[0];
  if (!w) throw new StatusError(404, "NotFound", `webhooks.edgeplane.dev "${id}" not found`);
  return w;
}

export function webhookRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.get("/", async (c) => {
    const p = requireRole(c, "admin", "list webhooks");
    const rows = await db(c.env).select().from(webhooks).where(eq(webhooks.tenantId, p.tenant));
    return c.json({ items: rows.map((w) => view(c, w)) });
  });

  r.post("/", async (c) => {
    const p = requireRole(c, "admin", "register webhooks");
    const body = await readJson(c);
    const name = optionalString(body, "name") ?? "";
    if (!CLUSTER_NAME.test(name)) throw badRequest("name is required: a lowercase RFC 1123 label");
    const style = body.style;
    if (style !== "github" && style !== "gitlab" && style !== "generic") {
      throw badRequest('style must be "github", "gitlab" or "generic"');
    }
    let secret = optionalString(body, "secret");
    if (secret !== undefined && (secret.length < 16 || secret.length > 256)) {
      throw badRequest("secret must be 16 to 256 characters (or omitted: one is generated)");
    }
    secret ??= randomSecret();
    const cluster = optionalString(body, "cluster") ?? null;
    if (cluster !== null) {
      if (!CLUSTER_NAME.test(cluster) || !(await getCluster(c.env, p.tenant, cluster))) {
        throw new StatusError(404, "NotFound", `clusters.edgeplane.dev "${cluster}" not found`);
      }
    }
    const role = body.role ?? "developer";
    if (role !== "admin" && role !== "developer") throw badRequest('role must be "admin" or "developer"');
    if (role === "admin" && p.role !== "owner" && p.role !== "admin") throw badRequest("role exceeds your own");
    const callbackUrl = optionalString(body, "callbackUrl");
    if (callbackUrl !== undefined) {
      let u: URL;
      try {
        u = new URL(callbackUrl);
      } catch {
        throw badRequest("callbackUrl must be an absolute https URL");
      }
      if (u.protocol !== "https:" && !(c.env.EDGEPLANE_DEV === "1" && u.protocol === "http:")) {
        throw badRequest("callbackUrl must be an absolute https URL");
      }
    }
    const ttlText = optionalString(body, "freshClusterTtl") ?? DEFAULT_FRESH_TTL;
    const ttlMs = parseGoDuration(ttlText);
    if (ttlMs === undefined || ttlMs < 60_000 || ttlMs > 30 * 86_400_000) {
      throw badRequest("freshClusterTtl must be a duration from 1m to 720h");
    }
    const row: WebhookRow = {
      id: crypto.randomUUID(),
      tenantId: p.tenant,
      name,
      style,
      secret,
      targetCluster: cluster,
      config: JSON.stringify({
        role,
        callbackUrl,
        freshClusterTtlSeconds: Math.round(ttlMs / 1000),
      } satisfies WebhookConfig),
      createdBy: p.subject,
      createdAt: new Date().toISOString(),
    };
    const inserted = await db(c.env).insert(webhooks).values(row).onConflictDoNothing().returning();
    if (inserted.length === 0)
      throw new StatusError(409, "AlreadyExists", `webhooks.edgeplane.dev "${name}" already exists`);
    return c.json({ ...view(c, row), secret }, 201);
  });

  r.get("/:id", async (c) => {
    const p = requireRole(c, "admin", "read webhooks");
    return c.json(view(c, await tenantWebhook(c.env, p.tenant, c.req.param("id"))));
  });

  r.delete("/:id", async (c) => {
    const p = requireRole(c, "admin", "delete webhooks");
    const w = await tenantWebhook(c.env, p.tenant, c.req.param("id"));
    await db(c.env).delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, w.id));
    await db(c.env).delete(webhooks).where(eq(webhooks.id, w.id));
    return c.json({ id: w.id, name: w.name, deleted: true });
  });

  r.get("/:id/deliveries", async (c) => {
    const p = requireRole(c, "admin", "read webhook deliveries");
    const w = await tenantWebhook(c.env, p.tenant, c.req.param("id"));
    const rows = await db(c.env)
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, w.id))
      .orderBy(desc(webhookDeliveries.receivedAt))
      .limit(100);
    return c.json({
      items: rows.map((d) => ({
        delivery: d.deliveryId,
        receivedAt: d.receivedAt,
        status: d.status,
        report: d.report ? JSON.parse(d.report) : null,
      })),
    });
  });

  return r;
}

/** POST /v1/hooks/:id — no bearer token; the signature is the credential. */
export function deliveryRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  r.post("/:id", async (c) => {
    const id = c.req.param("id");
    const w = (await db(c.env).select().from(webhooks).where(eq(webhooks.id, id)).limit(1))[0];
    if (!w) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    // Deliveries count against their tenant's request rate, forged ones included.
    await enforceRate(c.env, w.tenantId);
    if (Number(c.req.header("content-length") ?? "0") > MAX_PAYLOAD_BYTES) {
      throw new StatusError(413, "RequestEntityTooLarge", `the payload is larger than ${MAX_PAYLOAD_BYTES} bytes`);
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > MAX_PAYLOAD_BYTES) {
      throw new StatusError(413, "RequestEntityTooLarge", `the payload is larger than ${MAX_PAYLOAD_BYTES} bytes`);
    }
    const v = await verifyDelivery(w.style as WebhookStyle, c.req.raw.headers, raw, w.secret, Date.now());
    if (!v.ok) throw new StatusError(401, "Unauthorized", `delivery refused: ${v.message}`);

    // Claim the delivery id first: of two concurrent copies only one runs; a redelivery gets the stored answer.
    const receivedAt = new Date().toISOString();
    const claimed = await db(c.env)
      .insert(webhookDeliveries)
      .values({ webhookId: w.id, deliveryId: v.deliveryId, receivedAt, status: "running" })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) {
      const prior = (
        await db(c.env)
          .select()
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.webhookId, w.id), eq(webhookDeliveries.deliveryId, v.deliveryId)))
          .limit(1)
      )[0];
      const headers = { "X-Edgeplane-Redelivery": "true" };
      if (prior?.report) return c.json(JSON.parse(prior.report), 200, headers);
      return c.json({ delivery: v.deliveryId, webhook: w.name, status: prior?.status ?? "running" }, 202, headers);
    }

    let intent: WebhookIntent;
    try {
      intent = interpretPayload(w.style as WebhookStyle, v.event, raw, { contentType: c.req.header("content-type") });
    } catch (e) {
      const msg = e instanceof WebhookPayloadError ? e.message : "the payload could not be read";
      const report = buildReport({
        delivery: v.deliveryId,
        webhook: w.name,
        intent: "apply",
        error: msg,
        startedAt: Date.now(),
        finishedAt: Date.now(),
      });
      await saveReport(c.env, w, v.deliveryId, report);
      throw badRequest(msg);
    }

    const run = runDelivery(c.env, w, v.deliveryId, intent).then(async (report) => {
      await saveReport(c.env, w, v.deliveryId, report);
      const cb = configOf(w).callbackUrl;
      if (cb) await postCallback(cb, w.secret, report);
      return report;
    });
    c.executionCtx.waitUntil(run.catch((e) => console.error("webhook delivery failed", errorText(e))));
    const first = await Promise.race([run, sleep(RESPOND_WITHIN_MS).then(() => undefined)]);
    if (first) return c.json(first, first.status === "failed" ? 422 : 200);
    return c.json(
      {
        delivery: v.deliveryId,
        webhook: w.name,
        status: "running",
        report: `${new URL(c.req.url).origin}/v1/webhooks/${w.id}/deliveries`,
      },
      202,
    );
  });
  return r;
}

async function runDelivery(env: Env, w: WebhookRow, delivery: string, intent: WebhookIntent): Promise<WebhookReport> {
  const startedAt = Date.now();
  const cfg = configOf(w);
  const base = { delivery, webhook: w.name, startedAt };
  const actor: Principal = {
    tenant: w.tenantId,
    subject: `webhook:${w.name}`,
    groups: [],
    role: cfg.role,
    via: "api-token",
    clusters: "*",
  };
  if (intent.kind === "ping" || intent.kind === "ignore") {
    return buildReport({
      ...base,
      intent: intent.kind,
      ignoredReason: intent.kind === "ignore" ? intent.reason : undefined,
      finishedAt: Date.now(),
    });
  }
  // The target: the webhook's own cluster, a pull request's cluster, or a fresh cluster for this run.
  const clusterName =
    w.targetCluster ??
    (intent.ephemeralKey ? `${w.name}-${intent.ephemeralKey}`.slice(0, 63) : `${w.name}-${shortId(delivery)}`);
  try {
    if (intent.kind === "close") {
      const row = w.targetCluster ? undefined : await getCluster(env, w.tenantId, clusterName);
      if (row) await deleteCluster(env, row);
      return buildReport({ ...base, intent: "close", cluster: clusterName, finishedAt: Date.now() });
    }
    let row = await getCluster(env, w.tenantId, clusterName);
    if (!row) {
      if (w.targetCluster) throw new Error(`the webhook's cluster "${clusterName}" no longer exists`);
      // Fresh clusters run on a virtual clock: waiting for a rollout takes cluster seconds, not wall seconds.
      row = await createCluster(env, actor, {
        name: clusterName,
        spec: { ...DEFAULT_CLUSTER_SPEC, clock: "virtual", ttlSeconds: cfg.freshClusterTtlSeconds },
      });
    }
    if (!intent.manifests || intent.manifests.length === 0) {
      return buildReport({ ...base, intent: "apply", cluster: clusterName, finishedAt: Date.now() });
    }
    const result = await stubFor(env, row).deliver({
      objects: intent.manifests,
      namespace: intent.namespace,
      wait: intent.wait,
      timeoutSeconds: intent.timeoutSeconds,
      user: { username: `webhook:${w.name}`, groups: [ROLE_GROUPS[cfg.role], "system:authenticated"] },
    });
    const input: ReportInput = {
      ...base,
      intent: "apply",
      cluster: clusterName,
      applied: result.applied,
      rollouts: result.rollouts,
      events: result.events,
      waited: intent.wait,
      timedOut: result.timedOut,
      timeoutSeconds: intent.timeoutSeconds,
      finishedAt: Date.now(),
    };
    return buildReport(input);
  } catch (e) {
    return buildReport({
      ...base,
      intent: intent.kind,
      cluster: clusterName,
      error: errorText(e),
      finishedAt: Date.now(),
    });
  }
}

async function saveReport(env: Env, w: WebhookRow, delivery: string, report: WebhookReport): Promise<void> {
  await db(env)
    .update(webhookDeliveries)
    .set({ status: report.status, report: JSON.stringify(report) })
    .where(and(eq(webhookDeliveries.webhookId, w.id), eq(webhookDeliveries.deliveryId, delivery)));
}

/** The report, signed like a generic delivery so the receiver can check it came from us. */
async function postCallback(url: string, secret: string, report: WebhookReport): Promise<void> {
  const body = JSON.stringify(report);
  const t = Math.floor(Date.now() / 1000);
  try {
    await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Edgeplane-Signature": await signGeneric(secret, body, t),
        "X-Edgeplane-Delivery": report.delivery,
      },
      body,
    });
  } catch (e) {
    console.error("webhook callback failed", errorText(e));
  }
}

function randomSecret(): string {
  return `whsec_${base64url(crypto.getRandomValues(new Uint8Array(24)))}`;
}

function shortId(delivery: string): string {
  return (
    delivery
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 12) || "run"
  );
}

function errorText(e: unknown): string {
  if (e instanceof StatusError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
