import { describe, expect, it } from "vitest";
import { configMap, kube, watchEvents } from "./helpers";

const CM = "/api/v1/namespaces/default/configmaps";

// HISTORY_WINDOW is 50 in the test configuration: after ~150 writes, early revisions are compacted.
describe("compaction", () => {
  it("answers a watch from a compacted revision with an Expired (410) error event", async () => {
    const created = (await kube("POST", CM, configMap("churn"))).body;
    const early = created.metadata.resourceVersion;
    const page = await kube("GET", `${CM}?limit=1`);
    for (let i = 0; i < 150; i++) {
      await kube(
        "PATCH",
        `${CM}/churn`,
        { data: { i: String(i) } },
        { "Content-Type": "application/merge-patch+json" },
      );
    }
    const events = await watchEvents(`${CM}?watch=true&resourceVersion=${early}&timeoutSeconds=1`);
    expect(events[0].type).toBe("ERROR");
    expect(events[0].object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });

    const cont = await kube("GET", `${CM}?limit=1&continue=${page.body.metadata.continue}`);
    expect(cont.status).toBe(410);
    expect(cont.body.reason).toBe("Expired");

    // A watch from a recent revision still works.
    const head = (await kube("GET", CM)).body.metadata.resourceVersion;
    await kube("PATCH", `${CM}/churn`, { data: { i: "last" } }, { "Content-Type": "application/merge-patch+json" });
    const recent = await watchEvents(`${CM}?watch=true&resourceVersion=${head}&timeoutSeconds=1`);
    expect(recent.map((e) => e.type)).toEqual(["MODIFIED"]);
  }, 60_000);

  it("bounds the number of objects with a clear Status", async () => {
    // MAX_OBJECTS_PER_CLUSTER is 400 in tests.
    let last: any;
    for (let i = 0; i < 400; i++) {
      last = await kube("POST", CM, configMap(`fill-${i}`));
      if (last.status !== 201) break;
    }
    expect(last.status).toBe(403);
    expect(last.body.message).toContain("the most it may store (400)");
  }, 60_000);
});
