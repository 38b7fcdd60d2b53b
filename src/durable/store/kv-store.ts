/**
 * An etcd-like key/value store over a Durable Object's SQLite, shaped like kine.
 *
 * - One cluster-wide revision counter; every write gets the next revision, which becomes the object's
 *   metadata.resourceVersion.
 * - Writes are compare-and-swap on the key's current revision. A Durable Object runs one request at a time
 *   between awaits and SQL here is synchronous, so read-check-write cannot interleave; the CAS still guards
 *   against callers holding stale state.
 * - History (`log`) is append-only until compaction, which keeps the newest row of every live key plus a
 *   window of recent revisions. Reads and watches older than the compacted revision fail with `Compacted`.
 * - Listeners are told about committed changes only, in revision order, after the transaction commits.
 */
import type { KObject } from "../../kube/object";
import { createSchema } from "./schema";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";
const EVENT_CODES: Record<EventType, number> = { ADDED: 0, MODIFIED: 1, DELETED: 2 };
const EVENT_NAMES: EventType[] = ["ADDED", "MODIFIED", "DELETED"];

export interface StoredObject {
  rev: number;
  object: KObject;
}

/** A committed change, as watches see it. `prev` is the key's previous value when known. */
export interface Change {
  rev: number;
  key: string;
  type: EventType;
  object: KObject;
  prev?: KObject;
}

export class StoreError extends Error {
  constructor(
    readonly code: "Exists" | "NotFound" | "Conflict" | "Compacted" | "TooManyObjects",
    message: string,
  ) {
    super(message);
  }
}

export interface KeyRange {
  /** Inclusive start of the key range (a prefix). */
  start: string;
  /** Exclusive end of the key range. */
  end: string;
}

/** The key range holding every key that starts with `prefix`. */
export function prefixRange(prefix: string): KeyRange {
  // The successor of a prefix: bump its last character. Keys are ASCII paths, so this is safe.
  const last = prefix.charCodeAt(prefix.length - 1);
  return { start: prefix, end: prefix.slice(0, -1) + String.fromCharCode(last + 1) };
}

export interface KvStoreOptions {
  maxObjects: number;
  /** Revisions of history to keep behind the head for watches and paginated lists. */
  historyWindow: number;
}

type Row = Record<string, SqlStorageValue>;

