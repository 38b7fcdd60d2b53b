/**
 * A Durable Object storage stand-in for plain Node tests: the `sql` and `transactionSync` surface the cluster
 * store uses, over sql.js (SQLite compiled to WebAssembly), so unit tests run the real store, queue and
 * controllers without workerd.
 */
import initSqlJs, { type Database } from "sql.js";

const SQL = await initSqlJs();

class Cursor<T> implements Iterable<T> {
  constructor(private readonly rows: T[]) {}
  toArray(): T[] {
    return this.rows;
  }
  one(): T {
    if (this.rows.length !== 1) throw new Error(`Expected exactly one result from SQL query, got ${this.rows.length}`);
    return this.rows[0];
  }
  [Symbol.iterator](): Iterator<T> {
    return this.rows[Symbol.iterator]();
  }
}

class SqlShim {
  constructor(private readonly db: Database) {}
  exec(query: string, ...bindings: unknown[]): Cursor<Record<string, SqlStorageValue>> {
    const stmt = this.db.prepare(query);
    try {
      stmt.bind(bindings as never);
      const rows: Record<string, SqlStorageValue>[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as Record<string, SqlStorageValue>);
      return new Cursor(rows);
    } finally {
      stmt.free();
    }
  }
}

export function memoryStorage(): DurableObjectStorage {
  const db = new SQL.Database();
  const sql = new SqlShim(db);
  let depth = 0;
  const storage = {
    sql,
    transactionSync<T>(fn: () => T): T {
      const sp = `sp${depth++}`;
      db.run(`SAVEPOINT ${sp}`);
      try {
        const r = fn();
        db.run(`RELEASE ${sp}`);
        return r;
      } catch (e) {
        db.run(`ROLLBACK TO ${sp}`);
        db.run(`RELEASE ${sp}`);
        throw e;
      } finally {
        depth--;
      }
    },
  };
  return storage as unknown as DurableObjectStorage;
}
