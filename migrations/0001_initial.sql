-- Clusters known to this deployment. Until tenancy lands (issue 5) the Worker registers the demo cluster
-- here on first use; each row names a Durable Object (idFromName(name)) that holds the cluster's state.
CREATE TABLE clusters (
  name TEXT PRIMARY KEY NOT NULL,
  tenant TEXT NOT NULL DEFAULT 'local',
  kubernetes_version TEXT NOT NULL DEFAULT '1.32',
  created_at TEXT NOT NULL
);
