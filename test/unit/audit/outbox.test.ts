import { describe, expect, it } from "vitest";
import { AuditOutbox } from "../../../src/audit/outbox";
import type { AuditRecord } from "../../../src/audit/record";
import { memoryStorage } from "../harness/sqlite-storage";

const T = Date.parse("2026-03-04T05:06:07Z");

function rec(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    auditId: `id-${i}`,
    requestURI: `/api/v1/namespaces/default/configmaps/cm-${i}`,
    verb: "update",
    user: { username: "alice", groups: ["system:authenticated"] },
    sourceIPs: ["203.0.113.7"],
    objectRef: { resource: "configmaps", namespace: "default", name: `cm-${i}`, apiVersion: "v1" },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: T + i,
    stageTimestamp: T + i + 1,
    ...over,
  };
}

/** A D1 stand-in that records batches and settles each one when the test says so. */
function pausedD1() {
  const calls: { statements: number; release: (ok: boolean) => void }[] = [];
  const db = {
    prepare: () => ({ bind: (...args: unknown[]) => ({ args }) }),
    batch: (statements: unknown[]) =>
      new Promise((resolve, reject) => {
        calls.push({
          statements: statements.length,
          release: (ok) =>
            ok ? resolve(statements.map(() => ({ success: true, meta: {} }))) : reject(new Error("D1 down")),
        });
      }),
  };
  return { db: db as unknown as D1Database, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("AuditOutbox", () => {
  it("queues what the audit policy wants (mutations and denials) and keeps it across a restart", () => {
    const storage = memoryStorage();
    const outbox = new AuditOutbox(storage.sql);
    expect(outbox.append(rec(1))).toBe(true);
    expect(outbox.append(rec(2, { verb: "get" }))).toBe(false);
    expect(outbox.append(rec(3, { verb: "list", responseStatus: { code: 403, reason: "Forbidden" } }))).toBe(true);
    expect(outbox.append(rec(4, { verb: "watch", responseStatus: { code: 401 } }))).toBe(true);
    expect(outbox.pending()).toBe(3);
    // A new instance over the same storage (the Durable Object was evicted) still has them.
    expect(new AuditOutbox(storage.sql).pending()).toBe(3);
  });

  it("stores only the event's metadata, never a body", () => {
    const storage = memoryStorage();
    const outbox = new AuditOutbox(storage.sql);
    outbox.append({ ...rec(1), requestObject: { data: { password: "aHVudGVyMg==" } } } as AuditRecord);
    const row = storage.sql.exec("SELECT * FROM audit_outbox").one();
    expect(JSON.parse(String(row.event))).toMatchObject({ kind: "Event", auditID: "id-1", verb: "update" });
    expect(JSON.stringify(row)).not.toContain("aHVudGVyMg==");
  });

  it("keeps events queued when D1 fails, and a flush running is joined, not raced", async () => {
    const outbox = new AuditOutbox(memoryStorage().sql);
    for (let i = 0; i < 5; i++) outbox.append(rec(i));
    const d1 = pausedD1();

    const failing = outbox.flush(d1.db, "c1");
    await tick();
    d1.calls[0].release(false);
    await expect(failing).rejects.toThrow("D1 down");
    expect(outbox.pending()).toBe(5);

    const first = outbox.flush(d1.db, "c1", 3);
    const second = outbox.flush(d1.db, "c1", 3);
    await tick();
    expect(d1.calls).toHaveLength(2);
    expect(d1.calls[1].statements).toBe(1);
    // Written while D1 is busy: not part of the batch in flight, so it must stay queued.
    outbox.append(rec(9));
    d1.calls[1].release(true);
    expect(await first).toBe(3);
    expect(await second).toBe(3);
    expect(outbox.pending()).toBe(3);
  });
});
