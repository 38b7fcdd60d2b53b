/** D1 schema (drizzle). Mirrors migrations/*.sql, which are the source of truth for the database. */
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  displayName: text("display_name").notNull(),
  createdAt: text("created_at").notNull(),
  maxClusters: integer("max_clusters"),
  maxObjectsPerCluster: integer("max_objects_per_cluster"),
  requestsPerSecond: integer("requests_per_second"),
});

export const members = sqliteTable(
  "members",
  {
    tenantId: text("tenant_id").notNull(),
    subject: text("subject").notNull(),
    role: text("role").notNull(),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.subject] })],
);

export const apiTokens = sqliteTable("api_tokens", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  displayPrefix: text("display_prefix").notNull(),
  role: text("role").notNull(),
  /** Who the token acts as inside clusters (kubeconfig tokens: their creator); null = `token:<name>`. */
  subject: text("subject"),
  /** JSON array of cluster names; null = every cluster of the tenant. */
  clusters: text("clusters"),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at"),
  revokedAt: text("revoked_at"),
  lastUsedAt: text("last_used_at"),
});

export const clusters = sqliteTable(
  "clusters",
  {
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    /** Names the cluster's Durable Object: a fresh UUID per creation. */
    id: text("id").notNull().unique(),
    kubernetesVersion: text("kubernetes_version").notNull(),
    /** JSON ClusterSpec (node template, clock mode, ttl). */
    spec: text("spec").notNull(),
    sourceSnapshotId: text("source_snapshot_id"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

export const snapshots = sqliteTable("snapshots", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  name: text("name").notNull(),
  sourceCluster: text("source_cluster").notNull(),
  kubernetesVersion: text("kubernetes_version").notNull(),
  objectCount: integer("object_count").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  createdAt: text("created_at").notNull(),
});

export const auditEvents = sqliteTable("audit_events", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  clusterId: text("cluster_id").notNull(),
  auditId: text("audit_id").notNull(),
  stage: text("stage").notNull(),
  verb: text("verb").notNull(),
  username: text("username").notNull(),
  /** The whole audit.k8s.io/v1 Event as JSON. */
  event: text("event").notNull(),
  resource: text("resource"),
  namespace: text("namespace"),
  name: text("name"),
  code: integer("code").notNull(),
  /** Epoch milliseconds. */
  requestReceivedAt: integer("request_received_at").notNull(),
});

export const metricSamples = sqliteTable(
  "metric_samples",
  {
    clusterId: text("cluster_id").notNull(),
    series: text("series").notNull(),
    labels: text("labels").notNull(),
    /** Epoch milliseconds (wall clock). */
    ts: integer("ts").notNull(),
    value: real("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.series, t.labels, t.ts] })],
);

export const webhooks = sqliteTable("webhooks", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  name: text("name").notNull(),
  style: text("style").notNull(),
  secret: text("secret").notNull(),
  targetCluster: text("target_cluster"),
  config: text("config").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
});

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    webhookId: text("webhook_id").notNull(),
    deliveryId: text("delivery_id").notNull(),
    receivedAt: text("received_at").notNull(),
    status: text("status").notNull(),
    report: text("report"),
  },
  (t) => [primaryKey({ columns: [t.webhookId, t.deliveryId] })],
);

export type TenantRow = typeof tenants.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type ClusterRow = typeof clusters.$inferSelect;
export type SnapshotRow = typeof snapshots.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
