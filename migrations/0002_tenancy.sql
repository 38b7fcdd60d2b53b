-- Tenancy (issue 5): tenants, their members and API tokens; clusters become per tenant (a cluster's Durable
-- Object is named by its `id`, a fresh UUID per creation, so a re-created name never sees old state);
-- snapshots (bodies in R2), audit events and metric samples (batched in from the clusters), CI webhooks.
CREATE TABLE tenants (
  id TEXT PRIMARY KEY NOT NULL,
  display_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- NULL limits mean "the deployment's default" (env DEFAULT_*).
  max_clusters INTEGER,
  max_objects_per_cluster INTEGER,
  requests_per_second INTEGER
);

CREATE TABLE members (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  role TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  PRIMARY KEY (tenant_id, subject)
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  display_prefix TEXT NOT NULL,
  role TEXT NOT NULL,
  -- Who the token acts as inside clusters: its creator for kubeconfig tokens; NULL = "token:<name>".
  subject TEXT,
  -- JSON array of cluster names, or NULL for every cluster of the tenant.
  clusters TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX api_tokens_tenant ON api_tokens(tenant_id);

DROP TABLE clusters;
CREATE TABLE clusters (
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  kubernetes_version TEXT NOT NULL,
  -- JSON: the node template and clock mode the cluster was created with.
  spec TEXT NOT NULL,
  source_snapshot_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  PRIMARY KEY (tenant_id, name)
);
CREATE INDEX clusters_expires ON clusters(expires_at);

CREATE TABLE snapshots (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  source_cluster TEXT NOT NULL,
  kubernetes_version TEXT NOT NULL,
  object_count INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  cluster_id TEXT NOT NULL,
  audit_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  verb TEXT NOT NULL,
  username TEXT NOT NULL,
  -- The whole audit.k8s.io/v1 Event (never a request or response body).
  event TEXT NOT NULL,
  resource TEXT,
  namespace TEXT,
  name TEXT,
  code INTEGER NOT NULL,
  request_received_at INTEGER NOT NULL
);
CREATE INDEX audit_events_cluster_time ON audit_events(cluster_id, request_received_at);
CREATE UNIQUE INDEX audit_events_audit_id ON audit_events(cluster_id, audit_id);

CREATE TABLE metric_samples (
  cluster_id TEXT NOT NULL,
  series TEXT NOT NULL,
  -- Canonical label string, e.g. "namespace=default,pod=web-0"; "" for cluster-wide series.
  labels TEXT NOT NULL,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (cluster_id, series, labels, ts)
);
CREATE INDEX metric_samples_time ON metric_samples(cluster_id, ts);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  style TEXT NOT NULL,
  -- Needed in clear to check HMACs; never returned after creation, never logged.
  secret TEXT NOT NULL,
  -- A cluster name, or NULL for a fresh (ephemeral) cluster per run / per pull request.
  target_cluster TEXT,
  -- JSON: the role deliveries act with, the actions, the callback URL and wait settings.
  config TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE webhook_deliveries (
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  delivery_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  status TEXT NOT NULL,
  report TEXT,
  PRIMARY KEY (webhook_id, delivery_id)
);
