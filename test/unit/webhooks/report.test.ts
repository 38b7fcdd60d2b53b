import { describe, expect, it } from "vitest";
import type { AppliedObject, RolloutResult } from "../../../src/durable/apply-bundle";
import { buildReport } from "../../../src/webhooks/report";

const base = {
  delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
  webhook: "wh_1",
  cluster: "pr-12",
  startedAt: Date.parse("2026-03-01T12:00:00Z"),
  finishedAt: Date.parse("2026-03-01T12:00:42Z"),
};

const applied: AppliedObject[] = [
  { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", action: "created" },
  { apiVersion: "v1", kind: "Service", namespace: "default", name: "web", action: "unchanged" },
];

const rollout = (over: Partial<RolloutResult>): RolloutResult => ({
  kind: "Deployment",
  namespace: "default",
  name: "web",
  done: true,
  failed: false,
  message: 'deployment "web" successfully rolled out',
  ...over,
});

describe("buildReport", () => {
  it("reports success with counts and ISO times", () => {
    const r = buildReport({ ...base, intent: "apply", applied, rollouts: [rollout({})], waited: true });
    expect(r).toMatchObject({
      delivery: base.delivery,
      webhook: "wh_1",
      cluster: "pr-12",
      status: "succeeded",
      summary: "2 objects applied (1 created, 1 unchanged); 1 rollout finished",
      startedAt: "2026-03-01T12:00:00.000Z",
      finishedAt: "2026-03-01T12:00:42.000Z",
      events: [],
    });
  });

  it("fails on a refused object, naming it", () => {
    const refused: AppliedObject = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      name: "w",
      action: "failed",
      error: { code: 404, reason: "NotFound", message: 'no matches for kind "Widget" in version "example.com/v1"' },
    };
    const r = buildReport({ ...base, intent: "apply", applied: [...applied, refused], rollouts: [rollout({})] });
    expect(r.status).toBe("failed");
    expect(r.summary).toBe('1 of 3 objects failed: Widget/w: no matches for kind "Widget" in version "example.com/v1"');
  });

  it("fails on a rollout that cannot finish, and times out on one still going", () => {
    const deadline = rollout({
      done: false,
      failed: true,
      message: 'deployment "web" exceeded its progress deadline',
    });
    expect(buildReport({ ...base, intent: "apply", applied, rollouts: [deadline] })).toMatchObject({
      status: "failed",
      summary: 'deployment "web" exceeded its progress deadline',
    });
    const going = rollout({
      done: false,
      message: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
    });
    expect(
      buildReport({ ...base, intent: "apply", applied, rollouts: [going], timedOut: true, timeoutSeconds: 120 }),
    ).toMatchObject({
      status: "timed_out",
      summary:
        'timed out after 120s: Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
    });
    expect(buildReport({ ...base, intent: "apply", applied, rollouts: [going], waited: false }).status).toBe("applied");
  });

  it("keeps the summary within a commit status description's 140 characters", () => {
    const long = rollout({ done: false, failed: true, message: `deployment "${"x".repeat(200)}" failed` });
    const r = buildReport({ ...base, intent: "apply", applied, rollouts: [long] });
    expect(r.summary).toHaveLength(140);
    expect(r.summary.endsWith("...")).toBe(true);
  });

  it("reports closes, pings, ignored events and infrastructure errors", () => {
    expect(buildReport({ ...base, intent: "close" })).toMatchObject({
      status: "closed",
      summary: "cluster pr-12 deleted",
    });
    expect(buildReport({ ...base, intent: "ping" }).status).toBe("pong");
    expect(
      buildReport({ ...base, intent: "ignore", ignoredReason: 'GitHub event "push" is not acted on' }),
    ).toMatchObject({ status: "ignored", summary: 'GitHub event "push" is not acted on' });
    expect(buildReport({ ...base, intent: "apply", error: "cluster quota exceeded" })).toMatchObject({
      status: "failed",
      summary: "cluster quota exceeded",
    });
  });
});
