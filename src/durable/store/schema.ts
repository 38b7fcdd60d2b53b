/**
 * SQLite schema of a cluster's Durable Object, created synchronously at construction (cloudflare/agents
 * style) and gated by a stored schema version so later versions can migrate in place.
 *
 * Layout follows kine: `log` is the append-only history whose row id is the revision (= resourceVersion);
 * `objects` is the newest live value per key, kept in the same transaction so gets and latest lists do not
 * scan history. Watches read `log WHERE rev > ? ORDER BY rev`; compaction trims superseded history.
 */

export const SCHEMA_VERSION = 1;

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // event: 0 = ADDED, 1 = MODIFIED, 2 = DELETED. value is the object as of that revision (for DELETED, the
  // last state with the deletion revision as its resourceVersion, like etcd3's watcher reports it).
  `CREATE TABLE IF NOT EXISTS log (
     rev INTEGER PRIMARY KEY,
     key TEXT NOT NULL,
     event INTEGER NOT NULL,
     prev_rev INTEGER NOT NULL DEFAULT 0,
     value TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS log_key_rev ON log(key, rev)`,
  `CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, rev INTEGER NOT NULL, value TEXT NOT NULL)`,
  // Persisted, deduplicated work queue of the controllers: one row per (controller, key), due = when.
  `CREATE TABLE IF NOT EXISTS work_queue (
     controller TEXT NOT NULL,
     key TEXT NOT NULL,
     due INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (controller, key)
   )`,
  `CREATE INDEX IF NOT EXISTS work_queue_due ON work_queue(due)`,
];

export function createSchema(sql: SqlStorage): void {
  for (const s of STATEMENTS) sql.exec(s);
  const row = sql.exec("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  if (!row) {
    sql.exec("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", String(SCHEMA_VERSION));
    sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('rev', '0')");
    sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('compact_rev', '0')");
    sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('object_count', '0')");
  }
}
