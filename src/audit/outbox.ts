/**
 * The cluster's audit outbox: audit events wait in the Durable Object's own SQLite until a flush moves them
 * to D1 in bulk. The request path only pays for one local insert (synchronous, no network, committed with
 * the request's other writes), so audit never slows a request and survives the object being evicted before
 * the flush. Flushing is at-least-once: rows leave the outbox only after D1 has them, and D1's unique
 * (cluster_id, audit_id) index turns a repeated flush after a crash into a no-op.
 */
import { jsonChunks, runBatch } from "../metrics-history/d1-rows";
import { AUDIT_FLUSH_BATCH } from "../metrics-history/policy";
import { toAuditEvent } from "./event";
import { type AuditRecord, shouldAudit } from "./record";

const SCHEMA = `CREATE TABLE IF NOT EXISTS audit_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id TEXT NOT NULL,
  verb TEXT NOT NULL,
  username TEXT NOT NULL,
  resource TEXT,
  namespace TEXT,
  name TEXT,
  code INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  event TEXT NOT NULL
)`;

/** The row shape each element of the flush's JSON parameter has (see INSERT_EVENTS). */
interface OutboxRow {
  id: number;
  audit_id: string;
  verb: string;
  username: string;
  resource: string | null;
  namespace: string | null;
  name: string | null;
  code: number;
  received_at: number;
  event: string;
}

/** Unpacks a JSON array of OutboxRow in order, so D1's seq follows the order requests completed in. */
const INSERT_EVENTS = `INSERT OR IGNORE INTO audit_events
  (cluster_id, audit_id, stage, verb, username, event, resource, namespace, name, code, request_received_at)
SELECT ?1, json_extract(value, '$.audit_id'), 'ResponseComplete', json_extract(value, '$.verb'),
  json_extract(value, '$.username'), json_extract(value, '$.event'), json_extract(value, '$.resource'),
  json_extract(value, '$.namespace'), json_extract(value, '$.name'), json_extract(value, '$.code'),
  json_extract(value, '$.received_at')
FROM json_each(?2) ORDER BY key`;

export class AuditOutbox {
  private inflight: Promise<number> | undefined;
  /** Rows waiting, kept in memory: asked on every request and alarm, so no COUNT(*) each time. */
  private waiting: number;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    this.waiting = this.count();
  }

  private count(): number {
    return Number(this.sql.exec("SELECT COUNT(*) AS n FROM audit_outbox").one().n);
  }

  /**
   * Queues the request's audit event if the audit policy wants it (every mutating and every denied request);
   * true when queued. The event is built here, so only its metadata (never a body) is ever stored.
   */
  append(record: AuditRecord): boolean {
    if (!shouldAudit(record)) return false;
    const ev = toAuditEvent(record);
    const ref = ev.objectRef;
    this.sql.exec(
      "INSERT INTO audit_outbox (audit_id, verb, username, resource, namespace, name, code, received_at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ev.auditID,
      ev.verb,
      ev.user.username ?? "",
      ref?.resource ?? null,
      ref?.namespace ?? null,
      ref?.name ?? null,
      ev.responseStatus.code,
      record.requestReceivedTimestamp,
      JSON.stringify(ev),
    );
    this.waiting++;
    return true;
  }

  /** How many events wait for a flush. */
  pending(): number {
    return this.waiting;
  }

  /**
   * Moves up to `max` of the oldest queued events to D1 (one batch), then drops them from the outbox;
   * returns how many moved. A flush already running is joined rather than raced.
   */
  flush(db: D1Database, clusterId: string, max = AUDIT_FLUSH_BATCH): Promise<number> {
    if (!this.inflight) {
      this.inflight = this.flushOnce(db, clusterId, max).finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async flushOnce(db: D1Database, clusterId: string, max: number): Promise<number> {
    const rows = this.sql
      .exec("SELECT * FROM audit_outbox ORDER BY id LIMIT ?", Math.max(1, Math.floor(max)))
      .toArray() as unknown as OutboxRow[];
    if (!rows.length) return 0;
    await runBatch(
      db,
      jsonChunks(rows).map((chunk) => db.prepare(INSERT_EVENTS).bind(clusterId, chunk)),
    );
    // Appends made while D1 was busy have higher ids and stay queued.
    this.sql.exec("DELETE FROM audit_outbox WHERE id <= ?", rows[rows.length - 1].id);
    // Recounted (flushes are rare): whatever else wrote the table meanwhile, the count is right again.
    this.waiting = this.count();
    return rows.length;
  }
}