export class KvStore {
  private listeners = new Set<(changes: Change[]) => void>();
  private pending: Change[] = [];
  private inTxn = 0;
  private headRev: number;
  private compacted: number;
  private objectCount: number;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly opts: KvStoreOptions,
  ) {
    createSchema(this.sql);
    this.headRev = Number(this.meta("rev"));
    this.compacted = Number(this.meta("compact_rev"));
    this.objectCount = Number(this.meta("object_count"));
  }

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** The tenant's object limit can change after construction (it arrives with the cluster's creation). */
  setMaxObjects(n: number): void {
    this.opts.maxObjects = n;
  }

  /** Cluster-level settings kept beside the data (e.g. the cluster's name). */
  getSetting(key: string): string | undefined {
    const row = this.sql.exec("SELECT value FROM meta WHERE key = ?", `setting:${key}`).toArray()[0];
    return row ? String(row.value) : undefined;
  }

  setSetting(key: string, value: string): void {
    this.setMeta(`setting:${key}`, value);
  }

  private meta(key: string): string {
    const row = this.sql.exec("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? String(row.value) : "0";
  }

  private setMeta(key: string, value: string | number): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, String(value));
  }

  /** The newest committed revision. */
  revision(): number {
    return this.headRev;
  }

  /** Revisions at or below this one are no longer readable as history. */
  compactedRevision(): number {
    return this.compacted;
  }

  count(): number {
    return this.objectCount;
  }

  subscribe(fn: (changes: Change[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Runs `fn` atomically: either every write in it commits (and listeners hear about them, in order) or none
   * does. Nested calls join the outer transaction.
   */
  transaction<T>(fn: () => T): T {
    if (this.inTxn > 0) return fn();
    const saved = { rev: this.headRev, count: this.objectCount };
    this.inTxn++;
    let result: T;
    try {
      result = this.storage.transactionSync(() => {
        const r = fn();
        this.setMeta("rev", this.headRev);
        this.setMeta("object_count", this.objectCount);
        return r;
      });
    } catch (e) {
      this.headRev = saved.rev;
      this.objectCount = saved.count;
      this.pending = [];
      throw e;
    } finally {
      this.inTxn--;
    }
    const changes = this.pending;
    this.pending = [];
    if (changes.length > 0) {
      for (const l of [...this.listeners]) l(changes);
      this.maybeCompact();
    }
    return result;
  }

  get(key: string): StoredObject | undefined {
    const row = this.sql.exec("SELECT rev, value FROM objects WHERE key = ?", key).toArray()[0];
    if (!row) return undefined;
    return { rev: Number(row.rev), object: JSON.parse(String(row.value)) };
  }

  /**
   * Lists live objects in `range` with keys after `afterKey`, in key order, at the head revision
   * (`atRev` undefined) or as of an older revision (a consistent snapshot for paginated lists).
   * Returns at most `limit` items and whether more remain.
   */
  list(
    range: KeyRange,
    opts: { afterKey?: string; limit?: number; atRev?: number } = {},
  ): { items: StoredObject[]; more: boolean; rev: number } {
    const start = opts.afterKey && opts.afterKey >= range.start ? opts.afterKey : undefined;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const fetch = limit > 0 ? limit + 1 : -1;
    let rows: Row[];
    if (opts.atRev === undefined || opts.atRev >= this.headRev) {
      rows = start
        ? this.sql
            .exec(
              "SELECT rev, value FROM objects WHERE key > ? AND key < ? ORDER BY key LIMIT ?",
              start,
              range.end,
              fetch,
            )
            .toArray()
        : this.sql
            .exec(
              "SELECT rev, value FROM objects WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
              range.start,
              range.end,
              fetch,
            )
            .toArray();
    } else {
      if (opts.atRev < this.compacted) {
        throw new StoreError("Compacted", `revision ${opts.atRev} has been compacted`);
      }
      // Newest row of each key at or below the snapshot revision; deleted keys drop out.
      rows = this.sql
        .exec(
          `SELECT l.rev AS rev, l.value AS value FROM log l
           JOIN (SELECT key, MAX(rev) AS mrev FROM log
                 WHERE key ${start ? ">" : ">="} ? AND key < ? AND rev <= ? GROUP BY key) m
             ON l.rev = m.mrev
           WHERE l.event != 2 ORDER BY l.key LIMIT ?`,
          start ?? range.start,
          range.end,
          opts.atRev,
          fetch,
        )
        .toArray();
    }
    const more = limit > 0 && rows.length > limit;
    if (more) rows = rows.slice(0, limit);
    return {
      items: rows.map((r) => ({ rev: Number(r.rev), object: JSON.parse(String(r.value)) })),
      more,
      rev: opts.atRev ?? this.headRev,
    };
  }

  /** Counts live objects in a range at the head revision (for remainingItemCount). */
  countRange(range: KeyRange, afterKey?: string): number {
    const row = afterKey
      ? this.sql.exec("SELECT COUNT(*) AS n FROM objects WHERE key > ? AND key < ?", afterKey, range.end).one()
      : this.sql.exec("SELECT COUNT(*) AS n FROM objects WHERE key >= ? AND key < ?", range.start, range.end).one();
    return Number(row.n);
  }

  create(key: string, object: KObject): KObject {
    return this.transaction(() => {
      if (this.get(key)) throw new StoreError("Exists", `key ${key} exists`);
      if (this.objectCount >= this.opts.maxObjects) {
        throw new StoreError(
          "TooManyObjects",
          `this cluster already holds ${this.objectCount} objects, the most it may store (${this.opts.maxObjects}); delete some objects first`,
        );
      }
      this.objectCount++;
      return this.append(key, "ADDED", object, 0, undefined);
    });
  }

  /** Replaces the value of an existing key if its current revision is `expectRev` (when given). */
  update(key: string, object: KObject, expectRev?: number): KObject {
    return this.transaction(() => {
      const cur = this.get(key);
      if (!cur) throw new StoreError("NotFound", `key ${key} not found`);
      if (expectRev !== undefined && cur.rev !== expectRev) {
        throw new StoreError("Conflict", `key ${key} is at revision ${cur.rev}, not ${expectRev}`);
      }
      return this.append(key, "MODIFIED", object, cur.rev, cur.object);
    });
  }

  /** Removes a key; the DELETED event carries `last` (default: the current value) at the new revision. */
  delete(key: string, expectRev?: number, last?: KObject): KObject {
    return this.transaction(() => {
      const cur = this.get(key);
      if (!cur) throw new StoreError("NotFound", `key ${key} not found`);
      if (expectRev !== undefined && cur.rev !== expectRev) {
        throw new StoreError("Conflict", `key ${key} is at revision ${cur.rev}, not ${expectRev}`);
      }
      this.objectCount--;
      return this.append(key, "DELETED", last ?? cur.object, cur.rev, cur.object);
    });
  }

  private append(key: string, type: EventType, object: KObject, prevRev: number, prev: KObject | undefined): KObject {
    const rev = this.headRev + 1;
    const stored: KObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(rev) } };
    const json = JSON.stringify(stored);
    this.sql.exec(
      "INSERT INTO log (rev, key, event, prev_rev, value) VALUES (?, ?, ?, ?, ?)",
      rev,
      key,
      EVENT_CODES[type],
      prevRev,
      json,
    );
    if (type === "DELETED") this.sql.exec("DELETE FROM objects WHERE key = ?", key);
    else this.sql.exec("INSERT OR REPLACE INTO objects (key, rev, value) VALUES (?, ?, ?)", key, rev, json);
    this.headRev = rev;
    this.pending.push({ rev, key, type, object: stored, prev });
    return stored;
  }

  /** A read-only query over the live objects table (controllers' indexes, e.g. owner lookups). */
  rawQuery(query: string, ...params: SqlStorageValue[]): Row[] {
    return this.sql.exec(query, ...params).toArray();
  }

  /**
   * Changes after `rev` within `range`, in revision order (at most `limit`). Throws `Compacted` when the
   * history needed to continue from `rev` is gone, so watchers get 410 Gone instead of a silent gap.
   */
  changesSince(rev: number, range: KeyRange, limit = 1000): Change[] {
    if (rev < this.compacted) throw new StoreError("Compacted", `revision ${rev} has been compacted`);
    const rows = this.sql
      .exec(
        `SELECT l.rev, l.key, l.event, l.value, p.value AS prev FROM log l
         LEFT JOIN log p ON p.rev = l.prev_rev
         WHERE l.rev > ? AND l.key >= ? AND l.key < ? ORDER BY l.rev LIMIT ?`,
        rev,
        range.start,
        range.end,
        limit,
      )
      .toArray();
    return rows.map((r) => ({
      rev: Number(r.rev),
      key: String(r.key),
      type: EVENT_NAMES[Number(r.event)],
      object: JSON.parse(String(r.value)),
      prev: r.prev == null ? undefined : JSON.parse(String(r.prev)),
    }));
  }

  /**
   * Drops history at or below `upTo` that no reader at a revision >= `upTo` can need: rows superseded by a
   * newer row of the same key (at or below `upTo`) and tombstones. Reads below `upTo` then answer Compacted.
   */
  compact(upTo: number): number {
    if (upTo <= this.compacted) return 0;
    const target = Math.min(upTo, this.headRev);
    const before = this.sql.exec("SELECT COUNT(*) AS n FROM log").one().n as number;
    this.storage.transactionSync(() => {
      this.sql.exec(
        `DELETE FROM log WHERE rev <= ? AND (event = 2 OR EXISTS (
           SELECT 1 FROM log n WHERE n.key = log.key AND n.rev > log.rev AND n.rev <= ?))`,
        target,
        target,
      );
      this.setMeta("compact_rev", target);
    });
    this.compacted = target;
    const after = this.sql.exec("SELECT COUNT(*) AS n FROM log").one().n as number;
    return before - after;
  }

  /** Compacts when history has grown past the window (called after writes; cheap when nothing to do). */
  maybeCompact(): void {
    const window = this.opts.historyWindow;
    if (this.headRev - this.compacted > window * 2) this.compact(this.headRev - window);
  }
}
